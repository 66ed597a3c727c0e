#pragma once

// `lua` steps: a Lua function orchestrates part of the timeline through the `ks` table. It lives
// in the run layer, not luahost, because `ks` acts through the timeline's own seams
// (TimelineWorld, TimelineClock): a fake world and a manual clock test it without Kafka.

#include <cstdint>
#include <memory>

#include "diag/status.h"
#include "luahost/scenario_lua.h"
#include "run/timeline.h"
#include "scenario/model.h"

namespace ks {

/// How long ks.wait waits when the table gives no `within`.
inline constexpr int64_t kLuaWaitDefaultMs = 10000;

/// Runs a scenario's `lua` steps, each as fn(ks), on the timeline's thread. One sandbox serves
/// every lua step of a run; it is opened at the first one (stream "steps"), so a run without lua
/// steps starts no Lua state. The API:
/// - ks.produce(producer, n): `producer` sends n more records (n omitted: its `messages`), in the
///   background, as a produce step does. Raises a Lua error for n <= 0, and for an n that would
///   take the run's records (the scenario's sends as written, SendsAsWritten, plus every earlier
///   ks.produce of the run) past limits::kMaxRecords, or their values past kMaxPayloadBytes: the
///   limits loading checked the scenario against (diag/input_limits.h).
/// - ks.sleep(ms): lets ms pass (a number of ms, or a duration string such as "2s").
/// - ks.wait{group=g, consumed=N | drained=true | assigned=true | rebalanced=true | lag=N,
///   within=ms} or ks.wait{producer=p, acked=N, within=ms}: checks the condition at every tick
///   of the timeline until it holds, for at most `within` (default kLuaWaitDefaultMs; a number
///   of ms or a duration string); raises a Lua error saying what was missing when it does not.
/// - ks.fault{broker_down=N} / {broker_up=N} / {leader={topic=, partition=, broker=}}: injects
///   a fault through the world (which records it in the history); raises the target's error.
/// ks.sleep and ks.wait are the timeline's own wait loop (run/pacer.h): they never go past the
/// scenario's deadline (reaching it raises a Lua error, so a step that loops on them ends with
/// the run), and while they wait the timeline goes on: steps with `after:` fire (a triggered lua
/// step waits for this one to return) and faults' `for:` end. Time blocked in them costs no
/// instructions of the Lua budget, while a loop of Lua code still fails within it.
class LuaSteps {
 public:
  /// `plan`: the scenario's Lua (LuaPlan::Of); `scenario`: the run's, whose producers and sends as
  /// written bound what ks.produce may add. `world` is what ks acts on; `pacer` is what ks.sleep
  /// and ks.wait wait with: the timeline's (RunTimeline), with its deadline. All three must
  /// outlive this object.
  LuaSteps(LuaPlan plan, const Scenario& scenario, TimelineWorld& world, Pacer& pacer);
  ~LuaSteps();
  LuaSteps(const LuaSteps&) = delete;
  LuaSteps& operator=(const LuaSteps&) = delete;

  /// Calls the function `step.lua` names with ks; its results are ignored. Errors (without the
  /// step's location: the timeline puts "file:line: lua fn:" in front): a module that cannot
  /// load ("file:line: lua module 'x': ..."), the function not found, and "Lua function 'fn'
  /// failed: <message>" with the Lua stack traceback, the message being a Lua error, one raised
  /// by ks (a wait not met, a fault refused, a wrong argument) or the instruction budget or
  /// memory limit exceeded.
  Status Run(const StepSpec& step);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ks
