#include "cli/outputs.h"

#include <fmt/format.h>

#include <filesystem>

#include "report/json_report.h"
#include "report/junit.h"

namespace ks {
namespace {

bool IsFolder(const std::string& path) {
  std::error_code ec;
  return !path.empty() && (path.back() == '/' || std::filesystem::is_directory(path, ec));
}

}  // namespace

std::optional<std::string> CheckOutputPaths(const OutputPaths& paths, size_t scenarios) {
  if (!paths.history.empty() && !IsFolder(paths.history) && scenarios > 1) {
    return fmt::format(
        "--history {}: {} scenarios would write one file; give a folder (ending in '/') to get "
        "one history per scenario",
        paths.history, scenarios);
  }
  return std::nullopt;
}

std::string HistoryPath(const OutputPaths& paths, const Scenario& scenario) {
  if (paths.history.empty()) return "";
  if (!IsFolder(paths.history)) return paths.history;
  std::error_code ec;  // a folder that cannot be made shows up when the history is saved
  std::filesystem::create_directories(paths.history, ec);
  return (std::filesystem::path(paths.history) / (scenario.name + ".history.jsonl")).string();
}

std::vector<std::string> WriteReports(const OutputPaths& paths,
                                      const std::vector<ReportEntry>& entries,
                                      const RunInfo& info) {
  std::vector<std::string> errors;
  if (!paths.junit.empty()) {
    if (Status st = WriteJUnit(entries, info, paths.junit); !st.ok()) {
      errors.push_back(st.message());
    }
  }
  if (!paths.json.empty()) {
    if (Status st = WriteJsonReport(entries, info, paths.json); !st.ok()) {
      errors.push_back(st.message());
    }
  }
  return errors;
}

}  // namespace ks
