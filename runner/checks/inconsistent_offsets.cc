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

#include <algorithm>

#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// A record identity seen at one offset of the scoped topic.
struct Placed {
  int64_t offset = 0;
  uint64_t seq = 0;
  uint32_t producer = kNoId;
  int32_t partition = 0;
};

bool PlacedLess(const Placed& a, const Placed& b) {
  if (a.partition != b.partition) return a.partition < b.partition;
  if (a.offset != b.offset) return a.offset < b.offset;
  if (a.producer != b.producer) return a.producer < b.producer;
  return a.seq < b.seq;
}

bool SamePlace(const Placed& a, const Placed& b) {
  return a.partition == b.partition && a.offset == b.offset;
}

bool SameIdentity(const Placed& a, const Placed& b) {
  return a.producer == b.producer && a.seq == b.seq;
}

/// Sorts and removes exact repeats.
void SortUnique(std::vector<Placed>& v) {
  std::sort(v.begin(), v.end(), PlacedLess);
  v.erase(std::unique(v.begin(), v.end(),
                      [](const Placed& a, const Placed& b) {
                        return SamePlace(a, b) && SameIdentity(a, b);
                      }),
          v.end());
}

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
  out.figures = {{"inconsistent", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"topic"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  auto placed = [&](const Op& op) {
    return op.has_record() && op.topic == scope.topic && op.partition >= 0 && op.offset >= 0 &&
           op.type == OpType::kOk && (op.kind == OpKind::kSend || op.kind == OpKind::kPoll);
  };
  // Acknowledged sends first: one entry each. Polls are then looked up among them, and only the
  // polls of offsets no send names (rare: an info send that was written) are kept, so memory
  // stays one entry per record rather than per delivery.
  std::vector<Placed> sent;
  for (const Op& op : history.ops) {
    if (op.kind == OpKind::kSend && placed(op))
      sent.push_back({op.offset, op.seq, op.producer, op.partition});
  }
  SortUnique(sent);
  std::vector<uint8_t> conflict(sent.size(), 0);  // set on the first entry of an offset's run
  std::vector<Placed> orphans;
  size_t ties = sent.size();
  for (const Op& op : history.ops) {
    if (op.kind != OpKind::kPoll || !placed(op)) continue;
    ++ties;
    Placed poll{op.offset, op.seq, op.producer, op.partition};
    auto it =
        std::lower_bound(sent.begin(), sent.end(), poll, [](const Placed& a, const Placed& b) {
          return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
        });
    if (it == sent.end() || !SamePlace(*it, poll)) {
      orphans.push_back(poll);
      continue;
    }
    // `sent` is sorted by place then identity: one search, however many records share the place.
    bool known = std::binary_search(it, sent.end(), poll, PlacedLess);
    if (!known) conflict[static_cast<size_t>(it - sent.begin())] = 1;
  }
  if (ties == 0) {
    out.nothing_to_judge =
        fmt::format("no record of {} was acknowledged or polled at a known offset",
                    history.topics.Get(scope.topic));
    return out;
  }
  SortUnique(orphans);

  // Offsets with two or more identities: runs of one place holding several entries, or a run
  // whose first entry a poll flagged. `first` keeps the first few, to describe them.
  size_t inconsistent = 0;
  std::vector<Placed> first;
  auto scan = [&](const std::vector<Placed>& v, const std::vector<uint8_t>* flags) {
    for (size_t begin = 0; begin < v.size();) {
      size_t end = begin + 1;
      while (end < v.size() && SamePlace(v[end], v[begin])) ++end;
      if (end - begin > 1 || (flags != nullptr && (*flags)[begin] != 0)) {
        ++inconsistent;
        first.push_back(v[begin]);
        std::sort(first.begin(), first.end(), PlacedLess);
        if (first.size() > kMaxEvidenceLines) first.pop_back();
      }
      begin = end;
    }
  };
  scan(sent, &conflict);
  scan(orphans, nullptr);
  out.figures = {{"inconsistent", static_cast<double>(inconsistent)}};
  if (first.empty()) return out;

  // Evidence: for each offset shown, the first two ops that tie it to different records.
  std::vector<std::pair<uint32_t, uint32_t>> pairs(first.size(), {kNoId, kNoId});
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (!placed(op)) continue;
    for (size_t f = 0; f < first.size(); ++f) {
      if (op.partition != first[f].partition || op.offset != first[f].offset) continue;
      auto& [a, b] = pairs[f];
      if (a == kNoId) {
        a = static_cast<uint32_t>(i);
      } else if (b == kNoId &&
                 (history.ops[a].producer != op.producer || history.ops[a].seq != op.seq)) {
        b = static_cast<uint32_t>(i);
      }
    }
  }
  for (auto [a, b] : pairs) {
    if (a == kNoId || b == kNoId) continue;
    out.evidence_text.push_back(
        fmt::format("{} is tied to two records: {}; and {}", Where(history, history.ops[a]),
                    Tie(history, history.ops[a]), Tie(history, history.ops[b])));
    AddEvidence(history, {a, b}, &out);
  }
  AddMoreLine(inconsistent, out.evidence_text.size(), "inconsistent offsets", &out);
  return out;
}

}  // namespace ks::check_detail
