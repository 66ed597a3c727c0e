#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

// Records 0..3 of key user-1 in orders[0] at offsets 0..3.
HistoryBuilder FourOfOneKey() {
  HistoryBuilder b;
  b.Group("billing", 2);
  for (uint64_t i = 0; i < 4; ++i) b.Send("p", i, "user-1", "orders", 0, int64_t(i));
  return b;
}

TEST(KeyOrder, CleanHistoryPasses) {
  CheckResult r =
      RunCheck(MakeCleanHistory({}), Expect("key_order", {{"group", "billing"}}, {Max(0)}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "keys_out_of_order 0 (max 0)");
}

TEST(KeyOrder, SwappedPollsAreAnInversion) {
  HistoryBuilder b = FourOfOneKey();
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 2).Poll("billing/0", "p", 1);
  b.Poll("billing/0", "p", 3);
  CheckResult r = RunCheck(b.history(), Expect("key_order", {{"group", "billing"}}, {Max(0)}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "keys_out_of_order"), 1);
  EXPECT_EQ(FigureOf(r, "inversions"), 1);
  std::string text = EvidenceText(r);
  EXPECT_NE(text.find("key user-1: p#1 was acked before p#2"), std::string::npos) << text;
  EXPECT_NE(text.find("but billing first polled p#2 (billing/0"), std::string::npos) << text;
  ASSERT_EQ(r.evidence.size(), 4u);
  EXPECT_EQ(r.evidence[0].kind, OpKind::kSend);
  EXPECT_EQ(r.evidence[0].seq, 1u);
  EXPECT_EQ(r.evidence[2].kind, OpKind::kPoll);
  EXPECT_EQ(r.evidence[2].seq, 2u);
}

TEST(KeyOrder, RedeliveryDoesNotReorder) {
  // A rebalance re-delivers #1 after #2: Kafka's at-least-once, not a reordering.
  HistoryBuilder b = FourOfOneKey();
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 1).Poll("billing/0", "p", 2);
  b.Poll("billing/1", "p", 1).Poll("billing/1", "p", 2).Poll("billing/1", "p", 3);
  EXPECT_TRUE(RunCheck(b.history(), Expect("key_order", {{"group", "billing"}}, {Max(0)})).passed);
}

TEST(KeyOrder, OnlyPolledRecordsAreJudged) {
  HistoryBuilder b = FourOfOneKey();
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 3);
  EXPECT_TRUE(RunCheck(b.history(), Expect("key_order", {{"group", "billing"}}, {Max(0)})).passed);
}

TEST(KeyOrder, KeySplitOverPartitionsIsCaught) {
  HistoryBuilder b;
  b.Group("billing", 2);
  b.Send("p", 0, "user-1", "orders", 0, 0).Send("p", 1, "user-1", "orders", 1, 0);
  b.Poll("billing/1", "p", 1).Poll("billing/0", "p", 0);
  CheckResult r = RunCheck(b.history(), Expect("key_order", {{"group", "billing"}}, {Max(0)}));
  EXPECT_EQ(FigureOf(r, "keys_out_of_order"), 1);
}

TEST(KeyOrder, CountsKeysAndInversions) {
  HistoryBuilder b;
  b.Group("billing", 1);
  for (uint64_t i = 0; i < 9; ++i)
    b.Send("p", i, "user-" + std::to_string(i % 3), "orders", 0, int64_t(i));
  // user-0: 0 3 6 polled 6 3 0 (2 inversions); user-1: 1 4 7 polled 4 1 7 (1); user-2 in order.
  for (uint64_t i : {6, 3, 0, 4, 1, 7, 2, 5, 8}) b.Poll("billing/0", "p", i);
  CheckResult r = RunCheck(b.history(), Expect("key_order", {{"group", "billing"}}, {Max(0)}));
  EXPECT_EQ(FigureOf(r, "keys_out_of_order"), 2);
  EXPECT_EQ(FigureOf(r, "inversions"), 3);
  EXPECT_EQ(r.evidence_text.size(), 2u);
}

TEST(KeyOrder, AckTiesBreakByPartitionThenOffset) {
  HistoryBuilder b;
  b.Group("billing", 1);
  b.Send("p", 0, "user-1", "orders", 1, 0).Send("p", 1, "user-1", "orders", 0, 5);
  History h = b.Build();
  // Both acks at one instant: orders[0]@5 (p#1) comes first in acknowledgement order.
  h.ops[2].time_us = h.ops[1].time_us;
  h.ops[3].time_us = h.ops[1].time_us;
  Op poll = h.ops[3];  // p#1
  poll.kind = OpKind::kPoll;
  poll.actor = 0;
  poll.time_us = 100;
  h.ops.push_back(poll);
  poll = h.ops[1];  // p#0
  poll.kind = OpKind::kPoll;
  poll.actor = 0;
  poll.time_us = 110;
  h.ops.push_back(poll);
  EXPECT_TRUE(RunCheck(h, Expect("key_order", {{"group", "billing"}}, {Max(0)})).passed);
  std::swap(h.ops[4].seq, h.ops[5].seq);
  std::swap(h.ops[4].partition, h.ops[5].partition);
  std::swap(h.ops[4].offset, h.ops[5].offset);
  EXPECT_FALSE(RunCheck(h, Expect("key_order", {{"group", "billing"}}, {Max(0)})).passed);
}

TEST(KeyOrder, NullKeysAreNotJudged) {
  HistoryBuilder b;
  b.Group("billing", 1);
  b.Send("p", 0, std::nullopt, "orders", 0, 0).Send("p", 1, std::nullopt, "orders", 0, 1);
  b.Poll("billing/0", "p", 1).Poll("billing/0", "p", 0);
  CheckResult r = RunCheck(b.history(), Expect("key_order", {{"group", "billing"}}, {Max(0)}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: billing polled no acknowledged record with a key");
}

}  // namespace
}  // namespace ks::test_support
