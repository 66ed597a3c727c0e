// `commit: never` on a real group: the member polls everything and commits nothing.
#include <gtest/gtest.h>

#include "run/scenario_runner.h"
#include "support/run_and_judge.h"
#include "support/small_scenario.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

TEST(CommitNever, AMemberThatNeverCommitsLeavesNoCommit) {
  Scenario s = test_support::SmallScenario(2, 50);
  s.groups[0].commit.mode = CommitMode::kNever;
  ExpectSpec consumed;
  consumed.check = "consumed";
  consumed.scope["group"] = "g";
  consumed.bounds.push_back({"", 50, 50, {}});
  s.expect.push_back(consumed);
  EmbeddedTarget target;
  ScenarioResult r = test_support::RunAndJudge(s, target);
  ASSERT_EQ(r.verdict, ScenarioResult::Verdict::kPassed) << r.reason;
  int commits = 0;
  for (const Op& op : r.history.ops) commits += op.kind == OpKind::kCommit;
  EXPECT_EQ(commits, 0);
}

}  // namespace
}  // namespace ks
