#include <optional>

#include "cli/commands.h"
#include "diag/read_file.h"
#include "report/compare.h"
#include "report/json_report_reader.h"

namespace ks {
namespace {

// The report at `path`, or nothing after printing why to `err`.
std::optional<SavedReport> ReadReport(const std::string& path, std::ostream& err) {
  std::string text, error;
  if (!ReadWholeFile(path, &text, &error)) {
    err << path << ": error: " << error << " (expected a kafka-scenario JSON report)\n";
    return std::nullopt;
  }
  ParsedJsonReport parsed = ParseJsonReport(text, path);
  for (const auto& e : parsed.errors) err << e << "\n";
  return std::move(parsed.report);
}

}  // namespace

Outcome CompareCommand(const std::string& left_path, const std::string& right_path,
                       const std::string& format, std::ostream& out, std::ostream& err) {
  // Both files are read before either is judged bad, so one run names every broken input.
  std::optional<SavedReport> left = ReadReport(left_path, err);
  std::optional<SavedReport> right = ReadReport(right_path, err);
  if (!left || !right) return Outcome::kInvalidInput;
  ReportComparison comparison = CompareReports(*left, *right);
  out << (format == "markdown" ? FormatComparisonMarkdown(comparison)
                               : FormatComparisonText(comparison));
  return Outcome::kOk;
}

}  // namespace ks
