// `kafka-scenario check` over a saved history of 3M records: end to end, next to judging alone.
//
//   scripts/setup --target bench_check_command kafka-scenario
//   build/bench_check_command [RECORDS [RUNS [keep]]]
//
// Writes a clean history of RECORDS (3,000,000) keyed records (bench/large_history.h: about 9M
// ops, 64 partitions, a 16-member group) with SaveHistoryJsonl, and a scenario that judges it
// with the default checks, into a fresh temporary folder. Then, RUNS (5) times: the whole
// command, `build/kafka-scenario check HISTORY --scenario FILE` (a new process: reading the file,
// judging, the report), and the anchor, Judge() over the same history already in memory. Prints
// each run and min / median / max of ops per second. Target: the command at 3M ops/s or more.
// `keep` leaves the folder (for a profiler); otherwise it is removed.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_scenario.h"
#include "checks/judge.h"
#include "history/jsonl.h"
#include "large_history.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kPartitions = 64;
constexpr int kMembers = 16;

// The scenario LargeHistory's records came from, judged by the default checks.
std::string ScenarioText(int64_t records) {
  std::string text =
      "name: check-bench\n"
      "topics: [{name: orders, partitions: 64}]\n"
      "producers:\n"
      "  - {name: order-service, topic: orders, messages: " +
      std::to_string(records) +
      ", key: \"user-{i % 1000}\", partitioner: murmur2}\n"
      "consumer_groups: [{name: billing, topics: [orders], members: 16}]\n"
      "expect:\n";
  for (const char* check :
       {"no_loss", "no_duplicates", "key_order", "partition_order", "commit_legality"}) {
    text += std::string("  - ") + check + ": {group: billing}\n";
  }
  text += "  - poll_skip: {group: billing, equals: 0}\n";
  for (const char* check : {"placement", "same_key_same_partition"}) {
    text += std::string("  - ") + check + ": {topic: orders}\n";
  }
  return text;
}

// Runs `argv` and returns its wall time in seconds, or -1 (and says why) when it could not be
// started or did not end with status 0.
double TimeCommand(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::fflush(stdout);  // or the child's stdout buffer would print it a second time
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("fork");
    return -1;
  }
  if (pid == 0) {
    if (freopen("/dev/null", "w", stdout) == nullptr) _exit(127);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      std::perror("waitpid");
      return -1;
    }
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  if (WIFSIGNALED(status)) {
    std::fprintf(stderr, "%s was killed by signal %d\n", argv[0].c_str(), WTERMSIG(status));
    return -1;
  }
  if (WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "%s exited with status %d\n", argv[0].c_str(), WEXITSTATUS(status));
    return -1;
  }
  return secs;
}

// "min / median / max" of `values` in millions.
}  // namespace
}  // namespace ks

int main(int argc, char** argv) {
  using namespace ks;
  const int64_t records = argc > 1 ? std::atoll(argv[1]) : 3'000'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  if (records <= 0 || runs <= 0) {
    std::fprintf(stderr, "usage: bench_check_command [RECORDS > 0 [RUNS > 0 [keep]]]\n");
    return 2;
  }
  const bool keep = argc > 3 && std::string(argv[3]) == "keep";
  const fs::path exe = fs::read_symlink("/proc/self/exe").parent_path() / "kafka-scenario";
  bench::TempFolder temp("ks-bench-check");
  if (keep) temp.keep();
  const fs::path& folder = temp.path();
  const std::string history_path = folder / "history.jsonl";
  const std::string scenario_path = folder / "scenario.yaml";

  const History h = bench::LargeHistory(records, kPartitions, kMembers);
  const double ops = static_cast<double>(h.ops.size());
  HistoryHeader header;
  header.scenario = "check-bench";
  header.scenario_file = scenario_path;
  header.target = "embedded";
  header.kafka_client = "librdkafka";
  if (Status st = SaveHistoryJsonl(h, header, history_path); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 2;
  }
  std::ofstream(scenario_path) << ScenarioText(records);
  LoadResult loaded = LoadScenarioFile(scenario_path);
  if (!loaded.scenario) {
    std::fputs(FormatLoadErrors(loaded).c_str(), stderr);
    return 2;
  }
  std::printf("history: %.1fM ops, %.0f MB on disk (%s)\n", ops / 1e6,
              static_cast<double>(fs::file_size(history_path)) / 1e6, history_path.c_str());

  std::vector<double> command_rates, judge_rates;
  for (int run = 1; run <= runs; ++run) {
    const double command =
        TimeCommand({exe.string(), "check", history_path, "--scenario", scenario_path});
    if (command < 0) return 1;
    const auto start = Clock::now();
    const Judgement judged = Judge(*loaded.scenario, h);
    const double judge = std::chrono::duration<double>(Clock::now() - start).count();
    command_rates.push_back(ops / command / 1e6);  // M ops/s
    judge_rates.push_back(ops / judge / 1e6);
    std::printf("run %d: check %.2f s (%.2fM ops/s); judging alone %.2f s (%.2fM ops/s)%s\n", run,
                command, ops / command / 1e6, judge, ops / judge / 1e6,
                std::all_of(judged.checks.begin(), judged.checks.end(),
                            [](const CheckResult& c) { return c.passed; })
                    ? ""
                    : " (a check failed)");
  }
  std::printf("check end to end, M ops/s (min / median / max): %s (target >= 3)\n",
              bench::SpreadText(command_rates, "%.2f").c_str());
  std::printf("judging alone (anchor), M ops/s:               %s\n",
              bench::SpreadText(judge_rates, "%.2f").c_str());
  return 0;
}
