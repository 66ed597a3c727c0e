#pragma once

// `run --jobs N`: the scenarios of one invocation run on a pool of worker threads, each on its
// own target, and what the caller makes of their records is handed back in the scenarios' order.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "history/run_record.h"
#include "run/run_progress.h"
#include "scenario/model.h"
#include "target/external_target.h"

namespace ks {

/// What the caller prints of one scenario, made on the worker that ran it.
struct ScenarioOutput {
  std::string block;  ///< the scenario's output, printed in the scenarios' order
  /// A file that could not be written ("error: ...\n"), printed before the block; "" when none.
  std::string error;
};

/// Makes the output of scenario `index` from its run's record (credentials already redacted):
/// judges it, keeps the result, saves the history. Called on the worker's thread once the
/// scenario's target is cleaned up, so concurrently for different scenarios, and once per index;
/// it must not throw.
using ScenarioFinisher = std::function<ScenarioOutput(size_t index, RunRecord record)>;

/// Where and how the scenarios of one invocation run.
struct PoolOptions {
  size_t jobs = 1;  ///< scenarios run at once: at least 1, at most the number of scenarios
  /// The cluster they share (`run --bootstrap-servers` or `--target`); nothing: each scenario
  /// runs on a fresh embedded cluster of its own, so no state leaks between lessons.
  std::optional<ExternalOptions> external;
  /// Properties for every client of an embedded cluster (`-X`, `--client-config`); an external
  /// cluster has them in `external->client`.
  std::vector<ConfigEntry> embedded_client;
  /// NewRunPrefix(): scenario i runs under ScenarioRunId(run_prefix, i), which names its topics
  /// on an external cluster and is in its records' identities.
  std::string run_prefix;
};

/// Runs every scenario of `scenarios` with RunScenarioBounded on `options.jobs` worker threads
/// (started by the constructor), taking them in order. On an external cluster a scenario that
/// makes faults (a fault step, or a Lua step, which may call ks.fault) runs alone, or its broker
/// outage would decide the others' verdicts too; the others share the cluster. A scenario not
/// yet started when InterruptRequested() (diag/interrupt.h) is skipped as "not run: the run was
/// interrupted". Each record has its reason, problems and client errors passed through Redact()
/// before the finisher sees it.
class ScenarioPool {
 public:
  /// Starts the workers. `scenarios` must outlive the pool and not change while it runs.
  ScenarioPool(const std::vector<Scenario>& scenarios, PoolOptions options,
               ScenarioFinisher finish);
  /// Waits for the workers (Join()) if nobody did.
  ~ScenarioPool();
  ScenarioPool(const ScenarioPool&) = delete;
  ScenarioPool& operator=(const ScenarioPool&) = delete;

  /// What each scenario's run has done so far, one per scenario in order, for a live progress
  /// line; the runs keep them (a run abandoned at its deadline too: run/bounded_run.h).
  const std::vector<std::shared_ptr<RunProgress>>& progress() const { return progress_; }
  /// Blocks until scenario `index` is done, then hands over its output (once per index).
  ScenarioOutput Await(size_t index);
  /// Waits for every worker to end: every scenario has been finished.
  void Join();

 private:
  void Work();
  void RunOne(size_t index);
  RunRecord RunOnTarget(size_t index);

  const std::vector<Scenario>& scenarios_;
  const PoolOptions options_;
  const ScenarioFinisher finish_;
  std::vector<std::shared_ptr<RunProgress>> progress_;
  std::shared_mutex cluster_mu_;  // an external cluster: exclusive for a scenario with faults
  std::mutex mu_;                 // guards what follows
  std::condition_variable cv_;
  size_t next_ = 0;  // the next scenario a worker takes
  std::vector<ScenarioOutput> outputs_;
  std::vector<char> done_;
  std::vector<std::thread> workers_;
};

}  // namespace ks
