#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

// Record i of p is first polled `latency_us[i]` after its send's invoke.
HistoryBuilder WithLatencies(const std::vector<int64_t>& latency_us) {
  HistoryBuilder b;
  b.Group("billing", 2);
  for (size_t i = 0; i < latency_us.size(); ++i) {
    b.Send("p", i, "k", "orders", 0, int64_t(i));  // invoke at t, completion at t + 10
    b.Advance(latency_us[i] - 20);                 // the next op comes 10 us after the last
    b.Poll("billing/" + std::to_string(i % 2), "p", i);
  }
  return b;
}

TEST(Latency, NearestRankPercentiles) {
  HistoryBuilder b = WithLatencies({1000, 2000, 3000, 100000});
  CheckResult r =
      RunCheck(b.history(), Expect("latency", {{"group", "billing"}}, {Max(100, "p99_ms")}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "p50_ms"), 2);    // rank ceil(0.5 * 4) = 2
  EXPECT_EQ(FigureOf(r, "p99_ms"), 100);  // rank ceil(0.99 * 4) = 4
  EXPECT_EQ(FigureOf(r, "max_ms"), 100);
  EXPECT_EQ(r.summary, "p99_ms 100 (max 100)");
  EXPECT_EQ(r.evidence_text.at(0),
            "4 records first consumed by billing: p50 2 ms, p99 100 ms, "
            "max 100 ms");
  EXPECT_NE(r.evidence_text.at(1).find("slowest: p#3 (key k) sent at "), std::string::npos);
  EXPECT_NE(r.evidence_text.at(1).find("first polled by billing/1 at orders[0]@3"),
            std::string::npos)
      << r.evidence_text.at(1);
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[0].type, OpType::kInvoke);
  EXPECT_EQ(r.evidence[1].kind, OpKind::kPoll);
  // The main figure is p99.
  EXPECT_FALSE(RunCheck(b.history(), Expect("latency", {{"group", "billing"}}, {Max(50)})).passed);
}

TEST(Latency, HundredRecords) {
  std::vector<int64_t> us;
  for (int i = 100; i >= 1; --i) us.push_back(i * 1000 + 500);  // 1.5 .. 100.5 ms
  CheckResult r =
      RunCheck(WithLatencies(us).history(), Expect("latency", {{"group", "billing"}}, {Min(0)}));
  EXPECT_EQ(FigureOf(r, "p50_ms"), 50.5);
  EXPECT_EQ(FigureOf(r, "p99_ms"), 99.5);
  EXPECT_EQ(FigureOf(r, "max_ms"), 100.5);
}

TEST(Latency, OnlyTheFirstPollCounts) {
  HistoryBuilder b = WithLatencies({5000});
  b.Advance(1'000'000).Poll("billing/1", "p", 0);  // a redelivery much later
  CheckResult r = RunCheck(b.history(), Expect("latency", {{"group", "billing"}}, {Max(5)}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "max_ms"), 5);
}

TEST(Latency, ScopesAndNothingToJudge) {
  HistoryBuilder b = WithLatencies({3000});
  b.Group("audit", 1).Poll("audit/0", "q", 9, "orders", 0, 7);  // no send of q#9 in the history
  ExpectSpec audit = Expect("latency", {{"group", "audit"}}, {Min(0)});
  EXPECT_EQ(RunCheck(b.history(), audit).summary,
            "nothing to judge: audit polled no record whose send is in the history");
  b.Group("idle", 1);
  EXPECT_EQ(RunCheck(b.history(), Expect("latency", {{"group", "idle"}}, {Min(0)})).summary,
            "nothing to judge: idle polled nothing");
  b.Topic("audit");
  EXPECT_EQ(
      RunCheck(b.history(), Expect("latency", {{"group", "billing"}, {"topic", "audit"}}, {Min(0)}))
          .summary,
      "nothing to judge: billing polled nothing");
  EXPECT_TRUE(RunCheck(b.history(),
                       Expect("latency", {{"group", "billing"}, {"topic", "orders"}}, {Max(3)}))
                  .passed);
}

}  // namespace
}  // namespace ks::test_support
