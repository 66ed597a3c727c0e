#pragma once

// JUnit XML, the test report format that CI systems read (Jenkins' JUnit and xUnit plugins,
// GitLab's artifacts:reports:junit, GitHub Actions test reporters) and report mergers combine
// (junit-merge, junitparser, junit-report-merger). The document is valid against junit-10.xsd,
// the schema Jenkins' xUnit plugin validates JUnit files with (jenkinsci/xunit-plugin,
// src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd), and keeps the
// Ant order of a suite's children that stricter readers (windyroad's JUnit.xsd) want:
//
//   <testsuites name="kafka-scenario" tests failures errors time>
//     <testsuite name="<scenario file>" tests failures errors skipped time timestamp>
//       <properties> target, kafka_client, started </properties>
//       <testcase classname="kafka-scenario.<tags or file stem>" name="<scenario>" time>
//         <failure message type="check">every failed check with its evidence, unmet waits
//         <error message="<reason>" type="error">  or  <skipped message="<reason>"/>
//         <system-out>passed checks, delivery per group, client errors</system-out>
//
// junit-10.xsd allows only name, time, tests, failures and errors on <testsuites>, so the skipped
// count is only per suite. Counts are those of the children and `time` is decimal
// seconds, as the mergers recompute them.

#include <string>
#include <vector>

#include "diag/status.h"
#include "report/report_entry.h"

namespace ks {

/// The JUnit XML document for a run: one <testsuite> per scenario file (in order of first
/// appearance), one <testcase> per scenario. UTF-8, with an XML declaration. A suite's
/// `timestamp` is the earliest ScenarioResult::started of its scenarios (its first scenario's
/// start, also with --jobs), else `run.started`, else absent; in UTC without the zone suffix, as
/// the Ant schema's xs:dateTime pattern wants ("2024-05-01T12:34:56").
std::string JUnitXml(const std::vector<ReportEntry>& entries, const RunInfo& run);

/// Writes JUnitXml() to `path`, atomically (see WriteReportFile).
Status WriteJUnit(const std::vector<ReportEntry>& entries, const RunInfo& run,
                  const std::string& path);

}  // namespace ks
