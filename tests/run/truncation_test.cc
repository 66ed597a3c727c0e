// A run whose records overflow the embedded cluster's per-partition cap must end in an error
// that says so, never in a verdict of loss.
#include <gtest/gtest.h>

#include "run/scenario_runner.h"
#include "support/run_and_judge.h"
#include "support/small_scenario.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

// The embedded cluster without its size check, so the cap itself is reached.
class UncheckedEmbeddedTarget : public EmbeddedTarget {
 public:
  std::string CannotRun(const Scenario&) const override { return ""; }
};

Scenario Overflowing() {
  Scenario s = test_support::SmallScenario(1, 8000, /*group=*/false);
  s.producers[0].value_size = 1000;  // ~8 MB into one partition: over the mock's 5 MiB
  return s;
}

TEST(Truncation, TheSizeCheckRefusesTheScenario) {
  EmbeddedTarget target;
  ScenarioResult r = test_support::RunAndJudge(Overflowing(), target);
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kSkipped);
  EXPECT_NE(r.reason.find("5 MiB"), std::string::npos) << r.reason;
}

TEST(Truncation, ADroppedLogStartIsAnErrorNotLoss) {
  UncheckedEmbeddedTarget target;
  ScenarioResult r = test_support::RunAndJudge(Overflowing(), target);
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kError) << r.reason;
  EXPECT_NE(r.reason.find("dropped the oldest records of t[0]"), std::string::npos) << r.reason;
  EXPECT_TRUE(r.checks.empty());  // nothing is judged on a history the cluster cut short
}

}  // namespace
}  // namespace ks
