// partition_spread: how a topic's acknowledged records spread over its partitions.
//
// Descriptive rather than an anomaly: it lets a lesson state what a partitioner does (a
// single key fills one partition, round_robin spreads evenly, KIP-480's sticky partitioner fills
// one batch at a time). Partitions that received nothing count, so the partition count comes
// from the runner's end-of-run watermark readings, which cover every partition.

#include <fmt/format.h>

#include <algorithm>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputePartitionSpread(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"topic"},
                  {"partitions_used", "min_per_partition", "max_per_partition", "records"}, &out,
                  &scope))
    return out;
  const std::string& topic = history.topics.Get(scope.topic);
  int32_t partitions = PartitionCount(history, scope.topic);
  std::vector<int64_t> counts(static_cast<size_t>(std::max(partitions, 0)), 0);
  std::vector<uint32_t> first(counts.size(), kNoId);
  int64_t records = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (op.kind != OpKind::kSend || op.type != OpType::kOk || op.topic != scope.topic) continue;
    if (scope.producer != kNoId && op.producer != scope.producer) continue;
    if (op.partition < 0 || op.partition >= partitions) continue;
    auto p = static_cast<size_t>(op.partition);
    if (counts[p]++ == 0) first[p] = static_cast<uint32_t>(i);
    ++records;
  }
  if (records == 0) {
    out.nothing_to_judge = scope.producer != kNoId
                               ? fmt::format("no record of {} to {} was acknowledged",
                                             history.producers.Get(scope.producer), topic)
                               : fmt::format("no record to {} was acknowledged", topic);
    return out;
  }
  int64_t used = std::count_if(counts.begin(), counts.end(), [](int64_t c) { return c > 0; });
  auto [min, max] = std::minmax_element(counts.begin(), counts.end());
  out.figures = {{"partitions_used", static_cast<double>(used)},
                 {"min_per_partition", static_cast<double>(*min)},
                 {"max_per_partition", static_cast<double>(*max)},
                 {"records", static_cast<double>(records)}};

  // The whole distribution in one line (up to 16 partitions) is the evidence that matters here.
  std::string spread;
  for (size_t p = 0; p < counts.size() && p < 16; ++p) {
    spread += fmt::format("{}{}", p == 0 ? "" : ", ", counts[p]);
  }
  if (counts.size() > 16) spread += fmt::format(", ... ({} partitions)", counts.size());
  out.evidence_text.push_back(
      fmt::format("{} acked records per partition of {}: [{}]", records, topic, spread));
  for (uint32_t op : first) AddEvidence(history, {op}, &out);
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(partition_spread, check_detail::ComputePartitionSpread, "partition_spread")
