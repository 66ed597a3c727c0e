#pragma once

// A run's history as series over time, for the HTML report's charts (report/html_report.h): how
// fast records were acknowledged and consumed, where each partition's log end, each group's
// position and committed offset stood, the group's lag, who owned which partition, the
// end-to-end latency distribution, and the events (crashes, rebalances, faults...) to mark.
// A pure function of the history, like the checks, and built from the same definitions: lag as
// the lag check counts it, ownership as the assignment check replays it, latency as the latency
// check measures it. Downsampled so that a page stays small however long the run; the history
// itself stays the full record.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "history/history.h"

namespace ks {

/// (time in ms since the run started, value) points of a step series: each value holds from its
/// time until the next point's.
using StepPoints = std::vector<std::pair<double, int64_t>>;

/// The series of one run.
struct Timeline {
  /// Records counted per bucket: `counts[i]` covers [i * bucket_ms, (i + 1) * bucket_ms).
  struct Rate {
    std::string name;  ///< the producer or group
    std::string
        kind;  ///< "acknowledged" (a producer's ok sends) or "consumed" (a group's ok polls)
    std::vector<uint32_t> counts;
  };
  /// One group's offsets in one partition.
  struct GroupOffsets {
    std::string group;
    /// The group's position: the offset after the last record a member polled, or the offset
    /// a member seeked to; it falls back when a new owner resumes from an older committed offset.
    StepPoints position;
    StepPoints committed;  ///< the group's last ok commit (the committed, next offset)
  };
  /// One partition.
  struct Partition {
    std::string topic;
    int32_t partition = 0;
    /// The log end as the run saw it: the offset after the highest acknowledged record, until
    /// the high watermark the runner reads at the end sets it (which also counts others' records
    /// and transaction markers, and is lower where the topic was recreated).
    StepPoints log_end;
    std::vector<GroupOffsets> groups;  ///< the groups that polled, committed or were assigned it
  };
  /// A group's lag over time: the sum over its topics' partitions of PartitionLag
  /// (checks/common.h, the lag check's rule): log end minus committed offset, or minus the log
  /// start offset (0 until the runner reads it at the end) before the group's first commit there.
  /// At the end it is the lag check's figure wherever the runner read every high watermark.
  /// Kafka's consumer lag (kafka-consumer-groups.sh: LOG-END-OFFSET - CURRENT-OFFSET).
  struct Lag {
    std::string group;
    StepPoints points;
  };
  /// A partition one member owned from `from_ms` to `to_ms`.
  struct Span {
    std::string topic;
    int32_t partition = 0;
    double from_ms = 0;
    double to_ms = 0;
  };
  /// A member's spans, in time order. Ownership is replayed as the assignment check does
  /// (assign/revoke ops; a start owns nothing yet, a stop or crash loses everything).
  struct Ownership {
    std::string member;
    std::string group;
    std::vector<Span> spans;
  };
  /// A group's end-to-end latencies (first consumption minus send invoke, as the latency check
  /// measures them) as a histogram: `counts[i]` records in [edges_ms[i], edges_ms[i + 1]).
  struct Latency {
    std::string group;
    std::vector<double> edges_ms;
    std::vector<uint64_t> counts;
    size_t records = 0;
    double p50_ms = 0;  ///< the latency check's figures (nearest rank)
    double p99_ms = 0;
    double max_ms = 0;
  };
  /// Something that happened at one moment, drawn as a vertical marker.
  struct Event {
    double t_ms = 0;
    /// "start", "restart" (a start after a crash or stop), "stop", "crash", "rebalance" (a
    /// group's first assignment of a new generation), "fault" (injected), "fault_end" (undone),
    /// "seek", "txn_abort".
    std::string kind;
    std::string actor;  ///< who: a member, producer, group (rebalance) or "runner" (faults)
    std::string label;  ///< e.g. "crash billing/1", "rebalance billing gen 3"
  };

  double end_ms = 0;                  ///< the last op's time: the time axis runs from 0 to here
  int64_t bucket_ms = 100;            ///< width of a Rate bucket: 100 ms, wider for long runs
  std::vector<Rate> rates;            ///< producers, then groups
  std::vector<Partition> partitions;  ///< by topic, then partition
  std::vector<Lag> lag;               ///< by group
  std::vector<Ownership> ownership;   ///< by member actor
  size_t spans_dropped = 0;           ///< spans past TimelineLimits::max_spans, not in ownership
  std::vector<Latency> latency;       ///< by group, for groups with a measured record
  std::vector<Event> events;          ///< in time order
};

/// How much a Timeline may hold: together these keep the page of any run within a few MB
/// (bench/README.md: a 1M-record run over 1000 s on 64 partitions).
struct TimelineLimits {
  size_t max_buckets = 3000;  ///< Rate buckets: bucket_ms widens past 100 ms to stay under this
  size_t max_rate_points = 100000;  ///< buckets times rates (producers and groups), likewise
  /// Points of all step series together (log end, positions, commits, lag): each series keeps at
  /// most four points per interval of 4 * end_ms * series / max_step_points (at least
  /// bucket_ms): the interval's first, lowest, highest and last values (M4 downsampling). A
  /// bound, give or take four points per series (the intervals a run's end cuts short).
  size_t max_step_points = 150000;
  size_t max_spans = 20000;  ///< ownership spans; those that start last are dropped
  size_t max_events = 500;   ///< events beyond these are dropped (the last one says so)
};

/// The series of `history`, at most `limits` large. An empty history gives an empty timeline.
Timeline BuildTimeline(const History& history, const TimelineLimits& limits = {});

}  // namespace ks
