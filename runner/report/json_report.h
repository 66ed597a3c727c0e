#pragma once

// The JSON report: everything the console shows, as data, for dashboards and scripts that
// compare runs. Its shape is documented, and tested, by schemas/report.schema.json; the top-level
// "kafka_scenario_report" is the format version and changes only when a field changes meaning
// or goes away.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diag/status.h"
#include "report/report_entry.h"

namespace ks {

/// The report as a JSON document, keys in the order the schema lists them. Text that can hold
/// arbitrary bytes (reasons, evidence, summaries) is made valid UTF-8, invalid bytes becoming
/// U+FFFD; evidence_ops write a key that is not UTF-8 as "key_hex" (history/jsonl.h).
nlohmann::ordered_json JsonReport(const std::vector<ReportEntry>& entries, const RunInfo& run);

/// Writes JsonReport(), indented by 2, to `path` atomically (see WriteReportFile).
Status WriteJsonReport(const std::vector<ReportEntry>& entries, const RunInfo& run,
                       const std::string& path);

}  // namespace ks
