#pragma once

// `kafka-scenario compare`: two sides of JSON reports (one report, or several merged) side by
// side, one row per scenario, to show where the embedded cluster and a real Kafka cluster tell
// the same story and where they do not (docs/fidelity.md is generated from it by
// scripts/fidelity). Pure: the command reads the files.

#include <optional>
#include <string>
#include <vector>

#include "report/json_report_reader.h"

namespace ks {

/// One line of a row's detail on both sides: a consumer group's delivery figures, its
/// rebalances, or the figures an expect entry bounds.
struct ComparedLine {
  /// "billing", "billing rebalances", or "no_loss {group: billing}" (FormatExpect)
  std::string label;
  /// e.g. "100/99/1/0", "3, longest 2012 ms" or "lost 1, unseen 0 (failed)"; nullopt when that
  /// side has no such group or entry (or, for rebalances, a report written before they were)
  std::optional<std::string> left;
  std::optional<std::string> right;  ///< as left
  /// The two texts differ, or one side lacks the line; never set for a timing line.
  bool differs = false;
  /// A timing figure (a group's rebalances): shown on both sides but, like wall time, never a
  /// difference, since the embedded cluster's rebalances take seconds by design.
  bool timing = false;
};

/// Which of the two reports hold a scenario.
enum class Presence { kBoth, kLeftOnly, kRightOnly };

/// One scenario in both reports, matched by name (the n-th scenario of a name in one report with
/// the n-th of that name in the other).
struct ComparisonRow {
  std::string lesson;  ///< "001 hello": the file's number (LessonNumber), if any, and the name
  Presence presence = Presence::kBoth;
  std::string left_verdict;   ///< "pass", "fail", "skip: <reason>", "error: <reason>"; "" absent
  std::string right_verdict;  ///< as left_verdict
  std::string left_seconds;   ///< wall time, "1.5"; "" when absent or nothing ran (skip, error)
  std::string right_seconds;  ///< as left_seconds
  /// Per consumer group: acknowledged/consumed/lost/duplicates, then, when either side's report
  /// has them, its rebalances after the first assignment (a timing line, "billing rebalances":
  /// "3, longest 2012 ms"; "3 (last unfinished), ..." when the run ended during one).
  std::vector<ComparedLine> groups;
  std::vector<ComparedLine> checks;  ///< per expect entry: its bounded figures and outcome
  bool verdicts_differ = false;      ///< pass/fail/skip/error differ (reasons are not compared)
  /// A line of groups or checks differs; wall time and rebalance time never do.
  bool figures_differ = false;
};

/// One report as the comparison's header names it.
struct ComparedSide {
  /// The column name: the report's target ("embedded", "local-kafka"; for merged reports their
  /// targets joined, "local-kafka, local-kafka-sasl"); "<target> (left)" and "<target> (right)"
  /// when both sides have the same target.
  std::string label;
  std::string source;  ///< the file name; merged reports' names joined by ", "
  std::string kafka_client;
  std::string started;
};

/// Two reports side by side.
struct ReportComparison {
  ComparedSide left, right;
  /// The left report's scenarios in its order, then those only in the right report in its order.
  std::vector<ComparisonRow> rows;
};

/// What MergeReports returns: `report` is set only when `errors` is empty.
struct MergedReports {
  std::optional<SavedReport> report;
  /// "scenario 'hello' ran in a.json (pass) and in b.json (fail): ...", one per such scenario.
  std::vector<std::string> errors;
};

/// Several reports read as one side of a comparison: the runs of one cluster made with different
/// target files (most lessons with one, the SASL lesson with another, the TLS lesson with a
/// third), where each runs some scenarios and skips the rest. A scenario is taken from the report
/// that ran it (pass, fail or error) rather than from one that skipped it; from the first report
/// that has it when all skipped it. A scenario that ran in two reports is an error: nothing says
/// which run should count. Scenarios come in the order of their first appearance, report by
/// report. The merged report's target, source, kafka_client and started are the reports' distinct
/// values joined by ", " in report order ("local-kafka, local-kafka-sasl"), so the column names
/// every target it holds. One report is returned as it is. `reports` must not be empty.
MergedReports MergeReports(const std::vector<SavedReport>& reports);

/// What differs in `row`, in words for the table's last column: "verdict", "figures",
/// "verdict, figures", "only in <side label>", or "" when nothing does.
std::string RowDifferences(const ReportComparison& comparison, const ComparisonRow& row);

/// Compares two reports scenario by scenario. Never fails: a comparison is not a judgment, and a
/// scenario in one report only gets a row that says so.
ReportComparison CompareReports(const SavedReport& left, const SavedReport& right);

/// The comparison as GitHub-flavoured Markdown: a paragraph naming both reports (file, target,
/// when they started, which client), then one table row per scenario with each side's verdict,
/// wall seconds, groups (with their rebalances) and checks, differing lines in bold, and what
/// differs in the last column; then a count of rows that differ. Cell text is escaped (|, <, >, *,
/// `, \, newlines).
std::string FormatComparisonMarkdown(const ReportComparison& comparison);

/// The comparison as plain text for a terminal: both reports named, then a block per scenario
/// with one aligned line per figure, left side | right side, and "DIFFERS: ..." on the first line
/// of a block whose sides differ; then the same count as the Markdown.
std::string FormatComparisonText(const ReportComparison& comparison);

}  // namespace ks
