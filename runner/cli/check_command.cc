#include <chrono>

#include "checks/scenario_result.h"
#include "cli/commands.h"
#include "diag/utc_time.h"
#include "history/jsonl.h"
#include "report/console.h"
#include "scenario/loader.h"

namespace ks {

Outcome CheckCommand(const std::string& history_path, const std::string& scenario_path,
                     const OutputPaths& outputs, bool colour, std::ostream& out,
                     std::ostream& err) {
  LoadResult loaded = LoadScenarioFile(scenario_path);
  if (!loaded.scenario) {
    err << FormatLoadErrors(loaded);
    return Outcome::kInvalidInput;
  }
  LoadedHistory history = LoadHistoryJsonl(history_path);
  if (!history.history) {
    for (const auto& e : history.errors) err << e << "\n";
    return Outcome::kInvalidInput;
  }
  const Scenario& s = *loaded.scenario;
  if (!history.header.scenario.empty() && history.header.scenario != s.name) {
    err << history_path << ": warning: recorded by scenario '" << history.header.scenario
        << "', judged with '" << s.name << "'\n";
  }
  RunRecord record;
  record.outcome = RunRecord::Outcome::kRan;
  // The reports say when the history was recorded, if the file says so: a check is a late look
  // at that run. A history without it (written by hand, or by an older build) is dated now.
  const auto recorded = ParseIsoUtc(history.header.started);
  record.started = recorded ? *recorded : std::chrono::system_clock::now();
  record.history = std::move(*history.history);
  // Waits the recording run could not meet are part of its verdict.
  record.problems = history.header.problems;
  const ScenarioResult r = JudgeRun(s, std::move(record));
  out << FormatResult(s, r, colour) << "\n";
  out << FormatSummary({r.verdict}, colour) << "\n";
  RunInfo info{history.header.target, history.header.kafka_client, IsoUtc(r.started)};
  bool write_failed = false;
  for (const auto& e : WriteReports(outputs, {{&s, &r}}, info)) {
    err << "error: " << e << "\n";
    write_failed = true;
  }
  // A check that could not judge the history: an error, as in `run` (exit 3).
  if (r.verdict == ScenarioResult::Verdict::kError) return Outcome::kClusterError;
  if (r.verdict == ScenarioResult::Verdict::kFailed || write_failed) return Outcome::kCheckFailed;
  return Outcome::kOk;
}

}  // namespace ks
