#include "run/scenario_pool.h"

#include <algorithm>

#include "diag/interrupt.h"
#include "diag/secrets.h"
#include "run/bounded_run.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

// Whether `s` may inject faults: a fault step, or a Lua step (ks.fault).
bool MakesFaults(const Scenario& s) {
  return std::any_of(s.steps.begin(), s.steps.end(), [](const StepSpec& step) {
    return step.kind == StepSpec::Kind::kFault || step.kind == StepSpec::Kind::kLua;
  });
}

// Nothing printed or saved may show a credential (a client error can quote a property).
void RedactRecord(RunRecord* r) {
  r->reason = Redact(r->reason);
  for (auto& p : r->problems) p = Redact(std::move(p));
  for (auto& p : r->cleanup_problems) p = Redact(std::move(p));
  for (auto& e : r->client_errors) {
    e.broker = Redact(std::move(e.broker));
    e.reason = Redact(std::move(e.reason));
  }
}

}  // namespace

ScenarioPool::ScenarioPool(const std::vector<Scenario>& scenarios, PoolOptions options,
                           ScenarioFinisher finish)
    : scenarios_(scenarios),
      options_(std::move(options)),
      finish_(std::move(finish)),
      outputs_(scenarios.size()),
      done_(scenarios.size(), 0) {
  const size_t n = scenarios_.size();
  for (size_t i = 0; i < n; ++i) progress_.push_back(std::make_shared<RunProgress>());
  const size_t jobs = std::min(std::max<size_t>(options_.jobs, 1), n);
  for (size_t w = 0; w < jobs; ++w) workers_.emplace_back([this] { Work(); });
}

ScenarioPool::~ScenarioPool() { Join(); }

ScenarioOutput ScenarioPool::Await(size_t index) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return done_[index] != 0; });
  return std::move(outputs_[index]);
}

void ScenarioPool::Join() {
  for (auto& w : workers_) {
    if (w.joinable()) w.join();
  }
}

void ScenarioPool::Work() {
  for (;;) {
    size_t i;
    {
      std::lock_guard lock(mu_);
      if (next_ >= scenarios_.size()) return;
      i = next_++;
    }
    RunOne(i);
  }
}

void ScenarioPool::RunOne(size_t index) {
  RunRecord r;
  if (InterruptRequested()) {
    r.outcome = RunRecord::Outcome::kSkipped;
    r.reason = "not run: the run was interrupted";
  } else {
    r = RunOnTarget(index);
  }
  RedactRecord(&r);
  ScenarioOutput output = finish_(index, std::move(r));
  std::lock_guard lock(mu_);
  outputs_[index] = std::move(output);
  done_[index] = 1;
  cv_.notify_all();
}

RunRecord ScenarioPool::RunOnTarget(size_t index) {
  const Scenario& s = scenarios_[index];
  const bool external = options_.external.has_value();
  std::unique_lock<std::shared_mutex> alone(cluster_mu_, std::defer_lock);
  std::shared_lock<std::shared_mutex> shared(cluster_mu_, std::defer_lock);
  if (external && MakesFaults(s)) {
    alone.lock();
  } else if (external) {
    shared.lock();
  }
  TargetFactory make_target;
  if (external) {
    ExternalOptions options = *options_.external;
    options.run_id = ScenarioRunId(options_.run_prefix, index);
    make_target = [options = std::move(options)]() mutable -> std::unique_ptr<Target> {
      return std::make_unique<ExternalTarget>(std::move(options));
    };
  } else {
    // Each scenario gets a fresh cluster: no state leaks between lessons.
    make_target = [run_id = ScenarioRunId(options_.run_prefix, index),
                   client = options_.embedded_client]() -> std::unique_ptr<Target> {
      return std::make_unique<EmbeddedTarget>(run_id, client);
    };
  }
  // Ends by the scenario's deadline whatever librdkafka does; an external target deletes the
  // topics it created when the run's thread destroys it.
  return RunScenarioBounded(s, std::move(make_target), progress_[index]);
}

}  // namespace ks
