// inconsistent_offsets: one offset of a partition tied to two different records.
//
// Jepsen's inconsistent-offsets (jepsen/tests/kafka.clj, version-orders): a (key, offset) pair
// tied to two or more distinct values across acknowledged sends and all polls. In Jepsen a key is
// a topic-partition; our records carry a unique identity (producer, seq) in a header instead of a
// unique value. A log offset names one record forever, so two identities at one offset mean the
// log changed under the clients: a truncation after an unclean leader election that another
// record then filled, or a broker acknowledging an offset it did not keep. Polls of records
// without our identity header cannot be compared and are left out.

#include <fmt/format.h>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// The first record identity tied to an offset, and the op that tied it.
struct Place {
  uint64_t seq = 0;
  uint32_t producer = kNoId;  ///< kNoId: nothing tied yet
  uint32_t first = kNoId;     ///< kNoId once a second identity made the offset inconsistent
  bool operator==(const Place&) const = default;
};

/// An inconsistent offset and the first two ops that tie it to different records.
struct Conflict {
  int32_t partition = 0;
  int64_t offset = 0;
  uint32_t a = 0;
  uint32_t b = 0;
};

/// How an op tied a record to its offset, in words.
std::string Tie(const History& history, const Op& op) {
  if (op.kind == OpKind::kSend) {
    return fmt::format("{}, acknowledged to {} at {}", RecordWithKey(history, op),
                       ActorName(history, op.actor), Seconds(op.time_us));
  }
  return fmt::format("{}, polled by {} at {}", RecordWithKey(history, op),
                     ActorName(history, op.actor), Seconds(op.time_us));
}

}  // namespace

CheckFigures ComputeInconsistentOffsets(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"topic"}, {"inconsistent"}, &out, &scope)) return out;
  // Offsets are dense per partition, so each offset's first identity sits in a flat table; an
  // offset is inconsistent from the first tie to another identity on.
  DenseTable<Place> places(Place{}, DenseBudget(history));
  std::vector<Conflict> shown;
  size_t ties = 0;
  size_t inconsistent = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (op.kind != OpKind::kSend && op.kind != OpKind::kPoll) continue;
    if (!op.has_record() || op.topic != scope.topic || op.partition < 0 || op.offset < 0 ||
        op.type != OpType::kOk) {
      continue;
    }
    ++ties;
    Place& place = places(static_cast<uint32_t>(op.partition), static_cast<uint64_t>(op.offset));
    if (place.producer == kNoId) {
      place = {op.seq, op.producer, static_cast<uint32_t>(i)};
      continue;
    }
    if (place.first == kNoId || (place.producer == op.producer && place.seq == op.seq)) continue;
    ++inconsistent;
    KeepFirst(shown, Conflict{op.partition, op.offset, place.first, static_cast<uint32_t>(i)},
              [](const Conflict& x, const Conflict& y) {
                return x.partition != y.partition ? x.partition < y.partition : x.offset < y.offset;
              });
    place.first = kNoId;
  }
  if (ties == 0) {
    out.nothing_to_judge =
        fmt::format("no record of {} was acknowledged or polled at a known offset",
                    history.topics.Get(scope.topic));
    return out;
  }
  out.figures = {{"inconsistent", static_cast<double>(inconsistent)}};
  for (const Conflict& c : shown) {
    out.evidence_text.push_back(
        fmt::format("{} is tied to two records: {}; and {}", Where(history, history.ops[c.a]),
                    Tie(history, history.ops[c.a]), Tie(history, history.ops[c.b])));
    AddEvidence(history, {c.a, c.b}, &out);
  }
  AddMoreLine(inconsistent, out.evidence_text.size(), "inconsistent offsets", &out);
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(inconsistent_offsets, check_detail::ComputeInconsistentOffsets, "inconsistent_offsets")
