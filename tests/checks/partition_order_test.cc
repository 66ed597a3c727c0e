#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

// Records 0..5 in orders[0] at offsets 0..5, assigned to billing/0.
HistoryBuilder SixRecords() {
  HistoryBuilder b;
  b.Group("billing", 2).Assign("billing/0", "orders", 0);
  for (uint64_t i = 0; i < 6; ++i) b.Send("p", i, "k", "orders", 0, int64_t(i));
  return b;
}

ExpectSpec NoNonmonotonic(std::map<std::string, std::string> scope = {{"group", "billing"}}) {
  return Expect("partition_order", std::move(scope), {Max(0)});
}

TEST(PartitionOrder, CleanHistoryPasses) {
  CheckResult r = RunCheck(MakeCleanHistory({}), NoNonmonotonic());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "nonmonotonic 0 (max 0)");
}

TEST(PartitionOrder, StepBackAndRereadWithoutRebalanceFail) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 3).Poll("billing/0", "p", 1);  // back 2
  b.Poll("billing/0", "p", 2).Poll("billing/0", "p", 2);                            // same again
  b.Poll("billing/0", "p", 4);
  CheckResult r = RunCheck(b.history(), NoNonmonotonic());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "nonmonotonic"), 2);
  std::string text = EvidenceText(r);
  EXPECT_NE(text.find("billing/0 polled orders[0]@3 (p#3) at"), std::string::npos) << text;
  EXPECT_NE(text.find("then orders[0]@1 (p#1) at"), std::string::npos) << text;
  EXPECT_NE(text.find("with no rebalance of orders[0] in between: 2 offsets back"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("the same offset again"), std::string::npos) << text;
  ASSERT_EQ(r.evidence.size(), 4u);
  EXPECT_EQ(r.evidence[0].offset, 3);
  EXPECT_EQ(r.evidence[1].offset, 1);
}

TEST(PartitionOrder, RevokeOrAssignBetweenExcuses) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 3);
  b.Revoke("billing/0", "orders", 0).Assign("billing/0", "orders", 0);
  b.Poll("billing/0", "p", 1);  // rewound to the committed offset
  b.Poll("billing/0", "p", 2).Assign("billing/0", "orders", 0).Poll("billing/0", "p", 2);
  EXPECT_TRUE(RunCheck(b.history(), NoNonmonotonic()).passed);
}

TEST(PartitionOrder, ASeekOfThatPartitionExcusesAReplay) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 3);
  b.Seek("billing/0", "orders", 1, -2).Poll("billing/0", "p", 1);  // another partition's seek
  EXPECT_EQ(FigureOf(RunCheck(b.history(), NoNonmonotonic()), "nonmonotonic"), 1);
  b.Seek("billing/0", "orders", 0, -2).Poll("billing/0", "p", 0).Poll("billing/0", "p", 1);
  EXPECT_EQ(FigureOf(RunCheck(b.history(), NoNonmonotonic()), "nonmonotonic"), 1);  // no more
}

TEST(PartitionOrder, RebalanceOfAnotherPartitionDoesNotExcuse) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 3).Revoke("billing/0", "orders", 1).Poll("billing/0", "p", 1);
  EXPECT_EQ(FigureOf(RunCheck(b.history(), NoNonmonotonic()), "nonmonotonic"), 1);
}

TEST(PartitionOrder, RestartStartsANewSequence) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 3).Start("billing/0").Poll("billing/0", "p", 1);
  EXPECT_TRUE(RunCheck(b.history(), NoNonmonotonic()).passed);
}

TEST(PartitionOrder, MembersAreJudgedSeparately) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 3).Poll("billing/1", "p", 1).Poll("billing/0", "p", 4);
  EXPECT_TRUE(RunCheck(b.history(), NoNonmonotonic()).passed);
}

TEST(PartitionOrder, MemberScope) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 3).Poll("billing/0", "p", 1);
  b.Poll("billing/1", "p", 0).Poll("billing/1", "p", 2);
  EXPECT_FALSE(
      RunCheck(b.history(), NoNonmonotonic({{"group", "billing"}, {"member", "billing/0"}}))
          .passed);
  EXPECT_TRUE(RunCheck(b.history(), NoNonmonotonic({{"group", "billing"}, {"member", "billing/1"}}))
                  .passed);
  b.Group("audit", 1);
  CheckResult r =
      RunCheck(b.history(), NoNonmonotonic({{"group", "billing"}, {"member", "audit/0"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: member audit/0 is not a member of group billing");
}

TEST(PartitionOrder, NothingPolledIsNothingToJudge) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 0);
  CheckResult r =
      RunCheck(b.history(), NoNonmonotonic({{"group", "billing"}, {"member", "billing/1"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: billing/1 polled nothing");
}

TEST(PartitionOrder, ExpectedAnomalyWithMin) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 3).Poll("billing/0", "p", 1);
  EXPECT_TRUE(
      RunCheck(b.history(), Expect("partition_order", {{"group", "billing"}}, {Min(1)})).passed);
  EXPECT_FALSE(
      RunCheck(MakeCleanHistory({}), Expect("partition_order", {{"group", "billing"}}, {Min(1)}))
          .passed);
}

}  // namespace
}  // namespace ks::test_support
