#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "diag/input_limits.h"
#include "diag/read_file.h"
#include "report/compare.h"
#include "report/json_report_reader.h"

namespace ks {
namespace {

// The report at `path`, or nothing after printing why to `err`.
std::optional<SavedReport> ReadReport(const std::string& path, std::ostream& err) {
  std::string text, error;
  if (!ReadWholeFile(path, &text, &error, limits::kMaxReportFileBytes)) {
    err << path << ": error: " << error << " (expected a kafka-scenario JSON report)\n";
    return std::nullopt;
  }
  ParsedJsonReport parsed = ParseJsonReport(text, path);
  for (const auto& e : parsed.errors) err << e << "\n";
  return std::move(parsed.report);
}

}  // namespace

Outcome CompareCommand(const std::string& left_path, const std::vector<std::string>& right_paths,
                       const std::string& format, std::ostream& out, std::ostream& err) {
  // Every file is read before any is judged bad, so one run names every broken input.
  std::optional<SavedReport> left = ReadReport(left_path, err);
  std::vector<SavedReport> rights;
  bool ok = left.has_value();
  for (const std::string& path : right_paths) {
    std::optional<SavedReport> r = ReadReport(path, err);
    ok = ok && r.has_value();
    if (r) rights.push_back(std::move(*r));
  }
  if (!ok || rights.empty()) return Outcome::kInvalidInput;
  MergedReports right = MergeReports(rights);
  for (const std::string& e : right.errors) err << "error: " << e << "\n";
  if (!right.report) return Outcome::kInvalidInput;
  ReportComparison comparison = CompareReports(*left, *right.report);
  out << (format == "markdown" ? FormatComparisonMarkdown(comparison)
                               : FormatComparisonText(comparison));
  return Outcome::kOk;
}

}  // namespace ks
