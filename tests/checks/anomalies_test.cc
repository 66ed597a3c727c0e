#include "checks/anomalies.h"

#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

// billing reads orders[0]; records 0..9 acknowledged at offsets 0..9.
HistoryBuilder TenRecords() {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  for (int i = 0; i < 10; ++i) b.Send("p", i, "k", "orders", 0, i);
  return b;
}

TEST(Anomalies, ACleanHistoryHasNone) {
  HistoryBuilder b = TenRecords();
  for (int i = 0; i < 10; ++i) b.Poll("billing/0", "p", i);
  EXPECT_TRUE(FindAnomalies(b.history()).empty());
}

TEST(Anomalies, ListsMoreThanTheChecksCounterExample) {
  HistoryBuilder b = TenRecords();
  b.Poll("billing/0", "p", 9);  // read past the other nine: lost
  const std::vector<AnomalyList> found = FindAnomalies(b.history());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].group, "billing");
  EXPECT_EQ(found[0].kind, "lost");
  EXPECT_EQ(found[0].total, 9u);
  EXPECT_EQ(found[0].headline, "9 records lost, 0 unseen, in billing");
  EXPECT_EQ(found[0].lines.size(), 9u) << "the lost check alone shows 5";
  EXPECT_EQ(found[0].ops.size(), 18u);  // each send and the furthest poll
  // The check itself keeps its counter-example small.
  EXPECT_EQ(RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}})).evidence.size(), 5u);
}

TEST(Anomalies, TheLimitCapsTheLinesAndTheLastCountsTheRest) {
  HistoryBuilder b = TenRecords();
  b.Poll("billing/0", "p", 9);
  const std::vector<AnomalyList> found = FindAnomalies(b.history(), 3);
  ASSERT_EQ(found.size(), 1u);
  ASSERT_EQ(found[0].lines.size(), 4u);
  EXPECT_EQ(found[0].lines.back(), "... and 6 more lost records");
}

TEST(Anomalies, DuplicatesAndKeysOutOfOrderAreListedByGroup) {
  HistoryBuilder b = TenRecords();
  for (int i = 0; i < 10; ++i) b.Poll("billing/0", "p", i);
  b.Poll("billing/0", "p", 3).Poll("billing/0", "p", 4);  // read twice
  b.Group("audit", 1).Poll("audit/0", "p", 1).Poll("audit/0", "p", 0);
  for (int i = 2; i < 10; ++i) b.Poll("audit/0", "p", i);
  const std::vector<AnomalyList> found = FindAnomalies(b.history());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].group, "billing");
  EXPECT_EQ(found[0].kind, "duplicate");
  EXPECT_EQ(found[0].total, 2u);
  EXPECT_EQ(found[1].group, "audit");
  EXPECT_EQ(found[1].kind, "out_of_order");
  EXPECT_EQ(found[1].total, 1u);
  EXPECT_EQ(found[1].headline, "1 keys consumed out of order by audit");
}

}  // namespace
}  // namespace ks::test_support
