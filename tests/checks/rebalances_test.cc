#include "checks/rebalances.h"

#include <gtest/gtest.h>

#include "checks/check_test_util.h"
#include "checks/delivery.h"

namespace ks::test_support {
namespace {

constexpr int64_t kMs = 1000;  // HistoryBuilder::Advance takes microseconds

// billing/0 owns orders[0], billing/1 orders[1]: the group's first assignment, done at about
// 1 ms. Every op takes the builder's 10 us besides, so durations below are exact to the ms.
HistoryBuilder TwoMembers() {
  HistoryBuilder b;
  b.Group("billing", 2).Watermark("orders", 0, 0).Watermark("orders", 1, 0);
  b.Start("billing/0").Start("billing/1").Advance(1 * kMs);
  b.Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  return b;
}

// The scenario's end: every member left closes cleanly, revoking first.
void Shutdown(HistoryBuilder& b, std::initializer_list<int> members) {
  for (int m : members) {
    const std::string name = "billing/" + std::to_string(m);
    b.Revoke(name, "orders", 0).Revoke(name, "orders", 1).Stop(name);
  }
}

TEST(Rebalances, NoneAfterTheFirstAssignment) {
  HistoryBuilder b = TwoMembers();
  b.Advance(5000 * kMs);
  // The final close revokes and stops: the scenario ending, not a rebalance.
  b.Revoke("billing/0", "orders", 0).Stop("billing/0").Revoke("billing/1", "orders", 1);
  b.Advance(300 * kMs).Stop("billing/1");
  GroupRebalances r = SummarizeRebalances(b.history(), 0);
  EXPECT_EQ(r.count, 0);
  EXPECT_EQ(r.total_ms, 0);
  EXPECT_EQ(r.longest_ms, 0);
  EXPECT_FALSE(r.unfinished);
}

TEST(Rebalances, ASlowFirstAssignmentIsNotARebalance) {
  HistoryBuilder b;
  b.Group("billing", 1).Watermark("orders", 0, 0).Watermark("orders", 1, 0).Start("billing/0");
  b.Advance(3000 * kMs).Assign("billing/0", "orders", 0);
  b.Advance(3000 * kMs).Assign("billing/0", "orders", 1);
  EXPECT_EQ(SummarizeRebalances(b.history(), 0).count, 0);
}

TEST(Rebalances, AGroupNeverAssignedHasNone) {
  HistoryBuilder b;
  b.Group("billing", 2).Start("billing/0").Advance(2000 * kMs).Crash("billing/0");
  GroupRebalances r = SummarizeRebalances(b.history(), 0);
  EXPECT_EQ(r.count, 0);
  EXPECT_FALSE(r.unfinished);
  EXPECT_EQ(SummarizeRebalances(b.history(), 7).count, 0);  // no such group
}

TEST(Rebalances, AJoinCountsFromTheStartToTheLastAssignment) {
  HistoryBuilder b;
  b.Group("billing", 2).Watermark("orders", 0, 0).Watermark("orders", 1, 0).Start("billing/0");
  b.Assign("billing/0", "orders", 0).Assign("billing/0", "orders", 1);
  b.Advance(1000 * kMs).Start("billing/1");  // joins: the rebalance starts here
  // billing/0 keeps consuming until its heartbeat tells it to rejoin, then gives all up (eager).
  b.Advance(500 * kMs).Revoke("billing/0", "orders", 0).Revoke("billing/0", "orders", 1);
  b.Advance(1500 * kMs).Assign("billing/0", "orders", 0);
  // orders[1] still has no owner: not over until it does.
  b.Advance(300 * kMs).Assign("billing/1", "orders", 1);
  b.Advance(2000 * kMs);
  Shutdown(b, {0, 1});
  GroupRebalances r = SummarizeRebalances(b.history(), 0);
  EXPECT_EQ(r.count, 1);
  EXPECT_EQ(r.longest_ms, 2300);
  EXPECT_EQ(r.total_ms, 2300);
  EXPECT_FALSE(r.unfinished);
}

TEST(Rebalances, ACleanLeaveCountsFromItsRevoke) {
  HistoryBuilder b = TwoMembers();
  b.Advance(1000 * kMs).Revoke("billing/1", "orders", 1).Stop("billing/1");  // leaves
  b.Advance(800 * kMs).Revoke("billing/0", "orders", 0);
  b.Advance(1200 * kMs).Assign("billing/0", "orders", 0).Assign("billing/0", "orders", 1);
  b.Advance(2000 * kMs);
  Shutdown(b, {0});
  GroupRebalances r = SummarizeRebalances(b.history(), 0);
  EXPECT_EQ(r.count, 1);
  EXPECT_EQ(r.longest_ms, 2000);
  EXPECT_FALSE(r.unfinished);
}

TEST(Rebalances, ACrashCountsFromTheCrashNotFromTheSessionTimeout) {
  HistoryBuilder b = TwoMembers();
  b.Advance(1000 * kMs).Crash("billing/1");
  // The coordinator notices after session.timeout.ms (10 s here); orders[1] has no consumer
  // meanwhile.
  b.Advance(10000 * kMs).Revoke("billing/0", "orders", 0);
  b.Advance(100 * kMs).Assign("billing/0", "orders", 0).Assign("billing/0", "orders", 1);
  // billing/1 restarts: a second rebalance.
  b.Advance(3000 * kMs).Start("billing/1");
  b.Advance(200 * kMs).Revoke("billing/0", "orders", 0).Revoke("billing/0", "orders", 1);
  b.Advance(1800 * kMs).Assign("billing/0", "orders", 0).Assign("billing/1", "orders", 1);
  b.Advance(1000 * kMs);
  Shutdown(b, {0, 1});
  GroupRebalances r = SummarizeRebalances(b.history(), 0);
  EXPECT_EQ(r.count, 2);
  EXPECT_EQ(r.longest_ms, 10100);
  EXPECT_EQ(r.total_ms, 10100 + 2000);
  EXPECT_FALSE(r.unfinished);
}

TEST(Rebalances, ARunEndingMidRebalanceIsUnfinished) {
  HistoryBuilder b = TwoMembers();
  b.Advance(1000 * kMs).Crash("billing/1");
  // The run ends before the coordinator notices: billing/0 closes 3 s after the crash.
  b.Advance(3000 * kMs);
  Shutdown(b, {0});
  b.Advance(500 * kMs).Watermark("orders", 0, 0);  // the runner's ops are not the group's
  GroupRebalances r = SummarizeRebalances(b.history(), 0);
  EXPECT_EQ(r.count, 1);
  EXPECT_EQ(r.longest_ms, 3000);
  EXPECT_EQ(r.total_ms, 3000);
  EXPECT_TRUE(r.unfinished);
}

TEST(Rebalances, TheDeliverySummaryCarriesThem) {
  HistoryBuilder b = TwoMembers();
  b.Advance(1000 * kMs).Crash("billing/1");
  b.Advance(2000 * kMs).Assign("billing/0", "orders", 1);
  GroupDelivery d = SummarizeDelivery(b.history(), 0);
  EXPECT_EQ(d.rebalances.count, 1);
  EXPECT_EQ(d.rebalances.longest_ms, 2000);
}

}  // namespace
}  // namespace ks::test_support
