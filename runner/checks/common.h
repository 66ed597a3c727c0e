#pragma once

// Shared pieces of the checks: scope resolution, record identity, a dense topic-partition table,
// and the words used in evidence. Private to runner/checks: other layers use check.h.
//
// Histories can hold 10M ops, so everything here is flat vectors and sorts: no per-op node
// allocation, nothing worse than O(n log n).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checks/check.h"
#include "history/history.h"
#include "scenario/model.h"

namespace ks::check_detail {

/// At most this many ops go into CheckFigures::evidence: a counter-example, not a dump.
inline constexpr size_t kMaxEvidenceOps = 5;
/// At most this many findings are described in evidence_text; a last line counts the rest.
inline constexpr size_t kMaxEvidenceLines = 5;

/// A record's identity (producer, seq) plus the index of the op in History::ops that carried it.
/// 16 bytes, so that sorting millions of them stays cache-friendly.
struct RecordRef {
  uint64_t seq = 0;
  uint32_t producer = kNoId;
  uint32_t op = 0;  ///< index into History::ops
};

/// Sorts by identity, then by op index (time order): the first ref of a run is the earliest op.
void SortByRecord(std::vector<RecordRef>& refs);

inline bool SameRecord(const RecordRef& a, const RecordRef& b) {
  return a.producer == b.producer && a.seq == b.seq;
}

/// Keeps the first (earliest) ref of each identity; `refs` must be sorted by SortByRecord.
void UniqueByRecord(std::vector<RecordRef>& refs);

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
};

/// Resolves every scope name of `spec` against `history`. Returns the reason when a name is not in
/// the history (a typo, or a group that never started): the check then has nothing to judge.
/// `required` lists scope keys that must be present.
std::optional<std::string> ResolveScope(const History& history, const ExpectSpec& spec,
                                        const std::vector<std::string>& required, Scope* scope);

/// True for a poll by a member of the scoped group that carries our identity header. Polls of
/// foreign records (no header) are ignored by every check except for counting them.
inline bool IsGroupPoll(const Op& op, const Scope& scope) {
  return op.kind == OpKind::kPoll && op.type == OpType::kOk && op.actor < scope.in_group.size() &&
         scope.in_group[op.actor] != 0;
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

/// topics[t] != 0 for every topic the scoped group was assigned or polled: what "the group's
/// records" means when an entry names no topic (a group never reads a topic it is not subscribed
/// to, so counting those records would report every unrelated topic as unseen).
std::vector<uint8_t> GroupTopics(const History& history, const Scope& scope);

/// The high watermark (next offset to be written) per slot from the runner's kWatermark ops at
/// the end of the run; -1 where the runner recorded none.
std::vector<int64_t> Watermarks(const History& history, const PartitionSlots& slots);

/// Number of partitions of `topic`: from kWatermark ops when the runner recorded any (it reads
/// every partition's watermark at the end), else the highest partition any op names + 1.
int32_t PartitionCount(const History& history, uint32_t topic);

/// The records that are definitely not in the log as readable data, sorted by identity (one ref
/// each, the earliest op): today the sends whose delivery report said NOT_PERSISTED (kFail:
/// librdkafka guarantees the record was not written). Jepsen's G1a (kafka.clj) reads these as
/// "aborted". Seam for transactions: the records of aborted transactions (sent kOk inside a
/// transaction that later aborted) belong here too, once the history records transaction ops.
std::vector<RecordRef> AbortedRecords(const History& history);

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
/// keeping up to kMaxEvidenceLines failed or indeterminate completions for evidence.
SendTally TallySends(const History& history, const Scope& scope);

/// "producer order-service", "topic orders" or "order-service to orders": what a producer-side
/// entry measures, for evidence and reasons.
std::string SendScopeName(const History& history, const Scope& scope);

// Words for evidence_text, so that every check names things the same way.

/// "order-service#17"; "a foreign record" without identity.
std::string RecordName(const History& history, const Op& op);
/// "user-3", or "null" for a record without a key.
std::string KeyName(const History& history, uint32_t key);
/// "orders[2]"
std::string TopicPartition(const History& history, uint32_t topic, int32_t partition);
/// "orders[2]@8" (offset "?" when unknown)
std::string Where(const History& history, const Op& op);
/// The actor's name, e.g. "billing/1".
std::string ActorName(const History& history, uint32_t actor);
/// A run time (microseconds since the run started) as seconds: "1.234s", or "1.234567s" when
/// the time is not a whole millisecond.
std::string Seconds(int64_t time_us);
/// "order-service#17 (key user-3)"; the key part is left out for a null key.
std::string RecordWithKey(const History& history, const Op& op);

/// Appends the ops of `ops` to `out->evidence` while fewer than kMaxEvidenceOps are held.
void AddEvidence(const History& history, std::initializer_list<uint32_t> ops, CheckFigures* out);
/// Appends "... and N more <what>" when `total` findings exceeded the lines shown.
void AddMoreLine(size_t total, size_t shown, const std::string& what, CheckFigures* out);

// The computations, one per file; check.cc registers them. Each takes the whole history and the
// expect entry (only its scope is read: bounds are RunCheck's business) and returns its figures
// (counts of records, keys, polls or partitions; main figure first), evidence, or the reason there
// is nothing to judge (which includes a scope name the history does not know).

/// lost.cc. Scope: group (required), topic. Figures: lost, unseen (records). An acknowledged
/// (kOk) record the group never polled is `lost` when the group read its partition at or past its
/// offset or drained the partition to the final high watermark, else `unseen`. kInfo and kFail
/// sends never count. Without a topic, the records of the topics the group was assigned or
/// polled. Rule: Kafka's validate_delivery (acked - consumed), split as in Jepsen's kafka checker
/// (lost-write vs unseen).
CheckFigures ComputeLost(const History& history, const ExpectSpec& spec);
/// ComputeLost, also returning the number of distinct acknowledged records it judged (0 when it
/// had nothing to judge) in `acknowledged` when not null: the delivery summary's denominator.
CheckFigures ComputeLostCounting(const History& history, const ExpectSpec& spec,
                                 size_t* acknowledged);

/// duplicates.cc. Scope: group (required), topic. Figures: duplicates (records the group polled
/// more than once, across members and restarts), redeliveries (polls beyond the first).
/// Rule: Kafka's validate_delivery (len(consumed) vs len(set(consumed))).
CheckFigures ComputeDuplicates(const History& history, const ExpectSpec& spec);

/// key_order.cc. Scope: group (required), topic. Figures: keys_out_of_order (keys), inversions
/// (adjacent pairs of a key's first-poll sequence that go backwards in acknowledgement order).
/// Only acknowledged, keyed records the group polled are judged. Rule: Kafka's per-partition
/// order carried to keys (librdkafka tests' ORDER BY_MSGID).
CheckFigures ComputeKeyOrder(const History& history, const ExpectSpec& spec);

/// partition_order.cc. Scope: group (required), member, topic. Figure: nonmonotonic (pairs of
/// consecutive polls by one member in one partition where the offset did not increase, with no
/// assign, revoke or restart in between). Rule: Jepsen's nonmonotonic-poll.
CheckFigures ComputePartitionOrder(const History& history, const ExpectSpec& spec);

/// same_key_same_partition.cc. Scope: topic (required), producer. Figures: split_keys (keys whose
/// acknowledged records are in more than one partition), keys (distinct keys acknowledged).
/// Rule: the key-to-partition contract of Kafka's default partitioners.
CheckFigures ComputeSameKeySamePartition(const History& history, const ExpectSpec& spec);

/// partition_spread.cc. Scope: topic (required), producer. Figures: partitions_used,
/// min_per_partition, max_per_partition (records; empty partitions count), records.
CheckFigures ComputePartitionSpread(const History& history, const ExpectSpec& spec);

/// consumed.cc. Scope: group (required), topic. Figures: consumed (distinct records with an
/// identity the group polled), deliveries (all such polls). Zero is a figure, never "nothing to
/// judge". Rule: the counts of Kafka's validate_delivery.
CheckFigures ComputeConsumed(const History& history, const ExpectSpec& spec);

/// assignment.cc. Scope: group (required). Figures: unowned_partitions (partitions of the group's
/// topics without exactly one owner at the end), idle_members (members in the group at the end
/// owning none), min/max_partitions_per_member. Replayed from assign/revoke ops; start and stop
/// reset a member. Rule: Kafka's consumer tests' valid_assignment (each partition exactly once).
CheckFigures ComputeAssignment(const History& history, const ExpectSpec& spec);

/// poll_skip.cc. Scope: group (required), member, topic. Figures: skipped (acknowledged records
/// that lay inside a gap and that the group never polled at all), gaps (pairs of consecutive
/// polls by one member in one partition, with no assign, revoke or restart in between, whose
/// offsets jumped over at least one offset known to hold a record: an acknowledged send or a
/// record the group polled). Rule: Jepsen's poll-skip (kafka.clj), offsets standing in for
/// Jepsen's version-order indices.
CheckFigures ComputePollSkip(const History& history, const ExpectSpec& spec);

/// inconsistent_offsets.cc. Scope: topic (required). Figure: inconsistent (topic-partition
/// offsets tied to two or more record identities across acknowledged sends and polls by anyone).
/// Polls without an identity header are not compared. Rule: Jepsen's inconsistent-offsets
/// (kafka.clj).
CheckFigures ComputeInconsistentOffsets(const History& history, const ExpectSpec& spec);

/// aborted_visible.cc. Scope: group (required). Figure: aborted_visible (distinct records
/// from AbortedRecords() that the group polled). Rule: Jepsen's G1a, aborted read (kafka.clj).
CheckFigures ComputeAbortedVisible(const History& history, const ExpectSpec& spec);

/// placement.cc. Scope: topic (required), producer. Figures: misplaced (acknowledged records not
/// in the partition their producer's declared partitioner gives), checked (acknowledged records
/// whose partition was predictable). Partitioners: murmur2 and crc32 hash non-null keys
/// (librdkafka CONFIGURATION.md `partitioner`: murmur2_random, consistent_random), round_robin is
/// seq % partitions, explicit is the declared partition; null keys under a hashing partitioner
/// (and empty keys under crc32), random, and producers without a ProducerInfo are unpredictable
/// and not counted.
CheckFigures ComputePlacement(const History& history, const ExpectSpec& spec);

/// commit_legality.cc. Scope: group (required). Figures: illegal_commits (ok commits of a
/// partition the member was not assigned since it started, or of an offset beyond its position:
/// above both the next offset after the highest it polled there since it started and the
/// group's committed offset it may have resumed from), commits (ok commits judged).
/// Rule: Kafka's verifiable_consumer.py (a committed partition must be assigned; committed
/// offset <= position).
CheckFigures ComputeCommitLegality(const History& history, const ExpectSpec& spec);

/// produced.cc. Scope: producer and/or topic (at least one). Figures: produced (kOk
/// completions), sent (invokes), failed (kFail), indeterminate (kInfo plus invokes never
/// answered). Zero is a figure. Rule: the counts of Kafka's verifiable_producer
/// (producer_send_success / producer_send_error).
CheckFigures ComputeProduced(const History& history, const ExpectSpec& spec);

/// delivery_errors.cc. Scope: producer and/or topic (at least one). Figures: delivery_errors
/// (failed + indeterminate), failed, indeterminate, as produced counts them. Rule: librdkafka's
/// message status (rd_kafka_message_status: NOT_PERSISTED, POSSIBLY_PERSISTED).
CheckFigures ComputeDeliveryErrors(const History& history, const ExpectSpec& spec);

/// lag.cc. Scope: group (required), topic. Figures: lag (sum over the partitions of the group's
/// topics that have a recorded high watermark of watermark minus the group's last ok committed
/// offset, or minus the log start offset without a commit; never negative), max_partition_lag.
/// Rule: Kafka's consumer lag (kafka-consumer-groups.sh: LOG-END-OFFSET - CURRENT-OFFSET).
CheckFigures ComputeLag(const History& history, const ExpectSpec& spec);

/// latency.cc. Scope: group (required), topic. Figures: p99_ms, p50_ms, max_ms (nearest-rank
/// percentiles over records of the first poll by the group minus the send's invoke, in
/// milliseconds). Rule: the end-to-end latency of Trogdor's ProduceBench/ConsumeBench
/// (p50/p95/p99) measured per record.
CheckFigures ComputeLatency(const History& history, const ExpectSpec& spec);

}  // namespace ks::check_detail
