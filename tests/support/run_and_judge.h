#pragma once

// A scenario run and judged as `kafka-scenario run` does it (cli/run_command.cc), for tests
// that assert a verdict.

#include "checks/scenario_result.h"
#include "run/scenario_runner.h"

namespace ks::test_support {

/// RunScenario on `target`, then JudgeRun: the verdict `run` would print.
inline ScenarioResult RunAndJudge(const Scenario& scenario, Target& target,
                                  RunProgress* progress = nullptr) {
  return JudgeRun(scenario, RunScenario(scenario, target, progress));
}

}  // namespace ks::test_support
