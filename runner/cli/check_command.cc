#include "checks/scenario_result.h"
#include "cli/commands.h"
#include "cli/saved_history.h"
#include "diag/utc_time.h"
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
  const Scenario& s = *loaded.scenario;
  if (auto problem = CheckOutputsSpareInputs(outputs, {history_path, scenario_path})) {
    err << "error: " << *problem << "\n";
    return Outcome::kInvalidInput;
  }
  std::optional<LoadedHistory> history = LoadSavedHistory(history_path, err);
  if (!history) return Outcome::kInvalidInput;
  const JudgedHistory judged = JudgeSavedHistory(std::move(*history), history_path, s, err);
  const ScenarioResult& r = judged.result;
  out << FormatResult(s, r, colour) << "\n";
  out << FormatSummary({r.verdict}, colour) << "\n";
  RunInfo info{judged.header.target, judged.header.kafka_client, IsoUtc(r.started)};
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
