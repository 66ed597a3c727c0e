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

/// LoadHistoryJsonl(path), its errors (file:line) on `err`: nothing when the file cannot be read
/// or is not a history.
std::optional<LoadedHistory> LoadSavedHistory(const std::string& path, std::ostream& err);

/// Judges `loaded` (read from `path` by LoadSavedHistory) with `scenario`'s checks (JudgeRun), its
/// recorded problems (waits not met) part of the verdict. The result is dated by the header's
/// `started`, else by now. A history recorded by another scenario is judged anyway, with a
/// warning on `err`.
JudgedHistory JudgeSavedHistory(LoadedHistory loaded, const std::string& path,
                                const Scenario& scenario, std::ostream& err);

}  // namespace ks
