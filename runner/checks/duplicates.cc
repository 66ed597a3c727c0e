// duplicates / no_duplicates: records the group consumed more than once.
//
// Kafka's validate_delivery (tests/kafkatest/utils/util.py) compares len(consumed) with
// len(set(consumed)), across every consumer of the test and every restart. Jepsen's checker keeps
// two causes apart, and so does our evidence: a record read twice at the same offset was
// re-delivered (an offset not committed before a crash or rebalance), a record read at two
// offsets was written twice (a producer retry without idempotence: Jepsen's `duplicate`).

#include <fmt/format.h>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// Per record: its first poll and how many polls it had.
struct Polls {
  uint32_t first = kNoId;
  uint32_t count = 0;
  bool rewritten = false;  // seen at a second offset: written twice, not just re-delivered
  bool operator==(const Polls&) const = default;
};

/// A duplicated record's identity and first two polls, for evidence.
struct Repeat {
  uint32_t producer = 0;
  uint64_t seq = 0;
  uint32_t first = 0;
  uint32_t second = 0;
};

/// What the pass found.
struct Tally {
  DenseTable<Polls> polls{Polls{}, 0};
  std::vector<Repeat> shown;  // the first duplicated records, in identity order
  PollCounts counts;
  size_t duplicates = 0;
  size_t written_twice = 0;
};

/// The pass: every record the group consumed, how often, and the first repeats.
Tally CountPolls(const History& history, const Scope& scope) {
  auto by_identity = [](const Repeat& a, const Repeat& b) {
    return a.producer != b.producer ? a.producer < b.producer : a.seq < b.seq;
  };
  Tally out;
  out.polls = DenseTable<Polls>(Polls{}, DenseBudget(history));
  PollCounts& counts = out.counts;
  counts.per_member.assign(history.actors.size(), 0);
  // Counters local to the loop, as stores to per_member could alias them.
  size_t duplicates = 0;
  size_t written_twice = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (!IsGroupConsume(op, scope)) continue;
    if (scope.topic != kNoId && op.topic != scope.topic) continue;
    if (!op.has_record()) {
      ++counts.foreign;
      continue;
    }
    ++counts.deliveries;
    ++counts.per_member[op.actor];
    Polls& p = out.polls(op.producer, op.seq);
    if (++p.count == 1) {
      p.first = static_cast<uint32_t>(i);
      ++counts.distinct;
    } else {
      if (p.count == 2) {
        ++duplicates;
        KeepFirst(out.shown, Repeat{op.producer, op.seq, p.first, static_cast<uint32_t>(i)},
                  by_identity);
      }
      const Op& first = history.ops[p.first];
      if (!p.rewritten && (first.offset != op.offset || first.partition != op.partition)) {
        p.rewritten = true;
        ++written_twice;
      }
    }
  }
  out.duplicates = duplicates;
  out.written_twice = written_twice;
  return out;
}

/// Writes a line per shown repeat into `out`.
void ReportRepeats(const History& history, const std::string& group, const Tally& tally,
                   CheckFigures* out) {
  for (const Repeat& r : tally.shown) {
    const Op& first = history.ops[r.first];
    const Op& second = history.ops[r.second];
    size_t count = tally.polls.Get(r.producer, r.seq).count;
    bool rewritten = first.offset != second.offset || first.partition != second.partition;
    out->evidence_text.push_back(
        fmt::format("{} polled {} times by {}: first at {} by {} at {}, again at {} by {} at {}{}",
                    RecordWithKey(history, first), count, group, Where(history, first),
                    ActorName(history, first.actor), Seconds(first.time_us), Where(history, second),
                    ActorName(history, second.actor), Seconds(second.time_us),
                    rewritten ? " (two offsets: the record was written twice)" : ""));
    AddEvidence(history, {r.first, r.second}, out);
  }
}

}  // namespace

CheckFigures ComputeDuplicates(const History& history, const ExpectSpec& spec) {
  return ComputeDuplicatesCounting(history, spec, nullptr);
}

CheckFigures ComputeDuplicatesCounting(const History& history, const ExpectSpec& spec,
                                       CheckFigures* consumed) {
  CheckFigures out;
  out.figures = {{"duplicates", 0}, {"redeliveries", 0}, {"written_twice", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    if (consumed != nullptr) {
      consumed->figures = {{"consumed", 0}, {"deliveries", 0}};
      consumed->nothing_to_judge = *error;
    }
    return out;
  }
  const std::string& group = history.groups[scope.group];
  Tally tally = CountPolls(history, scope);
  const PollCounts& counts = tally.counts;
  if (consumed != nullptr) *consumed = ConsumedFigures(history, scope, counts);
  if (counts.deliveries == 0) {
    out.nothing_to_judge = PolledNoRecordOfThisRun(group, counts.foreign);
    return out;
  }
  size_t redeliveries = counts.deliveries - counts.distinct;
  ReportRepeats(history, group, tally, &out);
  AddMoreLine(tally.duplicates, out.evidence_text.size(), "duplicated records", &out);
  out.figures = {{"duplicates", static_cast<double>(tally.duplicates)},
                 {"redeliveries", static_cast<double>(redeliveries)},
                 {"written_twice", static_cast<double>(tally.written_twice)}};
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(duplicates, check_detail::ComputeDuplicates, "no_duplicates", "duplicates")
