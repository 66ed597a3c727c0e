// consumed: how many distinct records the group polled, and how many polls that took.
//
// The counts behind Kafka's validate_delivery (len(set(consumed)) and len(consumed), util.py) and
// Trogdor's RoundTripWorker (every index received), as a figure a lesson can bound: e.g.
// `consumed: {group: late, equals: 0}` for a group that joined with offset_reset latest.

#include <fmt/format.h>

#include <algorithm>

#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeConsumed(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"consumed", 0}, {"deliveries", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  const std::string& group = history.groups[scope.group];
  std::vector<RecordRef> polled;
  std::vector<size_t> per_member(history.actors.size(), 0);
  size_t foreign = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (!IsGroupPoll(op, scope)) continue;
    if (scope.topic != kNoId && op.topic != scope.topic) continue;
    if (!op.has_record()) {
      ++foreign;
      continue;
    }
    ++per_member[op.actor];
    polled.push_back({op.seq, op.producer, static_cast<uint32_t>(i)});
  }
  size_t deliveries = polled.size();
  SortByRecord(polled);
  UniqueByRecord(polled);
  out.figures = {{"consumed", static_cast<double>(polled.size())},
                 {"deliveries", static_cast<double>(deliveries)}};

  // A zero is a legitimate figure here (a group that must read nothing), so there is always
  // something to judge; the evidence shows who read what.
  std::string members;
  for (size_t m = 0; m < scope.members.size() && m < 8; ++m) {
    uint32_t actor = scope.members[m];
    members +=
        fmt::format("{}{} {}", m == 0 ? "" : ", ", ActorName(history, actor), per_member[actor]);
  }
  if (scope.members.size() > 8) members += fmt::format(", ... ({} members)", scope.members.size());
  out.evidence_text.push_back(fmt::format("{} polled {} distinct records in {} polls ({}){}", group,
                                          polled.size(), deliveries, members,
                                          foreign > 0 ? fmt::format("; plus {} records without "
                                                                    "an identity header",
                                                                    foreign)
                                                      : std::string()));
  return out;
}

}  // namespace ks::check_detail
