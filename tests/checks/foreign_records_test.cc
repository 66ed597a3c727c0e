// Foreign records (no identity of this run) are ignored by every check beyond being counted. The
// case that matters most: a topic used again (`--existing-topics`) still holds an earlier run's
// records, with the same "<producer>#<seq>" as this run's. The member records them as foreign
// (ParseIdentity refuses another run id), so this run's group reading them first must change no
// verdict, while this run's own anomalies are still found.

#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

constexpr int kRecords = 10;  // this run's order-service#0..9, as the earlier run's were
constexpr int kEarlier = 5;   // earlier records per partition, at offsets 0..4
constexpr int kPartitions = 2;

// billing/0 owns both partitions of `orders`; each holds kEarlier records of an earlier run, then
// this run's records: order-service#i (key user-<i % 2>) at orders[i % 2]@(kEarlier + i / 2),
// as round_robin puts them. The member reads everything in offset order, then commits the ends.
HistoryBuilder ReusedTopic() {
  HistoryBuilder b;
  b.Topic("orders").Producer("order-service").Group("billing", 1);
  b.Partitioner("order-service", "orders", "round_robin");
  b.Start("billing/0");
  for (int32_t p = 0; p < kPartitions; ++p) b.Assign("billing/0", "orders", p);
  for (int32_t p = 0; p < kPartitions; ++p) {
    for (int64_t o = 0; o < kEarlier; ++o) b.PollForeign("billing/0", "orders", p, o);
  }
  b.Start("order-service");
  for (int i = 0; i < kRecords; ++i) {
    b.Send("order-service", i, "user-" + std::to_string(i % kPartitions), "orders", i % kPartitions,
           kEarlier + i / kPartitions);
  }
  for (int i = 0; i < kRecords; ++i) b.Poll("billing/0", "order-service", i);
  const int64_t end = kEarlier + kRecords / kPartitions;
  for (int32_t p = 0; p < kPartitions; ++p) b.Commit("billing/0", "orders", p, end);
  for (int32_t p = 0; p < kPartitions; ++p) b.Watermark("orders", p, end);
  return b;
}

// Every check a scenario could ask about this topic, bounded as for a clean run of this run's
// kRecords records.
std::vector<ExpectSpec> CleanRunExpectations() {
  const std::map<std::string, std::string> group = {{"group", "billing"}};
  const std::map<std::string, std::string> topic = {{"topic", "orders"}};
  return {
      Expect("no_loss", group),
      Expect("no_duplicates", group),
      Expect("consumed", group, {Equals(kRecords), Equals(kRecords, "deliveries")}),
      Expect("key_order", group),
      Expect("partition_order", group),
      Expect("poll_skip", group, {Equals(0)}),
      Expect("inconsistent_offsets", topic, {Equals(0)}),
      Expect("same_key_same_partition", topic),
      Expect("placement", topic, {Equals(0), Equals(kRecords, "checked")}),
      Expect("partition_spread", topic, {Equals(kRecords, "records")}),
      Expect("assignment", group, {Equals(0)}),
      Expect("produced", {{"producer", "order-service"}}, {Equals(kRecords)}),
      Expect("delivery_errors", {{"producer", "order-service"}}, {Equals(0)}),
      Expect("commit_legality", group),
      Expect("lag", group, {Equals(0)}),
      Expect("latency", group, {Max(1000)}),
      Expect("aborted_visible", group, {Equals(0)}),
  };
}

TEST(ForeignRecords, AnEarlierRunsRecordsInAReusedTopicChangeNoVerdict) {
  const History h = ReusedTopic().Build();
  for (const ExpectSpec& spec : CleanRunExpectations()) {
    CheckResult r = RunCheck(h, spec);
    EXPECT_TRUE(r.passed) << spec.check << ": " << r.summary << "\n" << EvidenceText(r);
  }
  // Counted, and only counted: the consumed evidence says they were there.
  CheckResult consumed = RunCheck(h, Expect("consumed", {{"group", "billing"}}, {Min(0)}));
  EXPECT_NE(EvidenceText(consumed).find("plus 10 records without this run's identity header"),
            std::string::npos)
      << EvidenceText(consumed);
}

TEST(ForeignRecords, ThisRunsOwnDuplicatesAreStillFound) {
  // After a rebalance billing/0 reads partition 1 again from this run's first record there:
  // order-service#1, #3, ... are delivered twice. The earlier run's records before them are
  // read again too, and still count for nothing.
  HistoryBuilder b = ReusedTopic();
  b.Revoke("billing/0", "orders", 1).Assign("billing/0", "orders", 1);
  for (int i = 1; i < kRecords; i += kPartitions) b.Poll("billing/0", "order-service", i);
  const History h = b.Build();
  CheckResult dup = RunCheck(h, Expect("duplicates", {{"group", "billing"}}, {Max(0)}));
  EXPECT_FALSE(dup.passed);
  EXPECT_EQ(FigureOf(dup, "duplicates"), kRecords / kPartitions) << dup.summary;
  EXPECT_EQ(FigureOf(dup, "redeliveries"), kRecords / kPartitions) << dup.summary;
  EXPECT_NE(EvidenceText(dup).find("order-service#1 (key user-1) polled 2 times by billing"),
            std::string::npos)
      << EvidenceText(dup);
  CheckResult consumed = RunCheck(h, Expect("consumed", {{"group", "billing"}}, {Min(0)}));
  EXPECT_EQ(FigureOf(consumed, "consumed"), kRecords);
  EXPECT_EQ(FigureOf(consumed, "deliveries"), kRecords + kRecords / kPartitions);
  // Nothing else is wrong with this history.
  for (const char* check : {"no_loss", "partition_order", "key_order"}) {
    CheckResult r = RunCheck(h, Expect(check, {{"group", "billing"}}));
    EXPECT_TRUE(r.passed) << check << ": " << r.summary;
  }
}

TEST(ForeignRecords, AGroupThatReadOnlyAnEarlierRunsRecordsHasNothingToJudge) {
  HistoryBuilder b;
  b.Topic("orders").Producer("order-service").Group("billing", 1);
  b.Start("billing/0").Assign("billing/0", "orders", 0);
  b.Send("order-service", 0, "user-0", "orders", 0, 3);
  for (int64_t o = 0; o < 3; ++o) b.PollForeign("billing/0", "orders", 0, o);
  for (const char* check : {"no_duplicates", "aborted_visible"}) {
    CheckResult r = RunCheck(b.history(), Expect(check, {{"group", "billing"}}, {Max(0)}));
    EXPECT_FALSE(r.passed) << check;
    EXPECT_EQ(r.summary,
              "nothing to judge: billing polled 3 records, none with this run's identity header")
        << check;
  }
  // Reading an earlier run's copy of order-service#0 is not reading this run's.
  CheckResult lost = RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}}));
  EXPECT_FALSE(lost.passed) << lost.summary;
  EXPECT_EQ(FigureOf(lost, "lost") + FigureOf(lost, "unseen"), 1) << lost.summary;
}

}  // namespace
}  // namespace ks::test_support
