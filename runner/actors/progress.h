#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

namespace ks {

/// A fixed array of atomic offsets, one per (topic, partition) slot (TopicMap::Slot), -1 at
/// first: Raise keeps the highest seen, Set moves one back or forward (a seek, a re-delivery).
/// Written by actor threads, read by the runner's waits.
class OffsetHighMarks {
 public:
  explicit OffsetHighMarks(int slots)
      : marks_(std::make_unique<std::atomic<int64_t>[]>(static_cast<size_t>(slots))), size_(slots) {
    for (int i = 0; i < slots; ++i) marks_[i].store(-1, std::memory_order_relaxed);
  }
  /// Raises slot's mark to `offset` if it is higher.
  void Raise(int slot, int64_t offset) {
    auto& m = marks_[slot];
    int64_t cur = m.load(std::memory_order_relaxed);
    while (offset > cur && !m.compare_exchange_weak(cur, offset, std::memory_order_relaxed)) {
    }
  }
  int64_t Get(int slot) const { return marks_[slot].load(std::memory_order_relaxed); }
  /// Sets slot's mark, lower or higher: a seek moves a group's position back or forward.
  void Set(int slot, int64_t offset) { marks_[slot].store(offset, std::memory_order_relaxed); }
  int size() const { return size_; }

 private:
  std::unique_ptr<std::atomic<int64_t>[]> marks_;
  int size_;
};

/// What a producer has done so far.
struct ProducerProgress {
  explicit ProducerProgress(int slots) : acked_offsets(slots) {}
  std::atomic<int64_t> sent{0};       ///< produce() calls that were accepted
  std::atomic<int64_t> acked{0};      ///< delivery reports with PERSISTED
  std::atomic<int64_t> failed{0};     ///< delivery reports with an error
  std::atomic<bool> finished{false};  ///< every record produced and every report received
  OffsetHighMarks acked_offsets;      ///< highest acknowledged offset per slot
};

/// What a consumer group's members have done so far.
class GroupProgress {
 public:
  GroupProgress(int members, int slots)
      : consumed_offsets(slots),
        positions(slots),
        committed(slots),
        assignments_(static_cast<size_t>(members)),
        assigned_once_(static_cast<size_t>(members), false),
        live_(static_cast<size_t>(members), false) {}

  /// Highest offset any member consumed per slot: polled, or for a group with a processing
  /// model, finished processing (processed or skipped).
  OffsetHighMarks consumed_offsets;
  /// The group's position per slot, as Kafka's consumer lag counts it: the last offset the
  /// partition's current owner consumed. Unlike consumed_offsets it moves back when a new
  /// owner resumes from an older commit (a re-delivery) or a member seeks back.
  OffsetHighMarks positions;
  /// The offset of the group's highest successful commit per slot (the next offset to read),
  /// -1 before the first or since a seek. Raised only: the results of async and auto commits
  /// arrive at a later poll than a sync commit's, so the last result is not the last commit.
  OffsetHighMarks committed;
  std::atomic<int64_t> polled{0};      ///< records polled by all members
  std::atomic<int64_t> in_flight{0};   ///< records polled and not yet finished processing
  std::atomic<int64_t> rebalances{0};  ///< assignments received by any member so far

  /// A member consumed `offset` of `slot` (polled, or finished processing it).
  void Consumed(int slot, int64_t offset) {
    consumed_offsets.Raise(slot, offset);
    positions.Raise(slot, offset);
  }
  /// A member reached the end of `slot`'s log and has nothing of it left to consume: `end`
  /// (librdkafka's partition EOF offset: the end its last fetch saw, the high watermark or,
  /// under read_committed, the last stable offset) is the next offset it reads. Its position is
  /// there even if it read nothing (a `latest` member skips what came before), so a `drained`
  /// wait knows where a new group stands; records written after the fetch are past it.
  void ReachedEnd(int slot, int64_t end) { positions.Raise(slot, end - 1); }
  /// A member moved its position on `slot` so that `next` is the next offset it reads. Commits
  /// from before the seek no longer say where the group resumes: the next one will.
  void Seeked(int slot, int64_t next) {
    consumed_offsets.Set(slot, next - 1);
    positions.Set(slot, next - 1);
    committed.Set(slot, -1);
  }
  /// A member successfully committed `next` (the next offset to read) for `slot`.
  void Committed(int slot, int64_t next) { committed.Raise(slot, next); }
  /// A member was assigned `slot`: it resumes from the group's last successful commit, so
  /// what was consumed after that commit will be read again. Without a commit the runner knows
  /// of, `from_start` (auto.offset.reset=earliest) means it reads from the log start (taken as
  /// offset 0: the run's topics are fresh); otherwise the position is left as it is.
  void Resumed(int slot, bool from_start) {
    const int64_t next = committed.Get(slot);
    if (next >= 0) {
      positions.Set(slot, next - 1);
    } else if (from_start) {
      positions.Set(slot, -1);
    }
  }

  /// Called from a member's rebalance callback.
  void SetAssignment(int member, std::set<int> slots) {
    rebalances.fetch_add(1);
    std::lock_guard lock(mu_);
    assignments_[static_cast<size_t>(member)] = std::move(slots);
    assigned_once_[static_cast<size_t>(member)] = true;
  }
  void ClearAssignment(int member) {
    std::lock_guard lock(mu_);
    assignments_[static_cast<size_t>(member)].clear();
  }
  /// A member's client started (live) or ended (stopped or crashed). A member that ends owns
  /// nothing and must be assigned again after a restart.
  void SetLive(int member, bool live) {
    std::lock_guard lock(mu_);
    live_[static_cast<size_t>(member)] = live;
    if (!live) {
      assignments_[static_cast<size_t>(member)].clear();
      assigned_once_[static_cast<size_t>(member)] = false;
    }
  }

  /// A copy of the members' state: current assignments, whether each has had one since it
  /// started, and whether each is live.
  struct State {
    std::vector<std::set<int>> assignments;
    std::vector<bool> assigned_once;
    std::vector<bool> live;
  };
  State Snapshot() const {
    std::lock_guard lock(mu_);
    return {assignments_, assigned_once_, live_};
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::set<int>> assignments_;
  std::vector<bool> assigned_once_;
  std::vector<bool> live_;
};

}  // namespace ks
