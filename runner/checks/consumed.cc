// consumed: how many distinct records the group polled, and how many polls that took.
//
// The counts behind Kafka's validate_delivery (len(set(consumed)) and len(consumed), util.py) and
// Trogdor's RoundTripWorker (every index received), as a figure a lesson can bound: e.g.
// `consumed: {group: late, equals: 0}` for a group that joined with offset_reset latest.

#include <fmt/format.h>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeConsumed(const History& history, const ExpectSpec& spec) {
  // The pass is the duplicates check's: it counts the same polls (see delivery.cc).
  CheckFigures consumed;
  ComputeDuplicatesCounting(history, spec, &consumed);
  return consumed;
}

CheckFigures ConsumedFigures(const History& history, const Scope& scope, const PollCounts& counts) {
  CheckFigures out;
  out.figures = {{"consumed", static_cast<double>(counts.distinct)},
                 {"deliveries", static_cast<double>(counts.deliveries)}};

  // A zero is a legitimate figure here (a group that must read nothing), so there is always
  // something to judge; the evidence shows who read what.
  std::string members;
  for (size_t m = 0; m < scope.members.size() && m < 8; ++m) {
    uint32_t actor = scope.members[m];
    members += fmt::format("{}{} {}", m == 0 ? "" : ", ", ActorName(history, actor),
                           counts.per_member[actor]);
  }
  if (scope.members.size() > 8) members += fmt::format(", ... ({} members)", scope.members.size());
  out.evidence_text.push_back(fmt::format(
      "{} {} {} distinct records in {} {} ({}){}", history.groups[scope.group], ConsumeVerb(scope),
      counts.distinct, counts.deliveries,
      scope.consume_kind == OpKind::kProcess ? "processings" : "polls", members,
      counts.foreign > 0
          ? fmt::format("; plus {} records without this run's identity header", counts.foreign)
          : std::string()));
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(consumed, check_detail::ComputeConsumed, "consumed")
