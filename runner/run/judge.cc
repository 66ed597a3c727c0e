#include "run/judge.h"

#include <memory>
#include <string>

#include "luahost/lua_check.h"

namespace ks {
namespace {

// The custom checks' one sandbox, opened at the first `- lua: fn` entry (a scenario without one
// starts no Lua state); a module that cannot load fails every custom check with its error.
class LuaChecks {
 public:
  explicit LuaChecks(const Scenario& s) : s_(s) {}

  CheckResult Run(const History& history, const ExpectSpec& e) {
    if (!opened_) {
      opened_ = true;
      sandbox_ = LuaCheckPlan(s_).Open("checks", &error_);
      if (!sandbox_ && error_.empty()) error_ = "the Lua state for custom checks cannot start";
    }
    if (!sandbox_) return FailedLuaCheck(e, error_);
    return RunLuaCheck(history, e, *sandbox_);
  }

 private:
  const Scenario& s_;
  bool opened_ = false;
  std::unique_ptr<LuaSandbox> sandbox_;
  std::string error_;
};

}  // namespace

void Judge(const Scenario& s, ScenarioResult* r) {
  if (!r->reason.empty()) return;
  // A check never passes by default, and neither does a scenario with nothing to check (the
  // schema requires `expect`; a scenario built in code might not have it).
  if (s.expect.empty())
    r->problems.push_back("nothing to check: the scenario has no expect entries");
  bool ok = r->problems.empty();
  r->checks.clear();
  LuaChecks lua(s);
  for (const auto& e : s.expect) {
    r->checks.push_back(e.check == "lua" ? lua.Run(r->history, e) : RunCheck(r->history, e));
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
