#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

ExpectSpec NoneVisible() { return Expect("aborted_visible", {{"group", "billing"}}, {Max(0)}); }

TEST(AbortedVisible, CleanHistoryPasses) {
  CheckResult r = RunCheck(MakeCleanHistory({}), NoneVisible());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "aborted_visible 0 (max 0)");
}

TEST(AbortedVisible, FailedSendsNobodyReadPass) {
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 0, "k", "orders", 0, 0);
  b.Send("p", 1, "k", "orders", -1, -1, OpType::kFail).Poll("billing/0", "p", 0);
  EXPECT_TRUE(RunCheck(b.history(), NoneVisible()).passed);
}

TEST(AbortedVisible, ReadingARecordThatWasNeverWrittenFails) {
  HistoryBuilder b;
  b.Group("billing", 2).Send("p", 0, "k", "orders", 0, 0);
  b.Send("p", 1, "k", "orders", -1, -1, OpType::kFail);
  b.Poll("billing/0", "p", 0).Poll("billing/1", "p", 1, "orders", 0, 1);
  b.Poll("billing/0", "p", 1, "orders", 0, 1);  // read twice: still one record
  CheckResult r = RunCheck(b.history(), NoneVisible());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "aborted_visible 1 (max 0: failed)");
  EXPECT_NE(EvidenceText(r).find("p#1 (key k): delivery failed at 0.000030s (not persisted: never "
                                 "written), yet billing/1 polled it at orders[0]@1 at"),
            std::string::npos)
      << EvidenceText(r);
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[0].type, OpType::kFail);
  EXPECT_EQ(r.evidence[1].kind, OpKind::kPoll);
}

TEST(AbortedVisible, IndeterminateSendsMayBeRead) {
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 0, "k", "orders", -1, -1, OpType::kInfo);
  b.Poll("billing/0", "p", 0, "orders", 0, 0);
  EXPECT_TRUE(RunCheck(b.history(), NoneVisible()).passed);
}

TEST(AbortedVisible, OtherGroupsDoNotCount) {
  HistoryBuilder b;
  b.Group("billing", 1).Group("audit", 1).Send("p", 0, "k", "orders", 0, 0);
  b.Send("p", 1, "k", "orders", -1, -1, OpType::kFail);
  b.Poll("billing/0", "p", 0).Poll("audit/0", "p", 1, "orders", 0, 1);
  EXPECT_TRUE(RunCheck(b.history(), NoneVisible()).passed);
  EXPECT_FALSE(
      RunCheck(b.history(), Expect("aborted_visible", {{"group", "audit"}}, {Max(0)})).passed);
}

TEST(AbortedVisible, NothingPolledIsNothingToJudge) {
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 1, "k", "orders", -1, -1, OpType::kFail);
  EXPECT_EQ(RunCheck(b.history(), NoneVisible()).summary,
            "nothing to judge: billing polled nothing");
  b.PollForeign("billing/0", "orders", 0, 0);
  EXPECT_EQ(RunCheck(b.history(), NoneVisible()).summary,
            "nothing to judge: billing polled 1 records, none with this run's identity header");
}

// Producer p sends three transactions of two records each to orders[0] (offsets 0..5), and the
// second aborts after its records were delivered: p#2 and p#3 are in the log, behind an abort
// marker. Groups "committed" (read_committed-style) and "uncommitted" have one member each.
HistoryBuilder ThreeTransactions() {
  HistoryBuilder b;
  b.Group("committed", 1).Group("uncommitted", 1);
  for (uint64_t t = 1; t <= 3; ++t) {
    b.Txn("p", t, OpType::kInvoke);
    for (uint64_t i = 2 * (t - 1); i < 2 * t; ++i) b.Send("p", i, "k", "orders", 0, int64_t(i));
    b.Txn("p", t, t == 2 ? OpType::kFail : OpType::kOk);
  }
  return b;
}

TEST(AbortedVisible, ReadCommittedGroupThatSkipsAbortedRecordsPasses) {
  HistoryBuilder b = ThreeTransactions();
  for (uint64_t i : {0, 1, 4, 5}) b.Poll("committed/0", "p", i);
  CheckResult r =
      RunCheck(b.history(), Expect("aborted_visible", {{"group", "committed"}}, {Max(0)}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "aborted_visible 0 (max 0)");
}

TEST(AbortedVisible, ReadingARecordOfAnAbortedTransactionFails) {
  HistoryBuilder b = ThreeTransactions();
  for (uint64_t i : {0, 1, 2, 4, 5}) b.Poll("committed/0", "p", i);
  CheckResult r =
      RunCheck(b.history(), Expect("aborted_visible", {{"group", "committed"}}, {Max(0)}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "aborted_visible 1 (max 0: failed)");
  EXPECT_NE(EvidenceText(r).find("p#2 (key k): sent in aborted transaction 2 (aborted at "
                                 "0.000110s), yet committed/0 polled it at orders[0]@2 at"),
            std::string::npos)
      << EvidenceText(r);
  ASSERT_EQ(r.evidence.size(), 3u);  // the send, the abort, the poll
  EXPECT_EQ(r.evidence[0].kind, OpKind::kSend);
  EXPECT_EQ(r.evidence[0].seq, 2u);
  EXPECT_EQ(r.evidence[1].kind, OpKind::kTxn);
  EXPECT_EQ(r.evidence[1].type, OpType::kFail);
  EXPECT_EQ(r.evidence[2].kind, OpKind::kPoll);
}

TEST(AbortedVisible, ReadUncommittedSeesEveryAbortedRecord) {
  HistoryBuilder b = ThreeTransactions();
  for (uint64_t i = 0; i < 6; ++i) b.Poll("uncommitted/0", "p", i);
  CheckResult r =
      RunCheck(b.history(), Expect("aborted_visible", {{"group", "uncommitted"}}, {Min(1)}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "aborted_visible"), 2);
}

TEST(AbortedVisible, CommittedAndUndecidedTransactionsDoNotCount) {
  HistoryBuilder b;
  b.Group("billing", 1);
  b.Txn("p", 1, OpType::kInvoke).Send("p", 0, "k", "orders", 0, 0).Txn("p", 1, OpType::kOk);
  b.Txn("p", 2, OpType::kInvoke).Send("p", 1, "k", "orders", 0, 1).Txn("p", 2, OpType::kInfo);
  b.Txn("p", 3, OpType::kInvoke).Send("p", 2, "k", "orders", 0, 2);  // never ended
  for (uint64_t i = 0; i < 3; ++i) b.Poll("billing/0", "p", i);
  EXPECT_TRUE(RunCheck(b.history(), NoneVisible()).passed);
}

TEST(AbortedVisible, ARecordBelongsToTheTransactionOpenAtItsSend) {
  // p#0 is sent in committed transaction 1, but its delivery report comes during transaction 2,
  // which aborts; q's send during p's transaction is not p's.
  HistoryBuilder b;
  b.Group("billing", 1).Producer("q");
  b.Txn("p", 1, OpType::kInvoke).Invoke("p", 0, "k", "orders").Txn("p", 1, OpType::kOk);
  b.Txn("p", 2, OpType::kInvoke).Send("q", 0, "k", "orders", 0, 1);
  History h = b.Build();
  Op ack = h.ops[1];  // p#0's invoke, completed now
  ack.type = OpType::kOk;
  ack.partition = 0;
  ack.offset = 0;
  ack.time_us = h.ops.back().time_us + 10;
  h.ops.push_back(ack);
  // The abort and the polls, appended by hand in time order.
  Op abort = h.ops[3];
  abort.type = OpType::kFail;
  abort.time_us = ack.time_us + 10;
  h.ops.push_back(abort);
  const uint32_t member = 0;  // billing/0 is the first actor
  for (uint32_t producer : {h.producers.Find("p"), h.producers.Find("q")}) {
    Op poll;
    poll.kind = OpKind::kPoll;
    poll.actor = member;
    poll.producer = producer;
    poll.seq = 0;
    poll.topic = 0;
    poll.partition = 0;
    poll.offset = producer == h.producers.Find("p") ? 0 : 1;
    poll.time_us = h.ops.back().time_us + 10;
    h.ops.push_back(poll);
  }
  EXPECT_TRUE(RunCheck(h, NoneVisible()).passed) << RunCheck(h, NoneVisible()).summary;
}

}  // namespace
}  // namespace ks::test_support
