#pragma once

#include <map>
#include <string>
#include <vector>

#include "run/scenario_result.h"
#include "scenario/model.h"

namespace ks {

/// Console rendering of one scenario's result: a header line with the verdict, the name, the
/// title and the wall time; then one line per check with its figures against its bounds; then,
/// for a failed check, its evidence (a few lines); then any wait that was not met; then each
/// group's delivery guarantee as the run showed it.
/// Plain text, no colour: the same for a terminal and a CI log.
std::string FormatResult(const Scenario& scenario, const ScenarioResult& result);

/// "billing: at-least-once (3000 acknowledged, 3000 consumed, 0 lost, 0 unseen, 412 duplicates)
/// after billing/1 crashed": the figures, then the first four events (GroupDelivery::events).
std::string FormatDelivery(const GroupDelivery& d);

/// "3 passed, 1 failed, 0 skipped, 0 errors" over many results.
std::string FormatSummary(const std::vector<ScenarioResult::Verdict>& verdicts);

/// "no_loss {group: readers}": an expect entry as a user would write it, on one line.
std::string FormatExpect(const std::string& check, const std::map<std::string, std::string>& scope);

}  // namespace ks
