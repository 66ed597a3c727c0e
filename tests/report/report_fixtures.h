#pragma once

// A hand-built run for the report tests: one scenario of each verdict, with results shaped like
// the runner's (checks with figures, bounds and evidence, deliveries, problems).

#include <vector>

#include "checks/scenario_result.h"
#include "report/report_entry.h"
#include "scenario/model.h"

namespace ks::test_support {

/// Four scenarios: "hello" passes (scenarios/001-hello.yaml, tag basics); "lost-on-crash" fails
/// no_loss {group: billing} at scenarios/010-loss.yaml:31:5 with one lost record as evidence and
/// an unmet wait (no tags); "needs-restart" is skipped and "broken-cluster" ends in error, both
/// in scenarios/020-more.yaml (tags partitions, ordering). The run started at
/// 2024-05-01T12:34:56Z, and so did "hello"; "lost-on-crash" at 12:34:58, "needs-restart" at
/// 12:35:03 and "broken-cluster" at 12:35:01 (before it, as with --jobs).
struct SampleRun {
  Scenario hello, loss, skipped, error;
  ScenarioResult hello_result, loss_result, skipped_result, error_result;
  RunInfo run;

  /// Entries pointing into this object, in run order.
  std::vector<ReportEntry> Entries() const {
    return {{&hello, &hello_result},
            {&loss, &loss_result},
            {&skipped, &skipped_result},
            {&error, &error_result}};
  }
};

SampleRun MakeSampleRun();

/// The evidence line of the lost record in SampleRun.
inline constexpr const char* kLostEvidence =
    "record order-service#17 (key user-3) acked at orders[2]@8 was never consumed by billing";
/// The unmet wait of SampleRun's failed scenario.
inline constexpr const char* kUnmetWait = "wait 'billing consumed 100 records' not met after 30 s";
/// The skipped scenario's reason.
inline constexpr const char* kSkipReason =
    "the embedded cluster cannot restart a broker (requires: broker_restart)";
/// The error scenario's reason.
inline constexpr const char* kErrorReason = "the embedded cluster did not start: port in use";

}  // namespace ks::test_support
