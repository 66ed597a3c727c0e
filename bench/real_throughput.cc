// Producer throughput on the real cluster of scripts/kafka-cluster: the runner next to Kafka's
// own kafka-producer-perf-test, on the same topic, in the same run.
//
//   scripts/kafka-cluster start
//   cmake --build build --target bench_real_throughput && build/bench_real_throughput [RUNS]
//
// Each run first moves bench/throughput-real.yaml (500k records of 100 B, no key, one producer,
// a 6-partition topic with 3 copies) through the runner on targets/local-kafka-plaintext.yaml
// (the PLAINTEXT listeners, as the perf tool's), keeping its topic; its rate is acknowledged
// records over first send to last acknowledgement, from its own history. Then
// `scripts/kafka-cluster producer-perf` writes as many records of the same size to that topic with
// the same producer settings (acks=all, linger.ms=5, batch.size=1000000, no idempotence, no
// compression) and reports its records/sec. The topic is deleted after each run. Prints each run's
// two rates and the median ratio runner/perf-test.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench_scenario.h"
#include "cli/target_options.h"
#include "diag/allocator.h"
#include "run/scenario_runner.h"
#include "scenario/loader.h"
#include "target/external_target.h"
#include "target/target.h"

namespace {

// The runner's acknowledged records per second, first send to last acknowledgement.
double ThroughRunner(const ks::Scenario& s, ks::ExternalTarget& target) {
  return ks::bench::AcksOf(ks::bench::RunOrExit(s, target).history).PerSecond();
}

// kafka-producer-perf-test's records/sec on `topic`, from its summary line; exits on failure.
double ThroughPerfTest(const std::string& topic, int64_t records, int bytes) {
  const std::string command = std::string(KS_BENCH_DIR "/../scripts/kafka-cluster producer-perf ") +
                              topic + " " + std::to_string(records) + " " + std::to_string(bytes);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  std::array<char, 512> chunk{};
  while (pipe && fgets(chunk.data(), chunk.size(), pipe.get())) out += chunk.data();
  // "500000 records sent, 88417.3 records/sec (8.43 MB/sec), ..."
  const size_t comma = out.find("records sent, ");
  if (comma == std::string::npos) {
    std::fprintf(stderr, "kafka-producer-perf-test said: %s\n", out.c_str());
    std::exit(1);
  }
  return std::stod(out.substr(comma + 14));
}

}  // namespace

int main(int argc, char** argv) {
  ks::UseFixedMallocThresholds();  // as `kafka-scenario run` on an external cluster does
  const int runs = argc > 1 ? std::atoi(argv[1]) : 3;
  if (runs < 1) {
    std::fprintf(stderr, "usage: bench_real_throughput [RUNS >= 1]\n");
    return 2;
  }
  // Unique per invocation: a run cut short keeps its topic, and the next must not meet it.
  const std::string prefix = ks::NewRunPrefix();
  const ks::Scenario s = ks::bench::LoadBenchScenario("throughput-real.yaml");
  const auto& producer = s.producers.at(0);
  std::printf("%lld records x %d B, %d partitions x %d copies, %d run(s) each\n",
              static_cast<long long>(producer.messages), producer.value_size,
              s.topics.at(0).partitions, s.topics.at(0).replication_factor, runs);
  std::vector<double> ratios;
  for (int i = 0; i < runs; ++i) {
    ks::ExternalOptions options;
    ks::TargetArgs args;
    args.target_file = KS_BENCH_DIR "/../targets/local-kafka-plaintext.yaml";
    if (!ks::LoadExternalOptions(args, &options, std::cerr)) {
      return 2;
    }
    options.run_id = ks::ScenarioRunId(prefix, static_cast<size_t>(i));
    options.keep_topics = true;  // the perf test writes to the same topic; deleted below
    double runner = 0, perf = 0;
    std::string topic;
    {
      ks::ExternalTarget target(options);
      topic = target.TopicName("bench");
      runner = ThroughRunner(s, target);
      perf = ThroughPerfTest(topic, producer.messages, producer.value_size);
    }
    std::string error;
    auto admin = ks::NewRdKafkaAdmin(options.bootstrap_servers, options.client, 30000, &error);
    const ks::Status deleted = admin ? admin->DeleteTopics({topic}) : ks::Status::Error(error);
    if (!deleted.ok()) {
      std::fprintf(stderr, "could not delete %s: %s\n", topic.c_str(), deleted.message().c_str());
    }
    ratios.push_back(runner / perf);
    std::printf(
        "run %d: runner %.0f rec/s (%.1f MB/s), kafka-producer-perf-test %.0f rec/s, "
        "ratio %.2f\n",
        i + 1, runner, runner * producer.value_size / 1e6, perf, runner / perf);
  }
  std::printf("median ratio runner/kafka-producer-perf-test: %.2f\n",
              ks::bench::SpreadOf(ratios).median);
  return 0;
}
