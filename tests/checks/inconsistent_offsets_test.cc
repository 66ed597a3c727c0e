#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

ExpectSpec Consistent(std::string topic = "orders") {
  return Expect("inconsistent_offsets", {{"topic", std::move(topic)}}, {Max(0)});
}

TEST(InconsistentOffsets, CleanHistoryPasses) {
  CheckResult r = RunCheck(MakeCleanHistory({}), Consistent());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "inconsistent 0 (max 0)");
  EXPECT_TRUE(r.evidence_text.empty());
}

TEST(InconsistentOffsets, TwoAcknowledgementsOfOneOffsetFail) {
  // After an unclean leader election the new leader hands offset 1 out again.
  HistoryBuilder b;
  b.Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", 0, 1);
  b.Send("p", 2, "j", "orders", 0, 1);
  CheckResult r = RunCheck(b.history(), Consistent());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "inconsistent 1 (max 0: failed)");
  EXPECT_NE(EvidenceText(r).find("orders[0]@1 is tied to two records: p#1 (key k), acknowledged "
                                 "to p at 0.000030s; and p#2 (key j), acknowledged to p at "
                                 "0.000050s"),
            std::string::npos)
      << EvidenceText(r);
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[0].seq, 1u);
  EXPECT_EQ(r.evidence[1].seq, 2u);
}

TEST(InconsistentOffsets, APollOfAnotherRecordAtAnAcknowledgedOffsetFails) {
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", 0, 1);
  b.Poll("billing/0", "p", 0).Poll("billing/0", "q", 7, "orders", 0, 1);
  CheckResult r = RunCheck(b.history(), Consistent());
  EXPECT_EQ(FigureOf(r, "inconsistent"), 1);
  EXPECT_NE(EvidenceText(r).find("and q#7, polled by billing/0 at"), std::string::npos)
      << EvidenceText(r);
}

TEST(InconsistentOffsets, PollsThatDisagreeWhereNothingWasAcknowledged) {
  HistoryBuilder b;
  b.Group("billing", 1).Group("audit", 1);
  b.Poll("billing/0", "p", 3, "orders", 2, 9).Poll("audit/0", "p", 4, "orders", 2, 9);
  b.Poll("audit/0", "p", 3, "orders", 2, 9);  // agreeing again adds nothing
  CheckResult r = RunCheck(b.history(), Consistent());
  EXPECT_EQ(FigureOf(r, "inconsistent"), 1);
  EXPECT_NE(EvidenceText(r).find("orders[2]@9 is tied to two records: p#3, polled by billing/0"),
            std::string::npos)
      << EvidenceText(r);
}

TEST(InconsistentOffsets, SameRecordAtTwoOffsetsOrRereadIsConsistent) {
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 0, "k", "orders", 0, 0);
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 0);  // a redelivery
  b.Poll("billing/0", "p", 0, "orders", 0, 1);            // written twice (a retry)
  b.PollForeign("billing/0", "orders", 0, 0);             // no identity: not compared
  b.Send("p", 1, "k", "orders", 1, 0).Send("p", 2, "k", "audit", 0, 0);  // other places
  CheckResult r = RunCheck(b.history(), Consistent());
  EXPECT_TRUE(r.passed) << r.summary << EvidenceText(r);
}

TEST(InconsistentOffsets, CountsOffsetsNotRecords) {
  HistoryBuilder b;
  b.Group("billing", 1);
  for (uint64_t i = 0; i < 3; ++i) b.Send("p", i, "k", "orders", 0, 5);  // three at offset 5
  b.Poll("billing/0", "q", 1, "orders", 0, 5);
  for (uint64_t i = 0; i < 7; ++i) b.Send("r", i, "k", "orders", 1, int64_t(i % 2));
  CheckResult r = RunCheck(b.history(), Consistent());
  EXPECT_EQ(FigureOf(r, "inconsistent"), 3);  // orders[0]@5, orders[1]@0, orders[1]@1
  EXPECT_EQ(r.evidence_text.size(), 3u) << EvidenceText(r);
}

TEST(InconsistentOffsets, EvidenceIsBounded) {
  HistoryBuilder b;
  for (uint64_t i = 0; i < 20; ++i) b.Send("p", i, "k", "orders", 0, int64_t(i / 2));
  CheckResult r = RunCheck(b.history(), Consistent());
  EXPECT_EQ(FigureOf(r, "inconsistent"), 10);
  EXPECT_EQ(r.evidence.size(), 5u);
  ASSERT_EQ(r.evidence_text.size(), 6u);
  EXPECT_EQ(r.evidence_text.front().rfind("orders[0]@0 is tied", 0), 0u);
  EXPECT_EQ(r.evidence_text.back(), "... and 5 more inconsistent offsets");
}

TEST(InconsistentOffsets, NothingAtAKnownOffsetIsNothingToJudge) {
  HistoryBuilder b;
  b.Topic("orders").Send("p", 0, "k", "orders", -1, -1, OpType::kFail);
  CheckResult r = RunCheck(b.history(), Consistent());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary,
            "nothing to judge: no record of orders was acknowledged or polled at a known offset");
  EXPECT_EQ(RunCheck(b.history(), Consistent("nope")).summary,
            "nothing to judge: topic nope is not in the history");
}

}  // namespace
}  // namespace ks::test_support
