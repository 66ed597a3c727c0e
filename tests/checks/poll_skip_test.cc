#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

// Records 0..5 of p in orders[0] at offsets 0..5; billing/0 owns orders[0].
HistoryBuilder SixRecords() {
  HistoryBuilder b;
  b.Group("billing", 2).Start("billing/0").Start("billing/1").Assign("billing/0", "orders", 0);
  for (uint64_t i = 0; i < 6; ++i) b.Send("p", i, "k", "orders", 0, int64_t(i));
  return b;
}

ExpectSpec NoSkip(std::map<std::string, std::string> scope = {{"group", "billing"}}) {
  return Expect("poll_skip", std::move(scope), {Max(0)});
}

TEST(PollSkip, CleanHistoryPasses) {
  CheckResult r = RunCheck(MakeCleanHistory({}), NoSkip());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "skipped 0 (max 0)");
  EXPECT_EQ(FigureOf(r, "gaps"), 0);
  EXPECT_TRUE(r.evidence.empty());
}

TEST(PollSkip, JumpOverRecordsTheGroupNeverReadFails) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 1).Poll("billing/0", "p", 4);
  b.Poll("billing/0", "p", 5);
  CheckResult r = RunCheck(b.history(), NoSkip());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "skipped"), 2);
  EXPECT_EQ(FigureOf(r, "gaps"), 1);
  EXPECT_EQ(r.summary, "skipped 2 (max 0: failed)");
  std::string text = EvidenceText(r);
  EXPECT_NE(text.find("billing/0 polled orders[0]@1 then orders[0]@4 at "), std::string::npos)
      << text;
  EXPECT_NE(text.find("with no rebalance of orders[0] in between, skipping 2 acknowledged records "
                      "that billing never polled, e.g. p#2 (key k) at orders[0]@2"),
            std::string::npos)
      << text;
  ASSERT_EQ(r.evidence.size(), 3u);  // the two polls around the gap and a skipped send
  EXPECT_EQ(r.evidence[0].offset, 1);
  EXPECT_EQ(r.evidence[1].offset, 4);
  EXPECT_EQ(r.evidence[2].kind, OpKind::kSend);
  EXPECT_EQ(r.evidence[2].seq, 2u);
  // A lesson that shows the anomaly bounds it from below.
  EXPECT_TRUE(RunCheck(b.history(), Expect("poll_skip", {{"group", "billing"}}, {Min(1)})).passed);
}

TEST(PollSkip, AGapAnotherMemberFilledIsAGapButSkipsNothing) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 1).Poll("billing/0", "p", 4);
  b.Poll("billing/1", "p", 2).Poll("billing/1", "p", 3);
  CheckResult r = RunCheck(b.history(), NoSkip());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "gaps"), 1);
  EXPECT_NE(EvidenceText(r).find("skipping 2 records that billing polled at some other time"),
            std::string::npos)
      << EvidenceText(r);
  EXPECT_FALSE(
      RunCheck(b.history(), Expect("poll_skip", {{"group", "billing"}}, {Max(0, "gaps")})).passed);
}

TEST(PollSkip, RebalanceOrRestartStartsANewSequence) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 0).Revoke("billing/0", "orders", 0).Assign("billing/0", "orders", 0);
  b.Poll("billing/0", "p", 2);  // the position moved with the rebalance: not a skip
  b.Start("billing/0").Poll("billing/0", "p", 4);  // a restarted member: a new process
  CheckResult r = RunCheck(b.history(), NoSkip());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "gaps"), 0);
}

TEST(PollSkip, HolesWithoutRecordsAreNotGaps) {
  // Offsets 2 and 3 hold no record (transaction markers, compaction): 1 -> 4 skips nothing.
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  b.Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", 0, 1);
  b.Send("p", 2, "k", "orders", 0, 4);
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 1).Poll("billing/0", "p", 2);
  CheckResult r = RunCheck(b.history(), NoSkip());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "gaps"), 0);
}

TEST(PollSkip, ARecordOnlyAPollShowedMakesAGap) {
  // p#2's delivery was indeterminate but it was written at offset 2: billing/1 read it there.
  HistoryBuilder b;
  b.Group("billing", 2).Assign("billing/0", "orders", 0);
  b.Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", 0, 1);
  b.Send("p", 2, "k", "orders", 0, -1, OpType::kInfo).Send("p", 3, "k", "orders", 0, 3);
  b.Poll("billing/1", "p", 2, "orders", 0, 2);
  b.Poll("billing/0", "p", 1).Poll("billing/0", "p", 3);
  CheckResult r = RunCheck(b.history(), NoSkip());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "gaps"), 1);
}

TEST(PollSkip, RecordsWithoutIdentityStillHoldOffsets) {
  HistoryBuilder b = SixRecords();
  b.Poll("billing/0", "p", 1).PollForeign("billing/0", "orders", 0, 2).Poll("billing/0", "p", 3);
  CheckResult r = RunCheck(b.history(), NoSkip());
  EXPECT_EQ(FigureOf(r, "gaps"), 0) << EvidenceText(r);
}

TEST(PollSkip, ARecordInTwoGapsCountsOnce) {
  HistoryBuilder b = SixRecords();
  b.Assign("billing/1", "orders", 0);  // two owners at once: each skips 2 and 3
  b.Poll("billing/0", "p", 1).Poll("billing/0", "p", 4);
  b.Poll("billing/1", "p", 0).Poll("billing/1", "p", 5);
  CheckResult r = RunCheck(b.history(), NoSkip());
  EXPECT_EQ(FigureOf(r, "skipped"), 2);
  EXPECT_EQ(FigureOf(r, "gaps"), 2);
  // billing/1 also jumped over 1 and 4, which billing/0 read.
  EXPECT_EQ(r.evidence_text.size(), 2u) << EvidenceText(r);
}

TEST(PollSkip, MemberAndTopicScopes) {
  HistoryBuilder b = SixRecords();
  b.Assign("billing/1", "audit", 0);
  b.Send("p", 10, "k", "audit", 0, 0).Send("p", 11, "k", "audit", 0, 1);
  b.Send("p", 12, "k", "audit", 0, 2);
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 1).Poll("billing/0", "p", 2);
  b.Poll("billing/1", "p", 10).Poll("billing/1", "p", 12);  // skips audit[0]@1
  EXPECT_EQ(FigureOf(RunCheck(b.history(), NoSkip()), "skipped"), 1);
  EXPECT_TRUE(
      RunCheck(b.history(), NoSkip({{"group", "billing"}, {"member", "billing/0"}})).passed);
  EXPECT_FALSE(
      RunCheck(b.history(), NoSkip({{"group", "billing"}, {"member", "billing/1"}})).passed);
  EXPECT_TRUE(RunCheck(b.history(), NoSkip({{"group", "billing"}, {"topic", "orders"}})).passed);
  EXPECT_FALSE(RunCheck(b.history(), NoSkip({{"group", "billing"}, {"topic", "audit"}})).passed);
}

TEST(PollSkip, NothingPolledIsNothingToJudge) {
  HistoryBuilder b = SixRecords();
  CheckResult r = RunCheck(b.history(), NoSkip());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: billing polled nothing");
  b.Poll("billing/1", "p", 0);
  r = RunCheck(b.history(), NoSkip({{"group", "billing"}, {"member", "billing/0"}}));
  EXPECT_EQ(r.summary, "nothing to judge: billing/0 polled nothing");
}

}  // namespace
}  // namespace ks::test_support
