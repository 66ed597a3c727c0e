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
#include "large_history.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;

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
  History h = bench::LargeHistory(records, 64, 16);
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
