#include "cli/saved_history.h"

#include <chrono>

#include "diag/utc_time.h"

namespace ks {

std::optional<LoadedHistory> LoadSavedHistory(const std::string& path, std::ostream& err) {
  LoadedHistory history = LoadHistoryJsonl(path);
  if (!history.history) {
    for (const auto& e : history.errors) err << e << "\n";
    return std::nullopt;
  }
  return history;
}

JudgedHistory JudgeSavedHistory(LoadedHistory loaded, const std::string& path,
                                const Scenario& scenario, std::ostream& err) {
  if (!loaded.header.scenario.empty() && loaded.header.scenario != scenario.name) {
    err << path << ": warning: recorded by scenario '" << loaded.header.scenario
        << "', judged with '" << scenario.name << "'\n";
  }
  RunRecord record;
  record.outcome = RunRecord::Outcome::kRan;
  // The reports say when the history was recorded, if the file says so: a check is a late look
  // at that run. A history without it (written by hand, or by an older build) is dated now.
  const auto recorded = ParseIsoUtc(loaded.header.started);
  record.started = recorded ? *recorded : std::chrono::system_clock::now();
  record.history = std::move(*loaded.history);
  // Waits the recording run could not meet are part of its verdict.
  record.problems = loaded.header.problems;
  return JudgedHistory{JudgeRun(scenario, std::move(record)), std::move(loaded.header)};
}

}  // namespace ks
