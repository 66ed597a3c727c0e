#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

// p sends 6 records to orders: 3 acknowledged, 1 failed, 1 indeterminate, 1 never answered;
// q sends 2 acknowledged records to orders and 1 to audit.
HistoryBuilder Mixed() {
  HistoryBuilder b;
  for (uint64_t i = 0; i < 3; ++i) b.Send("p", i, "k", "orders", 0, int64_t(i));
  b.Send("p", 3, "k", "orders", -1, -1, OpType::kFail);
  b.Send("p", 4, "k", "orders", -1, -1, OpType::kInfo);
  b.Invoke("p", 5, "k", "orders");
  b.Send("q", 0, "k", "orders", 1, 0).Send("q", 1, "k", "orders", 1, 1);
  b.Send("q", 2, "k", "audit", 0, 0);
  return b;
}

TEST(Produced, CountsByOutcome) {
  CheckResult r = RunCheck(Mixed().history(), Expect("produced", {{"producer", "p"}}, {Equals(3)}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "sent"), 6);
  EXPECT_EQ(FigureOf(r, "failed"), 1);
  EXPECT_EQ(FigureOf(r, "indeterminate"), 2);
  EXPECT_EQ(EvidenceText(r),
            "producer p: 6 sent, 3 acknowledged, 1 failed, 2 indeterminate (1 possibly persisted, "
            "1 without a delivery report)\n");
  EXPECT_FALSE(
      RunCheck(Mixed().history(), Expect("produced", {{"producer", "p"}}, {Equals(6)})).passed);
}

TEST(Produced, ScopedByTopicOrBoth) {
  History h = Mixed().Build();
  EXPECT_EQ(FigureOf(RunCheck(h, Expect("produced", {{"topic", "orders"}}, {Min(0)})), "produced"),
            5);
  EXPECT_EQ(FigureOf(RunCheck(h, Expect("produced", {{"topic", "audit"}}, {Min(0)})), "sent"), 1);
  CheckResult both =
      RunCheck(h, Expect("produced", {{"producer", "q"}, {"topic", "orders"}}, {Min(0)}));
  EXPECT_EQ(FigureOf(both, "produced"), 2);
  EXPECT_EQ(both.evidence_text.at(0).rfind("q to orders: 2 sent", 0), 0u);
}

TEST(Produced, TransactionsChangeNoFigureAndAreNamed) {
  // Three transactions of one record; the second aborts after its record was delivered, the
  // third's outcome is unknown. q sends outside transactions.
  HistoryBuilder b;
  for (uint64_t t = 1; t <= 3; ++t) {
    b.Txn("p", t, OpType::kInvoke).Send("p", t - 1, "k", "orders", 0, int64_t(t - 1));
    b.Txn("p", t, t == 1 ? OpType::kOk : t == 2 ? OpType::kFail : OpType::kInfo);
  }
  b.Send("q", 0, "k", "orders", 1, 0);
  CheckResult r = RunCheck(b.history(), Expect("produced", {{"producer", "p"}}, {Equals(3)}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(EvidenceText(r),
            "producer p: 3 sent, 3 acknowledged, 0 failed, 0 indeterminate (0 possibly persisted, "
            "0 without a delivery report)\n"
            "transactions: 3 (1 committed, 1 aborted, 1 of unknown outcome); 1 produced records "
            "were in aborted transactions\n");
  CheckResult q = RunCheck(b.history(), Expect("produced", {{"producer", "q"}}, {Equals(1)}));
  EXPECT_EQ(q.evidence_text.size(), 1u);  // no transactions of its own
}

TEST(Produced, ZeroIsAFigure) {
  HistoryBuilder b;
  b.Producer("idle").Send("p", 0, "k", "orders", 0, 0);
  CheckResult r = RunCheck(b.history(), Expect("produced", {{"producer", "idle"}}, {Equals(0)}));
  EXPECT_TRUE(r.passed) << r.summary;
}

TEST(Produced, NeedsAProducerOrATopic) {
  CheckResult r = RunCheck(Mixed().history(), Expect("produced", {}, {Min(0)}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: the entry names no producer or topic");
  r = RunCheck(Mixed().history(), Expect("produced", {{"producer", "nope"}}, {Min(0)}));
  EXPECT_EQ(r.summary, "nothing to judge: producer nope is not in the history (it sent nothing)");
}

}  // namespace
}  // namespace ks::test_support
