// same_key_same_partition: keys whose acknowledged records landed in more than one partition.
//
// Per-key order in Kafka rests on a key always mapping to one partition (the Java client's
// murmur2 partitioner, librdkafka's consistent/crc32; KIP-480 keeps keyed records out of sticky
// partitioning). The property breaks when the partition count changes, when producers use
// different partitioners, or with a random partitioner; this check measures it on what the
// brokers acknowledged, whatever the cause.

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

namespace {

struct Placement {
  uint32_t key = kNoId;
  int32_t partition = -1;
  uint32_t op = 0;  ///< the first acknowledgement of this key in this partition
};

/// What the first pass found.
struct KeyTally {
  size_t keys = 0;
  size_t split_keys = 0;
  std::vector<uint32_t> shown;  // the first split keys, in key order
};

/// True for an acknowledgement the check counts.
bool Counted(const Scope& scope, const Op& op) {
  return op.kind == OpKind::kSend && op.type == OpType::kOk && op.key != kNoId &&
         op.topic == scope.topic && op.partition >= 0 &&
         (scope.producer == kNoId || op.producer == scope.producer);
}

/// The first pass: the keys acknowledged, those split over partitions, and the first few of them.
KeyTally CountSplitKeys(const History& history, const Scope& scope) {
  // Per key: the partition of its first acknowledgement, and whether another partition followed.
  std::vector<int32_t> first(history.keys.size(), -1);
  std::vector<uint8_t> split(history.keys.size(), 0);
  KeyTally out;
  size_t keys = 0;  // counters local to the loop, as stores to `split` could alias them
  size_t split_keys = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (!Counted(scope, op)) continue;
    if (op.key >= first.size()) {
      first.resize(op.key + 1, -1);
      split.resize(op.key + 1, 0);
    }
    int32_t& partition = first[op.key];
    if (partition < 0) {
      partition = op.partition;
      ++keys;
    } else if (partition != op.partition && split[op.key] == 0) {
      split[op.key] = 1;
      ++split_keys;
      KeepFirst(out.shown, op.key, std::less<uint32_t>());
    }
  }
  out.keys = keys;
  out.split_keys = split_keys;
  return out;
}

/// The second pass, only when a key is shown: each shown key's first acknowledgement in each of
/// its partitions, in (key, partition) order.
std::vector<Placement> PlacementsOf(const History& history, const Scope& scope,
                                    const std::vector<uint32_t>& shown) {
  std::vector<Placement> placements;
  if (!shown.empty()) {
    for (size_t i = 0; i < history.ops.size(); ++i) {
      PrefetchOp(history, i);
      const Op& op = history.ops[i];
      if (!Counted(scope, op) || !std::binary_search(shown.begin(), shown.end(), op.key)) continue;
      placements.push_back({op.key, op.partition, static_cast<uint32_t>(i)});
    }
  }
  std::sort(placements.begin(), placements.end(), [](const Placement& a, const Placement& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.partition != b.partition) return a.partition < b.partition;
    return a.op < b.op;
  });
  placements.erase(std::unique(placements.begin(), placements.end(),
                               [](const Placement& a, const Placement& b) {
                                 return a.key == b.key && a.partition == b.partition;
                               }),
                   placements.end());
  return placements;
}

/// Writes a line per split key in `placements` into `out`, with the first key's ops as evidence.
void ReportSplitKeys(const History& history, const std::vector<Placement>& placements,
                     CheckFigures* out) {
  for (size_t begin = 0; begin < placements.size();) {
    size_t end = begin + 1;
    while (end < placements.size() && placements[end].key == placements[begin].key) ++end;
    std::string where;
    for (size_t i = begin; i < end && i < begin + 4; ++i) {
      const Op& op = history.ops[placements[i].op];
      where += fmt::format("{}{} (first {})", i == begin ? "" : ", ", Where(history, op),
                           RecordName(history, op));
    }
    if (end - begin > 4) where += fmt::format(" and {} more partitions", end - begin - 4);
    out->evidence_text.push_back(fmt::format("key {} landed in {} partitions: {}",
                                             KeyName(history, placements[begin].key), end - begin,
                                             where));
    if (out->evidence.empty()) {
      for (size_t i = begin; i < end; ++i) AddEvidence(history, {placements[i].op}, out);
    }
    begin = end;
  }
}

}  // namespace

CheckFigures ComputeSameKeySamePartition(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"topic"}, {"split_keys", "keys"}, &out, &scope)) return out;
  // Only the few split keys shown need every partition, which a second pass collects.
  KeyTally tally = CountSplitKeys(history, scope);
  if (tally.keys == 0) {
    out.nothing_to_judge =
        fmt::format("no record with a key was acknowledged on {}", history.topics.Get(scope.topic));
    return out;
  }
  ReportSplitKeys(history, PlacementsOf(history, scope, tally.shown), &out);
  AddMoreLine(tally.split_keys, out.evidence_text.size(), "split keys", &out);
  out.figures = {{"split_keys", static_cast<double>(tally.split_keys)},
                 {"keys", static_cast<double>(tally.keys)}};
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(same_key_same_partition, check_detail::ComputeSameKeySamePartition,
         "same_key_same_partition")
