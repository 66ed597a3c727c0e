#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "checks/scenario_result.h"
#include "history/jsonl.h"
#include "scenario/model.h"

namespace ks {

/// A saved history (run --history) judged again: what `check` and `report` show.
struct JudgedHistory {
  ScenarioResult result;
  HistoryHeader header;  ///< the file's header: target, client, when it was recorded
};

/// Loads the history at `path` (LoadHistoryJsonl) and judges it with `scenario`'s checks
/// (JudgeRun), its recorded problems (waits not met) part of the verdict. The result is dated by
/// the header's `started`, else by now. Nothing when the file cannot be read or is not a history;
/// `err` then has its errors (file:line). A history recorded by another scenario is judged
/// anyway, with a warning on `err`.
std::optional<JudgedHistory> JudgeSavedHistory(const std::string& path, const Scenario& scenario,
                                               std::ostream& err);

}  // namespace ks
