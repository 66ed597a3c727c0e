// rebalance_time: how long a consumer group went without an owner for some partition after its
// first assignment: each rebalance, from the member joining, leaving, crashing or giving a
// partition up to every partition owned again (SummarizeRebalances, checks/rebalances.h, has the
// exact rule and its sources: KIP-62 for a crash, KIP-429 for cooperative rebalancing). A bound
// on it is what a service owner states as "a rebalance stalls consumption for at most N ms".

#include <fmt/format.h>

#include <algorithm>

#include "checks/check_registry.h"
#include "checks/common.h"
#include "checks/rebalances.h"

namespace ks::check_detail {
namespace {

CheckFigures ComputeRebalanceTime(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"}, {"longest_ms", "rebalances", "total_ms", "unfinished"},
                  &out, &scope)) {
    return out;
  }
  const std::string& group = history.groups[scope.group];
  const bool assigned = std::any_of(history.ops.begin(), history.ops.end(), [&](const Op& op) {
    return op.kind == OpKind::kAssign && op.actor < scope.in_group.size() &&
           scope.in_group[op.actor] != 0;
  });
  if (!assigned) {
    out.nothing_to_judge = fmt::format("{} was never assigned a partition", group);
    return out;
  }
  const GroupRebalances r = SummarizeRebalances(history, scope.group);
  out.figures = {{"longest_ms", static_cast<double>(r.longest_ms)},
                 {"rebalances", static_cast<double>(r.count)},
                 {"total_ms", static_cast<double>(r.total_ms)},
                 {"unfinished", r.unfinished ? 1.0 : 0.0}};
  out.evidence_text.push_back(
      r.count == 0
          ? fmt::format("{}: no rebalance after its first assignment", group)
          : fmt::format("{}: {} rebalance(s) after its first assignment, the longest {} ms, {} ms "
                        "in all{}",
                        group, r.count, r.longest_ms, r.total_ms,
                        r.unfinished ? "; the last was still going when the run ended (its "
                                       "time is a lower bound)"
                                     : ""));
  return out;
}

}  // namespace
}  // namespace ks::check_detail

KS_CHECK(rebalance_time, check_detail::ComputeRebalanceTime, "rebalance_time")
