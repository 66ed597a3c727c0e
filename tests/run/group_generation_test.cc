// Ops recorded by a real group on the embedded cluster carry its generation.
#include <gtest/gtest.h>

#include "run/scenario_runner.h"
#include "support/run_and_judge.h"
#include "support/small_scenario.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

// A real group on the embedded cluster: every assign and poll op carries the generation the
// coordinator gave the member (the mock starts counting at 1 and bumps it per rebalance).
TEST(GroupGeneration, AssignAndPollOpsCarryTheGroupsGeneration) {
  Scenario s = test_support::SmallScenario(2, 20);
  EmbeddedTarget target;
  ScenarioResult r = test_support::RunAndJudge(s, target);
  // No expect entries: nothing can pass, and the run says so.
  ASSERT_EQ(r.verdict, ScenarioResult::Verdict::kFailed) << r.reason;
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("nothing to check"), std::string::npos) << r.problems[0];
  int assigns = 0, polls = 0;
  for (const Op& op : r.history.ops) {
    if (op.kind == OpKind::kAssign) {
      ++assigns;
      EXPECT_GE(op.generation, 1);
    }
    if (op.kind == OpKind::kPoll) {
      ++polls;
      EXPECT_GE(op.generation, 1);
    }
  }
  EXPECT_EQ(assigns, 2);
  EXPECT_EQ(polls, 20);
}

}  // namespace
}  // namespace ks
