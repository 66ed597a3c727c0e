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

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// A key's previous record in first-poll order: its acknowledgement and first poll (op indices).
struct Last {
  uint32_t send = kNoId;
  uint32_t first_poll = kNoId;
};

/// A key's first inversion: the record acked earlier but polled later, and the one before it.
struct Inversion {
  uint32_t key = kNoId;
  Last earlier_acked;
  Last later_acked;
};

/// Acknowledgement order: op time, ties broken by partition then offset (the broker's order),
/// then op index.
bool AckedBefore(const Op& a, uint32_t a_index, const Op& b, uint32_t b_index) {
  if (a.time_us != b.time_us) return a.time_us < b.time_us;
  if (a.partition != b.partition) return a.partition < b.partition;
  if (a.offset != b.offset) return a.offset < b.offset;
  return a_index < b_index;
}

/// A record's first acknowledgement, and whether the current pass saw its first poll.
struct Record {
  uint32_t ack = kNoId;  ///< the first acknowledgement
  uint8_t polled = 0;    ///< first poll seen in the current pass
  bool operator==(const Record&) const = default;
};

/// Each key's sequence so far, and what comparing along it found.
struct Sequences {
  std::vector<Last> last;             // per key: its previous record
  std::vector<uint8_t> out_of_order;  // per key: an inversion was counted
  std::vector<Inversion> shown;
  size_t entries = 0;
  size_t keys_out_of_order = 0;
  size_t inversions = 0;
};

/// Empties `seq` for a pass over a history of `keys` keys.
void Restart(size_t keys, Sequences* seq) {
  seq->entries = seq->keys_out_of_order = seq->inversions = 0;
  seq->shown.clear();
  seq->last.assign(keys, Last{});
  seq->out_of_order.assign(keys, 0);
}

/// Appends the record acknowledged at `send` and first polled at `first_poll` to its key's
/// sequence, counting an inversion when it was acknowledged before the previous one.
void Judge(const History& history, uint32_t send, uint32_t first_poll, Sequences* seq) {
  ++seq->entries;
  const Op& op = history.ops[send];
  if (op.key >= seq->last.size()) {
    seq->last.resize(op.key + 1);
    seq->out_of_order.resize(op.key + 1, 0);
  }
  Last& prev = seq->last[op.key];
  if (prev.send != kNoId && AckedBefore(op, send, history.ops[prev.send], prev.send)) {
    ++seq->inversions;
    if (seq->out_of_order[op.key] == 0) {
      seq->out_of_order[op.key] = 1;
      ++seq->keys_out_of_order;
      KeepFirst(seq->shown, Inversion{op.key, {send, first_poll}, prev},
                [](const Inversion& a, const Inversion& b) { return a.key < b.key; });
    }
  }
  prev = {send, first_poll};
}

/// True for an op of a keyed record in scope.
bool Judged(const Scope& scope, const Op& op) {
  return op.has_record() && op.key != kNoId && (scope.topic == kNoId || op.topic == scope.topic);
}

/// The first pass: notes acknowledgements and judges each record at its first poll. Returns true
/// when a record was polled before it was acknowledged: then the pass judged without it.
bool JudgeAsPolled(const History& history, const Scope& scope, DenseTable<Record>& records,
                   Sequences* seq) {
  bool polled_before_acked = false;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (!Judged(scope, op)) continue;
    auto index = static_cast<uint32_t>(i);
    if (op.kind == OpKind::kSend && op.type == OpType::kOk) {
      Record& r = records(op.producer, op.seq);
      if (r.ack != kNoId) continue;
      r.ack = index;
      if (r.polled != 0) polled_before_acked = true;
    } else if (IsGroupPoll(op, scope)) {
      Record& r = records(op.producer, op.seq);
      if (r.polled != 0) continue;  // re-deliveries do not reorder a key
      r.polled = 1;
      if (r.ack != kNoId) Judge(history, r.ack, index, seq);
    }
  }
  return polled_before_acked;
}

/// The second pass, with every acknowledgement known: judges each record at its first poll anew.
void JudgeAgain(const History& history, const Scope& scope, DenseTable<Record>& records,
                Sequences* seq) {
  Restart(history.keys.size(), seq);
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (!Judged(scope, op) || !IsGroupPoll(op, scope)) continue;
    Record& r = records(op.producer, op.seq);
    if (r.polled != 1) continue;
    r.polled = 2;
    if (r.ack != kNoId) Judge(history, r.ack, static_cast<uint32_t>(i), seq);
  }
}

/// Writes the evidence and figures of `seq` into `out`.
void ReportInversions(const History& history, const std::string& group, const Sequences& seq,
                      CheckFigures* out) {
  for (const Inversion& inv : seq.shown) {
    const Op& a = history.ops[inv.earlier_acked.send];
    const Op& b = history.ops[inv.later_acked.send];
    const Op& pa = history.ops[inv.earlier_acked.first_poll];
    const Op& pb = history.ops[inv.later_acked.first_poll];
    out->evidence_text.push_back(fmt::format(
        "key {}: {} was acked before {} ({} at {}, {} at {}), but {} first polled {} ({} at "
        "{}) and only then {} ({} at {})",
        KeyName(history, a.key), RecordName(history, a), RecordName(history, b), Where(history, a),
        Seconds(a.time_us), Where(history, b), Seconds(b.time_us), group, RecordName(history, b),
        ActorName(history, pb.actor), Seconds(pb.time_us), RecordName(history, a),
        ActorName(history, pa.actor), Seconds(pa.time_us)));
    AddEvidence(history,
                {inv.earlier_acked.send, inv.later_acked.send, inv.later_acked.first_poll,
                 inv.earlier_acked.first_poll},
                out);
  }
  AddMoreLine(seq.keys_out_of_order, out->evidence_text.size(), "keys out of order", out);
  out->figures = {{"keys_out_of_order", static_cast<double>(seq.keys_out_of_order)},
                  {"inversions", static_cast<double>(seq.inversions)}};
}

}  // namespace

CheckFigures ComputeKeyOrder(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"}, {"keys_out_of_order", "inversions"}, &out, &scope))
    return out;
  const std::string& group = history.groups[scope.group];

  // A judged record is acknowledged and polled by the group: its place in its key's sequence is
  // its first poll, its rank there its acknowledgement. Comparing each record with its key's
  // previous one in first-poll order finds every inversion (adjacent pair going backwards in
  // acknowledgement order) without sorting. A pass handles each record at its first poll, which
  // needs the acknowledgement known by then: true unless a record was polled before it was
  // acknowledged, and then a second pass, with every acknowledgement known, does it again.
  DenseTable<Record> records(Record{}, DenseBudget(history));
  Sequences seq;
  Restart(history.keys.size(), &seq);
  if (JudgeAsPolled(history, scope, records, &seq)) JudgeAgain(history, scope, records, &seq);
  if (seq.entries == 0) {
    out.nothing_to_judge = fmt::format("{} polled no acknowledged record with a key", group);
    return out;
  }
  ReportInversions(history, group, seq, &out);
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(key_order, check_detail::ComputeKeyOrder, "key_order")
