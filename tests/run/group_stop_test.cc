// Stopping a group: every member commits before any member leaves.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

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

StepSpec Step(StepSpec::Kind kind, const std::string& target) {
  StepSpec step;
  step.kind = kind;
  step.target = target;
  step.loc.line = 7;
  return step;
}

StepSpec WaitFor(WaitSpec::Kind kind, const Scenario& s) {
  StepSpec step = Step(StepSpec::Kind::kWait, "");
  step.wait_for.kind = kind;
  step.wait_for.group = "g";
  step.wait_for.within_ms = s.timeout_ms;
  return step;
}

// Runs `s` (1 partition, 2 members, `records` records) and checks that the group's final commit
// took: `lag` 0 and the last offset committed ok.
void ExpectFinalCommit(Scenario s, int64_t records) {
  s.expect.push_back(Bound("consumed", records));
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
  EXPECT_EQ(committed, records);
  for (const Op& op : r.history.ops) {
    if (op.kind == OpKind::kCommit && op.type == OpType::kFail) {
      EXPECT_LE(op.offset, committed);
    }
  }
}

// Issue 13: with 1 partition and 2 members, the idle member's LeaveGroup started a rebalance at
// the clean stop, the owner's final commit was rejected (REBALANCE_IN_PROGRESS) and `lag` failed
// though every record was processed. It is a race (about 1 run in 20 lost it here, more on a
// loaded machine), so the scenario runs a few times; each run must keep its final commit.
TEST(GroupStop, TheOwnersFinalCommitIsNotLostToTheIdleMembersLeaveGroup) {
  Scenario s = test_support::SmallScenario(1, 200);
  s.groups[0].members = 2;
  s.groups[0].commit.mode = CommitMode::kAfterProcess;
  for (int run = 0; run < 3; ++run) {
    SCOPED_TRACE("run " + std::to_string(run + 1));
    ExpectFinalCommit(s, 200);
  }
}

TEST(GroupStop, AnAutoCommittingMemberCommitsWhatItPolledBeforeLeaving) {
  // With `commit: auto` the commit used to be left to consumer_close, after LeaveGroup races.
  Scenario s = test_support::SmallScenario(1, 200);
  s.groups[0].members = 2;
  ExpectFinalCommit(s, 200);
}

TEST(GroupStop, AStopStepNamesAMemberThatMissedItsFinalCommitByTheDeadline) {
  // Each record takes longer to process than the whole run may: the member polls one, is asked
  // to stop while it processes it, and cannot commit before the scenario's deadline.
  Scenario s = test_support::SmallScenario(1, 5);
  s.timeout_ms = 6000;
  s.groups[0].commit.mode = CommitMode::kAfterProcess;
  ProcessingSpec slow;
  slow.delay.fixed_ms = 7000;
  s.groups[0].processing = slow;
  StepSpec sleep = Step(StepSpec::Kind::kSleep, "");
  sleep.sleep_ms = 1000;
  s.steps = {Step(StepSpec::Kind::kStart, "g"), WaitFor(WaitSpec::Kind::kAssigned, s),
             Step(StepSpec::Kind::kProduce, "p"), sleep, Step(StepSpec::Kind::kStop, "g")};
  EmbeddedTarget target;
  ScenarioResult r = RunScenario(s, target);
  int late = 0;
  for (const std::string& p : r.problems) {
    late += p.find("member g/0 did not make its final commit by the deadline") != std::string::npos;
  }
  EXPECT_EQ(late, 1) << testing::PrintToString(r.problems);
  EXPECT_NE(r.verdict, ScenarioResult::Verdict::kPassed);
}

}  // namespace
}  // namespace ks
