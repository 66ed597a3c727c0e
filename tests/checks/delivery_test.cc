#include "checks/delivery.h"

#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

// 20 records over 2 partitions; `plan` can be spoilt before building.
CleanPlan Plan() {
  return MakeCleanPlan({.partitions = 2, .records = 20, .keys = 4, .members = 1});
}

TEST(SummarizeDelivery, CleanRunIsExactlyOnce) {
  GroupDelivery d = SummarizeDelivery(BuildPlan(Plan()), 0);
  EXPECT_EQ(d.group, "billing");
  EXPECT_EQ(d.acknowledged, 20);
  EXPECT_EQ(d.consumed, 20);
  EXPECT_EQ(d.lost, 0);
  EXPECT_EQ(d.unseen, 0);
  EXPECT_EQ(d.duplicates, 0);
  EXPECT_EQ(d.verdict, "exactly-once");
}

TEST(SummarizeDelivery, VerdictsFollowTheChecks) {
  CleanPlan dup = Plan();
  dup.polls.push_back(3);
  EXPECT_EQ(SummarizeDelivery(BuildPlan(dup), 0).verdict, "at-least-once");

  CleanPlan lost = Plan();
  lost.polls.erase(lost.polls.begin() + 2);  // record 2, read past: lost
  GroupDelivery d = SummarizeDelivery(BuildPlan(lost), 0);
  EXPECT_EQ(d.verdict, "at-most-once");
  EXPECT_EQ(d.lost, 1);
  EXPECT_EQ(d.consumed, 19);

  CleanPlan both = lost;
  both.polls.push_back(5);
  History h = BuildPlan(both);
  d = SummarizeDelivery(h, 0);
  EXPECT_EQ(d.verdict, "neither");
  // The same figures the checks report.
  CheckResult lost_check = RunCheck(h, Expect("lost", {{"group", "billing"}}, {Min(0)}));
  CheckResult dup_check = RunCheck(h, Expect("duplicates", {{"group", "billing"}}, {Min(0)}));
  EXPECT_EQ(double(d.lost), FigureOf(lost_check, "lost"));
  EXPECT_EQ(double(d.unseen), FigureOf(lost_check, "unseen"));
  EXPECT_EQ(double(d.duplicates), FigureOf(dup_check, "duplicates"));
}

TEST(SummarizeDelivery, UnseenRecordsAreNotExactlyOnce) {
  CleanPlan plan = Plan();
  plan.polls.pop_back();  // the last record of its partition: never read past, so unseen
  GroupDelivery d = SummarizeDelivery(BuildPlan(plan), 0);
  EXPECT_EQ(d.lost + d.unseen, 1);
  EXPECT_EQ(d.verdict, "at-most-once");
}

TEST(SummarizeDelivery, NothingConsumed) {
  CleanPlan plan = Plan();
  plan.polls.clear();
  GroupDelivery d = SummarizeDelivery(BuildPlan(plan), 0);
  EXPECT_EQ(d.verdict, "nothing consumed");
  EXPECT_EQ(d.acknowledged, 20);
  EXPECT_EQ(d.consumed, 0);
  EXPECT_EQ(SummarizeDelivery(BuildPlan(Plan()), 7).verdict, "nothing consumed");
}

TEST(SummarizeDelivery, AcknowledgedMeansCommittedForTransactions) {
  // Two transactions of two records; the second aborts after its records were delivered, and a
  // read_uncommitted group reads all four.
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  for (uint64_t t = 1; t <= 2; ++t) {
    b.Txn("p", t, OpType::kInvoke);
    for (uint64_t i = 2 * (t - 1); i < 2 * t; ++i) b.Send("p", i, "k", "orders", 0, int64_t(i));
    b.Txn("p", t, t == 2 ? OpType::kFail : OpType::kOk);
  }
  for (uint64_t i = 0; i < 4; ++i) b.Poll("billing/0", "p", i);
  GroupDelivery d = SummarizeDelivery(b.history(), 0);
  EXPECT_EQ(d.acknowledged, 2);
  EXPECT_EQ(d.consumed, 4);
  EXPECT_EQ(d.aborted_visible, 2);
  EXPECT_EQ(d.verdict, "exactly-once");
  EXPECT_EQ(SummarizeDelivery(BuildPlan(Plan()), 0).aborted_visible, 0);
}

TEST(SummarizeDelivery, SaysWhatTheFiguresCameAfter) {
  HistoryBuilder b;
  b.Group("billing", 3).Group("audit", 1).Start("billing/0").Start("billing/1").Start("audit/0");
  b.Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  for (uint64_t i = 0; i < 4; ++i) b.Send("p", i, "k", "orders", int32_t(i % 2), int64_t(i / 2));
  b.Poll("billing/0", "p", 0).Poll("billing/1", "p", 1).Crash("billing/1");
  b.Start("billing/1").Poll("billing/1", "p", 3).Stop("audit/0").Start("billing/2");
  b.Poll("billing/0", "p", 2).Stop("billing/0").Stop("billing/1");
  History h = b.Build();
  // A fault the runner injected (and undid) between the crash and the restart.
  Op fault;
  fault.kind = OpKind::kFault;
  fault.type = OpType::kInvoke;
  fault.seq = h.notes.Intern("broker_down 1");
  size_t at = 0;
  while (h.ops[at].kind != OpKind::kCrash) ++at;
  fault.time_us = h.ops[at].time_us;
  h.ops.insert(h.ops.begin() + static_cast<std::ptrdiff_t>(at) + 1, fault);
  fault.type = OpType::kOk;
  h.ops.insert(h.ops.begin() + static_cast<std::ptrdiff_t>(at) + 2, fault);

  GroupDelivery d = SummarizeDelivery(h, 0);
  // Another group's stop is not billing's event; billing's final stops come after its last
  // poll, so they are not events either.
  EXPECT_EQ(d.events, (std::vector<std::string>{"billing/1 crashed", "broker_down 1",
                                                "billing/1 restarted", "billing/2 joined"}));
  EXPECT_TRUE(SummarizeDelivery(BuildPlan(Plan()), 0).events.empty());
}

}  // namespace
}  // namespace ks::test_support
