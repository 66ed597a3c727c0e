#pragma once

// What an expect entry is about, resolved against a history (private to runner/checks): its
// scope (group, topic, producer, member), the group's consuming ops, partition numbering,
// transactions' aborted records and producer-side send counts.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checks/check.h"
#include "checks/dense_table.h"
#include "history/history.h"
#include "scenario/model.h"

namespace ks::check_detail {

/// The names of an expect entry's scope, resolved to History ids. kNoId where not given.
struct Scope {
  uint32_t group = kNoId;
  uint32_t topic = kNoId;
  uint32_t producer = kNoId;
  uint32_t member = kNoId;  ///< an actor id
  /// in_group[actor] != 0 for the member actors of `group` (empty when no group was given).
  std::vector<uint8_t> in_group;
  /// The group's member actors, in actor id order.
  std::vector<uint32_t> members;
  /// The op at which the group has consumed a record: kPoll, or kProcess (its ok process op) for
  /// a group with a processing model ("consumed means processed", scenario-format.md).
  OpKind consume_kind = OpKind::kPoll;
};

/// Resolves every scope name of `spec` against `history`. Returns the reason when a name is not in
/// the history (a typo, or a group that never started): the check then has nothing to judge.
/// `required` lists scope keys that must be present.
std::optional<std::string> ResolveScope(const History& history, const ExpectSpec& spec,
                                        const std::vector<std::string>& required, Scope* scope);

/// The start of most checks: `out` gets `figures`, each 0, in order (the main one first), and
/// `scope` the entry's scope (ResolveScope, with the `required` keys). False, with
/// out->nothing_to_judge set to ResolveScope's reason, when the scope cannot be resolved: the
/// check then returns `out` as it is.
bool StartCheck(const History& history, const ExpectSpec& spec,
                const std::vector<std::string>& required, std::vector<std::string> figures,
                CheckFigures* out, Scope* scope);

/// True for an ok poll by a member of the scoped group. Polls of foreign records (no record
/// identity: no header, or one another run wrote, see ParseIdentity) are ignored by every check
/// except for counting them.
inline bool IsGroupPoll(const Op& op, const Scope& scope) {
  return op.kind == OpKind::kPoll && op.type == OpType::kOk && op.actor < scope.in_group.size() &&
         scope.in_group[op.actor] != 0;
}

/// True for the op at which a member of the scoped group consumed a record: its ok poll, or its
/// ok process op when the group processes (Scope::consume_kind). Lost, duplicates, consumed and
/// latency count consumption this way; the order checks judge what Kafka delivered (polls).
inline bool IsGroupConsume(const Op& op, const Scope& scope) {
  return op.kind == scope.consume_kind && op.type == OpType::kOk &&
         op.actor < scope.in_group.size() && scope.in_group[op.actor] != 0;
}

/// "processed" or "polled": how evidence says a group consumed a record.
inline std::string_view ConsumeVerb(const Scope& scope) {
  return scope.consume_kind == OpKind::kProcess ? "processed" : "polled";
}

/// A dense numbering of the topic-partitions that appear in a history, so per-partition state is
/// a vector index instead of a map lookup. Partition counts come from the highest partition seen
/// in any op (watermark ops included), so every op's (topic, partition) has a slot.
class PartitionSlots {
 public:
  explicit PartitionSlots(const History& history);
  /// The slot of (topic, partition), or -1 when the op names no partition.
  int64_t Slot(uint32_t topic, int32_t partition) const {
    if (topic >= base_.size() || partition < 0 || partition >= count_[topic]) return -1;
    return base_[topic] + partition;
  }
  size_t size() const { return total_; }
  /// Highest partition seen + 1 for `topic` (0 for a topic without partitioned ops).
  int32_t PartitionsSeen(uint32_t topic) const { return topic < count_.size() ? count_[topic] : 0; }

 private:
  std::vector<int64_t> base_;
  std::vector<int32_t> count_;
  size_t total_ = 0;
};

/// Number of partitions of `topic`: from kWatermark ops when the runner recorded any (it reads
/// every partition's watermark at the end), else the highest partition any op names + 1.
int32_t PartitionCount(const History& history, uint32_t topic);

/// A record AbortedCollector found, and why.
struct AbortedRecord {
  enum class Why : uint8_t {
    kTxnAborted,    ///< sent (invoked) inside a transaction that ended kTxn fail
    kNotPersisted,  ///< its delivery report said NOT_PERSISTED (kFail send)
    kTxnUndecided,  ///< sent inside a transaction that ended kTxn info, or never ended
  };
  uint64_t seq = 0;
  uint32_t producer = kNoId;
  uint32_t op = 0;          ///< its send invoke in the transaction, or its kFail send
  uint32_t txn = kNoId;     ///< the kTxn op that ended its transaction (kNoId: none)
  uint64_t txn_number = 0;  ///< its transaction's number (Op::seq of the txn ops), 0 outside one
  Why why = Why::kNotPersisted;

  /// Definitely not readable data: a read_committed reader must never return it (aborted_visible).
  bool aborted() const { return why != Why::kTxnUndecided; }
  /// Sent in a transaction that did not commit: not acknowledged, whatever its delivery report
  /// said, so no reader owes it (lost).
  bool uncommitted() const { return why != Why::kNotPersisted; }
};

/// Finds the records that are definitely not in the log as readable data, fed every op of the
/// history in order by a check's own pass:
/// - the sends whose delivery report said NOT_PERSISTED (kFail: librdkafka guarantees the record
///   was not written); Jepsen's G1a (kafka.clj) reads these as "aborted";
/// - the records of aborted transactions (KIP-98): every record whose send invoke came while its
///   producer actor had a transaction open (between a kTxn invoke and that transaction's
///   completion) belongs to that transaction; when it ends kTxn fail, its records are aborted,
///   even those delivered ok (they are in the log, followed by an abort marker, and read_committed
///   readers skip them). A record belongs to the transaction open at its invoke, so a delivery
///   report that comes after its transaction ended changes nothing.
/// It also reports, as kTxnUndecided, the records of transactions whose outcome is unknown (kTxn
/// info, or no completion by the end of the history): not aborted for certain, not committed
/// either.
class AbortedCollector {
 public:
  /// Call with every op, in history order; `index` is the op's index in History::ops.
  void See(const Op& op, uint32_t index) {
    if (op.kind == OpKind::kSend) {
      if (!op.has_record()) return;
      if (op.type == OpType::kFail) {
        found_.push_back({op.seq, op.producer, index, kNoId, 0, AbortedRecord::Why::kNotPersisted});
      }
      if (op.type == OpType::kInvoke && op.actor < open_.size() && open_[op.actor].open)
        open_[op.actor].records.push_back({op.seq, op.producer, index});
    } else if (op.kind == OpKind::kTxn) {
      SeeTxn(op, index);
    }
  }
  /// The records found in the ops seen, sorted by identity, one each: a record found for two
  /// reasons is reported once, for the stronger (kTxnAborted, then kNotPersisted, then
  /// kTxnUndecided). Transactions still open count as undecided. Leaves the collector empty.
  /// Memory: one entry per record found, plus the records of each actor's open transaction.
  std::vector<AbortedRecord> Take();

 private:
  /// A producer actor's open transaction and the records sent in it so far.
  struct Open {
    bool open = false;
    uint64_t number = 0;
    uint64_t begun = 0;  ///< transactions this actor began: numbers ops that carry none
    std::vector<RecordRef> records;
  };
  void SeeTxn(const Op& op, uint32_t index);
  /// Moves the records of `actor`'s open transaction to found_ as `why`, ended by op `txn`.
  void Close(Open& open, uint32_t txn, AbortedRecord::Why why);

  std::vector<AbortedRecord> found_;
  std::vector<Open> open_;  ///< by actor id
};

/// Send ops counted by completion, for the producer-side checks (produced, delivery_errors).
struct SendTally {
  size_t invoked = 0;       ///< kInvoke ops: records handed to produce()
  size_t acknowledged = 0;  ///< kOk completions (PERSISTED)
  size_t failed = 0;        ///< kFail completions (NOT_PERSISTED)
  size_t info = 0;          ///< kInfo completions (POSSIBLY_PERSISTED)
  /// Invokes without any completion (the run ended before their delivery report):
  /// invoked - (acknowledged + failed + info), never negative.
  size_t unanswered() const {
    size_t done = acknowledged + failed + info;
    return invoked > done ? invoked - done : 0;
  }
  /// Jepsen's :info: the record may or may not be in the log (kInfo, or no report at all).
  size_t indeterminate() const { return info + unanswered(); }
  /// The first few failed or indeterminate completions, in time order (op indices).
  std::vector<uint32_t> errors;
};

/// Counts the sends of `scope.producer` and/or to `scope.topic` (either may be kNoId: no filter),
/// keeping up to MaxEvidenceLines() failed or indeterminate completions for evidence.
SendTally TallySends(const History& history, const Scope& scope);

/// Resolves the scope of a producer-side entry (`producer` and/or `topic`, at least one) and
/// counts its sends. Returns the reason there is nothing to judge, or nothing.
std::optional<std::string> ResolveSendScope(const History& history, const ExpectSpec& spec,
                                            Scope* scope, SendTally* tally);

/// "producer order-service", "topic orders" or "order-service to orders": what a producer-side
/// entry measures, for evidence and reasons.
std::string SendScopeName(const History& history, const Scope& scope);

}  // namespace ks::check_detail
