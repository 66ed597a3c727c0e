#pragma once

// The guarantee that a run ends: RunScenario bounds every wait it can, but some calls cannot be
// bounded from outside (librdkafka's rd_kafka_consumer_close, rd_kafka_destroy and the mock
// cluster's setup have no timeout; a C function called from Lua runs no instructions). A run
// still going at its hard deadline is abandoned on its thread and reported as an error.

#include <chrono>
#include <functional>
#include <memory>

#include "history/run_record.h"
#include "run/run_progress.h"
#include "scenario/model.h"
#include "target/target.h"

namespace ks {

/// Makes the target a run uses; called on the run's own thread, once.
using TargetFactory = std::function<std::unique_ptr<Target>()>;

/// A backstop for cleaning up the target after the verdict: an external target undoes its
/// faults (each fault command bounded by the target file's faults.timeout, 120 s in
/// targets/local-kafka.yaml) and deletes the run's topics (admin calls of 30 s).
inline constexpr std::chrono::seconds kCleanupGrace{180};

/// Runs `scenario` (a copy is kept) on the target `make_target` returns, on a thread of its own,
/// and has its record by the run's hard deadline: its start + `timeout` + kStopGrace, or
/// kInterruptGrace after a first SIGINT or SIGTERM if that is sooner (run/scenario_runner.h).
/// The target is then destroyed on the run's thread (an external target undoes faults and
/// deletes its topics), within kCleanupGrace more. A record RunScenario made keeps its `started`;
/// one made here for an abandoned run has the wall-clock time of this call.
///
/// A run not recorded by its hard deadline is abandoned: its thread is detached and keeps what it
/// uses (the scenario copy, the target, `progress`) alive; the record is an error whose reason
/// says the run did not end by its deadline and the phase it was in (from `progress`, which may
/// be null: one is made), with the run id. A run recorded but not cleaned up within
/// kCleanupGrace is abandoned too and keeps its record, with a cleanup problem (shown, not part
/// of the verdict) that names the run id whose topics may remain. AbandonedRuns() counts such runs:
/// a process that has any must not run static destructors under the abandoned thread's feet; it
/// ends with std::_Exit once its reports are written (runner/main.cc). Never throws.
RunRecord RunScenarioBounded(const Scenario& scenario, TargetFactory make_target,
                             std::shared_ptr<RunProgress> progress = nullptr);

/// Runs RunScenarioBounded abandoned in this process so far.
int AbandonedRuns();

}  // namespace ks
