#include <gtest/gtest.h>

#include "checks/check_test_util.h"
#include "partition/partitioner.h"

namespace ks::test_support {
namespace {

ExpectSpec Placed(std::map<std::string, std::string> scope = {{"topic", "orders"}}) {
  return Expect("placement", std::move(scope));
}

// Keys user-0 .. user-<n-1> sent by `producer`, each where `partition` says, plus watermarks
// that fix the topic at `partitions` partitions.
HistoryBuilder Keyed(const std::string& partitioner, int n, int32_t partitions,
                     int32_t (*partition)(std::string_view, int32_t)) {
  HistoryBuilder b;
  b.Partitioner("p", "orders", partitioner);
  for (int i = 0; i < n; ++i) {
    std::string key = "user-" + std::to_string(i);
    b.Send("p", uint64_t(i), key, "orders", partition(key, partitions), i);
  }
  for (int32_t q = 0; q < partitions; ++q) b.Watermark("orders", q, n);
  return b;
}

TEST(Placement, HashedKeysInTheirPartitionsPass) {
  using Hash = int32_t (*)(std::string_view, int32_t);
  for (auto [name, hash] : {std::pair<const char*, Hash>{"murmur2", &Murmur2Partition},
                            std::pair<const char*, Hash>{"crc32", &Crc32Partition}}) {
    SCOPED_TRACE(name);
    CheckResult r = RunCheck(Keyed(name, 40, 6, hash).history(), Placed());
    EXPECT_TRUE(r.passed) << r.summary;  // no bounds: every record where it belongs
    EXPECT_EQ(r.summary, "misplaced 0 (max 0)");
    EXPECT_EQ(FigureOf(r, "checked"), 40);
  }
}

TEST(Placement, ARecordElsewhereFails) {
  // Declared murmur2, placed by crc32 (librdkafka's default): the Java/librdkafka mismatch.
  History h = Keyed("murmur2", 40, 6, &Crc32Partition).Build();
  CheckResult r = RunCheck(h, Placed());
  EXPECT_FALSE(r.passed);
  size_t expected = 0;
  for (int i = 0; i < 40; ++i) {
    std::string key = "user-" + std::to_string(i);
    expected += Murmur2Partition(key, 6) != Crc32Partition(key, 6) ? 1 : 0;
  }
  ASSERT_GT(expected, 0u);
  EXPECT_EQ(FigureOf(r, "misplaced"), double(expected));
  EXPECT_EQ(FigureOf(r, "checked"), 40);
  EXPECT_EQ(r.evidence.size(), 5u);
  EXPECT_NE(EvidenceText(r).find(" acked at orders["), std::string::npos);
  EXPECT_NE(EvidenceText(r).find("but murmur2 over 6 partitions puts key user-"), std::string::npos)
      << EvidenceText(r);
}

TEST(Placement, OneMisplacedRecordNamedExactly) {
  HistoryBuilder b;
  b.Partitioner("p", "orders", "murmur2");
  int32_t right = Murmur2Partition("user-3", 4);
  b.Send("p", 0, "user-3", "orders", right, 0).Send("p", 1, "user-3", "orders", (right + 1) % 4, 0);
  for (int32_t q = 0; q < 4; ++q) b.Watermark("orders", q, 1);
  CheckResult r = RunCheck(b.history(), Placed());
  EXPECT_EQ(FigureOf(r, "misplaced"), 1);
  EXPECT_EQ(r.evidence_text.at(0),
            "p#1 (key user-3) acked at orders[" + std::to_string((right + 1) % 4) +
                "]@0, but murmur2 over 4 partitions puts key user-3 in orders[" +
                std::to_string(right) + "]");
}

TEST(Placement, RoundRobinAndExplicit) {
  HistoryBuilder b;
  b.Partitioner("rr", "orders", "round_robin").Partitioner("fixed", "orders", "explicit", 2);
  for (uint64_t i = 0; i < 6; ++i) b.Send("rr", i, std::nullopt, "orders", int32_t(i % 3), 0);
  b.Send("fixed", 0, "k", "orders", 2, 0).Send("fixed", 1, "k", "orders", 1, 0);
  b.Watermark("orders", 0, 2).Watermark("orders", 1, 2).Watermark("orders", 2, 2);
  CheckResult r = RunCheck(b.history(), Placed());
  EXPECT_EQ(FigureOf(r, "misplaced"), 1);
  EXPECT_EQ(FigureOf(r, "checked"), 8);
  EXPECT_NE(EvidenceText(r).find("fixed#1 (key k) acked at orders[1]@0, but its producer declares "
                                 "the partition orders[2]"),
            std::string::npos)
      << EvidenceText(r);
  EXPECT_TRUE(RunCheck(b.history(), Placed({{"topic", "orders"}, {"producer", "rr"}})).passed);
  // round_robin depends on the partition count: read from the watermarks, 4 partitions here.
  b.Watermark("orders", 3, 0);
  r = RunCheck(b.history(), Placed({{"topic", "orders"}, {"producer", "rr"}}));
  EXPECT_EQ(FigureOf(r, "misplaced"), 3);  // #3, #4 and #5 belong in 3, 0 and 1 now
  EXPECT_NE(EvidenceText(r).find("round_robin over 4 partitions puts record 3 in orders[3]"),
            std::string::npos)
      << EvidenceText(r);
}

TEST(Placement, UnpredictableRecordsAreNotCounted) {
  HistoryBuilder b;
  b.Partitioner("hash", "orders", "murmur2").Partitioner("rand", "orders", "random");
  b.Send("hash", 0, std::nullopt, "orders", 1, 0);  // a null key: random under murmur2_random
  b.Send("rand", 0, "k", "orders", 1, 1);
  b.Partitioner("crc", "orders", "crc32").Send("crc", 0, "", "orders", 1, 4);  // empty: random
  b.Send("unknown", 0, "k", "orders", 1, 2);                                   // no ProducerInfo
  b.Send("hash", 1, "k", "orders", -1, -1, OpType::kFail);
  b.Watermark("orders", 0, 0).Watermark("orders", 1, 3);
  CheckResult r = RunCheck(b.history(), Placed());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary,
            "nothing to judge: no acknowledged record of orders had a predictable partition (a "
            "random partitioner, null keys under a hashing one, or producers without a declared "
            "partitioner)");
  b.Send("hash", 2, "k", "orders", Murmur2Partition("k", 2), 3);
  r = RunCheck(b.history(), Placed());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "checked"), 1);
}

TEST(Placement, PartitionCountFallsBackToTheOpsSeen) {
  HistoryBuilder b;
  b.Partitioner("p", "orders", "round_robin");
  for (uint64_t i = 0; i < 4; ++i) b.Send("p", i, "k", "orders", int32_t(i % 2), 0);
  EXPECT_TRUE(RunCheck(b.history(), Placed()).passed);
}

}  // namespace
}  // namespace ks::test_support
