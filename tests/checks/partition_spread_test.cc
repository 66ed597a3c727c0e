#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

TEST(PartitionSpread, EvenSpread) {
  CheckResult r = RunCheck(MakeCleanHistory({.partitions = 4, .records = 200, .keys = 8}),
                           Expect("partition_spread", {{"topic", "orders"}}, {Equals(4)}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "min_per_partition"), 50);
  EXPECT_EQ(FigureOf(r, "max_per_partition"), 50);
  EXPECT_EQ(FigureOf(r, "records"), 200);
  EXPECT_EQ(r.summary, "partitions_used 4 (equals 4)");
  EXPECT_EQ(EvidenceText(r), "200 acked records per partition of orders: [50, 50, 50, 50]\n");
}

TEST(PartitionSpread, OneKeyFillsOnePartitionAndEmptyPartitionsCount) {
  CheckResult r = RunCheck(MakeCleanHistory({.partitions = 6, .records = 30, .keys = 1}),
                           Expect("partition_spread", {{"topic", "orders"}},
                                  {Equals(1, "partitions_used"), Equals(0, "min_per_partition")}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "max_per_partition"), 30);
  EXPECT_EQ(r.summary, "partitions_used 1 (equals 1), min_per_partition 0 (equals 0)");
}

TEST(PartitionSpread, WithoutWatermarksTheHighestPartitionSeenCounts) {
  HistoryBuilder b;
  b.Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", 2, 0);
  CheckResult r =
      RunCheck(b.history(), Expect("partition_spread", {{"topic", "orders"}}, {Equals(2)}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "min_per_partition"), 0);  // orders[1]
}

TEST(PartitionSpread, ProducerScopeAndUnacknowledgedSends) {
  HistoryBuilder b;
  b.Send("a", 0, "k", "orders", 0, 0).Send("b", 0, "k", "orders", 1, 0);
  b.Send("a", 1, "k", "orders", 1, 1, OpType::kInfo)
      .Watermark("orders", 0, 1)
      .Watermark("orders", 1, 2);
  CheckResult r =
      RunCheck(b.history(), Expect("partition_spread", {{"topic", "orders"}, {"producer", "a"}},
                                   {Equals(1), Equals(1, "records")}));
  EXPECT_TRUE(r.passed) << r.summary;
}

TEST(PartitionSpread, NothingAckedIsNothingToJudge) {
  HistoryBuilder b;
  b.Send("a", 0, "k", "orders", -1, -1, OpType::kFail);
  CheckResult r =
      RunCheck(b.history(), Expect("partition_spread", {{"topic", "orders"}}, {Min(0)}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: no record to orders was acknowledged");
}

}  // namespace
}  // namespace ks::test_support
