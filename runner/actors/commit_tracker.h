#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "scenario/model.h"

namespace ks {

/// Which offset a member may commit per partition under the processed-offset commit modes. Plain
/// data, not thread-safe: the member guards it. Slots are TopicMap slots.
///
/// - after_process and low_watermark commit the low watermark: the oldest record still being
///   processed, or past the newest polled record when none is (every record below it is done).
///   With one worker records finish in order and the two are the same.
/// - highest_done commits past the highest finished record even when older ones are still being
///   processed: after a crash the group resumes there and those older records are never processed
///   (the unsafe pattern of parallel consumers; the seeds' "commit the highest offset" mistake).
class CommitTracker {
 public:
  explicit CommitTracker(int slots) : slots_(static_cast<size_t>(slots)) {}

  /// A record was polled and handed to processing.
  void Polled(int slot, int64_t offset);
  /// Processing of a polled record ended (processed, or failed and skipped).
  void Done(int slot, int64_t offset);
  /// The offset to commit for `slot` under `mode` (Kafka's committed offset: the next record to
  /// read), or -1 when there is nothing new since the last MarkCommitted.
  int64_t CommitOffset(int slot, CommitMode mode) const;
  /// The member committed `offset` for `slot` (asked; the outcome is recorded separately).
  void MarkCommitted(int slot, int64_t offset) { At(slot).committed = offset; }
  /// Forgets a slot: its partition was revoked, or the member seeked in it.
  void Reset(int slot) { At(slot) = Slot{}; }
  /// Records polled in `slot` whose processing has not ended.
  size_t InFlight(int slot) const { return slots_[static_cast<size_t>(slot)].in_flight.size(); }
  int slots() const { return static_cast<int>(slots_.size()); }

 private:
  struct Slot {
    std::set<int64_t> in_flight;
    int64_t highest_polled = -1;
    int64_t highest_done = -1;
    int64_t committed = -1;
  };
  Slot& At(int slot) { return slots_[static_cast<size_t>(slot)]; }
  std::vector<Slot> slots_;
};

}  // namespace ks
