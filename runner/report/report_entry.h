#pragma once

// What the machine-readable reports (junit.h, json_report.h) are built from: the scenarios of one
// run paired with their results, and a header that says where and when the run happened.

#include <string>

#include "checks/scenario_result.h"
#include "diag/utc_time.h"
#include "scenario/model.h"

namespace ks {

/// One scenario of a run and its outcome. Both pointers are non-null and outlive the report call;
/// the report only reads them.
struct ReportEntry {
  const Scenario* scenario = nullptr;
  const ScenarioResult* result = nullptr;
};

/// The run as a whole, shown once at the top of a report.
struct RunInfo {
  std::string target;        ///< where the scenarios ran, e.g. "embedded"
  std::string kafka_client;  ///< e.g. "librdkafka 2.0.2"
  std::string started;       ///< ISO-8601 UTC, e.g. "2024-05-01T12:34:56Z" (diag/utc_time.h)
};

}  // namespace ks
