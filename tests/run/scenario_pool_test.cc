#include "run/scenario_pool.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "diag/interrupt.h"
#include "support/interrupt_guard.h"

namespace ks {
namespace {

// After an interrupt no scenario starts, so the pool runs without any cluster: what is left to
// see is the order of the outputs and the results, and the finisher's part.
TEST(ScenarioPool, AfterAnInterruptEveryScenarioIsSkippedAndHandedBackInOrder) {
  std::vector<Scenario> scenarios(5);
  for (size_t i = 0; i < scenarios.size(); ++i) scenarios[i].name = "s" + std::to_string(i);
  test_support::InterruptGuard guard;
  RequestInterrupt();
  PoolOptions options;
  options.jobs = 3;
  options.run_prefix = "test";
  ScenarioPool pool(scenarios, options, [&](size_t i, const ScenarioResult& r) {
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
  std::vector<ScenarioResult> results = pool.Join();
  ASSERT_EQ(results.size(), scenarios.size());
  for (const ScenarioResult& r : results) {
    EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kSkipped);
  }
}

}  // namespace
}  // namespace ks
