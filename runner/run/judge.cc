#include "run/judge.h"

namespace ks {

void Judge(const Scenario& s, ScenarioResult* r) {
  if (!r->reason.empty()) return;
  bool ok = r->problems.empty();
  r->checks.clear();
  for (const auto& e : s.expect) {
    r->checks.push_back(RunCheck(r->history, e));
    ok = ok && r->checks.back().passed;
  }
  r->deliveries.clear();
  for (const auto& g : s.groups) {
    uint32_t id = r->history.FindGroup(g.name);
    if (id != kNoId) r->deliveries.push_back(SummarizeDelivery(r->history, id));
  }
  r->verdict = ok ? ScenarioResult::Verdict::kPassed : ScenarioResult::Verdict::kFailed;
}

}  // namespace ks
