#include "run/judge.h"

#include <memory>
#include <string>

#include "luahost/lua_check.h"

namespace ks {
namespace {

// One custom check in a sandbox of its own: a check that replaces string.len or sets a global
// leaves the next check a fresh state (a scenario without custom checks starts no Lua state).
CheckResult RunIsolatedLuaCheck(const Scenario& s, const History& history, const ExpectSpec& e,
                                std::chrono::steady_clock::time_point deadline) {
  LuaPlan plan = LuaCheckPlan(s);
  plan.limits.deadline = deadline;
  std::string error;
  std::unique_ptr<LuaSandbox> sandbox = plan.Open("checks", &error);
  if (!sandbox) {
    return FailedLuaCheck(e,
                          error.empty() ? "the Lua state for custom checks cannot start" : error);
  }
  return RunLuaCheck(history, e, *sandbox);
}

}  // namespace

void Judge(const Scenario& s, ScenarioResult* r,
           std::chrono::steady_clock::time_point lua_deadline) {
  if (!r->reason.empty()) return;
  // A check never passes by default, and neither does a scenario with nothing to check (the
  // schema requires `expect`; a scenario built in code might not have it).
  if (s.expect.empty())
    r->problems.push_back("nothing to check: the scenario has no expect entries");
  bool ok = r->problems.empty();
  r->checks.clear();
  for (const auto& e : s.expect) {
    r->checks.push_back(e.check == "lua" ? RunIsolatedLuaCheck(s, r->history, e, lua_deadline)
                                         : RunCheck(r->history, e));
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
