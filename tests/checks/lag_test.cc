#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

ExpectSpec NoLag(std::map<std::string, std::string> scope = {{"group", "billing"}}) {
  return Expect("lag", std::move(scope), {Max(0)});
}

// billing reads orders (2 partitions, watermarks 10 and 5).
HistoryBuilder TwoPartitions() {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0).Assign("billing/0", "orders", 1);
  return b;
}

TEST(Lag, CommittedToTheEndPasses) {
  HistoryBuilder b = TwoPartitions();
  b.Commit("billing/0", "orders", 0, 10).Commit("billing/0", "orders", 1, 5);
  b.Watermark("orders", 0, 10).Watermark("orders", 1, 5);
  CheckResult r = RunCheck(b.history(), NoLag());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "lag 0 (max 0)");
  EXPECT_EQ(FigureOf(r, "max_partition_lag"), 0);
  EXPECT_TRUE(r.evidence_text.empty());
}

TEST(Lag, CommitsBehindTheWatermarkFail) {
  HistoryBuilder b = TwoPartitions();
  b.Commit("billing/0", "orders", 0, 7);
  b.LogStart("orders", 1, 2).Watermark("orders", 0, 10).Watermark("orders", 1, 6);
  CheckResult r = RunCheck(b.history(), NoLag());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "lag"), 7);  // 10 - 7, and 6 - 2 (never committed: from log start)
  EXPECT_EQ(FigureOf(r, "max_partition_lag"), 4);
  EXPECT_EQ(EvidenceText(r),
            "orders[1]: high watermark 6, billing never committed it (log start 2): lag 4\n"
            "orders[0]: high watermark 10, billing last committed 7 by billing/0 at 0.000020s: "
            "lag 3\n");
  EXPECT_EQ(r.evidence.size(), 3u);  // watermark of 1; watermark and commit of 0
}

TEST(Lag, TheLastCommitWinsEvenWhenItRewinds) {
  HistoryBuilder b = TwoPartitions();
  b.Commit("billing/0", "orders", 0, 10).Commit("billing/0", "orders", 0, 4);  // a seek back
  b.Commit("billing/0", "orders", 1, 5).Commit("billing/0", "orders", 1, 1, OpType::kFail);
  b.Watermark("orders", 0, 10).Watermark("orders", 1, 5);
  EXPECT_EQ(FigureOf(RunCheck(b.history(), NoLag()), "lag"), 6);
}

TEST(Lag, WithoutLogStartAWholePartitionCounts) {
  HistoryBuilder b = TwoPartitions();
  b.Group("audit", 1).Commit("audit/0", "orders", 0, 10);  // another group's commit
  b.Watermark("orders", 0, 10).Watermark("orders", 1, 5);
  CheckResult r = RunCheck(b.history(), NoLag());
  EXPECT_EQ(FigureOf(r, "lag"), 15);
  EXPECT_EQ(FigureOf(r, "max_partition_lag"), 10);
}

TEST(Lag, TopicScopeAndUnreadTopics) {
  HistoryBuilder b = TwoPartitions();
  b.Commit("billing/0", "orders", 0, 10).Commit("billing/0", "orders", 1, 5);
  b.Watermark("orders", 0, 10).Watermark("orders", 1, 5).Watermark("audit", 0, 50);
  EXPECT_TRUE(RunCheck(b.history(), NoLag()).passed);  // billing never read audit
  EXPECT_EQ(
      FigureOf(RunCheck(b.history(), NoLag({{"group", "billing"}, {"topic", "audit"}})), "lag"),
      50);
}

TEST(Lag, NoWatermarkIsNothingToJudge) {
  HistoryBuilder b = TwoPartitions();
  b.Commit("billing/0", "orders", 0, 10);
  EXPECT_EQ(RunCheck(b.history(), NoLag()).summary,
            "nothing to judge: no high watermark was recorded for a topic that billing read");
  EXPECT_EQ(RunCheck(b.history(), NoLag({{"group", "billing"}, {"topic", "orders"}})).summary,
            "nothing to judge: no high watermark of orders was recorded");
}

}  // namespace
}  // namespace ks::test_support
