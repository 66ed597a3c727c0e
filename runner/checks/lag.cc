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

#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeLag(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"lag", 0}, {"max_partition_lag", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  const std::string& group = history.groups[scope.group];
  const size_t topic_count = history.topics.size();
  // The last reading of each kind per partition (op indices), for every topic: without a topic
  // in the entry the scope is the topics the group was assigned or polled, known only after the
  // pass.
  struct Readings {
    uint32_t watermark = kNoId;
    uint32_t log_start = kNoId;
    uint32_t commit = kNoId;
  };
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
  auto in_scope = [&](uint32_t topic) {
    return scope.topic != kNoId ? topic == scope.topic : topic < topics.size() && topics[topic];
  };

  struct Lagging {
    int64_t lag = 0;
    size_t slot = 0;  ///< (topic, partition) order
    Readings at;
  };
  std::vector<Lagging> lagging;
  size_t partitions = 0;
  int64_t total = 0;
  int64_t most = 0;
  size_t slot = 0;
  for (uint32_t t = 0; t < topic_count; ++t) {
    if (!in_scope(t)) continue;
    for (int32_t p = 0; p < readings.Partitions(t); ++p, ++slot) {
      const Readings& r = *readings.Find(t, p);
      if (r.watermark == kNoId) continue;
      ++partitions;
      int64_t end = history.ops[r.watermark].offset;
      int64_t from = r.commit != kNoId      ? history.ops[r.commit].offset
                     : r.log_start != kNoId ? history.ops[r.log_start].offset
                                            : 0;
      int64_t lag = std::max<int64_t>(0, end - from);
      total += lag;
      most = std::max(most, lag);
      if (lag > 0) lagging.push_back({lag, slot, r});
    }
  }
  if (partitions == 0) {
    out.nothing_to_judge =
        scope.topic != kNoId
            ? fmt::format("no high watermark of {} was recorded", history.topics.Get(scope.topic))
            : fmt::format("no high watermark was recorded for a topic that {} read", group);
    return out;
  }
  out.figures = {{"lag", static_cast<double>(total)},
                 {"max_partition_lag", static_cast<double>(most)}};

  // The partitions that lag most, largest first.
  size_t shown = std::min(lagging.size(), kMaxEvidenceLines);
  std::partial_sort(lagging.begin(), lagging.begin() + static_cast<std::ptrdiff_t>(shown),
                    lagging.end(), [](const Lagging& a, const Lagging& b) {
                      return a.lag != b.lag ? a.lag > b.lag : a.slot < b.slot;
                    });
  for (size_t k = 0; k < shown; ++k) {
    const Readings& r = lagging[k].at;
    const Op& mark = history.ops[r.watermark];
    std::string tp = TopicPartition(history, mark.topic, mark.partition);
    std::string from;
    if (r.commit != kNoId) {
      const Op& c = history.ops[r.commit];
      from = fmt::format("{} last committed {} by {} at {}", group, c.offset,
                         ActorName(history, c.actor), Seconds(c.time_us));
    } else {
      from = fmt::format("{} never committed it (log start {})", group,
                         r.log_start != kNoId ? history.ops[r.log_start].offset : 0);
    }
    out.evidence_text.push_back(
        fmt::format("{}: high watermark {}, {}: lag {}", tp, mark.offset, from, lagging[k].lag));
    AddEvidence(history, {r.watermark}, &out);
    if (r.commit != kNoId) AddEvidence(history, {r.commit}, &out);
  }
  AddMoreLine(lagging.size(), shown, "lagging partitions", &out);
  return out;
}

}  // namespace ks::check_detail
