#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

ExpectSpec NoSplit(std::map<std::string, std::string> scope = {{"topic", "orders"}}) {
  return Expect("same_key_same_partition", std::move(scope), {Max(0)});
}

TEST(SameKeySamePartition, CleanHistoryPasses) {
  CheckResult r = RunCheck(MakeCleanHistory({.keys = 7}), NoSplit());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "keys"), 7);
  EXPECT_EQ(r.summary, "split_keys 0 (max 0)");
}

TEST(SameKeySamePartition, KeyInTwoPartitionsFails) {
  HistoryBuilder b;
  b.Send("p", 0, "user-1", "orders", 2, 0).Send("p", 1, "user-1", "orders", 2, 1);
  b.Send("p", 2, "user-1", "orders", 5, 0).Send("p", 3, "user-2", "orders", 1, 0);
  CheckResult r = RunCheck(b.history(), NoSplit());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "split_keys"), 1);
  EXPECT_EQ(FigureOf(r, "keys"), 2);
  EXPECT_EQ(
      EvidenceText(r),
      "key user-1 landed in 2 partitions: orders[2]@0 (first p#0), orders[5]@0 (first p#2)\n");
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[1].seq, 2u);
}

TEST(SameKeySamePartition, OnlyAcknowledgedKeyedRecordsCount) {
  HistoryBuilder b;
  b.Send("p", 0, "user-1", "orders", 2, 0);
  b.Send("p", 1, "user-1", "orders", 3, 0, OpType::kInfo);
  b.Send("p", 2, "user-1", "orders", -1, -1, OpType::kFail);
  b.Send("p", 3, std::nullopt, "orders", 0, 0).Send("p", 4, std::nullopt, "orders", 1, 0);
  EXPECT_TRUE(RunCheck(b.history(), NoSplit()).passed);
}

TEST(SameKeySamePartition, ProducerScope) {
  HistoryBuilder b;
  b.Send("java", 0, "user-1", "orders", 2, 0).Send("java", 1, "user-1", "orders", 2, 1);
  b.Send("c", 0, "user-1", "orders", 4, 0);
  EXPECT_FALSE(RunCheck(b.history(), NoSplit()).passed);
  EXPECT_TRUE(RunCheck(b.history(), NoSplit({{"topic", "orders"}, {"producer", "java"}})).passed);
  CheckResult r = RunCheck(b.history(), NoSplit({{"topic", "orders"}, {"producer", "jvaa"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: producer jvaa is not in the history (it sent nothing)");
}

TEST(SameKeySamePartition, NoKeyedRecordIsNothingToJudge) {
  HistoryBuilder b;
  b.Send("p", 0, std::nullopt, "orders", 0, 0);
  CheckResult r = RunCheck(b.history(), NoSplit());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: no record with a key was acknowledged on orders");
}

TEST(SameKeySamePartition, ExpectedSplitWithMin) {
  HistoryBuilder b;
  b.Send("p", 0, "user-1", "orders", 0, 0).Send("p", 1, "user-1", "orders", 1, 0);
  EXPECT_TRUE(
      RunCheck(b.history(), Expect("same_key_same_partition", {{"topic", "orders"}}, {Min(1)}))
          .passed);
}

}  // namespace
}  // namespace ks::test_support
