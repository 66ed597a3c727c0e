#pragma once

// The checks' computations, one per file of runner/checks (check.cc registers them), and the
// shared pieces they are written with: dense_table.h, scope.h, evidence.h. Private to
// runner/checks: other layers use check.h.

#include <string>

#include "checks/check.h"
#include "checks/dense_table.h"
#include "checks/evidence.h"
#include "checks/scope.h"
#include "history/history.h"
#include "scenario/model.h"

namespace ks::check_detail {

// The computations, one per file; check.cc registers them. Each takes the whole history and the
// expect entry (only its scope is read: bounds are RunCheck's business) and returns its figures
// (counts of records, keys, polls or partitions; main figure first), evidence, or the reason there
// is nothing to judge (which includes a scope name the history does not know).

/// lost.cc. Scope: group (required), topic. Figures: lost, unseen (records). An acknowledged
/// (kOk) record the group never polled is `lost` when the group read its partition at or past its
/// offset or drained the partition to the final high watermark, else `unseen`. kInfo and kFail
/// sends never count, nor do records sent in a transaction that did not commit (aborted or of
/// unknown outcome, AbortedRecord::uncommitted): a transactional record is acknowledged by its
/// transaction's commit (KIP-98). Without a topic, the records of the topics the group was
/// assigned or polled. Rule: Kafka's validate_delivery (acked - consumed), split as in Jepsen's
/// kafka checker (lost-write vs unseen).
CheckFigures ComputeLost(const History& history, const ExpectSpec& spec);
/// ComputeLost, also returning the number of distinct acknowledged records it judged (0 when it
/// had nothing to judge) in `acknowledged` when not null: the delivery summary's denominator.
CheckFigures ComputeLostCounting(const History& history, const ExpectSpec& spec,
                                 size_t* acknowledged);

/// duplicates.cc. Scope: group (required), topic. Figures: duplicates (records the group polled
/// more than once, across members and restarts), redeliveries (polls beyond the first).
/// Rule: Kafka's validate_delivery (len(consumed) vs len(set(consumed))).
CheckFigures ComputeDuplicates(const History& history, const ExpectSpec& spec);
/// ComputeDuplicates, also returning ComputeConsumed's result in `consumed` when not null: both
/// count the same polls, so the delivery summary gets both from one pass.
CheckFigures ComputeDuplicatesCounting(const History& history, const ExpectSpec& spec,
                                       CheckFigures* consumed);

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
/// What the consumed check counts in a pass over the group's polls (in the entry's topic).
struct PollCounts {
  size_t distinct = 0;             ///< records with an identity
  size_t deliveries = 0;           ///< polls of records with an identity
  size_t foreign = 0;              ///< polls of foreign records (without this run's identity)
  std::vector<size_t> per_member;  ///< deliveries by actor id
};
/// consumed.cc: the consumed check's figures and evidence from its counts.
CheckFigures ConsumedFigures(const History& history, const Scope& scope, const PollCounts& counts);

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
/// AbortedCollector finds aborted() that the group polled: never written, or sent in an aborted
/// transaction). Rule: Jepsen's G1a, aborted read (kafka.clj); for transactions, KIP-98's
/// read_committed isolation.
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
/// lag.cc: one partition's consumer lag as ComputeLag counts it (and the timeline, over time):
/// `log_end` minus the group's `committed` offset, or minus `log_start` (0 when negative) where
/// the group never committed (`committed` < 0); never negative, and no overflow for the offsets
/// an op holds (-2^47 to 2^47 - 1). Rule: kafka-consumer-groups.sh's
/// LAG = LOG-END-OFFSET - CURRENT-OFFSET.
int64_t PartitionLag(int64_t log_end, int64_t committed, int64_t log_start);

/// latency.cc. Scope: group (required), topic. Figures: p99_ms, p50_ms, max_ms (nearest-rank
/// percentiles over records of the first poll by the group minus the send's invoke, in
/// milliseconds). Rule: the end-to-end latency of Trogdor's ProduceBench/ConsumeBench
/// (p50/p95/p99) measured per record.
CheckFigures ComputeLatency(const History& history, const ExpectSpec& spec);
/// ComputeLatency, also handing over the latencies it measured (microseconds, one per record, in
/// no particular order) in `latencies_us` when not null: the timeline's histogram.
CheckFigures ComputeLatencyKeeping(const History& history, const ExpectSpec& spec,
                                   std::vector<int64_t>* latencies_us);

}  // namespace ks::check_detail
