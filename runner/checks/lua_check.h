#pragma once

// Custom checks: an `expect` entry `- lua: fn` judges the history with a Lua function of the
// scenario's modules (called through luahost/history_function.h, which says what the function
// sees).

#include <chrono>
#include <string>

#include "checks/check.h"
#include "history/history.h"
#include "luahost/lua_sandbox.h"
#include "scenario/model.h"

namespace ks {

/// Runs the custom check `spec` (spec.check == "lua", spec.lua names the function) over
/// `history` in `sandbox` (opened from LuaCheckPlan, on this thread) with CallWithHistory.
///
/// Returns a result with check "lua", scope {function: the name (inline source cut to its first
/// line)} plus the entry's own, and loc = spec.loc. The function's first result decides: true
/// passes, false fails; the optional second becomes the summary, else "passed" or "failed".
/// When it gave no verdict (CallWithHistory's error), the result has could_not_judge set (and
/// passed false), the error's first line as summary and its Lua traceback in evidence_text, one
/// frame per line.
CheckResult RunLuaCheck(const History& history, const ExpectSpec& spec, LuaSandbox& sandbox);

/// The result of custom check `spec` when its sandbox could not be opened: no verdict
/// (could_not_judge); `why` is LuaPlan::Open's error ("file:line: lua module 'x': ...") and
/// becomes the summary.
CheckResult FailedLuaCheck(const ExpectSpec& spec, const std::string& why);

/// Runs custom check `spec` of `scenario` over `history` in a sandbox of its own, opened from
/// LuaCheckPlan(scenario) with `deadline` (steady clock; time_point::max() for none), so a check
/// that replaces a library function or sets a global leaves the next check a fresh state. A
/// check stopped at the deadline (not by a SIGINT or SIGTERM) could not judge, with the summary
/// "<file:line>: Lua function 'fn' did not finish within N ms", N being the time it had.
CheckResult RunIsolatedLuaCheck(const Scenario& scenario, const History& history,
                                const ExpectSpec& spec,
                                std::chrono::steady_clock::time_point deadline);

}  // namespace ks
