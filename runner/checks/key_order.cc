// key_order: per record key, does the group first see records in the order they were acknowledged?
//
// Kafka orders records only within a partition, and the default partitioners send one key to one
// partition, so per-key order is what applications rely on. The reference order is the order of
// acknowledgement: for records of one partition the broker assigns offsets in that order, and
// acknowledgements arrive per partition in offset order (librdkafka's delivery reports).
// librdkafka's test suite checks the same property per partition on message ids (tests/test.c,
// ORDER BY_MSGID: msgid >= previous). Jepsen's nonmonotonic-poll (kafka.clj) is the per-partition
// offset version of it; see partition_order.cc.

#include <fmt/format.h>

#include <algorithm>

#include "checks/common.h"

namespace ks::check_detail {

namespace {

// The acknowledgement's time, partition and offset are copied in so that sorting does not chase
// op indices through a history of millions of ops.
struct Entry {
  int64_t ack_time_us = 0;
  int64_t offset = -1;
  int32_t partition = -1;
  uint32_t key = kNoId;
  uint32_t send = 0;        ///< op index of the acknowledgement
  uint32_t first_poll = 0;  ///< op index of the group's first poll
  uint32_t rank = 0;        ///< position in the key's acknowledgement order
};

}  // namespace

CheckFigures ComputeKeyOrder(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"keys_out_of_order", 0}, {"inversions", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  const std::string& group = history.groups[scope.group];
  std::vector<RecordRef> acked;
  std::vector<RecordRef> polled;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (!op.has_record() || op.key == kNoId) continue;
    if (scope.topic != kNoId && op.topic != scope.topic) continue;
    auto index = static_cast<uint32_t>(i);
    if (op.kind == OpKind::kSend && op.type == OpType::kOk) {
      acked.push_back({op.seq, op.producer, index});
    } else if (IsGroupPoll(op, scope)) {
      polled.push_back({op.seq, op.producer, index});
    }
  }
  SortByRecord(acked);
  UniqueByRecord(acked);
  SortByRecord(polled);
  UniqueByRecord(polled);  // keeps each record's first poll: re-deliveries do not reorder a key

  std::vector<Entry> entries;
  size_t p = 0;
  for (const RecordRef& ack : acked) {
    while (p < polled.size() && (polled[p].producer < ack.producer ||
                                 (polled[p].producer == ack.producer && polled[p].seq < ack.seq))) {
      ++p;
    }
    if (p < polled.size() && SameRecord(polled[p], ack)) {
      const Op& send = history.ops[ack.op];
      entries.push_back(
          {send.time_us, send.offset, send.partition, send.key, ack.op, polled[p].op, 0});
    }
  }
  if (entries.empty()) {
    out.nothing_to_judge = fmt::format("{} polled no acknowledged record with a key", group);
    return out;
  }

  // Acknowledgement order: op time, ties broken by partition then offset (the broker's order).
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.key != b.key) return a.key < b.key;
    if (a.ack_time_us != b.ack_time_us) return a.ack_time_us < b.ack_time_us;
    if (a.partition != b.partition) return a.partition < b.partition;
    if (a.offset != b.offset) return a.offset < b.offset;
    return a.send < b.send;
  });
  for (size_t i = 0; i < entries.size(); ++i) {
    entries[i].rank = (i > 0 && entries[i - 1].key == entries[i].key) ? entries[i - 1].rank + 1 : 0;
  }
  // First-poll order; op indices are time order, and two polls never share an op.
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.first_poll < b.first_poll;
  });

  size_t keys_out_of_order = 0;
  size_t inversions = 0;
  for (size_t begin = 0; begin < entries.size();) {
    size_t end = begin + 1;
    while (end < entries.size() && entries[end].key == entries[begin].key) ++end;
    size_t key_inversions = 0;
    for (size_t i = begin + 1; i < end; ++i) {
      if (entries[i].rank >= entries[i - 1].rank) continue;
      ++key_inversions;
      if (key_inversions == 1 && out.evidence_text.size() < kMaxEvidenceLines) {
        const Entry& later_acked = entries[i - 1];
        const Entry& earlier_acked = entries[i];
        const Op& a = history.ops[earlier_acked.send];
        const Op& b = history.ops[later_acked.send];
        const Op& pa = history.ops[earlier_acked.first_poll];
        const Op& pb = history.ops[later_acked.first_poll];
        out.evidence_text.push_back(fmt::format(
            "key {}: {} was acked before {} ({} at {}, {} at {}), but {} first polled {} ({} at "
            "{}) and only then {} ({} at {})",
            KeyName(history, a.key), RecordName(history, a), RecordName(history, b),
            Where(history, a), Seconds(a.time_us), Where(history, b), Seconds(b.time_us), group,
            RecordName(history, b), ActorName(history, pb.actor), Seconds(pb.time_us),
            RecordName(history, a), ActorName(history, pa.actor), Seconds(pa.time_us)));
        AddEvidence(history,
                    {earlier_acked.send, later_acked.send, later_acked.first_poll,
                     earlier_acked.first_poll},
                    &out);
      }
    }
    if (key_inversions > 0) ++keys_out_of_order;
    inversions += key_inversions;
    begin = end;
  }
  AddMoreLine(keys_out_of_order, out.evidence_text.size(), "keys out of order", &out);
  out.figures = {{"keys_out_of_order", static_cast<double>(keys_out_of_order)},
                 {"inversions", static_cast<double>(inversions)}};
  return out;
}

}  // namespace ks::check_detail
