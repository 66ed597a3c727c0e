#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

TEST(Consumed, CleanHistoryCountsEveryRecordOnce) {
  CheckResult r = RunCheck(MakeCleanHistory({.records = 300}),
                           Expect("consumed", {{"group", "billing"}}, {Equals(300)}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "deliveries"), 300);
  EXPECT_EQ(r.summary, "consumed 300 (equals 300)");
  EXPECT_EQ(EvidenceText(r),
            "billing polled 300 distinct records in 300 polls (billing/0 150, billing/1 150)\n");
}

TEST(Consumed, DuplicatesAndForeignRecords) {
  HistoryBuilder b;
  b.Group("billing", 2);
  b.Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", 0, 1);
  b.Poll("billing/0", "p", 0).Poll("billing/1", "p", 0).Poll("billing/1", "p", 1);
  b.PollForeign("billing/1", "orders", 0, 2);
  CheckResult r = RunCheck(b.history(), Expect("consumed", {{"group", "billing"}},
                                               {Equals(2), Equals(3, "deliveries")}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_NE(EvidenceText(r).find("plus 1 records without this run's identity header"),
            std::string::npos);
}

TEST(Consumed, AGroupThatReadNothingIsAFigureNotAnError) {
  HistoryBuilder b;
  b.Group("late", 1).Send("p", 0, "k", "orders", 0, 0);
  EXPECT_TRUE(RunCheck(b.history(), Expect("consumed", {{"group", "late"}}, {Equals(0)})).passed);
  EXPECT_FALSE(RunCheck(b.history(), Expect("consumed", {{"group", "late"}}, {Min(1)})).passed);
}

TEST(Consumed, TopicScope) {
  HistoryBuilder b;
  b.Group("billing", 1);
  b.Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "audit", 0, 0);
  b.Poll("billing/0", "p", 0).Poll("billing/0", "p", 1);
  EXPECT_TRUE(RunCheck(b.history(),
                       Expect("consumed", {{"group", "billing"}, {"topic", "audit"}}, {Equals(1)}))
                  .passed);
}

TEST(Consumed, UnknownGroupFails) {
  CheckResult r = RunCheck(MakeCleanHistory({}), Expect("consumed", {{"group", "nope"}}, {Min(0)}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: group nope is not in the history (it never started)");
}

}  // namespace
}  // namespace ks::test_support
