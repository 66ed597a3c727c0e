#pragma once

// The events of a run's timeline (checks/timeline.h): what the HTML report marks as vertical
// lines. Private to runner/checks.

#include <cstddef>
#include <vector>

#include "checks/timeline.h"
#include "history/history.h"

namespace ks {

/// The events of `history` in time order: start, restart (a start after a crash or stop), stop,
/// crash, rebalance (a group's first assignment of a new generation, or without generations, the
/// first after a member came, went or was revoked partitions), fault and fault_end, seek, and
/// txn_abort. Ops one action made at once (a member's seeks of several partitions within 100 ms)
/// are one event, "(+N)" in its label; past `max_events` the last one counts what was left out.
std::vector<Timeline::Event> TimelineEvents(const History& history, size_t max_events);

}  // namespace ks
