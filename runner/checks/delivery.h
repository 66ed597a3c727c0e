#pragma once

#include <cstdint>
#include <string>

#include "history/history.h"

namespace ks {

/// A consumer group's delivery guarantee as this run showed it, derived from the lost and
/// duplicates checks (Kafka's delivery semantics: at-most-once, at-least-once, exactly-once).
struct GroupDelivery {
  std::string group;
  int64_t acknowledged = 0;  ///< records acknowledged to the topics the group read
  int64_t consumed = 0;      ///< distinct records the group consumed
  int64_t lost = 0;          ///< as the lost check counts them
  int64_t unseen = 0;
  int64_t duplicates = 0;  ///< records consumed more than once
  /// "exactly-once" (nothing lost or unseen, no duplicate), "at-least-once" (nothing lost or
  /// unseen, duplicates), "at-most-once" (lost or unseen records, no duplicate), "neither"
  /// (both), or "nothing consumed".
  std::string verdict;
};

/// Summarizes `group`'s delivery over `history` (group is an index into History::groups).
GroupDelivery SummarizeDelivery(const History& history, uint32_t group);

}  // namespace ks
