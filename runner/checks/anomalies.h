#pragma once

// The anomalies of a run, listed in full (up to a limit) rather than as a counter-example: for
// the HTML report's anomaly tables. Each list is what a check finds, with the check's own words
// and ops (RunCheck with a larger EvidenceLimit), so a record is lost, duplicated or out of order
// here exactly when the check says so.

#include <cstddef>
#include <string>
#include <vector>

#include "history/history.h"
#include "history/op.h"

namespace ks {

/// One kind of anomaly found in one consumer group.
struct AnomalyList {
  std::string group;
  /// "lost" (acknowledged, never consumed though the group read past it), "unseen" (never
  /// consumed, nothing read past it), "duplicate" (consumed more than once) or "out_of_order"
  /// (a key's records consumed against their acknowledgement order): Jepsen's lost-write and
  /// duplicate, the lost and unseen of its kafka checker, and the key_order check.
  std::string kind;
  size_t total = 0;                ///< how many (records, or keys for out_of_order)
  std::string headline;            ///< e.g. "3 records lost, 2 unseen, in billing"
  std::vector<std::string> lines;  ///< the check's evidence lines, at most the limit
  std::vector<Op> ops;             ///< the ops they cite, at most four times the limit
};

/// For every consumer group of `history`: its missing (lost and unseen, one list: the lost
/// check's), duplicated and out-of-order records (the duplicates and key_order checks), each
/// listed when it is not empty, with at most `limit` lines. Kind "lost" when any is lost, else
/// "unseen". Pure; an empty history gives nothing.
std::vector<AnomalyList> FindAnomalies(const History& history, size_t limit = 100);

}  // namespace ks
