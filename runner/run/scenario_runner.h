#pragma once

#include <chrono>

#include "history/run_record.h"
#include "run/run_progress.h"
#include "scenario/model.h"
#include "target/target.h"

namespace ks {

/// What a run may take after its `timeout` to stop its clients and read the offsets: the run's
/// hard deadline is its start + `timeout` + this. RunScenarioBounded
/// (run/bounded_run.h) abandons a run still going at its hard deadline.
inline constexpr std::chrono::milliseconds kStopGrace{10000};
/// What a run may take to stop after a first SIGINT or SIGTERM (diag/interrupt.h), if sooner
/// than its hard deadline.
inline constexpr std::chrono::milliseconds kInterruptGrace{5000};
/// Custom checks get at least this long, even when the timeline used the whole `timeout` (they
/// stop at the scenario's deadline otherwise), and never more than the hard deadline allows:
/// RunRecord::checks_budget.
inline constexpr std::chrono::milliseconds kCheckMinimum{2000};

/// Runs one validated scenario on `target` and records it; JudgeRun (checks/scenario_result.h)
/// judges the record.
///
/// A scenario with `steps` runs them (run/timeline.h): nothing starts until a step says so.
/// The default timeline (a scenario without `steps`): set up the target and its topics; start every
/// group's members; wait until each group's members own every partition exactly once; run the
/// producers; wait until every delivery report is in; wait until each group has polled up to every
/// acknowledged offset; stop the members cleanly (a member that has not made its final commit by
/// the hard deadline is a problem of the record); read every partition's log start offset and
/// high watermark into the history.
/// Every wait is bounded by what is left of the scenario's `timeout`; stopping the clients and
/// reading offsets by the hard deadline (kStopGrace after it). The record's `started` is the
/// wall-clock time the call began; its checks_budget is what is left to the scenario's deadline
/// (at least kCheckMinimum, at most what is left to the hard deadline). A call that cannot be
/// bounded (some librdkafka calls block without a timeout) can still overrun:
/// RunScenarioBounded (run/bounded_run.h) guarantees the end.
///
/// Never throws. A scenario the target cannot run is recorded as skipped with the reason; a
/// target that cannot be set up, or a cluster that dropped records, as an error; a run cut short
/// by SIGINT or SIGTERM as interrupted. `progress`, when given, is kept up to date while the
/// timeline runs (counters about every 200 ms, the current step as it starts).
RunRecord RunScenario(const Scenario& scenario, Target& target, RunProgress* progress = nullptr);

}  // namespace ks
