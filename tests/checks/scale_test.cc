// Scale: every check over a history of about 10M ops. Disabled by default (it takes seconds);
// run with --gtest_also_run_disabled_tests --gtest_filter='Scale.*' after touching a check's
// inner loop.

#include <gtest/gtest.h>

#include <chrono>

#include "checks/check_test_util.h"
#include "checks/delivery.h"
#include "partition/partitioner.h"

namespace ks::test_support {
namespace {

// Built directly rather than through HistoryBuilder, whose per-record map is meant for small
// hand-made histories.
History Large(int64_t records, int32_t partitions, int members) {
  History h;
  h.topics.Intern("orders");
  h.producers.Intern("order-service");
  h.groups.push_back("billing");
  h.actors.push_back({"order-service", ActorInfo::Role::kProducer, kNoId, -1});
  for (int m = 0; m < members; ++m) {
    h.actors.push_back({"billing/" + std::to_string(m), ActorInfo::Role::kMember, 0, m});
  }
  h.actors.push_back({"runner", ActorInfo::Role::kRunner, kNoId, -1});
  for (int k = 0; k < 1000; ++k) h.keys.Intern("user-" + std::to_string(k));
  // Keys placed as the declared partitioner does (the placement check predicts them).
  h.producer_info.push_back({0, "murmur2", -1});
  std::vector<int32_t> placement;
  for (int k = 0; k < 1000; ++k)
    placement.push_back(Murmur2Partition(h.keys.Get(static_cast<uint32_t>(k)), partitions));
  h.ops.reserve(static_cast<size_t>(records) * 3 + static_cast<size_t>(records) / 100 + 1000);
  int64_t t = 0;
  for (int32_t p = 0; p < partitions; ++p) {
    Op op;
    op.kind = OpKind::kAssign;
    op.actor = 1 + static_cast<uint32_t>(p % members);
    op.topic = 0;
    op.partition = p;
    op.time_us = t++;
    h.ops.push_back(op);
  }
  std::vector<int64_t> next(static_cast<size_t>(partitions), 0);
  for (int64_t i = 0; i < records; ++i) {
    Op op;
    op.kind = OpKind::kSend;
    op.type = OpType::kInvoke;
    op.producer = 0;
    op.seq = static_cast<uint64_t>(i);
    op.key = static_cast<uint32_t>(i % 1000);
    op.actor = 0;
    op.topic = 0;
    op.time_us = t++;
    h.ops.push_back(op);
    op.type = OpType::kOk;
    op.partition = placement[op.key];
    op.offset = next[static_cast<size_t>(op.partition)]++;
    op.time_us = t++;
    h.ops.push_back(op);
    op.kind = OpKind::kPoll;
    op.actor = 1 + static_cast<uint32_t>(op.partition % members);
    op.time_us = t++;
    h.ops.push_back(op);
    if (i % 100 == 99) {  // a commit of the polled position now and then
      Op commit = op;
      commit.kind = OpKind::kCommit;
      commit.offset = op.offset + 1;
      commit.producer = kNoId;
      commit.time_us = t++;
      h.ops.push_back(commit);
    }
  }
  for (int32_t p = 0; p < partitions; ++p) {  // the final commits: the group caught up
    Op op;
    op.kind = OpKind::kCommit;
    op.actor = 1 + static_cast<uint32_t>(p % members);
    op.topic = 0;
    op.partition = p;
    op.offset = next[static_cast<size_t>(p)];
    op.time_us = t++;
    h.ops.push_back(op);
  }
  for (int32_t p = 0; p < partitions; ++p) {
    Op op;
    op.kind = OpKind::kWatermark;
    op.actor = static_cast<uint32_t>(members + 1);
    op.topic = 0;
    op.partition = p;
    op.offset = next[static_cast<size_t>(p)];
    op.time_us = t++;
    h.ops.push_back(op);
  }
  return h;
}

using Entry = std::pair<std::string, std::map<std::string, std::string>>;

// Runs each check over `h`, printing its time; each must judge (Min(0) holds on any figure).
void TimeChecks(const History& h, const std::vector<Entry>& entries) {
  for (const auto& [check, scope] : entries) {
    auto start = std::chrono::steady_clock::now();
    CheckResult r = RunCheck(h, Expect(check, scope, {Min(0)}));
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    EXPECT_TRUE(r.passed) << check << ": " << r.summary;
    std::printf("%-24s %6lld ms  %s\n", check.c_str(), static_cast<long long>(ms),
                r.summary.c_str());
  }
}

const std::map<std::string, std::string> kGroup = {{"group", "billing"}};
const std::map<std::string, std::string> kTopic = {{"topic", "orders"}};
const std::map<std::string, std::string> kProducer = {{"producer", "order-service"}};

TEST(Scale, DISABLED_TenMillionOps) {
  History h = Large(3'400'000, 64, 16);
  TimeChecks(h, {{"no_loss", kGroup},
                 {"no_duplicates", kGroup},
                 {"key_order", kGroup},
                 {"partition_order", kGroup},
                 {"same_key_same_partition", kTopic},
                 {"partition_spread", kTopic},
                 {"consumed", kGroup},
                 {"assignment", kGroup}});
}

TEST(Scale, DISABLED_TenMillionOpsLaterChecks) {
  History h = Large(3'400'000, 64, 16);
  TimeChecks(h, {{"poll_skip", kGroup},
                 {"inconsistent_offsets", kTopic},
                 {"placement", kTopic},
                 {"produced", kProducer},
                 {"delivery_errors", kProducer},
                 {"commit_legality", kGroup},
                 {"lag", kGroup},
                 {"latency", kGroup},
                 {"aborted_visible", kGroup}});
  auto start = std::chrono::steady_clock::now();
  GroupDelivery d = SummarizeDelivery(h, 0);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  EXPECT_EQ(d.verdict, "exactly-once");
  std::printf("%-24s %6lld ms  %s\n", "SummarizeDelivery", static_cast<long long>(ms),
              d.verdict.c_str());
}

}  // namespace
}  // namespace ks::test_support
