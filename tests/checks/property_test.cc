// Property-style test: start from clean generated histories, plant a known number of each anomaly
// at random (fixed seeds), and require every relevant check to find exactly what was planted and
// nothing else. The planting rules keep anomalies from interfering (see Plant), so each expected
// figure is a simple sum.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

struct Planted {
  size_t misplaced = 0;          ///< records moved to another partition (distinct keys)
  size_t swaps = 0;              ///< pairs of consecutive records of one key polled swapped
  size_t swap_nonmonotonic = 0;  ///< nonmonotonic pairs those swaps create in their partition
  size_t duplicated = 0;         ///< records polled a second time right after the first
  size_t dropped = 0;            ///< records never polled
};

size_t Pick(std::mt19937_64& rng, size_t n) { return static_cast<size_t>(rng() % n); }

// Plants anomalies into `plan`, keeping them independent:
// - misplace: the last record (in ack order) of a key goes to the next partition, so the key is
//   split but its poll order still follows its ack order;
// - swap: two consecutive records of a not-misplaced key trade poll positions: one key inversion,
//   and 1 nonmonotonic pair in their partition if nothing lies between them there, else 2 (two
//   swapped spans never overlap in one partition);
// - duplicate: a record is polled again right after itself: one duplicate and one nonmonotonic
//   pair (the same offset twice);
// - drop: a record is never polled; never a partition's last record (so the group always reads
//   past a dropped one: lost, not unseen) and never between a swapped pair (that would change the
//   swap's nonmonotonic count).
Planted Plant(CleanPlan& plan, std::mt19937_64& rng) {
  Planted planted;
  const CleanSpec& spec = plan.spec;
  const size_t n = plan.records.size();
  auto records_of = [&](int key) {
    std::vector<size_t> out;
    for (size_t i = 0; i < n; ++i) {
      if (static_cast<int>(i) % spec.keys == key) out.push_back(i);
    }
    return out;
  };
  std::vector<int> keys(static_cast<size_t>(spec.keys));
  for (int k = 0; k < spec.keys; ++k) keys[static_cast<size_t>(k)] = k;
  std::shuffle(keys.begin(), keys.end(), rng);
  size_t next_key = 0;

  std::vector<uint8_t> used(n, 0);     // part of an anomaly already
  std::vector<uint8_t> no_drop(n, 0);  // between a swapped pair
  size_t misplace = Pick(rng, 4);
  for (size_t i = 0; i < misplace && next_key < keys.size(); ++i, ++next_key) {
    size_t last = records_of(keys[next_key]).back();
    plan.records[last].partition = (plan.records[last].partition + 1) % spec.partitions;
    used[last] = 1;
    ++planted.misplaced;
  }
  plan.AssignOffsets();

  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::vector<uint8_t> in_swap(n, 0);  // a swapped pair and what lies between them
  size_t swaps = Pick(rng, 4);
  for (size_t i = 0; i < swaps && next_key < keys.size(); ++i, ++next_key) {
    std::vector<size_t> recs = records_of(keys[next_key]);
    size_t j = Pick(rng, recs.size() - 1);
    size_t a = recs[j];
    size_t b = recs[j + 1];
    int32_t partition = plan.records[a].partition;
    // Two swaps whose spans overlap in one partition would not add up: skip such a pair.
    bool overlaps = false;
    for (size_t r = a; r <= b; ++r) {
      overlaps = overlaps || (plan.records[r].partition == partition && in_swap[r]);
    }
    if (overlaps) continue;
    std::swap(order[a], order[b]);
    used[a] = used[b] = 1;
    size_t between = 0;
    for (size_t r = a; r <= b; ++r) {
      if (plan.records[r].partition != partition) continue;
      in_swap[r] = 1;
      if (r == a || r == b) continue;
      ++between;
      no_drop[r] = 1;
    }
    planted.swap_nonmonotonic += between > 0 ? 2 : 1;
    ++planted.swaps;
  }

  std::vector<uint8_t> last_of_partition(n, 0);
  std::vector<int64_t> last(static_cast<size_t>(spec.partitions), -1);
  for (size_t i = 0; i < n; ++i) last[static_cast<size_t>(plan.records[i].partition)] = int64_t(i);
  for (int64_t i : last) {
    if (i >= 0) last_of_partition[static_cast<size_t>(i)] = 1;
  }

  std::vector<uint8_t> duplicated(n, 0);
  std::vector<uint8_t> dropped(n, 0);
  size_t dups = Pick(rng, 6);
  size_t drops = Pick(rng, 6);
  for (size_t tries = 0; tries < 1000 && (planted.duplicated < dups || planted.dropped < drops);
       ++tries) {
    size_t r = Pick(rng, n);
    if (used[r]) continue;
    used[r] = 1;
    if (planted.duplicated < dups) {
      duplicated[r] = 1;
      ++planted.duplicated;
    } else if (!no_drop[r] && !last_of_partition[r]) {
      dropped[r] = 1;
      ++planted.dropped;
    }
  }

  plan.polls.clear();
  for (size_t r : order) {
    if (dropped[r]) continue;
    plan.polls.push_back(static_cast<uint32_t>(r));
    if (duplicated[r]) plan.polls.push_back(static_cast<uint32_t>(r));
  }
  return planted;
}

// The records poll_skip must count in a built plan: each record never polled whose partition's
// owner polled an offset below it before an offset above it (some consecutive pair of its polls
// then jumps over it; plans have no rebalances).
size_t Skippable(const CleanPlan& plan) {
  std::vector<uint8_t> polled(plan.records.size(), 0);
  for (uint32_t r : plan.polls) polled[r] = 1;
  size_t skippable = 0;
  for (size_t d = 0; d < plan.records.size(); ++d) {
    if (polled[d]) continue;
    const CleanPlan::Record& gone = plan.records[d];
    size_t first_below = plan.polls.size();
    size_t last_above = 0;
    bool above = false;
    for (size_t k = 0; k < plan.polls.size(); ++k) {
      const CleanPlan::Record& r = plan.records[plan.polls[k]];
      if (r.partition != gone.partition) continue;
      if (r.offset < gone.offset) first_below = std::min(first_below, k);
      if (r.offset > gone.offset) {
        last_above = k;
        above = true;
      }
    }
    if (above && first_below < last_above) ++skippable;
  }
  return skippable;
}

double FigureValue(const History& h, const std::string& check, const std::string& figure,
                   const std::map<std::string, std::string>& scope = {{"group", "billing"}}) {
  CheckResult r = RunCheck(h, Expect(check, scope, {Min(0)}));
  EXPECT_TRUE(r.passed) << check << ": " << r.summary;
  return FigureOf(r, figure);
}

TEST(Property, ChecksFindExactlyWhatWasPlanted) {
  size_t total_planted = 0;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    std::mt19937_64 rng(seed);
    CleanSpec spec;
    spec.partitions = 2 + static_cast<int>(Pick(rng, 5));
    spec.keys = spec.partitions * (2 + static_cast<int>(Pick(rng, 3)));
    spec.records = spec.keys * (3 + static_cast<int>(Pick(rng, 10)));
    spec.members = 1 + static_cast<int>(Pick(rng, static_cast<size_t>(spec.partitions)));
    CleanPlan plan = MakeCleanPlan(spec);
    Planted p = Plant(plan, rng);
    total_planted += p.misplaced + p.swaps + p.duplicated + p.dropped;
    History h = BuildPlan(plan);
    SCOPED_TRACE(::testing::Message()
                 << "seed " << seed << ": misplaced " << p.misplaced << ", swaps " << p.swaps
                 << ", duplicated " << p.duplicated << ", dropped " << p.dropped);
    auto n = static_cast<double>(spec.records);
    EXPECT_EQ(FigureValue(h, "lost", "lost"), p.dropped);
    EXPECT_EQ(FigureValue(h, "lost", "unseen"), 0);
    EXPECT_EQ(FigureValue(h, "duplicates", "duplicates"), p.duplicated);
    EXPECT_EQ(FigureValue(h, "duplicates", "redeliveries"), p.duplicated);
    EXPECT_EQ(FigureValue(h, "key_order", "keys_out_of_order"), p.swaps);
    EXPECT_EQ(FigureValue(h, "key_order", "inversions"), p.swaps);
    EXPECT_EQ(FigureValue(h, "partition_order", "nonmonotonic"),
              p.duplicated + p.swap_nonmonotonic);
    EXPECT_EQ(FigureValue(h, "same_key_same_partition", "split_keys", {{"topic", "orders"}}),
              p.misplaced);
    EXPECT_EQ(FigureValue(h, "same_key_same_partition", "keys", {{"topic", "orders"}}), spec.keys);
    EXPECT_EQ(FigureValue(h, "consumed", "consumed"), n - static_cast<double>(p.dropped));
    EXPECT_EQ(FigureValue(h, "consumed", "deliveries"),
              n - static_cast<double>(p.dropped) + static_cast<double>(p.duplicated));
    EXPECT_EQ(FigureValue(h, "partition_spread", "records", {{"topic", "orders"}}), n);
    EXPECT_EQ(FigureValue(h, "assignment", "unowned_partitions"), 0);
    EXPECT_EQ(FigureValue(h, "poll_skip", "skipped"), double(Skippable(plan)));
    EXPECT_EQ(FigureValue(h, "inconsistent_offsets", "inconsistent", {{"topic", "orders"}}), 0);
    EXPECT_EQ(FigureValue(h, "aborted_visible", "aborted_visible"), 0);
  }
  EXPECT_GT(total_planted, 100u);  // the seeds do plant things
}

TEST(Property, CleanHistoriesPassEveryNoAnomalyCheck) {
  for (int members : {1, 3, 8}) {
    History h = MakeCleanHistory({.partitions = 5, .records = 500, .keys = 25, .members = members});
    EXPECT_TRUE(RunCheck(h, Expect("no_loss", {{"group", "billing"}})).passed);
    EXPECT_TRUE(RunCheck(h, Expect("no_duplicates", {{"group", "billing"}})).passed);
    EXPECT_TRUE(RunCheck(h, Expect("key_order", {{"group", "billing"}}, {Max(0)})).passed);
    EXPECT_TRUE(RunCheck(h, Expect("partition_order", {{"group", "billing"}}, {Max(0)})).passed);
    EXPECT_TRUE(
        RunCheck(h, Expect("same_key_same_partition", {{"topic", "orders"}}, {Max(0)})).passed);
    EXPECT_TRUE(RunCheck(h, Expect("assignment", {{"group", "billing"}}, {Max(0)})).passed);
  }
}

}  // namespace
}  // namespace ks::test_support
