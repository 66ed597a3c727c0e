#include "checks/lua_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>

#include "diag/interrupt.h"
#include "luahost/history_function.h"
#include "luahost/scenario_lua.h"

namespace ks {
namespace {

// The function's name for the result's scope: inline source cut to its first line.
std::string ShownName(const std::string& name) {
  constexpr size_t kMax = 60;
  const size_t first = name.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return name;
  std::string line = name.substr(first, name.find('\n', first) - first);
  if (line.size() > kMax) line = line.substr(0, kMax);
  return line.size() + first < name.size() ? line + " ..." : line;
}

CheckResult NewResult(const ExpectSpec& spec) {
  CheckResult result;
  result.check = spec.check;
  result.loc = spec.loc;
  result.scope = spec.scope;
  result.scope["function"] = ShownName(spec.lua.function);
  return result;
}

// A call that gave no verdict: the first line (with the YAML field's file:line) is the summary,
// and the Lua traceback's lines are the evidence, so reports show them one per line.
void Fail(CheckResult* result, const std::string& text) {
  result->could_not_judge = true;
  const size_t newline = text.find('\n');
  result->summary = text.substr(0, newline);
  if (newline == std::string::npos) return;
  size_t start = newline + 1;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.front() == '\t') line = "  " + line.substr(1);
    if (!line.empty()) result->evidence_text.push_back(std::move(line));
    start = end + 1;
  }
}

}  // namespace

CheckResult RunLuaCheck(const History& history, const ExpectSpec& spec, LuaSandbox& sandbox) {
  CheckResult result = NewResult(spec);
  HistoryVerdict verdict;
  if (Status st = CallWithHistory(sandbox, spec.lua, history, &verdict); !st.ok()) {
    Fail(&result, st.message());
    return result;
  }
  result.passed = verdict.passed;
  result.summary = !verdict.message.empty() ? verdict.message
                   : verdict.passed         ? "passed"
                                            : "failed";
  return result;
}

CheckResult FailedLuaCheck(const ExpectSpec& spec, const std::string& why) {
  CheckResult result = NewResult(spec);
  Fail(&result, why);
  return result;
}

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

}  // namespace ks
