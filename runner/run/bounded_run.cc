#include "run/bounded_run.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "diag/interrupt.h"
#include "run/scenario_runner.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;

std::atomic<int> g_abandoned{0};

// Everything the run's thread uses, owned jointly so that an abandoned thread never reads freed
// memory.
struct Shared {
  Scenario scenario;
  std::shared_ptr<RunProgress> progress;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  ScenarioResult result;
};

// How often the caller looks for an interrupt while it waits.
constexpr std::chrono::milliseconds kWatchTick{50};

// Waits for the run in `shared` until its hard deadline (`hard`) or kInterruptGrace after an
// interrupt; true when it ended.
bool WaitForRun(Shared& shared, Clock::time_point hard) {
  std::unique_lock lock(shared.mu);
  Clock::time_point limit = hard;
  bool interrupt_seen = false;
  while (!shared.done) {
    if (!interrupt_seen && InterruptRequested()) {
      interrupt_seen = true;
      limit = std::min(limit, Clock::now() + kInterruptGrace);
    }
    const Clock::time_point now = Clock::now();
    if (now >= limit) return false;
    shared.cv.wait_until(lock, std::min(limit, now + kWatchTick));
  }
  return true;
}

}  // namespace

ScenarioResult RunScenarioBounded(const Scenario& scenario, TargetFactory make_target,
                                  std::shared_ptr<RunProgress> progress) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point hard =
      start + std::chrono::milliseconds(scenario.timeout_ms) + kStopGrace;
  auto shared = std::make_shared<Shared>();
  shared->scenario = scenario;
  shared->progress = progress ? std::move(progress) : std::make_shared<RunProgress>();
  std::thread worker([shared, make = std::move(make_target)]() mutable {
    ScenarioResult r;
    {
      std::unique_ptr<Target> target = make();
      make = nullptr;  // what the factory captured is the caller's, who may be gone
      r = RunScenario(shared->scenario, *target, shared->progress.get());
      shared->progress->SetStep("cleaning up the target");
    }
    std::lock_guard lock(shared->mu);
    shared->result = std::move(r);
    shared->done = true;
    shared->cv.notify_all();
  });
  if (WaitForRun(*shared, hard)) {
    worker.join();
    return std::move(shared->result);
  }
  worker.detach();
  g_abandoned.fetch_add(1);
  shared->progress->running.store(false);  // off the live progress line
  const std::string phase = shared->progress->step();
  ScenarioResult r;
  r.verdict = ScenarioResult::Verdict::kError;
  const std::string where = fmt::format(
      "and was abandoned while still at: {} (in a call that does not return: librdkafka, or a "
      "C function called from Lua)",
      phase.empty() ? "starting" : phase);
  r.reason = InterruptRequested()
                 ? fmt::format(
                       "interrupted (SIGINT or SIGTERM): the run did not stop within {} ms "
                       "of the signal {}",
                       kInterruptGrace.count(), where)
                 : fmt::format(
                       "timeout: the run did not end by its deadline ({} ms timeout + {} "
                       "ms to stop) {}",
                       scenario.timeout_ms, kStopGrace.count(), where);
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  spdlog::warn("{}: {}", scenario.name, r.reason);
  return r;
}

int AbandonedRuns() { return g_abandoned.load(); }

}  // namespace ks
