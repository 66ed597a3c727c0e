// rebalance_time: the group's rebalances after its first assignment, bounded.
#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

constexpr int64_t kMs = 1000;  // HistoryBuilder::Advance takes microseconds

// billing/0 owns orders[0] and billing/1 orders[1]; billing/1 crashes at 1 s and the coordinator
// gives its partition to billing/0 2.5 s later.
HistoryBuilder CrashAndRecover() {
  HistoryBuilder b;
  b.Group("billing", 2).Watermark("orders", 0, 0).Watermark("orders", 1, 0);
  b.Start("billing/0").Start("billing/1").Advance(1 * kMs);
  b.Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  b.Advance(1000 * kMs).Crash("billing/1");
  b.Advance(2500 * kMs).Assign("billing/0", "orders", 1);
  return b;
}

TEST(RebalanceTime, TheLongestRebalanceIsTheMainFigure) {
  const CheckResult r = RunCheck(
      CrashAndRecover().history(),
      Expect("rebalance_time", {{"group", "billing"}}, {Max(3000), Equals(1, "rebalances")}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "longest_ms"), 2500);
  EXPECT_EQ(FigureOf(r, "rebalances"), 1);
  EXPECT_EQ(FigureOf(r, "total_ms"), 2500);
  EXPECT_EQ(FigureOf(r, "unfinished"), 0);
  EXPECT_NE(EvidenceText(r).find("billing: 1 rebalance(s) after its first assignment, the "
                                 "longest 2500 ms"),
            std::string::npos)
      << EvidenceText(r);
}

TEST(RebalanceTime, ARebalanceLongerThanTheBoundFails) {
  const CheckResult r = RunCheck(CrashAndRecover().history(),
                                 Expect("rebalance_time", {{"group", "billing"}}, {Max(2000)}));
  EXPECT_FALSE(r.passed);
  EXPECT_FALSE(r.could_not_judge);
  EXPECT_NE(r.summary.find("longest_ms 2500 (max 2000: failed)"), std::string::npos) << r.summary;
}

TEST(RebalanceTime, ARunEndingMidRebalanceSaysItsTimeIsALowerBound) {
  HistoryBuilder b;
  b.Group("billing", 2).Watermark("orders", 0, 0).Watermark("orders", 1, 0);
  b.Start("billing/0").Start("billing/1").Advance(1 * kMs);
  b.Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  b.Advance(1000 * kMs).Crash("billing/1").Advance(4000 * kMs).Stop("billing/0");
  const CheckResult r = RunCheck(
      b.history(), Expect("rebalance_time", {{"group", "billing"}}, {Equals(0, "unfinished")}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "unfinished"), 1);
  EXPECT_NE(EvidenceText(r).find("lower bound"), std::string::npos) << EvidenceText(r);
}

TEST(RebalanceTime, AGroupNeverAssignedHasNothingToJudge) {
  HistoryBuilder b;
  b.Group("billing", 1).Start("billing/0").Advance(2000 * kMs).Stop("billing/0");
  const CheckResult r =
      RunCheck(b.history(), Expect("rebalance_time", {{"group", "billing"}}, {Max(1000)}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: billing was never assigned a partition");
  const CheckResult unknown =
      RunCheck(b.history(), Expect("rebalance_time", {{"group", "nobody"}}, {Max(1000)}));
  EXPECT_FALSE(unknown.passed);
  EXPECT_EQ(unknown.summary.rfind("nothing to judge: ", 0), 0u) << unknown.summary;
}

}  // namespace
}  // namespace ks::test_support
