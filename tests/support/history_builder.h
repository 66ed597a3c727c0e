#pragma once

// Histories by hand, for the checks' tests: a fluent builder that keeps the tables (actors,
// groups, topics, producers, keys) consistent and the clock moving, plus a generator of clean
// histories that tests can spoil on purpose.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "history/history.h"

namespace ks::test_support {

/// A record key as tests write it: a string, or std::nullopt for a null key.
using Key = std::optional<std::string>;

/// Builds a History op by op. Every op gets a time 10 us after the previous one unless Advance()
/// moves the clock. Producers and topics are created on first use; groups must be declared with
/// Group() so that their members ("group/i") exist. Unknown member names throw
/// std::invalid_argument: a typo in a test should not silently build another history.
class HistoryBuilder {
 public:
  HistoryBuilder();

  /// Declares a topic (also created on first use).
  HistoryBuilder& Topic(std::string_view name);
  /// Declares a producer actor and its name in History::producers.
  HistoryBuilder& Producer(std::string_view name);
  /// Declares group `name` with `members` member actors named "name/0" .. "name/<members-1>".
  HistoryBuilder& Group(std::string_view name, int members);

  /// Declares `producer`'s topic and partitioner (History::producer_info): "crc32", "murmur2",
  /// "round_robin", "random" or "explicit" (with `partition`).
  HistoryBuilder& Partitioner(std::string_view producer, std::string_view topic,
                              std::string_view partitioner, int32_t partition = -1);
  /// A send's invoke alone, with no completion (yet): the run ended before its delivery report.
  HistoryBuilder& Invoke(std::string_view producer, uint64_t seq, const Key& key,
                         std::string_view topic);
  /// A send: an invoke (partition -1) followed by its completion of `type` at `partition` and
  /// `offset` (pass -1 for an info or fail completion that knows neither).
  HistoryBuilder& Send(std::string_view producer, uint64_t seq, const Key& key,
                       std::string_view topic, int32_t partition, int64_t offset,
                       OpType type = OpType::kOk);
  /// A transaction op of `producer` (KIP-98): kInvoke at begin_transaction, then kOk (committed),
  /// kFail (aborted) or kInfo (outcome unknown); `number` counts its transactions from 1. The
  /// producer's sends invoked between the invoke and the completion belong to it.
  HistoryBuilder& Txn(std::string_view producer, uint64_t number, OpType type);
  /// A poll by `member` of record (producer, seq) at topic[partition]@offset. The key is taken
  /// from the record's send when one was added, else null.
  HistoryBuilder& Poll(std::string_view member, std::string_view producer, uint64_t seq,
                       std::string_view topic, int32_t partition, int64_t offset);
  /// A poll of a record added with Send(), where its send completion put it.
  HistoryBuilder& Poll(std::string_view member, std::string_view producer, uint64_t seq);
  /// A poll of a record without our identity header.
  HistoryBuilder& PollForeign(std::string_view member, std::string_view topic, int32_t partition,
                              int64_t offset);
  HistoryBuilder& Assign(std::string_view member, std::string_view topic, int32_t partition);
  HistoryBuilder& Revoke(std::string_view member, std::string_view topic, int32_t partition);
  /// An offset commit; `offset` is the committed (next) offset.
  HistoryBuilder& Commit(std::string_view member, std::string_view topic, int32_t partition,
                         int64_t offset, OpType type = OpType::kOk);
  HistoryBuilder& Start(std::string_view actor);
  HistoryBuilder& Stop(std::string_view actor);
  HistoryBuilder& Crash(std::string_view actor);  ///< killed: no revoke, no close
  /// `member` moved its position in topic[partition] to `offset` (-2 beginning, -1 end).
  HistoryBuilder& Seek(std::string_view member, std::string_view topic, int32_t partition,
                       int64_t offset);
  /// The runner's end-of-run reading of a partition's high watermark (next offset to write).
  HistoryBuilder& Watermark(std::string_view topic, int32_t partition, int64_t offset);
  HistoryBuilder& LogStart(std::string_view topic, int32_t partition, int64_t offset);
  /// Moves the clock forward by `us` microseconds before the next op.
  HistoryBuilder& Advance(int64_t us);

  const History& history() const { return history_; }
  History Build() const { return history_; }

 private:
  uint32_t Actor(std::string_view name) const;
  uint32_t Member(std::string_view name) const;
  uint32_t RunnerActor();
  Op& Append(Op op);

  History history_;
  int64_t now_us_ = 0;
  /// Each record's send completion, by identity: Poll(member, producer, seq) reads it.
  std::map<std::pair<uint32_t, uint64_t>, Op> sends_;
};

/// The shape of a generated clean history.
struct CleanSpec {
  int partitions = 4;
  int records = 200;
  int keys = 10;    ///< record i has key "user-<i % keys>"
  int members = 2;  ///< partition p is assigned to member p % members
  std::string topic = "orders";
  std::string producer = "order-service";
  std::string group = "billing";
};

/// A clean history as data, for tests to spoil before building it: every record acknowledged in
/// index order (seq = index), key k in partition k % partitions, and one poll per record in
/// acknowledgement order by its partition's owner.
struct CleanPlan {
  struct Record {
    std::string key;
    int32_t partition = 0;
    int64_t offset = -1;  ///< set by AssignOffsets()
  };
  CleanSpec spec;
  std::vector<Record> records;  ///< in acknowledgement order; seq = index
  std::vector<uint32_t> polls;  ///< record indices, in poll order

  /// Gives each record the next offset of its partition, in acknowledgement order. Call again
  /// after moving a record to another partition.
  void AssignOffsets();
  /// The member index that owns `partition`.
  int Owner(int32_t partition) const { return partition % spec.members; }
};

/// The clean plan for `spec` (offsets assigned).
CleanPlan MakeCleanPlan(const CleanSpec& spec);

/// Builds `plan`: member starts and assigns, every send acknowledged, the polls in order (by the
/// owner of each record's partition), and a watermark per partition. Assigns offsets first.
History BuildPlan(CleanPlan plan);

/// MakeCleanPlan then BuildPlan.
History MakeCleanHistory(const CleanSpec& spec);

}  // namespace ks::test_support
