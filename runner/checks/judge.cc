#include "run/judge.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>

#include "diag/interrupt.h"
#include "luahost/lua_check.h"
#include "luahost/scenario_lua.h"

namespace ks {
namespace {

// One custom check in a sandbox of its own: a check that replaces string.len or sets a global
// leaves the next check a fresh state (a scenario without custom checks starts no Lua state).
CheckResult RunIsolatedLuaCheck(const Scenario& s, const History& history, const ExpectSpec& e,
                                std::chrono::steady_clock::time_point deadline) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  LuaPlan plan = LuaCheckPlan(s);
  plan.limits.deadline = deadline;
  std::string error;
  std::unique_ptr<LuaSandbox> sandbox = plan.Open("checks", &error);
  if (!sandbox) {
    return FailedLuaCheck(e,
                          error.empty() ? "the Lua state for custom checks cannot start" : error);
  }
  CheckResult result = RunLuaCheck(history, e, *sandbox);
  // Stopped at the deadline (the sandbox's message names the scenario's): what the check lacked
  // was time. The traceback stays in evidence_text: it shows where the time went.
  if (result.could_not_judge && Clock::now() >= deadline && !InterruptRequested()) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::max(deadline, start) - start)
            .count();
    result.summary =
        LuaErrorAt(e.lua, Status::Error(fmt::format("Lua function '{}' did not finish within {} ms",
                                                    result.scope["function"], ms)));
  }
  return result;
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
  std::string could_not_judge;  // the first check that gave no verdict
  int unjudged = 0;
  r->checks.clear();
  for (const auto& e : s.expect) {
    r->checks.push_back(e.check == "lua" ? RunIsolatedLuaCheck(s, r->history, e, lua_deadline)
                                         : RunCheck(r->history, e));
    ok = ok && r->checks.back().passed;
    if (r->checks.back().could_not_judge && unjudged++ == 0) {
      could_not_judge = r->checks.back().summary;
    }
  }
  r->deliveries.clear();
  for (const auto& g : s.groups) {
    uint32_t id = r->history.FindGroup(g.name);
    if (id != kNoId) r->deliveries.push_back(SummarizeDelivery(r->history, id));
  }
  r->verdict = ok ? ScenarioResult::Verdict::kPassed : ScenarioResult::Verdict::kFailed;
  if (unjudged > 0) {
    // Neither right nor wrong: the run proves nothing either way, as an interrupted one.
    r->verdict = ScenarioResult::Verdict::kError;
    r->reason = fmt::format("a check could not judge the history: {}{}", could_not_judge,
                            unjudged > 1 ? fmt::format(" (and {} more)", unjudged - 1) : "");
  }
}

}  // namespace ks
