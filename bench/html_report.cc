// The HTML report's cost next to the run it reports, and its size.
//
//   scripts/setup --target bench_html_report && build/bench_html_report [RUNS]
//
// Lesson 011 (3000 records, a member crash: a typical lesson) and bench/throughput.yaml (1M
// records, 64 partitions) each run RUNS times (default 5) on a fresh embedded cluster. Per run:
// the run's wall time as `run` spends it (run and judge: the anchor) and the time `--html` then
// adds (WriteHtmlReport: timeline, anomaly lists, JSON, the page written to a file), and the
// page's size. Then the page of a long synthetic run, 1M records spread over 1000 s on 64
// partitions (the most points a page can be asked for), for the size bound. Targets: the page
// adds under 10% to a run's wall time; a 1M-record page is under 5 MB.
#include "report/html_report.h"

#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench_scenario.h"
#include "large_history.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

const RunInfo kInfo{"embedded", std::string("librdkafka ") + rd_kafka_version_str(),
                    "2026-01-01T00:00:00Z"};

// Writes the page of `entries` to a temporary file; returns its size in bytes.
uintmax_t WritePage(const std::vector<ReportEntry>& entries) {
  const std::string path = "/tmp/bench_html_report." + std::to_string(::getpid()) + ".html";
  if (Status st = WriteHtmlReport(entries, kInfo, path); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    std::exit(1);
  }
  const uintmax_t size = std::filesystem::file_size(path);
  std::filesystem::remove(path);
  return size;
}

void MeasureLesson(const std::string& file, int runs) {
  const Scenario s = bench::LoadBenchScenario(file);
  std::vector<double> run_s, page_s, share;
  uintmax_t size = 0;
  size_t ops = 0;
  for (int i = 0; i < runs; ++i) {
    EmbeddedTarget target;
    const auto t0 = Clock::now();
    const ScenarioResult r = bench::RunOrExit(s, target);
    run_s.push_back(Seconds(t0));
    const auto t1 = Clock::now();
    size = WritePage({{&s, &r}});
    page_s.push_back(Seconds(t1));
    share.push_back(100 * page_s.back() / run_s.back());
    ops = r.history.ops.size();
  }
  std::printf("%s (%zu ops in the last run's history)\n", s.name.c_str(), ops);
  std::printf("  run and judge (anchor)  %s s\n", bench::SpreadText(run_s, "%.2f").c_str());
  std::printf("  --html adds             %s s\n", bench::SpreadText(page_s, "%.3f").c_str());
  std::printf("  --html / run            %s %%   (target: under 10 %%)\n",
              bench::SpreadText(share, "%.1f").c_str());
  std::printf("  page                    %.2f MB\n", static_cast<double>(size) / 1e6);
}

void MeasureLongRun() {
  Scenario s;
  s.name = "synthetic-1m-over-1000s";
  ScenarioResult r;
  r.verdict = ScenarioResult::Verdict::kPassed;
  // About 3 ops per record, 1M records over 1000 s: an op every 333 us.
  r.history = bench::LargeHistory(1'000'000, 64, 16, 333);
  const auto t0 = Clock::now();
  const uintmax_t size = WritePage({{&s, &r}});
  std::printf("%s (%.1fM ops, 64 partitions, 16 members)\n", s.name.c_str(),
              static_cast<double>(r.history.ops.size()) / 1e6);
  std::printf("  page %.2f MB (target: under 5 MB), written in %.2f s\n",
              static_cast<double>(size) / 1e6, Seconds(t0));
}

}  // namespace
}  // namespace ks

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::printf("%d run(s) each, librdkafka %s; min / median / max\n", runs, rd_kafka_version_str());
  ks::MeasureLesson("../scenarios/011-crash-redelivery.yaml", runs);
  ks::MeasureLesson("throughput.yaml", runs);
  ks::MeasureLongRun();
  return 0;
}
