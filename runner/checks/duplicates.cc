// duplicates / no_duplicates: records the group consumed more than once.
//
// Kafka's validate_delivery (tests/kafkatest/utils/util.py) compares len(consumed) with
// len(set(consumed)), across every consumer of the test and every restart. Jepsen's checker keeps
// two causes apart, and so does our evidence: a record read twice at the same offset was
// re-delivered (an offset not committed before a crash or rebalance), a record read at two
// offsets was written twice (a producer retry without idempotence: Jepsen's `duplicate`).

#include <fmt/format.h>

#include <algorithm>

#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeDuplicates(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"duplicates", 0}, {"redeliveries", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  const std::string& group = history.groups[scope.group];
  std::vector<RecordRef> polled;
  size_t foreign = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (!IsGroupPoll(op, scope)) continue;
    if (scope.topic != kNoId && op.topic != scope.topic) continue;
    if (!op.has_record()) {
      ++foreign;
      continue;
    }
    polled.push_back({op.seq, op.producer, static_cast<uint32_t>(i)});
  }
  if (polled.empty()) {
    out.nothing_to_judge =
        foreign == 0 ? fmt::format("{} polled nothing", group)
                     : fmt::format("{} polled {} records, none with a record identity header",
                                   group, foreign);
    return out;
  }
  SortByRecord(polled);

  size_t duplicates = 0;
  size_t redeliveries = 0;
  for (size_t begin = 0; begin < polled.size();) {
    size_t end = begin + 1;
    while (end < polled.size() && SameRecord(polled[end], polled[begin])) ++end;
    size_t count = end - begin;
    if (count > 1) {
      ++duplicates;
      redeliveries += count - 1;
      if (out.evidence_text.size() < kMaxEvidenceLines) {
        const Op& first = history.ops[polled[begin].op];
        const Op& second = history.ops[polled[begin + 1].op];
        bool rewritten = first.offset != second.offset || first.partition != second.partition;
        out.evidence_text.push_back(fmt::format(
            "{} polled {} times by {}: first at {} by {} at {}, again at {} by {} at {}{}",
            RecordWithKey(history, first), count, group, Where(history, first),
            ActorName(history, first.actor), Seconds(first.time_us), Where(history, second),
            ActorName(history, second.actor), Seconds(second.time_us),
            rewritten ? " (two offsets: the record was written twice)" : ""));
        AddEvidence(history, {polled[begin].op, polled[begin + 1].op}, &out);
      }
    }
    begin = end;
  }
  AddMoreLine(duplicates, out.evidence_text.size(), "duplicated records", &out);
  out.figures = {{"duplicates", static_cast<double>(duplicates)},
                 {"redeliveries", static_cast<double>(redeliveries)}};
  return out;
}

}  // namespace ks::check_detail
