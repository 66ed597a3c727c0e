// Stopping a group: every member commits before any member leaves.
#include <gtest/gtest.h>

#include <algorithm>

#include "run/scenario_runner.h"
#include "support/small_scenario.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

ExpectSpec Bound(const std::string& check, int64_t equals) {
  ExpectSpec e;
  e.check = check;
  e.scope["group"] = "g";
  e.bounds.push_back({"", static_cast<double>(equals), static_cast<double>(equals), {}});
  return e;
}

TEST(GroupStop, TheOwnersFinalCommitIsNotLostToTheIdleMembersLeaveGroup) {
  // Issue 13: with 1 partition and 2 members, the idle member's LeaveGroup started a rebalance
  // at the clean stop, the owner's commit was rejected (REBALANCE_IN_PROGRESS) and `lag` failed
  // though every record was processed.
  Scenario s = test_support::SmallScenario(1, 200);
  s.groups[0].members = 2;
  s.expect.push_back(Bound("consumed", 200));
  s.expect.push_back(Bound("lag", 0));
  EmbeddedTarget target;
  ScenarioResult r = RunScenario(s, target);
  for (const CheckResult& c : r.checks) EXPECT_TRUE(c.passed) << c.check << ": " << c.summary;
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kPassed) << r.reason;
  // The final commit succeeded before anyone left. librdkafka's consumer_close may commit the
  // same offset again on revoke, and that one can meet the rebalance; it loses nothing.
  int64_t committed = -1;
  for (const Op& op : r.history.ops) {
    if (op.kind == OpKind::kCommit && op.type == OpType::kOk) {
      committed = std::max(committed, op.offset);
    }
  }
  EXPECT_EQ(committed, 200);
  for (const Op& op : r.history.ops) {
    if (op.kind == OpKind::kCommit && op.type == OpType::kFail) {
      EXPECT_LE(op.offset, committed);
    }
  }
}

}  // namespace
}  // namespace ks
