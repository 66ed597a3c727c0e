// The time a consumer group spent rebalancing, for the delivery summary: one pass over the
// history with the assignment check's ownership replay (GroupOwnership), which says after every
// op how many partitions of the group's topics have no consuming owner.

#include "checks/rebalances.h"

#include <algorithm>

#include "checks/ownership.h"

namespace ks {

namespace {

int64_t RoundedMs(int64_t us) { return (us + 500) / 1000; }

}  // namespace

GroupRebalances SummarizeRebalances(const History& history, uint32_t group) {
  GroupRebalances out;
  if (group >= history.groups.size()) return out;
  std::vector<uint32_t> members;
  for (uint32_t a = 0; a < history.actors.size(); ++a) {
    if (history.GroupOf(a) == group) members.push_back(a);
  }
  check_detail::GroupOwnership own(history, members);
  if (!own.any_topic()) return out;

  bool assigned = false;  // the first assignment is complete
  int64_t open_us = -1;   // when the rebalance in progress started; -1 when none is
  int64_t last_us = 0;    // the group's last op so far
  int64_t total_us = 0;
  int64_t longest_us = 0;
  auto close = [&](int64_t end_us) {
    const int64_t d = std::max<int64_t>(end_us - open_us, 0);
    ++out.count;
    total_us += d;
    longest_us = std::max(longest_us, d);
    open_us = -1;
  };
  for (size_t i = 0; i < history.ops.size(); ++i) {
    check_detail::PrefetchOp(history, i);
    const Op& op = history.ops[i];
    const uint32_t m = own.MemberOf(op.actor);
    if (m == kNoId) continue;
    last_us = op.time_us;
    const bool was_in_group = own.InGroup(m);
    own.Apply(i);
    const bool settles = op.kind == OpKind::kAssign && op.type == OpType::kOk && own.unowned() == 0;
    if (!assigned) {
      assigned = settles;
      continue;
    }
    bool starts = false;
    switch (op.kind) {
      case OpKind::kStart:
      case OpKind::kCrash:
        starts = true;
        break;
      case OpKind::kStop:
        starts = i < own.end();
        break;
      case OpKind::kRevoke:
        starts = op.type == OpType::kOk && was_in_group && i < own.end();
        break;
      default:
        break;
    }
    if (open_us < 0 && starts) open_us = op.time_us;
    if (open_us >= 0 && settles) close(op.time_us);
  }
  if (open_us >= 0) {
    out.unfinished = true;
    close(last_us);
  }
  out.total_ms = RoundedMs(total_us);
  out.longest_ms = RoundedMs(longest_us);
  return out;
}

}  // namespace ks
