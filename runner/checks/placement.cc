// placement: every acknowledged record sits in the partition its producer's partitioner gives.
//
// The partitioners are librdkafka's (CONFIGURATION.md, `partitioner`): `consistent_random` hashes
// a key with CRC32 (our "crc32", librdkafka's default) and `murmur2_random` with murmur2 as the
// Java client's default partitioner does (our "murmur2"); both send null keys to a random
// partition (consistent_random empty keys too), and `random` is random for every record, so
// those are unpredictable and not judged.
// round_robin and explicit partitions are chosen by the producer actor itself: record i goes to
// i % partitions, or to the declared partition. librdkafka's own placement test (tests/test.c,
// the "partition=" token of L6) fails when a record arrives in another partition than the one it
// was produced to; this is the same contract, with the partition predicted from the declaration.

#include <fmt/format.h>

#include <algorithm>

#include "checks/check_registry.h"
#include "checks/common.h"
#include "partition/partitioner.h"

namespace ks::check_detail {

namespace {

enum class Rule : uint8_t { kUnpredictable, kMurmur2, kCrc32, kRoundRobin, kExplicit };

Rule RuleOf(const ProducerInfo& info) {
  if (info.partitioner == "murmur2") return Rule::kMurmur2;
  if (info.partitioner == "crc32") return Rule::kCrc32;
  if (info.partitioner == "round_robin") return Rule::kRoundRobin;
  if (info.partitioner == "explicit" && info.partition >= 0) return Rule::kExplicit;
  return Rule::kUnpredictable;  // "random", or a name this check does not know
}

constexpr int32_t kNotComputed = -1;

/// Partitions per key, computed once each: millions of records share a few thousand keys.
struct KeyPartitions {
  std::vector<int32_t> murmur2;
  std::vector<int32_t> crc32;
};

/// What one pass found.
struct Tally {
  size_t checked = 0;
  size_t misplaced = 0;
  int32_t from_watermarks = 0;  ///< highest partition + 1 among the topic's watermark readings
  int32_t from_ops = 0;         ///< highest partition + 1 among the topic's ops
};

/// The partition count the runner's final watermark readings give for `topic`, else
/// PartitionCount; 0 or less when unknown.
int32_t FirstPartitionCount(const History& history, uint32_t topic) {
  int32_t partitions = 0;
  for (size_t i = history.ops.size(); i-- > 0;) {
    const Op& op = history.ops[i];
    if (op.kind != OpKind::kWatermark && op.kind != OpKind::kLogStart) break;
    if (op.kind == OpKind::kWatermark && op.topic == topic && op.partition >= 0)
      partitions = std::max(partitions, op.partition + 1);
  }
  if (partitions == 0) partitions = PartitionCount(history, topic);
  return partitions;
}

/// The partition `hash` gives `key`, from `cache` once computed.
int32_t Hashed(const History& history, std::vector<int32_t>& cache, uint32_t key,
               int32_t partitions, int32_t (*hash)(std::string_view, int32_t)) {
  int32_t& slot = cache[key];
  if (slot == kNotComputed) slot = hash(history.keys.Get(key), partitions);
  return slot;
}

/// The partition `rule` predicts for the acknowledged send `op`, or -1 when it predicts none.
int32_t Expected(const History& history, Rule rule, const Op& op, int32_t partitions,
                 KeyPartitions* cache) {
  bool keyed = op.key != kNoId && op.key < history.keys.size();
  switch (rule) {
    case Rule::kMurmur2:
      if (keyed) return Hashed(history, cache->murmur2, op.key, partitions, Murmur2Partition);
      break;
    case Rule::kCrc32:  // consistent_random: empty keys are random too
      if (keyed && !history.keys.Get(op.key).empty())
        return Hashed(history, cache->crc32, op.key, partitions, Crc32Partition);
      break;
    case Rule::kRoundRobin:
      return static_cast<int32_t>(op.seq % static_cast<uint64_t>(partitions));
    case Rule::kExplicit:
      return history.producer_info[op.producer].partition;
    case Rule::kUnpredictable:
      break;
  }
  return -1;
}

/// The evidence line for `op`, acknowledged elsewhere than in partition `expected`.
std::string Misplaced(const History& history, Rule rule, const Op& op, int32_t partitions,
                      int32_t expected) {
  std::string why;
  switch (rule) {
    case Rule::kMurmur2:
    case Rule::kCrc32:
      why = fmt::format("{} over {} partitions puts key {} in {}",
                        history.producer_info[op.producer].partitioner, partitions,
                        KeyName(history, op.key), TopicPartition(history, op.topic, expected));
      break;
    case Rule::kRoundRobin:
      why = fmt::format("round_robin over {} partitions puts record {} in {}", partitions, op.seq,
                        TopicPartition(history, op.topic, expected));
      break;
    default:
      why = fmt::format("its producer declares the partition {}",
                        TopicPartition(history, op.topic, expected));
      break;
  }
  return fmt::format("{} acked at {}, but {}", RecordWithKey(history, op), Where(history, op), why);
}

/// One pass judging every acknowledged send in scope against `partitions`, with the evidence
/// (anew) in `out`; also works out the topic's true partition count.
Tally CheckPlacements(const History& history, const Scope& scope, const std::vector<Rule>& rules,
                      int32_t partitions, KeyPartitions* cache, CheckFigures* out) {
  // Counters local to the loop, as stores to the key caches could alias them.
  size_t checked = 0;
  size_t misplaced = 0;
  int32_t from_watermarks = 0;
  int32_t from_ops = 0;
  out->evidence.clear();
  out->evidence_text.clear();
  cache->murmur2.assign(history.keys.size(), kNotComputed);
  cache->crc32.assign(history.keys.size(), kNotComputed);
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (op.topic == scope.topic && op.partition >= 0) {
      from_ops = std::max(from_ops, op.partition + 1);
      if (op.kind == OpKind::kWatermark)
        from_watermarks = std::max(from_watermarks, op.partition + 1);
    }
    if (op.kind != OpKind::kSend || op.type != OpType::kOk || !op.has_record()) continue;
    if (op.topic != scope.topic || op.partition < 0) continue;
    if (scope.producer != kNoId && op.producer != scope.producer) continue;
    Rule rule = op.producer < rules.size() ? rules[op.producer] : Rule::kUnpredictable;
    int32_t expected = Expected(history, rule, op, partitions, cache);
    if (expected < 0) continue;
    ++checked;
    if (op.partition == expected) continue;
    ++misplaced;
    if (out->evidence_text.size() >= MaxEvidenceLines()) continue;
    out->evidence_text.push_back(Misplaced(history, rule, op, partitions, expected));
    AddEvidence(history, {static_cast<uint32_t>(i)}, out);
  }
  return {checked, misplaced, from_watermarks, from_ops};
}

}  // namespace

CheckFigures ComputePlacement(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"topic"}, {"misplaced", "checked"}, &out, &scope)) return out;
  const std::string& topic = history.topics.Get(scope.topic);
  // The partition count (PartitionCount()) takes the whole history, and every prediction needs
  // it. The runner's final watermark readings close a history, so the pass starts from the count
  // they give and works out the true one as it goes; only when that differs (readings elsewhere,
  // or none) is the pass made again with it.
  int32_t partitions = FirstPartitionCount(history, scope.topic);
  if (partitions <= 0) {
    out.nothing_to_judge = fmt::format("the partition count of {} is unknown", topic);
    return out;
  }
  std::vector<Rule> rules(history.producers.size(), Rule::kUnpredictable);
  for (size_t p = 0; p < rules.size() && p < history.producer_info.size(); ++p)
    rules[p] = RuleOf(history.producer_info[p]);
  KeyPartitions cache;
  Tally tally = CheckPlacements(history, scope, rules, partitions, &cache, &out);
  int32_t counted = tally.from_watermarks > 0 ? tally.from_watermarks : tally.from_ops;
  if (counted != partitions) {
    partitions = counted;
    tally = CheckPlacements(history, scope, rules, partitions, &cache, &out);
  }
  if (tally.checked == 0) {
    out.nothing_to_judge = fmt::format(
        "no acknowledged record of {} had a predictable partition (a random partitioner, null keys "
        "under a hashing one, or producers without a declared partitioner)",
        topic);
    return out;
  }
  AddMoreLine(tally.misplaced, out.evidence_text.size(), "misplaced records", &out);
  out.figures = {{"misplaced", static_cast<double>(tally.misplaced)},
                 {"checked", static_cast<double>(tally.checked)}};
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(placement, check_detail::ComputePlacement, "placement")
