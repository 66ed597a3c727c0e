#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "diag/status.h"
#include "run/pacer.h"
#include "scenario/describe.h"
#include "scenario/model.h"

namespace ks {

/// What the timeline asks of the run. The runner implements it with real actors and a target;
/// tests implement it with fakes.
class TimelineWorld {
 public:
  virtual ~TimelineWorld() = default;
  /// Carries out an action step (start, stop, crash, restart, produce, seek, fault). Errors say
  /// what could not be done.
  virtual Status Act(const StepSpec& step) = 0;
  /// Undoes a fault that had `for:` (broker back up, rtt back to 0, ...).
  virtual Status Undo(const FaultSpec& fault) = 0;
  /// Called when a wait step begins, so conditions such as "rebalanced" can compare with the
  /// state at that moment.
  virtual void MarkWaitStart(const WaitSpec& wait) = 0;
  /// Nothing when `wait` holds, else what is still missing in plain words.
  virtual std::optional<std::string> Missing(const WaitSpec& wait) = 0;
  /// True once the event `after` names has happened.
  virtual bool Happened(const TriggerSpec& after) = 0;
  /// Nothing when every produce step's records have their delivery reports, else who is behind.
  virtual std::optional<std::string> ProducersPending() = 0;
};

/// Runs a scenario's `steps` in order against `world`.
///
/// - A step with `after:` does not wait for its turn: it fires as soon as its event has happened,
///   checked every `tick_ms` while the other steps run, sleep or wait.
/// - `wait` gives up after its `within` (or at the scenario deadline, if sooner) and records what
///   was missing; the timeline stops at the first failed step, since later steps assume it.
/// - `produce` with `wait: true` blocks until that producer's records are acknowledged.
/// - A fault with `for:` is undone that long after it was injected.
/// - After the last step, the timeline waits (within the deadline) for triggered steps that have
///   not fired yet, for pending fault undos, and for every producer's delivery reports.
/// Every wait and sleep runs through `pacer` (the same one a lua step's ks.wait and ks.sleep use),
/// which ticks the timeline, so `after:` steps and fault undos go on during a lua step too.
/// Returns the problems, each naming the step's file:line; empty when every step ran.
std::vector<std::string> RunTimeline(const std::vector<StepSpec>& steps, TimelineWorld& world,
                                     Pacer& pacer);

/// RunTimeline with a pacer of its own on `clock`, ending at `deadline_ms` (for a world without
/// lua steps, which need the pacer too).
std::vector<std::string> RunTimeline(const std::vector<StepSpec>& steps, TimelineWorld& world,
                                     TimelineClock& clock, int64_t deadline_ms,
                                     int64_t tick_ms = 10);

}  // namespace ks
