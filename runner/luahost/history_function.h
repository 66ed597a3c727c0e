#pragma once

// Lua functions called with a history: what custom checks (`expect: - lua: fn`,
// checks/lua_check.h) run. The function reads the history in place through a userdata (no copy
// of the ops per call), so a check over millions of ops costs what its own loop costs.

#include <cstdint>
#include <string>

#include "diag/status.h"
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

/// The plan custom checks open their sandboxes from: `scenario`'s modules, roots and seed
/// (LuaPlan::Of) with the limits above instead of a hook's.
LuaPlan LuaCheckPlan(const Scenario& scenario);

/// What a function called with a history answered.
struct HistoryVerdict {
  bool passed = false;  ///< its first result
  std::string message;  ///< its second result (a string or a number); "" when it gave none
};

/// Calls the function `ref` names as fn(history) in `sandbox` (opened from LuaCheckPlan, on
/// this thread) and puts its answer in `*verdict`.
///
/// `history` is a userdata read in place:
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
/// Returns an error, and leaves `*verdict` as it was, when the function gave no verdict: not
/// found (FindLua's message), or "<file:line of ref>: Lua function '<fn>' ..." (LuaErrorAt) for
/// a first result that is not a boolean, a message that is neither a string nor a number, a Lua
/// error, the instruction budget, the memory limit or the sandbox's deadline; a Lua stack
/// traceback follows on the next lines, one frame per line.
Status CallWithHistory(LuaSandbox& sandbox, const LuaRef& ref, const History& history,
                       HistoryVerdict* verdict);

}  // namespace ks
