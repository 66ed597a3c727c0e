#pragma once

// Judging a history: every `expect` check of a scenario and each group's delivery summary.

#include <chrono>
#include <vector>

#include "checks/check.h"
#include "checks/delivery.h"
#include "history/history.h"
#include "scenario/model.h"

namespace ks {

/// What the checks make of one history.
struct Judgement {
  std::vector<CheckResult> checks;  ///< one per `expect` entry, in the scenario's order
  std::vector<GroupDelivery>
      deliveries;  ///< one per consumer group of the history, in scenario order
};

/// Runs every `expect` check of `scenario` over `history` (RunCheck, checks/check.h) and
/// summarizes each consumer group's delivery (at-most-once, at-least-once, exactly-once), several
/// at once (a thread per core; results in the scenario's order whatever finishes first). Pure:
/// no Kafka, so `kafka-scenario check` gives a saved history what the run that recorded it got.
/// Custom checks (`- lua: fn`) run first, one at a time on the calling thread, each in a
/// sandbox of its own (RunIsolatedLuaCheck, checks/lua_check.h) until `lua_deadline` (steady
/// clock; none by default) or a SIGINT or SIGTERM, after which they could not judge. Throws
/// std::bad_alloc when a check runs out of memory.
Judgement Judge(const Scenario& scenario, const History& history,
                std::chrono::steady_clock::time_point lua_deadline =
                    std::chrono::steady_clock::time_point::max());

}  // namespace ks
