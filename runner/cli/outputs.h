#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "checks/scenario_result.h"
#include "report/report_entry.h"
#include "scenario/model.h"

namespace ks {

/// Where a command writes its results besides the console.
struct OutputPaths {
  std::string history;  ///< --history: a file (one scenario) or a folder; "" = none
  std::string junit;    ///< --junit FILE; "" = none
  std::string json;     ///< --json FILE; "" = none
  std::string html;     ///< --html FILE; "" = none
};

/// Checks the paths before anything runs: --history names a folder, or a file when exactly
/// `scenarios` scenarios is 1; a file can be created where each output goes (its folder, or the
/// nearest one that exists, is probed with a file removed at once), and that disk has at least
/// kMinFreeOutputBytes free (diag/input_limits.h). Returns an error message naming the option
/// and path, or nothing.
std::optional<std::string> CheckOutputPaths(const OutputPaths& paths, size_t scenarios);

/// Refuses outputs that would overwrite an input: the --junit, --json or --html file (or a
/// --history file) is one of `inputs` (histories, scenario files), compared as files
/// (std::filesystem::equivalent), not as names. Returns an error message naming the option and
/// the file, or nothing.
std::optional<std::string> CheckOutputsSpareInputs(const OutputPaths& paths,
                                                   const std::vector<std::string>& inputs);

/// The history file for `scenario`: `paths.history` itself for a file, or
/// `<folder>/<scenario name>.history.jsonl` for a folder; "" when no history is wanted.
std::string HistoryPath(const OutputPaths& paths, const Scenario& scenario);

/// Writes the JUnit XML, JSON and HTML reports that were asked for. Errors name the file.
std::vector<std::string> WriteReports(const OutputPaths& paths,
                                      const std::vector<ReportEntry>& entries, const RunInfo& info);

}  // namespace ks
