// poll_skip: offsets a member jumped over inside a partition it kept.
//
// Jepsen's poll-skip (jepsen/tests/kafka.clj): same process, consecutive ops polling one
// topic-partition, no assign or subscribe between them, and the index of the later op's first
// value minus the index of the earlier op's last value is above 1; the skipped values are listed.
// Jepsen's indices count the values of the partition's version order (offsets with the gaps of
// transaction markers removed). We use offsets, and call a jump a gap only when it crosses an
// offset known to hold a record (an acknowledged send, or a record the group polled), so marker
// and compaction holes are not gaps. Like partition_order, an assign or revoke of the partition
// for the member, or a restart of the member, starts a new sequence: a rebalance may legitimately
// move the position. The main figure counts the skipped records that matter: acknowledged
// records inside some gap that the group never polled at all (a skip another member or a later
// poll made up for is still a gap, but nothing was lost to it).

#include <fmt/format.h>

#include <algorithm>

#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// An offset known to hold a record.
struct Known {
  int64_t slot = 0;
  int64_t offset = 0;
  uint32_t op = 0;        ///< the acknowledged send, or the poll that showed the record
  uint32_t unpolled = 0;  ///< 1 for an acknowledged record the group never polled
};

bool KnownBefore(const Known& k, int64_t slot, int64_t offset) {
  return k.slot != slot ? k.slot < slot : k.offset < offset;
}

/// One gap described in evidence.
struct GapNote {
  uint32_t before = 0;  ///< the earlier poll
  uint32_t after = 0;   ///< the later poll
  uint32_t send = kNoId;
  std::string text;
};

}  // namespace

CheckFigures ComputePollSkip(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"skipped", 0}, {"gaps", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  const std::string& group = history.groups[scope.group];
  std::string who = scope.member != kNoId ? ActorName(history, scope.member) : group;
  auto in_topic = [&](uint32_t topic) { return scope.topic == kNoId || topic == scope.topic; };
  PartitionSlots slots(history);

  // Which acknowledged records the group polled, by identity.
  std::vector<RecordRef> acked;
  std::vector<RecordRef> polled;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (!op.has_record() || op.offset < 0 || !in_topic(op.topic)) continue;
    if (op.kind == OpKind::kSend && op.type == OpType::kOk) {
      if (slots.Slot(op.topic, op.partition) >= 0)
        acked.push_back({op.seq, op.producer, static_cast<uint32_t>(i)});
    } else if (IsGroupPoll(op, scope)) {
      polled.push_back({op.seq, op.producer, static_cast<uint32_t>(i)});
    }
  }
  SortByRecord(acked);
  UniqueByRecord(acked);
  SortByRecord(polled);
  UniqueByRecord(polled);
  std::vector<Known> known;
  known.reserve(acked.size());
  auto add = [&](uint32_t index, uint32_t unpolled) {
    const Op& op = history.ops[index];
    int64_t slot = slots.Slot(op.topic, op.partition);
    if (slot >= 0) known.push_back({slot, op.offset, index, unpolled});
  };
  size_t p = 0;
  for (const RecordRef& ack : acked) {
    while (p < polled.size() && (polled[p].producer < ack.producer ||
                                 (polled[p].producer == ack.producer && polled[p].seq < ack.seq))) {
      add(polled[p++].op, 0);  // polled but never acknowledged (an info send that was written)
    }
    bool seen = p < polled.size() && SameRecord(polled[p], ack);
    if (seen) ++p;
    add(ack.op, seen ? 0 : 1);
  }
  for (; p < polled.size(); ++p) add(polled[p].op, 0);
  acked = {};
  polled = {};
  std::sort(known.begin(), known.end(), [](const Known& a, const Known& b) {
    if (a.slot != b.slot) return a.slot < b.slot;
    if (a.offset != b.offset) return a.offset < b.offset;
    return a.op < b.op;
  });
  // unpolled_before[i]: never-polled acknowledged records among known[0, i).
  std::vector<uint32_t> unpolled_before(known.size() + 1, 0);
  for (size_t i = 0; i < known.size(); ++i)
    unpolled_before[i + 1] = unpolled_before[i] + known[i].unpolled;
  // Coverage by gaps, as a difference array over `known`: a record two gaps cover counts once.
  std::vector<int32_t> cover(known.size() + 1, 0);

  // Per (member, partition): the member's previous poll there, or kNoId after a rebalance or
  // restart (as in partition_order).
  std::vector<uint32_t> local(history.actors.size(), kNoId);
  for (size_t m = 0; m < scope.members.size(); ++m)
    local[scope.members[m]] = static_cast<uint32_t>(m);
  std::vector<uint32_t> previous(scope.members.size() * slots.size(), kNoId);
  size_t polls = 0;
  size_t gaps = 0;
  std::vector<GapNote> lossy;      // gaps that skipped a record the group never polled
  std::vector<GapNote> recovered;  // gaps whose records the group polled some other time
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (op.actor >= local.size() || local[op.actor] == kNoId) continue;
    if (scope.member != kNoId && op.actor != scope.member) continue;
    size_t row = static_cast<size_t>(local[op.actor]) * slots.size();
    if (op.kind == OpKind::kStart) {
      std::fill(previous.begin() + static_cast<std::ptrdiff_t>(row),
                previous.begin() + static_cast<std::ptrdiff_t>(row + slots.size()), kNoId);
      continue;
    }
    if (!in_topic(op.topic)) continue;
    int64_t slot = slots.Slot(op.topic, op.partition);
    if (slot < 0) continue;
    uint32_t& prev = previous[row + static_cast<size_t>(slot)];
    if (op.kind == OpKind::kAssign || op.kind == OpKind::kRevoke) {
      prev = kNoId;
      continue;
    }
    // Records without an identity header count too: they hold offsets like any other.
    if (op.kind != OpKind::kPoll || op.type != OpType::kOk || op.offset < 0) continue;
    ++polls;
    auto index = static_cast<uint32_t>(i);
    uint32_t before_op = prev;
    prev = index;
    if (before_op == kNoId) continue;
    const Op& before = history.ops[before_op];
    if (op.offset <= before.offset + 1) continue;
    auto lo = static_cast<size_t>(
        std::lower_bound(known.begin(), known.end(), before.offset + 1,
                         [&](const Known& k, int64_t o) { return KnownBefore(k, slot, o); }) -
        known.begin());
    auto hi = static_cast<size_t>(
        std::lower_bound(known.begin() + static_cast<std::ptrdiff_t>(lo), known.end(), op.offset,
                         [&](const Known& k, int64_t o) { return KnownBefore(k, slot, o); }) -
        known.begin());
    if (lo >= hi) continue;  // only holes: transaction markers, compaction
    ++gaps;
    ++cover[lo];
    --cover[hi];
    uint32_t unpolled = unpolled_before[hi] - unpolled_before[lo];
    std::vector<GapNote>& notes = unpolled > 0 ? lossy : recovered;
    if (notes.size() >= kMaxEvidenceLines) continue;
    std::string head =
        fmt::format("{} polled {} then {} at {} with no rebalance of {} in between",
                    ActorName(history, op.actor), Where(history, before), Where(history, op),
                    Seconds(op.time_us), TopicPartition(history, op.topic, op.partition));
    if (unpolled > 0) {
      size_t first = lo;
      while (known[first].unpolled == 0) ++first;  // at most once per note: O(n) in all
      const Op& send = history.ops[known[first].op];
      notes.push_back({before_op, index, known[first].op,
                       fmt::format("{}, skipping {} acknowledged record{} that {} never polled, "
                                   "e.g. {} at {}",
                                   head, unpolled, unpolled == 1 ? "" : "s", group,
                                   RecordWithKey(history, send), Where(history, send))});
    } else {
      size_t n = hi - lo;
      notes.push_back({before_op, index, kNoId,
                       fmt::format("{}, skipping {} record{} that {} polled at some other time",
                                   head, n, n == 1 ? "" : "s", group)});
    }
  }
  if (polls == 0) {
    out.nothing_to_judge = fmt::format("{} polled nothing", who);
    return out;
  }
  size_t skipped = 0;
  int64_t depth = 0;
  for (size_t i = 0; i < known.size(); ++i) {
    depth += cover[i];
    if (depth > 0 && known[i].unpolled != 0) ++skipped;
  }
  out.figures = {{"skipped", static_cast<double>(skipped)}, {"gaps", static_cast<double>(gaps)}};
  for (const std::vector<GapNote>* notes : {&lossy, &recovered}) {
    for (const GapNote& note : *notes) {
      if (out.evidence_text.size() >= kMaxEvidenceLines) break;
      out.evidence_text.push_back(note.text);
      AddEvidence(history, {note.before, note.after}, &out);
      if (note.send != kNoId) AddEvidence(history, {note.send}, &out);
    }
  }
  AddMoreLine(gaps, out.evidence_text.size(), "gaps", &out);
  return out;
}

}  // namespace ks::check_detail
