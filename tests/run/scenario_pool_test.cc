#include "run/scenario_pool.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "diag/interrupt.h"
#include "support/interrupt_guard.h"

namespace ks {
namespace {

// After an interrupt no scenario starts, so the pool runs without any cluster: what is left to
// see is the order of the outputs, the records the finisher is given, and the finisher's part.
TEST(ScenarioPool, AfterAnInterruptEveryScenarioIsSkippedAndHandedBackInOrder) {
  std::vector<Scenario> scenarios(5);
  for (size_t i = 0; i < scenarios.size(); ++i) scenarios[i].name = "s" + std::to_string(i);
  test_support::InterruptGuard guard;
  RequestInterrupt();
  PoolOptions options;
  options.jobs = 3;
  options.run_prefix = "test";
  std::vector<RunRecord::Outcome> outcomes(scenarios.size(), RunRecord::Outcome::kRan);
  ScenarioPool pool(scenarios, options, [&](size_t i, RunRecord r) {
    outcomes[i] = r.outcome;
    ScenarioOutput output;
    output.block = scenarios[i].name + ": " + r.reason;
    if (i == 3) output.error = "error: s3\n";
    return output;
  });
  EXPECT_EQ(pool.progress().size(), scenarios.size());
  for (size_t i = 0; i < scenarios.size(); ++i) {
    ScenarioOutput output = pool.Await(i);
    EXPECT_EQ(output.block, "s" + std::to_string(i) + ": not run: the run was interrupted");
    EXPECT_EQ(output.error, i == 3 ? "error: s3\n" : "");
  }
  pool.Join();
  for (RunRecord::Outcome o : outcomes) EXPECT_EQ(o, RunRecord::Outcome::kSkipped);
}

}  // namespace
}  // namespace ks
