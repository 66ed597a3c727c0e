// lag: how far the group's committed offsets trail the end of the log when the run ends.
//
// Kafka's consumer lag as kafka-consumer-groups.sh --describe prints it: LAG = LOG-END-OFFSET -
// CURRENT-OFFSET per partition, where CURRENT-OFFSET is the group's committed offset. Kafka's
// consumer tests assert the same end state (consumer_test.py: after a clean stop, last_commit ==
// position; K5 in the design notes). The log end is the high watermark the runner reads after
// the run; the committed offset is the group's last ok commit (by any member, in time order). A
// partition the group never committed lags by everything in it: watermark minus log start
// offset (0 when the runner recorded none).

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// The last reading of each kind in a partition (op indices).
struct Readings {
  uint32_t watermark = kNoId;
  uint32_t log_start = kNoId;
  uint32_t commit = kNoId;
};

/// The readings of every topic's partitions, and the topics the group was assigned or polled:
/// without a topic in the entry those are the scope, known only after the pass.
struct Ends {
  PartitionRows<Readings> readings{0, 1, Readings{}};
  std::vector<uint8_t> topics;
};

/// A partition that lags.
struct Lagging {
  int64_t lag = 0;
  size_t slot = 0;  ///< (topic, partition) order
  Readings at;
};

/// The lag of the partitions in scope.
struct Lags {
  std::vector<Lagging> lagging;
  size_t partitions = 0;  ///< with a watermark reading
  int64_t total = 0;
  int64_t most = 0;
};

/// The pass: each partition's last watermark, log start and group commit readings.
Ends ReadEnds(const History& history, const Scope& scope) {
  const size_t topic_count = history.topics.size();
  // The loop works on locals, moved out at the end: through the return slot every store
  // could alias the state.
  PartitionRows<Readings> readings(topic_count, 1, Readings{});
  std::vector<uint8_t> topics(topic_count, 0);
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    bool member = op.actor < scope.in_group.size() && scope.in_group[op.actor] != 0;
    if (member && (op.kind == OpKind::kAssign || op.kind == OpKind::kPoll) &&
        op.topic < topic_count) {
      topics[op.topic] = 1;
    }
    auto index = static_cast<uint32_t>(i);
    if (op.kind == OpKind::kWatermark) {
      if (Readings* r = readings.Row(op.topic, op.partition)) r->watermark = index;
    } else if (op.kind == OpKind::kLogStart) {
      if (Readings* r = readings.Row(op.topic, op.partition)) r->log_start = index;
    } else if (op.kind == OpKind::kCommit && op.type == OpType::kOk && op.offset >= 0 && member) {
      if (Readings* r = readings.Row(op.topic, op.partition)) r->commit = index;
    }
  }
  return {std::move(readings), std::move(topics)};
}

/// The lag of each partition in scope that has a watermark reading, and the sums.
Lags MeasureLags(const History& history, const Scope& scope, const Ends& ends) {
  auto in_scope = [&](uint32_t topic) {
    return scope.topic != kNoId ? topic == scope.topic
                                : topic < ends.topics.size() && ends.topics[topic];
  };
  Lags out;
  size_t slot = 0;
  for (uint32_t t = 0; t < history.topics.size(); ++t) {
    if (!in_scope(t)) continue;
    for (int32_t p = 0; p < ends.readings.Partitions(t); ++p, ++slot) {
      const Readings& r = *ends.readings.Find(t, p);
      if (r.watermark == kNoId) continue;
      ++out.partitions;
      const int64_t lag =
          PartitionLag(history.ops[r.watermark].offset,
                       r.commit != kNoId ? int64_t{history.ops[r.commit].offset} : -1,
                       r.log_start != kNoId ? int64_t{history.ops[r.log_start].offset} : 0);
      out.total = out.total > INT64_MAX - lag ? INT64_MAX : out.total + lag;
      out.most = std::max(out.most, lag);
      if (lag > 0) out.lagging.push_back({lag, slot, r});
    }
  }
  return out;
}

/// The evidence line for a lagging partition.
std::string LagLine(const History& history, const std::string& group, const Lagging& lagging) {
  const Readings& r = lagging.at;
  const Op& mark = history.ops[r.watermark];
  std::string tp = TopicPartition(history, mark.topic, mark.partition);
  std::string from;
  if (r.commit != kNoId) {
    const Op& c = history.ops[r.commit];
    from = fmt::format("{} last committed {} by {} at {}", group, c.offset,
                       ActorName(history, c.actor), Seconds(c.time_us));
  } else {
    from = fmt::format("{} never committed it (log start {})", group,
                       r.log_start != kNoId ? int64_t{history.ops[r.log_start].offset} : 0);
  }
  return fmt::format("{}: high watermark {}, {}: lag {}", tp, mark.offset, from, lagging.lag);
}

/// Writes the evidence for the partitions that lag most, largest first, into `out`.
void ReportLagging(const History& history, const std::string& group, std::vector<Lagging>& lagging,
                   CheckFigures* out) {
  size_t shown = std::min(lagging.size(), MaxEvidenceLines());
  std::partial_sort(lagging.begin(), lagging.begin() + static_cast<std::ptrdiff_t>(shown),
                    lagging.end(), [](const Lagging& a, const Lagging& b) {
                      return a.lag != b.lag ? a.lag > b.lag : a.slot < b.slot;
                    });
  for (size_t k = 0; k < shown; ++k) {
    const Readings& r = lagging[k].at;
    out->evidence_text.push_back(LagLine(history, group, lagging[k]));
    AddEvidence(history, {r.watermark}, out);
    if (r.commit != kNoId) AddEvidence(history, {r.commit}, out);
  }
  AddMoreLine(lagging.size(), shown, "lagging partitions", out);
}

}  // namespace

int64_t PartitionLag(int64_t log_end, int64_t committed, int64_t log_start) {
  const int64_t from = committed >= 0 ? committed : std::max<int64_t>(0, log_start);
  // from >= 0: only a log end near INT64_MIN could overflow, and it lags by nothing.
  return log_end > from ? log_end - from : 0;
}

CheckFigures ComputeLag(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"}, {"lag", "max_partition_lag"}, &out, &scope)) return out;
  const std::string& group = history.groups[scope.group];
  Lags lags = MeasureLags(history, scope, ReadEnds(history, scope));
  if (lags.partitions == 0) {
    out.nothing_to_judge =
        scope.topic != kNoId
            ? fmt::format("no high watermark of {} was recorded", history.topics.Get(scope.topic))
            : fmt::format("no high watermark was recorded for a topic that {} read", group);
    return out;
  }
  out.figures = {{"lag", static_cast<double>(lags.total)},
                 {"max_partition_lag", static_cast<double>(lags.most)}};
  ReportLagging(history, group, lags.lagging, &out);
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(lag, check_detail::ComputeLag, "lag")
