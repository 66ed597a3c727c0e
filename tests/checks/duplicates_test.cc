#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

HistoryBuilder TwoRecords() {
  HistoryBuilder b;
  b.Group("billing", 2);
  b.Send("order-service", 0, "user-1", "orders", 0, 0)
      .Send("order-service", 1, "user-2", "orders", 0, 1);
  return b;
}

TEST(Duplicates, CleanHistoryPasses) {
  CheckResult r = RunCheck(MakeCleanHistory({}), Expect("no_duplicates", {{"group", "billing"}}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "duplicates 0 (max 0)");
  EXPECT_EQ(FigureOf(r, "redeliveries"), 0);
}

TEST(Duplicates, TellsRecordsWrittenTwiceFromRedeliveries) {
  // order-service#0 was appended twice (a retried batch without idempotence): offsets 0 and 5.
  HistoryBuilder b;
  b.Group("billing", 1).Send("order-service", 0, "k", "orders", 0, 0);
  b.Poll("billing/0", "order-service", 0);
  b.Send("order-service", 0, "k", "orders", 0, 5).Poll("billing/0", "order-service", 0);
  b.Send("order-service", 1, "k", "orders", 0, 6).Poll("billing/0", "order-service", 1);
  b.Poll("billing/0", "order-service", 1);  // re-delivered at the same offset
  CheckResult r = RunCheck(b.history(), Expect("duplicates", {{"group", "billing"}},
                                               {Equals(2), Equals(1, "written_twice")}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_NE(EvidenceText(r).find("(two offsets: the record was written twice)"), std::string::npos)
      << EvidenceText(r);
}

TEST(Duplicates, CountsAcrossMembersAndRestarts) {
  HistoryBuilder b = TwoRecords();
  b.Start("billing/0").Poll("billing/0", "order-service", 0).Poll("billing/0", "order-service", 1);
  b.Start("billing/1").Poll("billing/1", "order-service", 1);  // after a rebalance
  b.Start("billing/0").Poll("billing/0", "order-service", 1);  // after a restart
  CheckResult r = RunCheck(b.history(), Expect("no_duplicates", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "duplicates"), 1);
  EXPECT_EQ(FigureOf(r, "redeliveries"), 2);
  std::string text = EvidenceText(r);
  EXPECT_NE(text.find("order-service#1 (key user-2) polled 3 times by billing: first at "
                      "orders[0]@1 by billing/0"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("again at orders[0]@1 by billing/1"), std::string::npos) << text;
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[0].actor, r.evidence[0].actor);
  EXPECT_EQ(r.evidence[1].kind, OpKind::kPoll);
}

TEST(Duplicates, RecordWrittenTwiceIsNamedSo) {
  HistoryBuilder b = TwoRecords();
  b.Poll("billing/0", "order-service", 0, "orders", 0, 0);
  b.Poll("billing/0", "order-service", 0, "orders", 0, 2);  // a producer retry wrote it again
  CheckResult r = RunCheck(b.history(), Expect("duplicates", {{"group", "billing"}}, {Max(0)}));
  EXPECT_EQ(FigureOf(r, "duplicates"), 1);
  EXPECT_NE(EvidenceText(r).find("written twice"), std::string::npos);
}

TEST(Duplicates, ExpectedDuplicatesPassOnlyWhenPresent) {
  HistoryBuilder b = TwoRecords();
  b.Poll("billing/0", "order-service", 0).Poll("billing/1", "order-service", 0);
  CheckResult with = RunCheck(b.history(), Expect("duplicates", {{"group", "billing"}}, {Min(1)}));
  EXPECT_TRUE(with.passed) << with.summary;
  EXPECT_EQ(with.summary, "duplicates 1 (min 1)");
  CheckResult without =
      RunCheck(MakeCleanHistory({}), Expect("duplicates", {{"group", "billing"}}, {Min(1)}));
  EXPECT_FALSE(without.passed);
  EXPECT_EQ(without.summary, "duplicates 0 (min 1: failed)");
}

TEST(Duplicates, NothingPolledIsNothingToJudge) {
  HistoryBuilder b = TwoRecords();
  CheckResult r = RunCheck(b.history(), Expect("no_duplicates", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: billing polled nothing");
  b.PollForeign("billing/0", "orders", 0, 5).PollForeign("billing/0", "orders", 0, 5);
  r = RunCheck(b.history(), Expect("no_duplicates", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary,
            "nothing to judge: billing polled 2 records, none with this run's identity header");
}

TEST(Duplicates, OtherGroupsDoNotCount) {
  HistoryBuilder b = TwoRecords();
  b.Group("audit", 1);
  b.Poll("billing/0", "order-service", 0).Poll("audit/0", "order-service", 0);
  EXPECT_TRUE(RunCheck(b.history(), Expect("no_duplicates", {{"group", "billing"}})).passed);
}

TEST(Duplicates, NoBoundNeverPasses) {
  CheckResult r = RunCheck(MakeCleanHistory({}), Expect("duplicates", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary,
            "duplicates 0, redeliveries 0, written_twice 0 (no bound given: a check never passes "
            "by default)");
}

TEST(Duplicates, BoundOnRedeliveries) {
  HistoryBuilder b = TwoRecords();
  b.Poll("billing/0", "order-service", 0).Poll("billing/1", "order-service", 0);
  b.Poll("billing/1", "order-service", 0);
  CheckResult r = RunCheck(
      b.history(), Expect("duplicates", {{"group", "billing"}}, {Max(1), Max(1, "redeliveries")}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "duplicates 1 (max 1), redeliveries 2 (max 1: failed)");
}

}  // namespace
}  // namespace ks::test_support
