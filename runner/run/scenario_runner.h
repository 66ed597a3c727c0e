#pragma once

#include "run/run_progress.h"
#include "run/scenario_result.h"
#include "scenario/model.h"
#include "target/target.h"

namespace ks {

/// Runs one validated scenario on `target` and judges it.
///
/// A scenario with `steps` runs them (run/timeline.h): nothing starts until a step says so.
/// The default timeline (a scenario without `steps`): set up the target and its topics; start every
/// group's members; wait until each group's members own every partition exactly once; run the
/// producers; wait until every delivery report is in; wait until each group has polled up to every
/// acknowledged offset; stop the members cleanly; read every partition's log start offset and
/// high watermark into the history; run the `expect` checks on the history.
/// Every wait is bounded by what is left of the scenario's `timeout`.
///
/// Never throws. A scenario the target cannot run is skipped with the reason; a target that cannot
/// be set up gives an error verdict. `progress`, when given, is kept up to date while the
/// timeline runs (counters about every 200 ms, the current step as it starts).
ScenarioResult RunScenario(const Scenario& scenario, Target& target,
                           RunProgress* progress = nullptr);

}  // namespace ks
