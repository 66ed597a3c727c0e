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
  std::string run_id;     ///< the target's, once made
  bool recorded = false;  ///< `record` holds the run's record; the target is being cleaned up
  bool done = false;      ///< the target is destroyed too
  RunRecord record;
};

// How often the caller looks for an interrupt while it waits.
constexpr std::chrono::milliseconds kWatchTick{50};

// Waits until `flag` (a member of `shared`, read under its lock) is set, until `limit` at the
// latest, or kInterruptGrace after an interrupt when `interrupt_shortens`; true when it was set.
bool WaitFor(Shared& shared, const bool Shared::*flag, Clock::time_point limit,
             bool interrupt_shortens) {
  std::unique_lock lock(shared.mu);
  bool interrupt_seen = false;
  while (!(shared.*flag)) {
    if (interrupt_shortens && !interrupt_seen && InterruptRequested()) {
      interrupt_seen = true;
      limit = std::min(limit, Clock::now() + kInterruptGrace);
    }
    const Clock::time_point now = Clock::now();
    if (now >= limit) return false;
    shared.cv.wait_until(lock, std::min(limit, now + kWatchTick));
  }
  return true;
}

// Sets `flag` in `shared` and wakes the waiter.
void Publish(Shared& shared, bool Shared::*flag) {
  std::lock_guard lock(shared.mu);
  shared.*flag = true;
  shared.cv.notify_all();
}

// The error for a run abandoned before it was recorded, in `phase`, `seconds` after it started.
RunRecord AbandonedRecord(const Scenario& scenario, const std::string& phase,
                          const std::string& run_id, double seconds) {
  RunRecord r;
  r.outcome = RunRecord::Outcome::kError;
  r.run_id = run_id;
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
  r.seconds = seconds;
  return r;
}

}  // namespace

RunRecord RunScenarioBounded(const Scenario& scenario, TargetFactory make_target,
                             std::shared_ptr<RunProgress> progress) {
  const Clock::time_point start = Clock::now();
  const auto started = std::chrono::system_clock::now();
  const Clock::time_point hard =
      start + std::chrono::milliseconds(scenario.timeout_ms) + kStopGrace;
  auto shared = std::make_shared<Shared>();
  shared->scenario = scenario;
  shared->progress = progress ? std::move(progress) : std::make_shared<RunProgress>();
  std::thread worker([shared, make = std::move(make_target)]() mutable {
    std::unique_ptr<Target> target = make();
    make = nullptr;  // what the factory captured is the caller's, who may be gone
    {
      std::lock_guard lock(shared->mu);
      shared->run_id = target->run_id();
    }
    RunRecord r = RunScenario(shared->scenario, *target, shared->progress.get());
    {
      std::lock_guard lock(shared->mu);
      shared->record = std::move(r);
    }
    Publish(*shared, &Shared::recorded);
    shared->progress->SetStep("cleaning up the target");
    target.reset();
    Publish(*shared, &Shared::done);
  });
  const auto abandon = [&] {
    worker.detach();
    g_abandoned.fetch_add(1);
    shared->progress->running.store(false);  // off the live progress line
  };
  if (!WaitFor(*shared, &Shared::recorded, hard, /*interrupt_shortens=*/true)) {
    abandon();
    std::string run_id;
    {
      std::lock_guard lock(shared->mu);
      run_id = shared->run_id;
    }
    RunRecord r = AbandonedRecord(scenario, shared->progress->step(), run_id,
                                  std::chrono::duration<double>(Clock::now() - start).count());
    r.started = started;  // RunScenario's own start may never have come
    spdlog::warn("{}: {}", scenario.name, r.reason);
    return r;
  }
  // Recorded: the record stands. Cleaning up (undoing faults, deleting the run's topics) is
  // bounded by the target's own timeouts; a signal does not shorten it (a second one ends the
  // process), and kCleanupGrace only backs those timeouts up.
  if (!WaitFor(*shared, &Shared::done, Clock::now() + kCleanupGrace,
               /*interrupt_shortens=*/false)) {
    abandon();
    std::lock_guard lock(shared->mu);
    RunRecord r = std::move(shared->record);
    r.cleanup_problems.push_back(fmt::format(
        "the target's cleanup did not end within {} s: faults may not be undone and the topics "
        "of run {} may remain",
        std::chrono::duration_cast<std::chrono::seconds>(kCleanupGrace).count(), shared->run_id));
    spdlog::warn("{}: {}", scenario.name, r.cleanup_problems.back());
    return r;
  }
  worker.join();
  return std::move(shared->record);
}

int AbandonedRuns() { return g_abandoned.load(); }

}  // namespace ks
