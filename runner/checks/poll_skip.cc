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

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// A topic-partition as one sortable number: (topic, partition) order, as PartitionSlots.
uint64_t PlaceOf(uint32_t topic, int32_t partition) {
  return static_cast<uint64_t>(topic) << 32 | static_cast<uint32_t>(partition);
}

/// An offset known to hold a record.
struct Known {
  uint64_t place = 0;
  int64_t offset = 0;
  uint32_t op = 0;        ///< the acknowledged send, or the poll that showed the record
  uint32_t unpolled = 0;  ///< 1 for an acknowledged record the group never polled
};

bool KnownBefore(const Known& k, uint64_t place, int64_t offset) {
  return k.place != place ? k.place < place : k.offset < offset;
}

/// Consecutive polls by one member in one partition whose offsets skipped at least one: a gap
/// if a known record lies in between. 8 bytes, as a history may hold millions (one per
/// transaction marker).
struct Jump {
  uint32_t before = 0;  ///< the earlier poll
  uint32_t after = 0;   ///< the later poll
};

/// One gap described in evidence.
struct GapNote {
  uint32_t before = 0;  ///< the earlier poll
  uint32_t after = 0;   ///< the later poll
  uint32_t send = kNoId;
  std::string text;
};

/// A record's first acknowledgement in scope and first poll by the group: which of its ops is its
/// known offset is settled only once the first pass is over.
struct Record {
  uint32_t ack = kNoId;
  uint32_t poll = kNoId;
  bool operator==(const Record&) const = default;
};

/// A member's previous poll in a partition, or none after a rebalance or restart.
struct Previous {
  int64_t offset = -1;
  uint32_t op = kNoId;
};

/// Offsets [first, second) of a partition (PlaceOf) that a jump crossed.
using Span = std::pair<uint64_t, std::pair<int64_t, int64_t>>;

/// What the first pass over the history found.
struct FirstPass {
  DenseTable<Record> records{Record{}, 0};
  std::vector<Jump> jumps;
  size_t polls = 0;
};

/// What the jumps come to once the known records are placed.
struct Gaps {
  size_t gaps = 0;
  size_t skipped = 0;
  std::vector<GapNote> lossy;      // gaps that skipped a record the group never polled
  std::vector<GapNote> recovered;  // gaps whose records the group polled some other time
};

bool InTopic(const Scope& scope, uint32_t topic) {
  return scope.topic == kNoId || topic == scope.topic;
}

bool HasPlace(const History& history, const Op& op) {
  return op.topic < history.topics.size() && op.partition >= 0;
}

/// The first pass: the jumps in scope, the number of polls, and each record's first ack and poll.
FirstPass FindJumps(const History& history, const Scope& scope) {
  // The loop works on locals, moved out at the end: through the return slot every store
  // could alias the state.
  DenseTable<Record> records(Record{}, DenseBudget(history));
  std::vector<Jump> jumps;
  std::vector<uint32_t> local(history.actors.size(), kNoId);
  for (size_t m = 0; m < scope.members.size(); ++m)
    local[scope.members[m]] = static_cast<uint32_t>(m);
  // Per (partition, member), as in partition_order.
  PartitionRows<Previous> previous(history.topics.size(), scope.members.size(), Previous{});
  size_t polls = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    auto index = static_cast<uint32_t>(i);
    if (op.has_record() && op.offset >= 0 && InTopic(scope, op.topic)) {
      if (op.kind == OpKind::kSend && op.type == OpType::kOk) {
        if (HasPlace(history, op)) {
          uint32_t& ack = records(op.producer, op.seq).ack;
          if (ack == kNoId) ack = index;
        }
      } else if (IsGroupPoll(op, scope)) {
        uint32_t& poll = records(op.producer, op.seq).poll;
        if (poll == kNoId) poll = index;
      }
    }
    if (op.actor >= local.size() || local[op.actor] == kNoId) continue;
    if (scope.member != kNoId && op.actor != scope.member) continue;
    uint32_t member = local[op.actor];
    if (op.kind == OpKind::kStart) {
      previous.FillColumn(member, Previous{});
      continue;
    }
    if (!InTopic(scope, op.topic)) continue;
    Previous* row = previous.Row(op.topic, op.partition);
    if (row == nullptr) continue;
    Previous& prev = row[member];
    if (op.kind == OpKind::kAssign || op.kind == OpKind::kRevoke || op.kind == OpKind::kSeek) {
      prev = Previous{};
      continue;
    }
    // Records without an identity header count too: they hold offsets like any other.
    if (op.kind != OpKind::kPoll || op.type != OpType::kOk || op.offset < 0) continue;
    ++polls;
    Previous before = prev;
    prev = {op.offset, index};
    if (before.op == kNoId || op.offset <= before.offset + 1) continue;
    jumps.push_back({before.op, index});
  }
  return {std::move(records), std::move(jumps), polls};
}

/// The offsets jump `j` crossed, in the partition it was in.
Span SpanOf(const History& history, const Jump& j) {
  const Op& after = history.ops[j.after];
  return {PlaceOf(after.topic, after.partition),
          std::pair{history.ops[j.before].offset + 1, after.offset}};
}

/// The offsets the jumps cover, merged per partition and sorted, so that the second pass keeps
/// only the known records that can matter.
std::vector<Span> MergeSpans(const History& history, const std::vector<Jump>& jumps) {
  std::vector<Span> spans;
  spans.reserve(jumps.size());
  for (const Jump& j : jumps) spans.push_back(SpanOf(history, j));
  std::sort(spans.begin(), spans.end());
  size_t merged = 0;
  for (const auto& span : spans) {
    if (merged > 0 && spans[merged - 1].first == span.first &&
        span.second.first <= spans[merged - 1].second.second) {
      spans[merged - 1].second.second =
          std::max(spans[merged - 1].second.second, span.second.second);
    } else {
      spans[merged++] = span;
    }
  }
  spans.resize(merged);
  return spans;
}

/// True when some merged span holds `offset` of partition `place`.
bool Covered(const std::vector<Span>& spans, uint64_t place, int64_t offset) {
  auto it = std::upper_bound(spans.begin(), spans.end(), place, [&](uint64_t p, const Span& span) {
    return p != span.first ? p < span.first : offset < span.second.first;
  });
  if (it == spans.begin()) return false;
  --it;
  return it->first == place && offset < it->second.second;
}

/// The second pass: the known records inside some span, in (place, offset, op) order. A record's
/// offset is its first acknowledgement in scope, else its first poll by the group.
std::vector<Known> KnownRecordsInSpans(const History& history, const Scope& scope,
                                       const DenseTable<Record>& records,
                                       const std::vector<Span>& spans) {
  std::vector<Known> known;
  if (spans.empty()) return known;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (!op.has_record() || op.offset < 0 || !InTopic(scope, op.topic) || !HasPlace(history, op))
      continue;
    bool ack = op.kind == OpKind::kSend && op.type == OpType::kOk;
    if (!ack && !IsGroupPoll(op, scope)) continue;
    uint64_t place = PlaceOf(op.topic, op.partition);
    if (!Covered(spans, place, op.offset)) continue;
    const Record& r = records.Get(op.producer, op.seq);
    auto index = static_cast<uint32_t>(i);
    if (ack ? r.ack == index : r.ack == kNoId && r.poll == index)
      known.push_back({place, op.offset, index, ack && r.poll == kNoId ? 1u : 0u});
  }
  return known;
}

/// The evidence line for jump `j` over known[lo, hi), `unpolled` of which the group never polled.
GapNote NoteGap(const History& history, const std::string& group, const Jump& j,
                const std::vector<Known>& known, size_t lo, size_t hi, uint32_t unpolled) {
  const Op& before = history.ops[j.before];
  const Op& op = history.ops[j.after];
  std::string head =
      fmt::format("{} polled {} then {} at {} with no rebalance of {} in between",
                  ActorName(history, op.actor), Where(history, before), Where(history, op),
                  Seconds(op.time_us), TopicPartition(history, op.topic, op.partition));
  if (unpolled > 0) {
    size_t first = lo;
    while (known[first].unpolled == 0) ++first;  // at most once per note: O(n) in all
    const Op& send = history.ops[known[first].op];
    return {j.before, j.after, known[first].op,
            fmt::format("{}, skipping {} acknowledged record{} that {} never polled, "
                        "e.g. {} at {}",
                        head, unpolled, unpolled == 1 ? "" : "s", group,
                        RecordWithKey(history, send), Where(history, send))};
  }
  size_t n = hi - lo;
  return {j.before, j.after, kNoId,
          fmt::format("{}, skipping {} record{} that {} polled at some other time", head, n,
                      n == 1 ? "" : "s", group)};
}

/// The jumps that are gaps (over a known record), the never-polled records they skipped (each
/// once, however many gaps cover it), and the first notes of each sort.
Gaps JudgeGaps(const History& history, const std::string& group, const std::vector<Jump>& jumps,
               const std::vector<Known>& known) {
  Gaps out;
  // unpolled_before[i]: never-polled acknowledged records among known[0, i).
  std::vector<uint32_t> unpolled_before(known.size() + 1, 0);
  for (size_t i = 0; i < known.size(); ++i)
    unpolled_before[i + 1] = unpolled_before[i] + known[i].unpolled;
  // Coverage by gaps, as a difference array over `known`: a record two gaps cover counts once.
  std::vector<int32_t> cover(known.size() + 1, 0);
  for (const Jump& j : jumps) {
    const auto span = SpanOf(history, j);
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    const auto& place = span.first;
    const auto& offsets = span.second;
    auto before_place = [&](const Known& k, int64_t o) { return KnownBefore(k, place, o); };
    auto lo = static_cast<size_t>(
        std::lower_bound(known.begin(), known.end(), offsets.first, before_place) - known.begin());
    auto hi = static_cast<size_t>(std::lower_bound(known.begin() + static_cast<std::ptrdiff_t>(lo),
                                                   known.end(), offsets.second, before_place) -
                                  known.begin());
    if (lo >= hi) continue;  // only holes: transaction markers, compaction
    ++out.gaps;
    ++cover[lo];
    --cover[hi];
    uint32_t unpolled = unpolled_before[hi] - unpolled_before[lo];
    std::vector<GapNote>& notes = unpolled > 0 ? out.lossy : out.recovered;
    if (notes.size() >= MaxEvidenceLines()) continue;
    notes.push_back(NoteGap(history, group, j, known, lo, hi, unpolled));
  }
  int64_t depth = 0;
  for (size_t i = 0; i < known.size(); ++i) {
    depth += cover[i];
    if (depth > 0 && known[i].unpolled != 0) ++out.skipped;
  }
  return out;
}

/// Writes the figures and evidence of `gaps` into `out`: lossy gaps first.
void ReportGaps(const History& history, const Gaps& gaps, CheckFigures* out) {
  out->figures = {{"skipped", static_cast<double>(gaps.skipped)},
                  {"gaps", static_cast<double>(gaps.gaps)}};
  for (const std::vector<GapNote>* notes : {&gaps.lossy, &gaps.recovered}) {
    for (const GapNote& note : *notes) {
      if (out->evidence_text.size() >= MaxEvidenceLines()) break;
      out->evidence_text.push_back(note.text);
      AddEvidence(history, {note.before, note.after}, out);
      if (note.send != kNoId) AddEvidence(history, {note.send}, out);
    }
  }
  AddMoreLine(gaps.gaps, out->evidence_text.size(), "gaps", out);
}

}  // namespace

CheckFigures ComputePollSkip(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"}, {"skipped", "gaps"}, &out, &scope)) return out;
  const std::string& group = history.groups[scope.group];
  std::string who = scope.member != kNoId ? ActorName(history, scope.member) : group;

  // Only a jump over an offset known to hold a record is a gap, and the records (one offset each:
  // the first acknowledgement in scope, else the first poll by the group) are known only at the
  // end of the pass that finds the jumps, so a second pass, only when there were jumps, picks the
  // records that lie inside one.
  FirstPass pass = FindJumps(history, scope);
  if (pass.polls == 0) {
    out.nothing_to_judge = fmt::format("{} polled nothing", who);
    return out;
  }
  std::vector<Span> spans = MergeSpans(history, pass.jumps);
  std::vector<Known> known = KnownRecordsInSpans(history, scope, pass.records, spans);
  pass.records = DenseTable<Record>(Record{}, 0);
  std::sort(known.begin(), known.end(), [](const Known& a, const Known& b) {
    if (a.place != b.place) return a.place < b.place;
    if (a.offset != b.offset) return a.offset < b.offset;
    return a.op < b.op;
  });
  ReportGaps(history, JudgeGaps(history, group, pass.jumps, known), &out);
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(poll_skip, check_detail::ComputePollSkip, "poll_skip")
