#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "history/history.h"
#include "history/op_memory.h"

namespace ks {

/// The run's clock: microseconds since the run started, from a steady clock.
class RunClock {
 public:
  RunClock() : start_(std::chrono::steady_clock::now()) {}
  int64_t NowUs() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 start_)
        .count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

/// The ops of one actor. Exactly one thread appends to a log at a time (the actor's own), so
/// appending takes no lock; keys are interned in a table local to the log and remapped when the
/// recorder merges the logs. Ops are kept in OpBlocks: the merge frees each block as soon as it
/// has been taken.
class ActorLog {
 public:
  /// `pool`: where the log's blocks come from (it must outlive the log).
  ActorLog(uint32_t actor, const RunClock* clock, OpBlockPool* pool)
      : actor_(actor), clock_(clock), ops_(pool) {}

  /// Appends `op` stamped with this actor and the current time. `key` is the record key
  /// (nullptr for a null key or an op without a record); op.key is overwritten.
  void Append(Op op, const char* key = nullptr, size_t key_len = 0);

  uint32_t actor() const { return actor_; }
  /// The run clock's current time in microseconds.
  int64_t NowUs() const { return clock_->NowUs(); }
  size_t size() const { return ops_.size(); }

 private:
  friend class HistoryRecorder;

  uint32_t actor_;
  const RunClock* clock_;
  OpBlocks ops_;
  /// False once an op was stamped earlier than the one before it. The clock is monotonic and one
  /// thread appends, so this stays true; should it not, Finish() sorts instead of merging, as
  /// it did before logs were merged.
  bool in_order_ = true;
  int64_t last_time_us_ = INT64_MIN;  // the time of the op appended last
  std::string unfit_;                 // what the first op that did not fit (OpFits) held too wide
  Interner keys_;
};

/// Builds a History from many actors' logs. Tables (groups, actors, topics, producers) are filled
/// before the run starts and are read-only while actors append, so lookups during the run need no
/// lock. Finish() merges the logs into one time-ordered History.
class HistoryRecorder {
 public:
  HistoryRecorder() = default;
  HistoryRecorder(const HistoryRecorder&) = delete;
  HistoryRecorder& operator=(const HistoryRecorder&) = delete;

  uint32_t AddGroup(std::string_view name, bool processes = false);
  uint32_t AddTopic(std::string_view name) { return tables_.topics.Intern(name); }
  /// Registers a producer and what it was configured to do.
  uint32_t AddProducer(std::string_view name, ProducerInfo info);
  /// Interns the words that describe a fault op (its Op::seq). Only the runner's timeline thread
  /// calls it; actor threads never read the notes.
  uint32_t AddNote(std::string_view note) { return tables_.notes.Intern(note); }
  /// Registers an actor and returns its log (valid until Finish()).
  ActorLog& AddActor(ActorInfo info);
  /// Maps and faults in memory for about `ops` ops before the run (OpBlockPool::Prefault), at
  /// most kMaxPrefaultOps: the logs take it as they fill, and what is left is returned at
  /// Finish(). Throws std::bad_alloc as the logs' own growth would.
  void Prefault(size_t ops);
  /// The most Prefault() maps: 1 GiB of ops. A longer run's logs map the rest as they fill.
  static constexpr size_t kMaxPrefaultOps = (size_t{1} << 30) / sizeof(Op);

  /// The tables registered so far; safe to read from any thread once the run has started.
  const History& tables() const { return tables_; }
  const RunClock& clock() const { return clock_; }

  /// Empty when every op appended so far fits (OpFits); else which actor's op did not, and
  /// which of its fields: a history that cannot hold a value the run met is not to be judged.
  std::string UnfitOps() const;

  /// Merges every actor's ops, ordered by time (ties keep actor registration order, then each
  /// log's own order), with keys remapped into one table. The recorder is empty afterwards.
  /// Memory: the merged ops, plus at most a block per log of what is still to be merged.
  History Finish();

 private:
  // Finish() for logs in time order: a k-way merge that frees each block once it is taken.
  void MergeInOrder(const std::vector<std::vector<uint32_t>>& remaps, std::vector<Op>* out);

  RunClock clock_;
  History tables_;
  OpBlockPool pool_;  // declared before the logs, which take from it
  std::deque<ActorLog> logs_;
};

}  // namespace ks
