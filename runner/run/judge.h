#pragma once

#include "run/scenario_result.h"
#include "scenario/model.h"

namespace ks {

/// Judges `result->history` against `scenario`: runs every `expect` check, summarizes each
/// consumer group's delivery (at-most-once, at-least-once, exactly-once), and sets the verdict:
/// passed when every check passed and `result->problems` is empty, failed otherwise (and failed
/// when there are no checks at all). A result
/// that already carries a `reason` (an error or a skip) is left as it is. Pure: no Kafka, so
/// `kafka-scenario check` gives a saved history the same verdict as the run that recorded it.
/// Custom checks (`- lua: fn`) run through RunLuaCheck (luahost/lua_check.h) in one sandbox
/// opened from LuaCheckPlan(scenario) at the first of them; when the scenario's modules cannot
/// load, each custom check fails with that error.
void Judge(const Scenario& scenario, ScenarioResult* result);

}  // namespace ks
