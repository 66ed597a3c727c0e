#pragma once

#include <chrono>

#include "run/scenario_result.h"
#include "scenario/model.h"

namespace ks {

/// Judges `result->history` against `scenario`: runs every `expect` check, summarizes each
/// consumer group's delivery (at-most-once, at-least-once, exactly-once), and sets the verdict:
/// passed when every check passed and `result->problems` is empty, failed otherwise (and failed
/// when there are no checks at all), and an error when a check could not judge the history
/// (CheckResult::could_not_judge), whatever the other checks found: `reason` is then "a check
/// could not judge the history: <that check's summary>". A result that already carries a
/// `reason` (an error or a skip) is left as it is. Pure: no Kafka, so `kafka-scenario check`
/// gives a saved history the same verdict as the run that recorded it.
/// Custom checks (`- lua: fn`) run through RunLuaCheck (luahost/lua_check.h), each in a sandbox
/// of its own opened from LuaCheckPlan(scenario), so one check that changes a library or a
/// global cannot change the next one's verdict. A custom check whose modules cannot load, whose
/// Lua fails, or that is still running at `lua_deadline` (steady clock; a run's deadline, none
/// for `kafka-scenario check`; its summary then reads "...: Lua function 'fn' did not finish
/// within N ms", N being the time it had) or at a SIGINT/SIGTERM is stopped and could not
/// judge.
void Judge(const Scenario& scenario, ScenarioResult* result,
           std::chrono::steady_clock::time_point lua_deadline =
               std::chrono::steady_clock::time_point::max());

}  // namespace ks
