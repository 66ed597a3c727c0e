#pragma once

// Custom checks: an `expect` entry `- lua: fn` judges the history with a Lua function of the
// scenario's modules. The function reads the history in place through a userdata (no copy of the
// ops per call), so a check over millions of ops costs what its own loop costs.

#include <cstdint>
#include <string>

#include "checks/check.h"
#include "history/history.h"
#include "luahost/lua_sandbox.h"
#include "luahost/scenario_lua.h"
#include "scenario/model.h"

namespace ks {

/// VM instructions one custom check may run: a check walks histories of millions of ops (a loop
/// body of ~20 instructions over 10M ops is 2e8), far more than a per-record hook needs.
inline constexpr int64_t kLuaCheckInstructions = 2'000'000'000;
/// Bytes a custom check's Lua state may hold: room for a table per record key or per partition of
/// a large history.
inline constexpr size_t kLuaCheckMemoryBytes = size_t{256} << 20;

/// The plan custom checks open their one sandbox from: `scenario`'s modules, roots and seed
/// (LuaPlan::Of) with the limits above instead of a hook's.
LuaPlan LuaCheckPlan(const Scenario& scenario);

/// Runs the custom check `spec` (spec.check == "lua", spec.lua names the function) over
/// `history` in `sandbox` (opened from LuaCheckPlan, on this thread).
///
/// The function is called as fn(history). `history` is a userdata read in place:
/// - history:size() (also #history): the number of ops;
/// - history:op(i), i from 1: a new table {kind, type, time_us, actor, group, topic, partition,
///   offset, key, producer, seq, generation, note} with names instead of ids (kind "send", "poll",
///   ...; type "invoke", "ok", "fail", "info"; actor "billing/0"; group, the member's group, nil
///   for others; topic, key and producer nil when the op has none; partition and offset -1 when
///   unknown; note, what a fault op injected or undid);
/// - history:ops(kind): an iterator of (i, op) over the ops of one kind ("poll"), or of all of
///   them when kind is nil: `for i, op in history:ops("poll") do ... end`.
/// Kept after the call returns, the userdata refuses to be read (the history may be gone).
///
/// Returns a result with check "lua", scope {function: the name (inline source cut to its first
/// line)} plus the entry's own, and loc = spec.loc. The function's first result decides: true
/// passes, false fails; the optional second (a string) becomes the summary, else "passed" or
/// "failed". Anything else is no verdict: the result has could_not_judge set (and passed false)
/// and the summary "<file:line of spec.lua>: Lua function '<fn>' ..." naming what went wrong:
/// not found, a first result that is not a boolean, a message that is not a string, a Lua
/// error, the instruction budget, the memory limit or the sandbox's deadline; a Lua stack
/// traceback comes in evidence_text, one frame per line.
CheckResult RunLuaCheck(const History& history, const ExpectSpec& spec, LuaSandbox& sandbox);

/// The result of custom check `spec` when its sandbox could not be opened: no verdict
/// (could_not_judge); `why` is LuaPlan::Open's error ("file:line: lua module 'x': ...") and
/// becomes the summary.
CheckResult FailedLuaCheck(const ExpectSpec& spec, const std::string& why);

}  // namespace ks
