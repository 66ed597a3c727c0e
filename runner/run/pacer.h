#pragma once

// How the timeline lets time pass: one clock, one deadline and one wait loop for the steps and
// the Lua steps alike (run/timeline.h, run/lua_step.h).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace ks {

/// The time source the timeline waits with: steady time in ms, and a way to let time pass.
/// Tests substitute a manual clock that advances only when asked.
class TimelineClock {
 public:
  virtual ~TimelineClock() = default;
  virtual int64_t NowMs() = 0;
  /// Lets `ms` pass (sleeps, or advances a manual clock).
  virtual void Pass(int64_t ms) = 0;
};

/// The real clock: std::chrono::steady_clock and sleep_for.
class SteadyTimelineClock : public TimelineClock {
 public:
  int64_t NowMs() override;
  void Pass(int64_t ms) override;
};

/// The one wait loop of a run's timeline. Every wait and sleep (a `wait` or `sleep` step, a
/// produce step's acknowledgements, the end of the timeline, ks.wait and ks.sleep in a Lua step)
/// runs here: it never goes past the scenario's deadline, ends early on Ctrl-C / SIGTERM
/// (diag/interrupt.h), and calls the tick every `tick_ms` so the timeline's `after:` steps fire
/// and its faults' `for:` end while anything waits, a Lua step included. The tick may itself
/// run a step that waits (a triggered `wait`, `stop` or produce with `wait: true`): that nested
/// wait runs to its own end first, so the outer one can end later than its `within`, and a
/// triggered wait step starts its own "since the wait began" mark (MarkWaitStart) for its group.
class Pacer {
 public:
  /// `deadline_ms` is in `clock`'s time; `clock` must outlive the pacer.
  Pacer(TimelineClock& clock, int64_t deadline_ms, int64_t tick_ms = 10)
      : clock_(clock), deadline_ms_(deadline_ms), tick_ms_(tick_ms) {}

  /// What each pass of the loop runs first (the timeline's Tick); none until set. Set it to
  /// nullptr before what it refers to goes away.
  void SetTick(std::function<void()> tick) { tick_ = std::move(tick); }

  /// The clock's time in ms (steady time for a real run).
  int64_t NowMs() { return clock_.NowMs(); }
  /// The scenario's deadline, in the clock's ms: no wait or sleep goes past it.
  int64_t deadline_ms() const { return deadline_ms_; }

  /// How a wait or sleep ended.
  struct Outcome {
    enum class End { kMet, kTimedOut, kInterrupted };
    End end = End::kMet;
    std::string missing;    ///< what the condition still lacked (kTimedOut, kInterrupted)
    int64_t waited_ms = 0;  ///< time spent in the call
    bool cut = false;       ///< the deadline came before the time asked for
    bool met() const { return end == End::kMet; }
  };

  /// Until `missing` returns nothing (checked after each tick), for at most `within_ms` and never
  /// past the deadline (`cut` says the deadline was the limit). `within_ms` may be 0 or negative:
  /// one check.
  Outcome WaitUntil(const std::function<std::optional<std::string>()>& missing, int64_t within_ms);

  /// Lets `ms` pass, ticking, up to the deadline: kMet when the time is over (with `cut` when the
  /// deadline ended it sooner), kInterrupted on a signal.
  Outcome Sleep(int64_t ms);

 private:
  TimelineClock& clock_;
  const int64_t deadline_ms_;
  const int64_t tick_ms_;
  std::function<void()> tick_;
};

}  // namespace ks
