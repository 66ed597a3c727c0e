#include "run/judge.h"

namespace ks {

void Judge(const Scenario& s, ScenarioResult* r) {
  if (!r->reason.empty()) return;
  // A check never passes by default, and neither does a scenario with nothing to check (the
  // schema requires `expect`; a scenario built in code might not have it).
  if (s.expect.empty())
    r->problems.push_back("nothing to check: the scenario has no expect entries");
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
