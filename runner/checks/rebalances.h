#pragma once

#include <cstdint>

#include "history/history.h"

namespace ks {

/// How long a consumer group spent rebalancing after its first assignment, as its history shows
/// it: what a Kafka user waits through while partitions have no consuming owner.
///
/// Ownership is replayed from the group's assign and revoke ops, with a start, stop or crash
/// leaving a member with nothing (GroupOwnership, checks/ownership.h; the assignment check reads
/// the same replay). The group's topics are those its members were assigned; a partition is
/// owned when a member that has not stopped or crashed holds it.
///
/// - The first assignment is not a rebalance: it lasts until the first assign op after which
///   every partition of the group's topics is owned. Nothing before that moment counts.
/// - A rebalance starts at the first of these after it: a member starts (joins, or rejoins after
///   a restart); a member crashes; a member stops (a clean leave, LeaveGroup); a member in the
///   group revokes a partition (gives it up: the eager protocol revokes everything at every
///   rebalance, the cooperative one what moves, KIP-429). A crash counts from the crash, not
///   from the moment the coordinator notices it: the coordinator keeps the dead member's
///   partitions assigned until session.timeout.ms passes without a heartbeat (KIP-62), and
///   nobody consumes them meanwhile. Stops and revokes after the group's last assign op do not
///   start one: they are the members leaving when the scenario ends (GroupOwnership::end()).
/// - It ends at the first assign op after which every partition of the group's topics is owned
///   again. It takes an assign op, so that a join, which takes no partition away by itself,
///   does not end as it starts. Changes while one is open belong to it: the coordinator folds a
///   member that joins during a rebalance into that rebalance.
/// - A rebalance still open at the group's last op (a crash or a join the run ended before the
///   group recovered from) is counted up to that op and marked unfinished: its time is a lower
///   bound.
///
/// Rebalances are counted as such periods rather than as generation ids: the ids are -1 where
/// librdkafka does not reveal them, the first assignment may itself take several generations
/// (the embedded cluster's took three for two members starting together), and one period may
/// span several (a cooperative rebalance takes two, KIP-429). A rebalance that moves no partition
/// at all (a member the cooperative assignor leaves idle joins or leaves) leaves no assign op
/// behind: it stays open until the next assign op, or to the end as unfinished.
struct GroupRebalances {
  int64_t count = 0;        ///< rebalances after the first assignment, the unfinished one included
  int64_t total_ms = 0;     ///< their durations summed, in milliseconds (rounded)
  int64_t longest_ms = 0;   ///< the longest one, in milliseconds (rounded)
  bool unfinished = false;  ///< the last one was still open when the group's ops ended
};

/// The rebalances of `group` (an index into History::groups) over `history`, as GroupRebalances
/// defines them. A group never assigned a partition, or out of range, has none (all zero).
GroupRebalances SummarizeRebalances(const History& history, uint32_t group);

}  // namespace ks
