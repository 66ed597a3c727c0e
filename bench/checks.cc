// The default check set over a history of about 10M ops: throughput and memory.
//
//   cmake --build build --target bench_checks && build/bench_checks [RECORDS]
//
// RECORDS defaults to 3,400,000 (about 10.2M ops). Prints the history's size, each check's time,
// the whole set's time as Judge() runs it (ops per second) and the peak memory the judging added
// on top of the history (bytes per op). Targets: 5M ops/s or more, under 100 bytes per op.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "checks/check.h"
#include "checks/judge.h"
#include "partition/partitioner.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;

// A clean history of `records` keyed records: each sent, acknowledged at the partition murmur2
// gives its key, polled once by the partition's owner; a commit every 100 records; final commits
// and watermarks. Built directly: about 3 ops per record.
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

// Resident and peak resident memory of this process, in bytes (Linux /proc/self/status).
void Memory(int64_t* rss, int64_t* peak) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) *rss = std::stoll(line.substr(6)) * 1024;
    if (line.rfind("VmHWM:", 0) == 0) *peak = std::stoll(line.substr(6)) * 1024;
  }
}

// Resets the peak-RSS counter so the next VmHWM reading covers only what follows.
void ResetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

ExpectSpec Entry(const std::string& check, const std::string& key, const std::string& value) {
  ExpectSpec e;
  e.check = check;
  e.scope[key] = value;
  FigureBound b;
  b.min = 0;  // judge the figure, whatever it is: the bench measures, it does not assert
  e.bounds.push_back(b);
  return e;
}

}  // namespace
}  // namespace ks

int main(int argc, char** argv) {
  using namespace ks;
  const int64_t records = argc > 1 ? std::atoll(argv[1]) : 3'400'000;
  History h = Large(records, 64, 16);
  const double ops = static_cast<double>(h.ops.size());
  std::printf("history: %.1fM ops, %zu B per op in memory (sizeof(Op))\n", ops / 1e6, sizeof(Op));

  Scenario s;
  s.name = "bench";
  GroupSpec g;
  g.name = "billing";
  s.groups.push_back(g);
  for (const char* check : {"no_loss", "no_duplicates", "key_order", "partition_order", "poll_skip",
                            "aborted_visible", "commit_legality", "consumed", "lag", "latency"}) {
    s.expect.push_back(Entry(check, "group", "billing"));
  }
  for (const char* check : {"inconsistent_offsets", "placement", "same_key_same_partition"}) {
    s.expect.push_back(Entry(check, "topic", "orders"));
  }

  for (const ExpectSpec& e : s.expect) {
    auto start = Clock::now();
    CheckResult r = RunCheck(h, e);
    double secs = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("  %-24s %6.0f ms  %s%s\n", e.check.c_str(), secs * 1000,
                r.passed ? "" : "NOT JUDGED: ", r.summary.c_str());
  }

  int64_t rss_before = 0, peak = 0;
  Memory(&rss_before, &peak);
  ResetPeak();
  auto start = Clock::now();
  const Judgement judgement = Judge(s, h);
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  int64_t rss_after = 0;
  Memory(&rss_after, &peak);
  std::printf(
      "default set (%zu checks + delivery summary) via Judge(): %.2f s, %.1fM ops/s "
      "(target >= 5M)\n",
      s.expect.size(), secs, ops / secs / 1e6);
  std::printf(
      "memory: history %.0f MB (%.0f B/op); judging peaked %.0f MB above it (%.0f B/op; "
      "target < 100)\n",
      rss_before / 1e6, rss_before / ops, (peak - rss_before) / 1e6, (peak - rss_before) / ops);
  const bool all_passed = std::all_of(judgement.checks.begin(), judgement.checks.end(),
                                      [](const CheckResult& c) { return c.passed; });
  return all_passed ? 0 : 1;
}
