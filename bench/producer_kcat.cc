// Producer throughput of the runner next to kcat's, on the same `kafka-scenario broker`.
//
//   scripts/setup --target bench_producer_kcat kafka-scenario && build/bench_producer_kcat [RUNS]
//
// Starts `kafka-scenario broker --topics bench:64` (the embedded cluster, in a process of its
// own, as a user's clients would reach it), then RUNS times, in turn (the order alternates so
// that neither side always meets the fuller broker): the runner moves bench/producer-kcat.yaml
// (1M records of 100 B, no key, librdkafka's default partitioner, one `ks.id` identity header
// each) onto the topic in this process (--existing-topics); kcat 1.7.1 (Debian's) produces as
// many lines of 100 B, each with one header of the runner's header's size (-H), read from a file.
// Both are librdkafka 2.0.2 producers with its default properties (acks=all, linger.ms=5).
//
// What is compared (each min / median / max over the runs):
// - producing: the runner's rate from its own history, first send to last acknowledgement
//   (its producer has connected and read the topic's metadata before); kcat's over its wall
//   time less the wall time of `kcat -L -t bench` (start, connect, the topic's metadata, exit:
//   the median of RUNS; kcat -P with no input would exit without connecting), so both count
//   the producing phase alone.
// - whole: records over the wall time of all the work, the runner's setup, run, history and
//   checks (RunScenario and JudgeRun), kcat's process from start to exit.
// Target (#18): producing ratio runner/kcat >= 0.9.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "actors/child_process.h"
#include "actors/record_identity.h"
#include "bench_scenario.h"
#include "diag/allocator.h"
#include "run/scenario_runner.h"
#include "target/external_target.h"

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "bench_producer_kcat: %s\n", what.c_str());
  std::exit(1);
}

// 3M records of ~150 B in the broker's logs: 7 MB a partition of 64, past the mock's cap.
constexpr int kWarmUpRuns = 3;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// The broker's bootstrap servers, from the first line it prints ("bootstrap.servers=...");
// fails after 30 s without it.
std::string ReadBootstrap(ks::ChildProcess& broker) {
  std::string out;
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  while (Clock::now() < deadline) {
    pollfd p{broker.stdout_fd(), POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char chunk[512];
      const ssize_t n = read(broker.stdout_fd(), chunk, sizeof chunk);
      if (n <= 0) break;
      out.append(chunk, static_cast<size_t>(n));
      const size_t eol = out.find('\n');
      const std::string key = "bootstrap.servers=";
      if (eol != std::string::npos && out.rfind(key, 0) == 0) {
        return out.substr(key.size(), eol - key.size());
      }
    }
    if (broker.TryReap()) break;
  }
  Fail("kafka-scenario broker printed no bootstrap.servers line within 30 s: " + out);
}

// The runner on the broker: {producing rate, whole rate} in records per second.
std::pair<double, double> ThroughRunner(const ks::Scenario& s, const std::string& bootstrap,
                                        int run) {
  ks::ExternalOptions options;
  options.name = "kafka-scenario broker";
  options.bootstrap_servers = bootstrap;
  options.existing_topics = true;
  options.run_id = ks::ScenarioRunId(ks::NewRunPrefix(), static_cast<size_t>(run));
  ks::ExternalTarget target(options);
  const auto start = Clock::now();
  const ks::ScenarioResult r = ks::bench::RunOrExit(s, target);
  const double whole_s = Seconds(Clock::now() - start);
  const ks::bench::Acks acks = ks::bench::AcksOf(r.history);
  return {acks.PerSecond(), static_cast<double>(acks.count) / whole_s};
}

// The wall time of a kcat command, start to exit; fails the bench unless it exits 0 in 120 s.
double KcatSeconds(const std::string& command) {
  std::unique_ptr<ks::ChildProcess> kcat;
  const auto start = Clock::now();
  if (ks::Status st =
          ks::ChildProcess::Spawn({{"/bin/sh", "-c", command}, {}}, "bench-kcat", &kcat);
      !st.ok()) {
    Fail(st.message());
  }
  if (!kcat->WaitExit(start + std::chrono::seconds(120))) Fail("kcat did not finish in 120 s");
  const double s = Seconds(Clock::now() - start);
  if (kcat->exit_code() != 0) Fail("kcat: " + kcat->DescribeExit());
  return s;
}

// kcat producing the lines of `input`, each with `header` ("name=value").
std::string KcatProduce(const std::string& bootstrap, const std::string& header,
                        const std::string& input) {
  return "exec kcat -P -b " + bootstrap + " -t bench -H '" + header + "' < '" + input + "'";
}

// kcat connecting and reading the topic's metadata, its output thrown away.
std::string KcatMetadata(const std::string& bootstrap) {
  return "exec kcat -L -b " + bootstrap + " -t bench > /dev/null";
}

}  // namespace

int main(int argc, char** argv) {
  ks::UseFixedMallocThresholds();  // as `kafka-scenario run` on an external cluster does
  const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  if (runs < 1) Fail("usage: bench_producer_kcat [RUNS >= 1]");
  const ks::Scenario s = ks::bench::LoadBenchScenario("producer-kcat.yaml");
  const auto& producer = s.producers.at(0);
  const int partitions = s.topics.at(0).partitions;

  // kcat's input: a line of value_size printable bytes per record, in a folder of our own.
  ks::bench::TempFolder temp("ks-bench-producer-kcat");
  const std::filesystem::path& dir = temp.path();
  const std::string input = (dir / "records.txt").string();
  {
    std::ofstream out(input);
    std::string line(static_cast<size_t>(producer.value_size), 'v');
    for (int64_t i = 0; i < producer.messages; ++i) {
      const std::string n = std::to_string(i);
      line.replace(0, n.size(), n);
      out << line << '\n';
    }
    if (!out) Fail("cannot write " + input);
  }
  // The header the runner sends with its last record, as long as any of its: name and value.
  std::string identity;
  ks::FormatIdentity(producer.name, static_cast<uint64_t>(producer.messages - 1),
                     ks::ScenarioRunId(ks::NewRunPrefix(), 0), &identity);
  const std::string header = std::string(ks::kIdentityHeader) + "=" + identity;

  char self[4096] = {};
  if (readlink("/proc/self/exe", self, sizeof self - 1) <= 0) Fail("cannot read /proc/self/exe");
  const std::string runner_binary =
      (std::filesystem::path(self).parent_path() / "kafka-scenario").string();
  std::unique_ptr<ks::ChildProcess> broker;
  if (ks::Status st = ks::ChildProcess::Spawn(
          {{runner_binary, "broker", "--topics", "bench:" + std::to_string(partitions)}, {}},
          "bench-broker", &broker);
      !st.ok()) {
    Fail(st.message());
  }
  const std::string bootstrap = ReadBootstrap(*broker);
  std::printf(
      "%lld records x %d B, no key, %d partitions, one header of %zu B; broker %s, %d run(s)\n",
      static_cast<long long>(producer.messages), producer.value_size, partitions, header.size() - 1,
      bootstrap.c_str(), runs);

  // A fresh broker first fills its partitions, taking new memory; from the mock's cap on (5 MiB
  // a partition, then it drops its oldest batches) it stays as it is: every measured run meets
  // that broker.
  const auto warm_start = Clock::now();
  for (int i = 0; i < kWarmUpRuns; ++i) KcatSeconds(KcatProduce(bootstrap, header, input));
  std::printf("warm-up: kcat, %d x %lld records, %.1f s\n", kWarmUpRuns,
              static_cast<long long>(producer.messages), Seconds(Clock::now() - warm_start));

  std::vector<double> runner_producing, runner_whole, kcat_wall, kcat_connect;
  for (int i = 0; i < runs; ++i) {
    auto runner = [&] {
      auto [producing, whole] = ThroughRunner(s, bootstrap, i);
      runner_producing.push_back(producing);
      runner_whole.push_back(whole);
    };
    auto kcat = [&] {
      kcat_wall.push_back(KcatSeconds(KcatProduce(bootstrap, header, input)));
      kcat_connect.push_back(KcatSeconds(KcatMetadata(bootstrap)));
    };
    if (i % 2 == 0) {
      runner();
      kcat();
    } else {
      kcat();
      runner();
    }
    std::printf(
        "run %d: runner producing %.0f rec/s, whole %.0f rec/s; kcat %.3f s (kcat -L %.3f s)\n",
        i + 1, runner_producing.back(), runner_whole.back(), kcat_wall.back(), kcat_connect.back());
  }
  const double overhead = ks::bench::SpreadOf(kcat_connect).median;
  const auto records = static_cast<double>(producer.messages);
  std::vector<double> kcat_producing, kcat_whole, producing_ratio, whole_ratio;
  for (int i = 0; i < runs; ++i) {
    kcat_producing.push_back(records / (kcat_wall[i] - overhead));
    kcat_whole.push_back(records / kcat_wall[i]);
    producing_ratio.push_back(runner_producing[i] / kcat_producing[i]);
    whole_ratio.push_back(runner_whole[i] / kcat_whole[i]);
  }
  auto print = [](const char* what, const std::vector<double>& v, const char* format) {
    std::printf("%-28s%s\n", what, ks::bench::SpreadText(v, format).c_str());
  };
  std::printf("min / median / max over %d run(s):\n", runs);
  print("runner producing, rec/s", runner_producing, "%.0f");
  print("kcat producing, rec/s", kcat_producing, "%.0f");
  print("ratio producing", producing_ratio, "%.2f");
  print("runner whole, rec/s", runner_whole, "%.0f");
  print("kcat whole, rec/s", kcat_whole, "%.0f");
  print("ratio whole", whole_ratio, "%.2f");
  std::printf("target (#18): producing ratio >= 0.9 (median %.2f)\n",
              ks::bench::SpreadOf(producing_ratio).median);
  return 0;
}
