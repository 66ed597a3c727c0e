#pragma once

// JUnit XML, the test report format that CI systems read (Jenkins' JUnit plugin, GitLab's
// artifacts:reports:junit, GitHub Actions test reporters). Only elements and attributes of the
// common Ant/Surefire schema are used, so that every one of those consumers loads the file:
//
//   <testsuites name="kafka-scenario" tests failures errors skipped time>
//     <testsuite name="<scenario file>" tests failures errors skipped time timestamp>
//       <properties> target, kafka_client </properties>
//       <testcase classname="kafka-scenario.<tags or file stem>" name="<scenario>" time>
//         <failure message type="check">every failed check with its evidence, unmet waits
//         <error message="<reason>">  or  <skipped message="<reason>"/>
//         <system-out>passed checks, delivery per group, client errors</system-out>

#include <string>
#include <vector>

#include "diag/status.h"
#include "report/report_entry.h"

namespace ks {

/// The JUnit XML document for a run: one <testsuite> per scenario file (in order of first
/// appearance), one <testcase> per scenario. UTF-8, with an XML declaration.
std::string JUnitXml(const std::vector<ReportEntry>& entries, const RunInfo& run);

/// Writes JUnitXml() to `path`, atomically (see WriteReportFile).
Status WriteJUnit(const std::vector<ReportEntry>& entries, const RunInfo& run,
                  const std::string& path);

}  // namespace ks
