#include <gtest/gtest.h>

#include "checks/check_test_util.h"
#include "checks/common.h"

namespace ks::test_support {
namespace {

// Three acked records in orders[0] at offsets 0..2, watermark 3.
HistoryBuilder ThreeRecords() {
  HistoryBuilder b;
  b.Group("billing", 2).Assign("billing/0", "orders", 0);
  for (uint64_t i = 0; i < 3; ++i) b.Send("order-service", i, "user-1", "orders", 0, int64_t(i));
  return b;
}

TEST(Lost, CleanHistoryPasses) {
  History h = MakeCleanHistory({});
  CheckResult r = RunCheck(h, Expect("no_loss", {{"group", "billing"}}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "lost 0 (max 0), unseen 0 (max 0)");
  EXPECT_TRUE(r.evidence.empty());
}

TEST(Lost, RecordReadPastIsLost) {
  HistoryBuilder b = ThreeRecords();
  b.Poll("billing/0", "order-service", 0).Poll("billing/0", "order-service", 2);
  b.Watermark("orders", 0, 3);
  CheckResult r = RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "lost"), 1);
  EXPECT_EQ(FigureOf(r, "unseen"), 0);
  EXPECT_EQ(r.summary, "lost 1 (max 0: failed), unseen 0 (max 0)");
  EXPECT_NE(EvidenceText(r).find("order-service#1 (key user-1) acked at orders[0]@1, never polled "
                                 "by billing, which read orders[0] up to offset 2 (billing/0)"),
            std::string::npos)
      << EvidenceText(r);
  ASSERT_EQ(r.evidence.size(), 2u);  // the send, and the poll that went past it
  EXPECT_EQ(r.evidence[0].kind, OpKind::kSend);
  EXPECT_EQ(r.evidence[0].seq, 1u);
  EXPECT_EQ(r.evidence[1].kind, OpKind::kPoll);
  EXPECT_EQ(r.evidence[1].offset, 2);
}

TEST(Lost, GroupThatNeverDrainedGivesUnseenNotLost) {
  HistoryBuilder b = ThreeRecords();
  b.Poll("billing/0", "order-service", 0).Watermark("orders", 0, 3);
  CheckResult r = RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "lost"), 0);
  EXPECT_EQ(FigureOf(r, "unseen"), 2);
  EXPECT_NE(EvidenceText(r).find("unseen"), std::string::npos);
  // `lost` alone with max 0 passes: unseen records are not proven lost.
  EXPECT_TRUE(RunCheck(b.history(), Expect("lost", {{"group", "billing"}}, {Max(0)})).passed);
}

TEST(Lost, DrainedPartitionMakesAMissingRecordLost) {
  // The broker acked #2 at offset 2 but the log ends at 2 (watermark 2, e.g. truncated after an
  // unclean election): the group read everything there was, so #2 is lost, not delayed.
  HistoryBuilder b = ThreeRecords();
  b.Poll("billing/0", "order-service", 0).Poll("billing/0", "order-service", 1);
  b.Watermark("orders", 0, 2);
  CheckResult r = RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}}));
  EXPECT_EQ(FigureOf(r, "lost"), 1);
  EXPECT_EQ(FigureOf(r, "unseen"), 0);
  EXPECT_NE(EvidenceText(r).find("drained orders[0] (high watermark 2"), std::string::npos)
      << EvidenceText(r);
}

TEST(Lost, AnotherRecordAtTheSameOffsetMeansLost) {
  HistoryBuilder b;
  b.Group("billing", 1);
  b.Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", 0, 1);
  b.Poll("billing/0", "p", 0).Poll("billing/0", "q", 5, "orders", 0, 1);  // offset 1 holds q#5
  CheckResult r = RunCheck(b.history(), Expect("lost", {{"group", "billing"}}, {Max(0)}));
  EXPECT_EQ(FigureOf(r, "lost"), 1);
}

TEST(Lost, InfoAndFailedSendsAreNeverLost) {
  HistoryBuilder b;
  b.Group("billing", 1);
  b.Send("p", 0, "k", "orders", 0, 0);
  b.Send("p", 1, "k", "orders", -1, -1, OpType::kInfo);
  b.Send("p", 2, "k", "orders", 0, 1, OpType::kInfo);  // maybe written: we even know where
  b.Send("p", 3, "k", "orders", -1, -1, OpType::kFail);
  b.Send("p", 4, "k", "orders", 0, 2);
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 4).Watermark("orders", 0, 3);
  CheckResult r = RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}}));
  EXPECT_TRUE(r.passed) << r.summary;
}

TEST(Lost, NothingAckedIsNothingToJudge) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  b.Send("p", 0, "k", "orders", -1, -1, OpType::kFail);
  CheckResult r = RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: no record of a topic that billing read was acknowledged");
}

TEST(Lost, UnknownNamesFail) {
  History h = MakeCleanHistory({});
  CheckResult g = RunCheck(h, Expect("no_loss", {{"group", "bililng"}}));
  EXPECT_FALSE(g.passed);
  EXPECT_NE(g.summary.find("group bililng is not in the history"), std::string::npos);
  CheckResult t = RunCheck(h, Expect("no_loss", {{"group", "billing"}, {"topic", "nope"}}));
  EXPECT_FALSE(t.passed);
  EXPECT_NE(t.summary.find("topic nope"), std::string::npos);
}

TEST(Lost, TopicScopeAndTheGroupsTopics) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  b.Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "audit", 0, 0);
  b.Poll("billing/0", "p", 0);
  // audit is not a topic billing reads: unscoped, its record is not billing's to consume.
  EXPECT_TRUE(RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}})).passed);
  CheckResult audit =
      RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}, {"topic", "audit"}}));
  EXPECT_FALSE(audit.passed);
  EXPECT_EQ(FigureOf(audit, "unseen"), 1);
}

TEST(Lost, ExpectedLossNeedsALostRecord) {
  HistoryBuilder b = ThreeRecords();
  b.Poll("billing/0", "order-service", 0).Poll("billing/0", "order-service", 2);
  EXPECT_TRUE(RunCheck(b.history(), Expect("lost", {{"group", "billing"}}, {Min(1)})).passed);
  EXPECT_FALSE(
      RunCheck(MakeCleanHistory({}), Expect("lost", {{"group", "billing"}}, {Min(1)})).passed);
}

TEST(Lost, ForeignRecordsProveNothing) {
  // Only records with our identity header count: a foreign record at a higher offset does not
  // prove that the group read past ours.
  HistoryBuilder b = ThreeRecords();
  b.Poll("billing/0", "order-service", 0).PollForeign("billing/0", "orders", 0, 7);
  CheckResult r = RunCheck(b.history(), Expect("lost", {{"group", "billing"}}, {Max(0)}));
  EXPECT_EQ(FigureOf(r, "lost"), 0);
  EXPECT_EQ(FigureOf(r, "unseen"), 2);
}

TEST(Lost, ReadByAnyMemberCounts) {
  HistoryBuilder b = ThreeRecords();
  b.Poll("billing/0", "order-service", 0).Poll("billing/1", "order-service", 1);
  b.Poll("billing/0", "order-service", 2);
  EXPECT_TRUE(RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}})).passed);
}

TEST(Lost, EvidenceStaysShort) {
  HistoryBuilder b;
  b.Group("billing", 1);
  for (uint64_t i = 0; i < 10; ++i) b.Send("p", i, "k", "orders", 0, int64_t(i));
  b.Poll("billing/0", "p", 9);
  CheckResult r = RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}}));
  EXPECT_EQ(FigureOf(r, "lost"), 9);
  ASSERT_EQ(r.evidence_text.size(), 6u);
  EXPECT_EQ(r.evidence_text.back(), "... and 4 more lost records");
  EXPECT_EQ(r.evidence.size(), 5u);
}

// Producer p sends three transactions of two records each to orders[0] (offsets 0..5); the
// second ends as `second` (kFail: aborted after its records were delivered). The group read the
// records of the first and third: what a read_committed reader returns.
History ThreeTransactionsReadCommitted(OpType second) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  for (uint64_t t = 1; t <= 3; ++t) {
    b.Txn("p", t, OpType::kInvoke);
    for (uint64_t i = 2 * (t - 1); i < 2 * t; ++i) b.Send("p", i, "k", "orders", 0, int64_t(i));
    b.Txn("p", t, t == 2 ? second : OpType::kOk);
  }
  for (uint64_t i : {0, 1, 4, 5}) b.Poll("billing/0", "p", i);
  b.Watermark("orders", 0, 8);  // six records and the markers of the last two transactions
  return b.Build();
}

TEST(Lost, RecordsOfAbortedTransactionsAreNotOwed) {
  History h = ThreeTransactionsReadCommitted(OpType::kFail);
  CheckResult r = RunCheck(h, Expect("no_loss", {{"group", "billing"}}));
  EXPECT_TRUE(r.passed) << r.summary << "\n" << EvidenceText(r);
  EXPECT_EQ(r.summary, "lost 0 (max 0), unseen 0 (max 0)");
  size_t acknowledged = 0;
  check_detail::ComputeLostCounting(h, Expect("lost", {{"group", "billing"}}), &acknowledged);
  EXPECT_EQ(acknowledged, 4u);  // the committed records only
}

TEST(Lost, RecordsOfCommittedTransactionsAreOwed) {
  CheckResult r = RunCheck(ThreeTransactionsReadCommitted(OpType::kOk),
                           Expect("no_loss", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "lost 2 (max 0: failed), unseen 0 (max 0)");
}

TEST(Lost, RecordsOfTransactionsOfUnknownOutcomeAreNotOwed) {
  EXPECT_TRUE(RunCheck(ThreeTransactionsReadCommitted(OpType::kInfo),
                       Expect("no_loss", {{"group", "billing"}}))
                  .passed);
}

TEST(Lost, OnlyAbortedRecordsIsNothingToJudge) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  b.Txn("p", 1, OpType::kInvoke).Send("p", 0, "k", "orders", 0, 0).Txn("p", 1, OpType::kFail);
  b.Poll("billing/0", "p", 0);
  EXPECT_EQ(RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}})).summary,
            "nothing to judge: no record of a topic that billing read was acknowledged outside "
            "transactions that did not commit");
}

}  // namespace
}  // namespace ks::test_support
