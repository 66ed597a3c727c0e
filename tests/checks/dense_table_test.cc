// The checks' flat per-record and per-offset state (DenseTable, common.h): it must give the same
// answers whether a history's seqs and offsets are dense (flat arrays) or sparse (hashing), and
// the checks that make a second pass when one is not enough must give the one-pass answers.

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <regex>

#include "checks/check_test_util.h"
#include "checks/common.h"
#include "partition/partitioner.h"

namespace ks::test_support {
namespace {

using check_detail::DenseTable;

// Writes `keys` in order into a table and a std::map, then compares every lookup and the
// iteration order.
void ExpectLikeAMap(const std::vector<std::pair<uint32_t, uint64_t>>& keys, size_t budget,
                    bool hashed) {
  DenseTable<uint32_t> table(0, budget);
  std::map<std::pair<uint32_t, uint64_t>, uint32_t> want;
  for (size_t i = 0; i < keys.size(); ++i) {
    auto [row, index] = keys[i];
    table(row, index) += static_cast<uint32_t>(i + 1);
    want[keys[i]] += static_cast<uint32_t>(i + 1);
  }
  EXPECT_EQ(table.hashed(), hashed);
  for (const auto& [key, value] : want) EXPECT_EQ(table.Get(key.first, key.second), value);
  EXPECT_EQ(table.Get(7, 12345), 0u);  // never written
  using Entry = std::pair<std::pair<uint32_t, uint64_t>, uint32_t>;
  std::vector<Entry> seen;
  table.ForEach([&](uint32_t row, uint64_t index, uint32_t value) {
    if (value != 0) seen.push_back({{row, index}, value});
  });
  EXPECT_EQ(seen, std::vector<Entry>(want.begin(), want.end()));
}

TEST(DenseTable, DenseKeysInAnyOrderStayFlat) {
  std::mt19937_64 rng(7);
  std::vector<std::pair<uint32_t, uint64_t>> keys;
  for (uint32_t row = 0; row < 3; ++row) {
    for (uint64_t i = 0; i < 5000; ++i) keys.push_back({row, 1000 + i});
  }
  std::shuffle(keys.begin(), keys.end(), rng);  // lower indices after higher ones: grows both ways
  keys.push_back(keys.front());                 // a repeat
  ExpectLikeAMap(keys, 100000, false);
}

TEST(DenseTable, SparseIndicesMoveToHashing) {
  std::mt19937_64 rng(8);
  std::vector<std::pair<uint32_t, uint64_t>> keys;
  for (uint64_t i = 0; i < 3000; ++i) keys.push_back({uint32_t(i % 2), i});  // dense at first
  for (uint64_t i = 0; i < 3000; ++i) keys.push_back({uint32_t(i % 3), rng() >> 1});
  keys.push_back({1, ~uint64_t{0}});
  keys.push_back(keys[10]);
  ExpectLikeAMap(keys, 10000, true);
}

TEST(DenseTable, RowIdsBeyondADenseNumberingMoveToHashing) {
  ExpectLikeAMap({{0, 0}, {0, 1}, {1u << 20, 5}, {0, 2}, {0xfffffffeu, 0}}, 1000, true);
}

// A history with one of each anomaly the record checks find, its seqs i * `scale`: 40 records
// of 4 keys in 2 partitions; #5 never polled (lost), #9 polled twice, #20 and #24 (one key, one
// partition) polled swapped, #13 failed yet polled, and a poll that jumps over #30.
History Anomalous(uint64_t scale) {
  HistoryBuilder b;
  b.Group("billing", 2);
  int64_t next[2] = {0, 0};
  for (uint64_t i = 0; i < 40; ++i) {
    std::string key = "user-" + std::to_string(i % 4);
    int32_t partition = i % 4 < 2 ? 0 : 1;
    if (i == 13) {
      b.Send("p", i * scale, key, "orders", -1, -1, OpType::kFail);
    } else {
      b.Send("p", i * scale, key, "orders", partition, next[partition]++);
    }
  }
  for (uint64_t i = 0; i < 40; ++i) {
    uint64_t polled = i == 20 ? 24 : i == 24 ? 20 : i;
    if (polled == 5 || polled == 30) continue;
    std::string member = polled % 4 < 2 ? "billing/0" : "billing/1";
    if (polled == 13) {
      b.Poll(member, "p", polled * scale, "orders", 1, 100);
      continue;
    }
    b.Poll(member, "p", polled * scale);
    if (polled == 9) b.Poll("billing/1", "p", polled * scale);
  }
  b.Watermark("orders", 0, next[0]).Watermark("orders", 1, next[1]);
  return b.Build();
}

// "p#<i * scale>" as "p#<i>", so that results over both numberings compare as text.
std::string Unscaled(const std::string& text, uint64_t scale) {
  std::string out;
  std::regex seq("p#([0-9]+)");
  auto end = std::sregex_iterator();
  size_t last = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), seq); it != end; ++it) {
    out += text.substr(last, static_cast<size_t>(it->position()) - last);
    out += "p#" + std::to_string(std::stoull((*it)[1]) / scale);
    last = static_cast<size_t>(it->position() + it->length());
  }
  return out + text.substr(last);
}

TEST(DenseTable, ChecksGiveTheSameAnswersForSparseSeqs) {
  const uint64_t scale = 100'000'000;  // seq 39 * scale still fits an op (kMaxOpSeq)
  History dense = Anomalous(1);
  History sparse = Anomalous(scale);
  for (const char* check : {"no_loss", "duplicates", "key_order", "latency", "aborted_visible",
                            "consumed", "poll_skip", "partition_order", "inconsistent_offsets"}) {
    SCOPED_TRACE(check);
    bool by_topic = std::string(check) == "inconsistent_offsets";
    ExpectSpec spec =
        Expect(check, {{by_topic ? "topic" : "group", by_topic ? "orders" : "billing"}}, {Min(0)});
    CheckResult a = RunCheck(dense, spec);
    CheckResult b = RunCheck(sparse, spec);
    EXPECT_EQ(a.summary, Unscaled(b.summary, scale));
    EXPECT_EQ(EvidenceText(a), Unscaled(EvidenceText(b), scale));
    ASSERT_EQ(a.evidence.size(), b.evidence.size());
    for (size_t i = 0; i < a.evidence.size(); ++i) {
      EXPECT_EQ(a.evidence[i].seq, b.evidence[i].seq / scale);
      EXPECT_EQ(a.evidence[i].time_us, b.evidence[i].time_us);
    }
  }
  // The anomalies are there to be found, so the evidence above compared something.
  CheckResult lost = RunCheck(sparse, Expect("no_loss", {{"group", "billing"}}));
  EXPECT_EQ(FigureOf(lost, "lost"), 2) << lost.summary;  // #5 and #30
  EXPECT_EQ(FigureOf(RunCheck(sparse, Expect("duplicates", {{"group", "billing"}})), "duplicates"),
            1);
  EXPECT_EQ(FigureOf(RunCheck(sparse, Expect("key_order", {{"group", "billing"}})), "inversions"),
            1);
  EXPECT_EQ(FigureOf(RunCheck(sparse, Expect("aborted_visible", {{"group", "billing"}})),
                     "aborted_visible"),
            1);
  EXPECT_EQ(FigureOf(RunCheck(sparse, Expect("poll_skip", {{"group", "billing"}})), "skipped"),
            2);  // #5 and #30 again
}

TEST(KeyOrder, ARecordPolledBeforeItsAcknowledgementIsJudged) {
  // #1's poll comes before its delivery report: one pass cannot place it, the second does.
  HistoryBuilder b;
  b.Group("billing", 1);
  b.Send("p", 0, "user-1", "orders", 0, 0);
  b.Poll("billing/0", "p", 1, "orders", 0, 1);
  b.Send("p", 1, "user-1", "orders", 0, 1);
  b.Poll("billing/0", "p", 0);
  History h = b.Build();
  h.ops[2].key = h.ops[0].key;  // the poll read the key from the record, before any send said it
  CheckResult r = RunCheck(h, Expect("key_order", {{"group", "billing"}}, {Max(0)}));
  EXPECT_EQ(FigureOf(r, "inversions"), 1) << r.summary;
  EXPECT_NE(EvidenceText(r).find("key user-1: p#0 was acked before p#1"), std::string::npos)
      << EvidenceText(r);
}

TEST(Lost, ARecordAcknowledgedInTwoTopicsCountsFromTheGroupsTopic) {
  // #0 is acknowledged in audit (not read by billing) and then in orders: the orders one is the
  // record's acknowledgement in scope.
  HistoryBuilder b;
  b.Group("billing", 1);
  b.Assign("billing/0", "orders", 0);
  b.Send("p", 0, "user-1", "audit", 0, 0);
  b.Send("p", 0, "user-1", "orders", 0, 4);
  b.Send("p", 1, "user-1", "orders", 0, 5);
  b.Poll("billing/0", "p", 1);
  CheckResult r = RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}}));
  EXPECT_EQ(FigureOf(r, "lost"), 1) << r.summary;
  EXPECT_NE(EvidenceText(r).find("p#0 (key user-1) acked at orders[0]@4, never polled by billing"),
            std::string::npos)
      << EvidenceText(r);
}

TEST(Placement, AWatermarkBeforeTheEndStillCountsPartitions) {
  // The final readings name partitions 0 and 1, an earlier one partition 2: three partitions.
  HistoryBuilder b;
  b.Partitioner("p", "orders", "murmur2");
  b.Watermark("orders", 2, 0);
  for (int i = 0; i < 20; ++i) {
    std::string key = "user-" + std::to_string(i);
    b.Send("p", uint64_t(i), key, "orders", Murmur2Partition(key, 3), i);
  }
  b.Watermark("orders", 0, 20).Watermark("orders", 1, 20);
  CheckResult r = RunCheck(b.history(), Expect("placement", {{"topic", "orders"}}));
  EXPECT_TRUE(r.passed) << r.summary << "\n" << EvidenceText(r);
  EXPECT_EQ(FigureOf(r, "checked"), 20);
}

}  // namespace
}  // namespace ks::test_support
