#include <algorithm>

#include "checks/scenario_result.h"
#include "cli/commands.h"
#include "cli/load_all.h"
#include "cli/saved_history.h"
#include "diag/utc_time.h"
#include "report/console.h"

namespace ks {
namespace {

// The scenario that judges a history recorded by `recorded_by`: the only one given, or the one of
// that name. Null when there is none.
const Scenario* ScenarioFor(const std::vector<Scenario>& scenarios,
                            const std::string& recorded_by) {
  if (scenarios.size() == 1) return &scenarios.front();
  auto it = std::find_if(scenarios.begin(), scenarios.end(),
                         [&](const Scenario& s) { return s.name == recorded_by; });
  return it == scenarios.end() ? nullptr : &*it;
}

// The saved histories at `paths`, each judged by its scenario, in order; false once `err` says
// which file could not be read or has no scenario among `scenarios`.
bool JudgeAll(const std::vector<std::string>& paths, const std::vector<Scenario>& scenarios,
              std::vector<const Scenario*>* used, std::vector<JudgedHistory>* judged,
              std::ostream& err) {
  for (const std::string& path : paths) {
    std::optional<LoadedHistory> loaded = LoadSavedHistory(path, err);
    if (!loaded) return false;
    const std::string& name = loaded->header.scenario;
    const Scenario* s = ScenarioFor(scenarios, name);
    if (s == nullptr) {
      err << path
          << (name.empty() ? ": its header names no scenario; give only the file of the scenario "
                             "that recorded it to --scenario\n"
                           : ": recorded by scenario '" + name +
                                 "', which none of the --scenario files defines; add its file "
                                 "to --scenario\n");
      return false;
    }
    used->push_back(s);
    judged->push_back(JudgeSavedHistory(std::move(*loaded), path, *s, err));
  }
  return true;
}

}  // namespace

Outcome ReportCommand(const std::vector<std::string>& history_paths,
                      const std::vector<std::string>& scenario_paths, const OutputPaths& outputs,
                      bool colour, std::ostream& out, std::ostream& err) {
  if (outputs.html.empty() && outputs.junit.empty() && outputs.json.empty()) {
    err << "error: report writes reports: give --html FILE, --junit FILE or --json FILE\n";
    return Outcome::kInvalidInput;
  }
  LoadedScenarios loaded = LoadAll(scenario_paths, err);
  if (!loaded.ok) return Outcome::kInvalidInput;
  std::vector<std::string> inputs = history_paths;
  for (const Scenario& s : loaded.scenarios) inputs.push_back(s.path);
  for (auto problem : {CheckOutputPaths(outputs, history_paths.size()),
                       CheckOutputsSpareInputs(outputs, inputs)}) {
    if (problem) {
      err << "error: " << *problem << "\n";
      return Outcome::kInvalidInput;
    }
  }
  std::vector<const Scenario*> scenarios;
  std::vector<JudgedHistory> judged;
  if (!JudgeAll(history_paths, loaded.scenarios, &scenarios, &judged, err)) {
    return Outcome::kInvalidInput;
  }
  std::vector<ReportEntry> entries;
  std::vector<ScenarioResult::Verdict> verdicts;
  for (size_t i = 0; i < judged.size(); ++i) {
    out << FormatResult(*scenarios[i], judged[i].result, colour) << "\n";
    entries.push_back({scenarios[i], &judged[i].result});
    verdicts.push_back(judged[i].result.verdict);
  }
  out << FormatSummary(verdicts, colour) << "\n";
  // The page is dated by the earliest recording; target and client are the first history's.
  auto first = std::min_element(judged.begin(), judged.end(), [](const auto& a, const auto& b) {
    return a.result.started < b.result.started;
  });
  const RunInfo info{judged.front().header.target, judged.front().header.kafka_client,
                     IsoUtc(first->result.started)};
  bool write_failed = false;
  for (const auto& e : WriteReports(outputs, entries, info)) {
    err << "error: " << e << "\n";
    write_failed = true;
  }
  // Like `check`: the verdicts decide, as the recording runs' did.
  auto has = [&](ScenarioResult::Verdict v) {
    return std::find(verdicts.begin(), verdicts.end(), v) != verdicts.end();
  };
  if (has(ScenarioResult::Verdict::kError)) return Outcome::kClusterError;
  if (has(ScenarioResult::Verdict::kFailed) || write_failed) return Outcome::kCheckFailed;
  return Outcome::kOk;
}

}  // namespace ks
