#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checks/rebalances.h"
#include "history/history.h"

namespace ks {

/// A consumer group's delivery guarantee as this run showed it, derived from the lost and
/// duplicates checks (Kafka's delivery semantics: at-most-once, at-least-once, exactly-once).
struct GroupDelivery {
  std::string group;
  /// Records acknowledged to the topics the group read, as the lost check counts them: a
  /// transactional record only once its transaction committed (KIP-98).
  int64_t acknowledged = 0;
  /// Distinct records the group consumed, aborted ones included (so it can exceed acknowledged).
  int64_t consumed = 0;
  int64_t lost = 0;  ///< as the lost check counts them
  int64_t unseen = 0;
  int64_t duplicates = 0;  ///< records consumed more than once
  /// "exactly-once" (nothing lost or unseen, no duplicate), "at-least-once" (nothing lost or
  /// unseen, duplicates), "at-most-once" (lost or unseen records, no duplicate), "neither"
  /// (both), or "nothing consumed".
  std::string verdict;
  /// Records the group read that were never written or belong to aborted transactions, as the
  /// aborted_visible check counts them: what a read_uncommitted group sees and read_committed
  /// must hide. Not part of the verdict, which is about loss and duplicates.
  int64_t aborted_visible = 0;
  /// What happened to the group during the run, in order, so a summary can say what its figures
  /// came after: "billing/1 crashed", "billing/1 restarted", "billing/2 joined" (first started
  /// after the group had polled), "billing/0 stopped", and every
  /// fault the runner injected ("broker_down 1"). A member's first start and the final stops
  /// (after the last record it polled) are not events.
  std::vector<std::string> events;
  /// How many rebalances the group went through after its first assignment and how long they
  /// took (GroupRebalances): a timing figure, like the run's wall time.
  GroupRebalances rebalances;
};

/// Summarizes `group`'s delivery over `history` (group is an index into History::groups).
GroupDelivery SummarizeDelivery(const History& history, uint32_t group);

}  // namespace ks
