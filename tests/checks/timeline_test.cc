#include "checks/timeline.h"

#include <gtest/gtest.h>

#include <climits>
#include <numeric>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

constexpr int64_t kMs = 1000;  // microseconds

const Timeline::Partition& PartitionOf(const Timeline& t, const std::string& topic, int32_t p) {
  for (const auto& part : t.partitions) {
    if (part.topic == topic && part.partition == p) return part;
  }
  throw std::runtime_error("no partition " + topic + "[" + std::to_string(p) + "]");
}

std::vector<int64_t> Values(const StepPoints& points) {
  std::vector<int64_t> values;
  for (const auto& [t, v] : points) values.push_back(v);
  return values;
}

std::vector<std::string> Labels(const Timeline& t) {
  std::vector<std::string> labels;
  for (const auto& e : t.events) labels.push_back(e.label);
  return labels;
}

// billing/0 reads orders[0] up to offset 4 and commits 2, then crashes; billing/1 takes the
// partition over and reads again from the committed offset, 2.
HistoryBuilder CrashAndResume() {
  HistoryBuilder b;
  b.Group("billing", 2).Start("billing/0").Start("billing/1");
  b.Assign("billing/0", "orders", 0);
  for (int i = 0; i < 5; ++i) b.Send("order-service", i, "k", "orders", 0, i);
  b.Advance(200 * kMs);
  for (int i = 0; i < 5; ++i) b.Poll("billing/0", "order-service", i);
  b.Advance(200 * kMs).Commit("billing/0", "orders", 0, 2);
  b.Advance(200 * kMs).Crash("billing/0");
  b.Advance(200 * kMs).Assign("billing/1", "orders", 0);
  b.Advance(200 * kMs);
  for (int i = 2; i < 5; ++i) b.Poll("billing/1", "order-service", i);
  b.Advance(200 * kMs).Commit("billing/1", "orders", 0, 5);
  b.Watermark("orders", 0, 5);
  return b;
}

TEST(Timeline, AnEmptyHistoryHasNoSeries) {
  const Timeline t = BuildTimeline(History{});
  EXPECT_EQ(t.end_ms, 0);
  EXPECT_TRUE(t.rates.empty());
  EXPECT_TRUE(t.partitions.empty());
  EXPECT_TRUE(t.events.empty());
}

TEST(Timeline, PositionFallsBackToTheCommittedOffsetAfterACrash) {
  const Timeline t = BuildTimeline(CrashAndResume().history());
  const Timeline::Partition& p = PartitionOf(t, "orders", 0);
  // The five sends are 10 us apart, in one interval: its first change and its last value.
  EXPECT_EQ(Values(p.log_end), (std::vector<int64_t>{1, 5}));
  ASSERT_EQ(p.groups.size(), 1u);
  EXPECT_EQ(p.groups[0].group, "billing");
  // Read to 5, resumed at 2 (the first poll there is of offset 2: position 3), read to 5 again:
  // the resumed polls are 10 us apart, one interval, which keeps its first change and last value.
  EXPECT_EQ(Values(p.groups[0].position), (std::vector<int64_t>{1, 5, 3, 5}));
  EXPECT_EQ(Values(p.groups[0].committed), (std::vector<int64_t>{2, 5}));
}

TEST(Timeline, PollsInIntervalsOfTheirOwnAreEachAPoint) {
  History h = CrashAndResume().Build();
  // The same history with the resumed polls spread 150 ms apart: each is its own point.
  int64_t shift = 0;
  for (Op& op : h.ops) {
    if (op.kind == OpKind::kPoll && h.actors[op.actor].name == "billing/1") shift += 150 * kMs;
    op.time_us += shift;
  }
  const Timeline t = BuildTimeline(h);
  EXPECT_EQ(Values(PartitionOf(t, "orders", 0).groups[0].position),
            (std::vector<int64_t>{1, 5, 3, 4, 5}));
}

TEST(Timeline, AFallAndRiseWithinOneIntervalStillShows) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  for (int i = 0; i < 5; ++i) b.Send("p", i, "k", "orders", 0, i);
  for (int i = 0; i < 5; ++i) b.Poll("billing/0", "p", i);
  b.Seek("billing/0", "orders", 0, 0);
  for (int i = 0; i < 5; ++i) b.Poll("billing/0", "p", i);
  // Every op within 1 ms: one interval, whose first, lowest, highest and last values stay.
  const Timeline t = BuildTimeline(b.history());
  EXPECT_EQ(Values(PartitionOf(t, "orders", 0).groups[0].position),
            (std::vector<int64_t>{1, 5, 0, 5}));
}

TEST(Timeline, OpsOfOneMicrosecondKeepTheirOrder) {
  History h = CrashAndResume().Build();
  // Every op at one time: one interval, and its last value is the last op's.
  for (Op& op : h.ops) op.time_us = 0;
  const Timeline t = BuildTimeline(h);
  const Timeline::Partition& p = PartitionOf(t, "orders", 0);
  // First 1 and lowest 1, highest 5 (first reached), last 5: the fall to 3 is no extreme of
  // the interval, which only a finer one shows.
  EXPECT_EQ(Values(p.groups[0].position), (std::vector<int64_t>{1, 5}));
  EXPECT_EQ(Values(t.lag[0].points).back(), 0);
  // Lowest before highest in time: 5 at first, then 0, then 3 holds.
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  b.Send("p", 0, "k", "orders", 0, 4).Poll("billing/0", "p", 0);  // position 5
  b.Seek("billing/0", "orders", 0, 0).Seek("billing/0", "orders", 0, 3);
  History same = b.Build();
  for (Op& op : same.ops) op.time_us = 7;
  EXPECT_EQ(Values(PartitionOf(BuildTimeline(same), "orders", 0).groups[0].position),
            (std::vector<int64_t>{5, 0, 3}));
}

TEST(Timeline, TheRunnersHighWatermarkSetsTheLogEndEvenLower) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  for (int i = 0; i < 5; ++i) b.Send("p", i, "k", "orders", 0, i);
  b.Advance(200 * kMs).Commit("billing/0", "orders", 0, 2);
  // The topic was recreated and holds 2 records when the runner reads it: the group lags by 0.
  b.Advance(200 * kMs).Watermark("orders", 0, 2);
  const History h = b.history();
  const Timeline t = BuildTimeline(h);
  EXPECT_EQ(Values(PartitionOf(t, "orders", 0).log_end), (std::vector<int64_t>{1, 5, 2}));
  EXPECT_EQ(t.lag[0].points.back().second, 0);
  EXPECT_EQ(FigureOf(RunCheck(h, Expect("lag", {{"group", "billing"}}, {Max(0)})), "lag"), 0);
}

TEST(Timeline, OffsetsAtTheLimitOfAnOpAreNoOverflow) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0).Assign("billing/0", "orders", 1);
  b.Send("p", 0, "k", "orders", 0, OpOffset::kMax).Send("p", 1, "k", "orders", 1, OpOffset::kMax);
  b.Poll("billing/0", "p", 0).LogStart("orders", 1, -5);
  const Timeline t = BuildTimeline(b.history());
  EXPECT_EQ(PartitionOf(t, "orders", 0).log_end.back().second, OpOffset::kMax + 1);
  EXPECT_EQ(PartitionOf(t, "orders", 0).groups[0].position.back().second, OpOffset::kMax + 1);
  // Nothing committed: each partition's lag counts from its log start, a negative one from 0.
  EXPECT_EQ(t.lag[0].points.back().second, 2 * (OpOffset::kMax + 1));
}

TEST(Timeline, LagIsLogEndMinusCommittedLikeTheLagCheck) {
  const History h = CrashAndResume().history();
  const Timeline t = BuildTimeline(h);
  ASSERT_EQ(t.lag.size(), 1u);
  // 1 then 5 acknowledged and nothing committed: 5 (from log start 0); commit 2: 3; commit 5: 0.
  EXPECT_EQ(Values(t.lag[0].points), (std::vector<int64_t>{1, 5, 3, 0}));
  EXPECT_EQ(t.lag[0].points.back().second,
            FigureOf(RunCheck(h, Expect("lag", {{"group", "billing"}}, {Max(0)})), "lag"));
}

TEST(Timeline, LagOfANeverCommittedPartitionCountsFromItsLogStart) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  for (int i = 0; i < 4; ++i) b.Send("p", i, "k", "orders", 0, 10 + i);
  b.LogStart("orders", 0, 10).Watermark("orders", 0, 14);
  const Timeline t = BuildTimeline(b.history());
  ASSERT_EQ(t.lag.size(), 1u);
  EXPECT_EQ(t.lag[0].points.back().second, 4);
}

TEST(Timeline, OwnershipEndsAtACrashAndMovesToTheNextOwner) {
  const Timeline t = BuildTimeline(CrashAndResume().history());
  ASSERT_EQ(t.ownership.size(), 2u);
  ASSERT_EQ(t.ownership[0].member, "billing/0");
  ASSERT_EQ(t.ownership[0].spans.size(), 1u);
  ASSERT_EQ(t.ownership[1].spans.size(), 1u);
  const Timeline::Span& before = t.ownership[0].spans[0];
  const Timeline::Span& after = t.ownership[1].spans[0];
  EXPECT_EQ(before.partition, 0);
  EXPECT_LT(before.to_ms, after.from_ms);  // crashed, then the next owner was assigned it
  EXPECT_EQ(after.to_ms, t.end_ms);        // held to the end
}

TEST(Timeline, EventsNameStartsCrashesRestartsAndRebalances) {
  HistoryBuilder b = CrashAndResume();
  b.Advance(200 * kMs).Start("billing/0").Assign("billing/0", "orders", 0);
  const Timeline t = BuildTimeline(b.history());
  EXPECT_EQ(Labels(t),
            (std::vector<std::string>{"start billing/0", "start billing/1", "rebalance billing",
                                      "crash billing/0", "rebalance billing", "restart billing/0",
                                      "rebalance billing"}));
}

TEST(Timeline, OpsOfOneActionAreOneEvent) {
  HistoryBuilder b;
  b.Group("billing", 1).Start("billing/0").Advance(200 * kMs);
  for (int p = 0; p < 4; ++p) b.Seek("billing/0", "orders", p, 0);
  const Timeline t = BuildTimeline(b.history());
  EXPECT_EQ(Labels(t), (std::vector<std::string>{"start billing/0", "seek billing/0 (+3)"}));
}

TEST(Timeline, ARebalanceIsANewGenerationWhenTheHistoryKnowsThem) {
  History h = CrashAndResume().Build();
  for (Op& op : h.ops) {
    if (op.kind == OpKind::kAssign) op.generation = op.time_us < 500 * kMs ? 1 : 2;
  }
  const Timeline t = BuildTimeline(h);
  std::vector<std::string> rebalances;
  for (const auto& e : t.events) {
    if (e.kind == "rebalance") rebalances.push_back(e.label);
  }
  EXPECT_EQ(rebalances,
            (std::vector<std::string>{"rebalance billing gen 1", "rebalance billing gen 2"}));
}

TEST(Timeline, RatesCountAcknowledgementsAndPollsPerBucket) {
  const Timeline t = BuildTimeline(CrashAndResume().history());
  EXPECT_EQ(t.bucket_ms, 100);
  ASSERT_EQ(t.rates.size(), 2u);
  EXPECT_EQ(t.rates[0].kind, "acknowledged");
  EXPECT_EQ(t.rates[0].counts[0], 5u);
  EXPECT_EQ(t.rates[1].name, "billing");
  EXPECT_EQ(std::accumulate(t.rates[1].counts.begin(), t.rates[1].counts.end(), 0u), 8u);
  EXPECT_EQ(t.rates[1].counts.size(), static_cast<size_t>(t.end_ms / 100) + 1);
}

TEST(Timeline, LongRunsGetWiderBucketsAndFewerPoints) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  for (int i = 0; i < 2000; ++i) {
    b.Advance(500 * kMs).Send("p", i, "k", "orders", 0, i).Poll("billing/0", "p", i);
  }
  TimelineLimits limits;
  limits.max_buckets = 100;
  limits.max_step_points = 200;
  const Timeline t = BuildTimeline(b.history(), limits);
  // 1000.04 s in at most 100 buckets: the next multiple of 100 ms above 10 s.
  EXPECT_EQ(t.bucket_ms, 10100);
  EXPECT_LE(t.rates[0].counts.size(), 101u);
  const Timeline::Partition& p = PartitionOf(t, "orders", 0);
  // 4 series (log end, position, committed, lag) share 200 points: 13 intervals of 80 s, four
  // points each at most; a log end that only grows keeps two, its first and last.
  EXPECT_LE(p.log_end.size(), 2 * 13u + 1);
  EXPECT_GE(p.log_end.size(), 2 * 12u);
  EXPECT_EQ(p.log_end.back().second, 2000) << "the last value is kept";
}

TEST(Timeline, LatencyHistogramHoldsEveryRecordTheLatencyCheckMeasured) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  for (int i = 0; i < 10; ++i) b.Send("p", i, "k", "orders", 0, i);
  b.Advance(30 * kMs);
  for (int i = 0; i < 10; ++i) b.Poll("billing/0", "p", i);
  const History h = b.history();
  const Timeline t = BuildTimeline(h);
  ASSERT_EQ(t.latency.size(), 1u);
  const Timeline::Latency& l = t.latency[0];
  EXPECT_EQ(l.records, 10u);
  EXPECT_EQ(std::accumulate(l.counts.begin(), l.counts.end(), uint64_t{0}), 10u);
  EXPECT_EQ(l.counts.size() + 1, l.edges_ms.size());
  const CheckResult check = RunCheck(h, Expect("latency", {{"group", "billing"}}, {Max(1e9)}));
  EXPECT_EQ(l.p50_ms, FigureOf(check, "p50_ms"));
  EXPECT_EQ(l.max_ms, FigureOf(check, "max_ms"));
  // Every latency is about 30 ms: all in the [20, 50) bucket.
  const size_t bin = std::find(l.edges_ms.begin(), l.edges_ms.end(), 20.0) - l.edges_ms.begin();
  EXPECT_EQ(l.counts[bin], 10u);
}

TEST(Timeline, OwnershipSpansBeyondTheLimitAreTheLatestAndCounted) {
  HistoryBuilder b;
  b.Group("billing", 1);
  for (int i = 0; i < 10; ++i) {
    b.Advance(200 * kMs).Assign("billing/0", "orders", 0).Advance(200 * kMs);
    b.Revoke("billing/0", "orders", 0);
  }
  TimelineLimits limits;
  limits.max_spans = 4;
  const Timeline t = BuildTimeline(b.history(), limits);
  ASSERT_EQ(t.ownership.size(), 1u);
  ASSERT_EQ(t.ownership[0].spans.size(), 4u);
  EXPECT_EQ(t.spans_dropped, 6u);
  EXPECT_LT(t.ownership[0].spans.back().from_ms, 2000) << "the first four: the run's beginning";
}

TEST(Timeline, OwnershipKeepsExactlyTheLimitWhenSpansStartTogether) {
  HistoryBuilder b;
  b.Group("billing", 3);
  for (int m = 0; m < 3; ++m) b.Assign("billing/" + std::to_string(m), "orders", m);
  History h = b.Build();
  for (Op& op : h.ops) op.time_us = 5;
  TimelineLimits limits;
  limits.max_spans = 2;
  const Timeline t = BuildTimeline(h, limits);
  EXPECT_EQ(t.ownership[0].spans.size() + t.ownership[1].spans.size() + t.ownership[2].spans.size(),
            2u);
  EXPECT_EQ(t.spans_dropped, 1u);
  EXPECT_TRUE(t.ownership[2].spans.empty()) << "ties go by lane: the last lane's is dropped";
}

TEST(Timeline, MembersThatWriteOutputsCountAsRates) {
  HistoryBuilder b;
  b.Group("workers", 20);
  for (int m = 0; m < 20; ++m) {
    b.Advance(1000 * kMs).Send("workers/" + std::to_string(m), 0, "k", "out", 0, m);
  }
  History h = b.Build();
  // The builder also declares each sender a producer actor; the members sent, not those.
  h.actors.resize(20);
  TimelineLimits limits;
  limits.max_rate_points = 210;  // 21 rates (20 members, 1 group): 10 buckets for 20 s
  const Timeline t = BuildTimeline(h, limits);
  EXPECT_EQ(t.rates.size(), 20u);  // the group polled nothing: no consumed rate
  EXPECT_EQ(t.bucket_ms, 2100);    // the last op at 20.001 s in 10 buckets
}

TEST(Timeline, ManyRatesWidenTheBuckets) {
  HistoryBuilder b;
  for (int p = 0; p < 50; ++p) {
    b.Advance(1000 * kMs).Send("producer-" + std::to_string(p), 0, "k", "orders", 0, p);
  }
  TimelineLimits limits;
  limits.max_rate_points = 1000;  // 50 rates: 20 buckets for 50 s
  const Timeline t = BuildTimeline(b.history(), limits);
  EXPECT_EQ(t.rates.size(), 50u);
  EXPECT_EQ(t.bucket_ms, 2600);  // the last op at 50.001 s, in 20 buckets: to the next 100 ms
  for (const auto& r : t.rates) EXPECT_LE(r.counts.size(), 21u);
}

TEST(Timeline, EventsBeyondTheLimitAreCountedInTheLastOne) {
  HistoryBuilder b;
  b.Group("billing", 1);
  for (int i = 0; i < 5; ++i)
    b.Advance(200 * kMs).Start("billing/0").Advance(200 * kMs).Stop("billing/0");
  TimelineLimits limits;
  limits.max_events = 3;
  const Timeline t = BuildTimeline(b.history(), limits);
  ASSERT_EQ(t.events.size(), 3u);
  EXPECT_EQ(t.events.back().label, "restart billing/0 (7 later events not shown)");
}

}  // namespace
}  // namespace ks::test_support
