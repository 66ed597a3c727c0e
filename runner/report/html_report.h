#pragma once

// The HTML report: one self-contained page for the scenarios of a run (`run --html`, `report
// --html`), readable offline in any browser. It holds the JSON report (json_report.h) of every
// scenario plus, per scenario, its lesson, its anomalies listed in full (checks/anomalies.h) and
// its timeline (checks/timeline.h), as one JSON document; the page's script
// (runner/report/html/page.js) draws it with Apache ECharts, both embedded (html_assets.h).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checks/timeline.h"
#include "diag/status.h"
#include "report/report_entry.h"

namespace ks {

/// What a page may hold at most: the timeline's limits (they keep a page of a 1M-record run
/// within a few MB) and the anomalies listed per kind.
struct HtmlLimits {
  TimelineLimits timeline;
  size_t anomalies = 100;
};

/// The page's data: JsonReport(entries, run) with `"kafka_scenario_html": 1`, and in each
/// scenario `id` ("s0", "s1"...: its element id in the page), `lesson` (text, "" for none),
/// `anomalies` (FindAnomalies: group, kind, total, headline, lines, ops as the history writes
/// them) and `timeline` (BuildTimeline, times in ms rounded to 0.1 ms; null for a scenario that
/// recorded no op, e.g. skipped).
nlohmann::ordered_json HtmlReportData(const std::vector<ReportEntry>& entries, const RunInfo& run,
                                      const HtmlLimits& limits = {});

/// The whole page: the style sheet, ECharts, the data (every '<' written as \u003c, so that no
/// text of a scenario can close its script element) and the page script, inline.
std::string HtmlReport(const std::vector<ReportEntry>& entries, const RunInfo& run,
                       const HtmlLimits& limits = {});

/// Writes HtmlReport() to `path` atomically (see WriteReportFile).
Status WriteHtmlReport(const std::vector<ReportEntry>& entries, const RunInfo& run,
                       const std::string& path);

}  // namespace ks
