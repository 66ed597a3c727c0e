#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

ExpectSpec Valid() {
  return Expect("assignment", {{"group", "billing"}}, {Equals(0), Equals(0, "idle_members")});
}

TEST(Assignment, CleanSplit) {
  CheckResult r = RunCheck(MakeCleanHistory({.partitions = 4, .members = 2}), Valid());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "min_partitions_per_member"), 2);
  EXPECT_EQ(FigureOf(r, "max_partitions_per_member"), 2);
  EXPECT_EQ(r.summary, "unowned_partitions 0 (equals 0), idle_members 0 (equals 0)");
  EXPECT_EQ(EvidenceText(r),
            "final assignment of billing: billing/0: orders[0] orders[2]; billing/1: orders[1] "
            "orders[3]\n");
}

TEST(Assignment, MoreMembersThanPartitionsLeavesIdleMembers) {
  CheckResult r =
      RunCheck(MakeCleanHistory({.partitions = 4, .members = 6}),
               Expect("assignment", {{"group", "billing"}}, {Equals(2, "idle_members")}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "min_partitions_per_member"), 0);
  EXPECT_EQ(FigureOf(r, "max_partitions_per_member"), 1);
}

TEST(Assignment, RevokedAndNeverReassignedIsUnowned) {
  HistoryBuilder b;
  b.Group("billing", 2).Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  b.Revoke("billing/1", "orders", 1).Revoke("billing/0", "orders", 0);
  b.Assign("billing/0", "orders", 0);  // the last rebalance leaves orders[1] to nobody
  b.Watermark("orders", 0, 0).Watermark("orders", 1, 0);
  b.Watermark("orders", 2, 0);  // never assigned at all
  CheckResult r = RunCheck(b.history(), Valid());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "unowned_partitions"), 2);
  EXPECT_EQ(FigureOf(r, "idle_members"), 1);
  EXPECT_NE(EvidenceText(r).find("orders[1] has no owner in billing after its last rebalance"),
            std::string::npos);
  EXPECT_NE(EvidenceText(r).find("orders[2] has no owner"), std::string::npos);
}

TEST(Assignment, TwoOwnersAreNamed) {
  HistoryBuilder b;
  b.Group("billing", 2).Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 0);
  CheckResult r = RunCheck(b.history(), Valid());
  EXPECT_EQ(FigureOf(r, "unowned_partitions"), 1);
  EXPECT_NE(EvidenceText(r).find("orders[0] is owned by billing/0 (assigned at 0.000s) and "
                                 "billing/1 (assigned at 0.000010s) after the last rebalance"),
            std::string::npos)
      << EvidenceText(r);
  EXPECT_EQ(r.evidence.size(), 2u);
}

TEST(Assignment, RebalanceReplays) {
  HistoryBuilder b;
  b.Group("billing", 2).Assign("billing/0", "orders", 0).Assign("billing/0", "orders", 1);
  b.Revoke("billing/0", "orders", 0).Revoke("billing/0", "orders", 1);
  b.Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  EXPECT_TRUE(RunCheck(b.history(), Valid()).passed);
}

TEST(Assignment, StoppedMembersLeaveTheGroup) {
  HistoryBuilder b;
  b.Group("billing", 3).Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  b.Stop("billing/0");  // no revoke recorded: its partitions go with it
  b.Assign("billing/2", "orders", 0);
  CheckResult r = RunCheck(b.history(), Valid());
  EXPECT_TRUE(r.passed) << r.summary << "\n" << EvidenceText(r);
  b.Start("billing/0");  // a new process: nothing assigned yet
  b.Assign("billing/1", "orders", 1);
  r = RunCheck(b.history(), Valid());
  EXPECT_EQ(FigureOf(r, "unowned_partitions"), 0);
  EXPECT_EQ(FigureOf(r, "idle_members"), 1);
}

TEST(Assignment, ACrashedMemberLeavesTheGroup) {
  // billing/1 was killed (no revoke); billing/0 took over its partition in the next rebalance.
  HistoryBuilder b;
  b.Group("billing", 2).Start("billing/0").Start("billing/1");
  b.Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  b.Crash("billing/1");
  b.Revoke("billing/0", "orders", 0)
      .Assign("billing/0", "orders", 0)
      .Assign("billing/0", "orders", 1);
  CheckResult r = RunCheck(b.history(), Valid());
  EXPECT_TRUE(r.passed) << r.summary << "\n" << EvidenceText(r);
  EXPECT_EQ(FigureOf(r, "max_partitions_per_member"), 2);
}

TEST(Assignment, TheShutdownAfterTheLastRebalanceDoesNotCount) {
  // At the end of a scenario every member closes cleanly: revokes, then stops.
  HistoryBuilder b;
  b.Group("billing", 2).Start("billing/0").Start("billing/1");
  b.Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  b.Revoke("billing/0", "orders", 0).Stop("billing/0");
  b.Revoke("billing/1", "orders", 1).Stop("billing/1");
  CheckResult r = RunCheck(b.history(), Valid());
  EXPECT_TRUE(r.passed) << r.summary << "\n" << EvidenceText(r);
  EXPECT_EQ(FigureOf(r, "max_partitions_per_member"), 1);
}

TEST(Assignment, RestartedMemberStartsEmpty) {
  // billing/0 crashed (no revoke, no stop), billing/1 took orders[0], billing/0 came back.
  HistoryBuilder b;
  b.Group("billing", 2).Start("billing/0").Start("billing/1");
  b.Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  b.Assign("billing/1", "orders", 0);
  EXPECT_EQ(FigureOf(RunCheck(b.history(), Valid()), "unowned_partitions"), 1);  // on paper
  b.Start("billing/0").Revoke("billing/1", "orders", 1).Assign("billing/0", "orders", 1);
  EXPECT_TRUE(RunCheck(b.history(), Valid()).passed);
}

TEST(Assignment, NeverAssignedIsNothingToJudge) {
  HistoryBuilder b;
  b.Group("billing", 2);
  CheckResult r = RunCheck(b.history(), Valid());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: billing was never assigned a partition");
}

}  // namespace
}  // namespace ks::test_support
