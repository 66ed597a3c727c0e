// A run's saved history, judged again offline by `check`, gives the run's verdicts; the reports
// of a failing run name the failed check, its line and its counter-example.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "support/cli_runner.h"
#include "support/read_file.h"

namespace ks {
namespace {

using test_support::Cli;
using test_support::CliRun;
using test_support::ReadFile;

// The lines that carry check verdicts: "      ok   ..." and "      FAIL ...".
std::vector<std::string> CheckLines(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("      ok   ", 0) == 0 || line.rfind("      FAIL ", 0) == 0) {
      lines.push_back(line);
    }
  }
  return lines;
}

TEST(HistoryCheck, CheckReproducesTheRunsVerdictsAndReportsNameTheFailure) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("ks-e2e-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string scenario = KS_SOURCE_DIR "/tests/data/e2e/wrong-expectation.yaml";
  const std::string history = (dir / "h.jsonl").string();
  const std::string junit = (dir / "run.xml").string();
  const std::string json = (dir / "run.json").string();

  CliRun run = Cli({"run", scenario, "--history", history, "--junit", junit, "--json", json});
  ASSERT_EQ(run.outcome, Outcome::kCheckFailed) << run.out << run.err;
  ASSERT_TRUE(fs::exists(history)) << run.out << run.err;

  CliRun check = Cli({"check", history, "--scenario", scenario});
  EXPECT_EQ(check.outcome, Outcome::kCheckFailed) << check.out << check.err;
  EXPECT_EQ(CheckLines(check.out), CheckLines(run.out)) << run.out << "\n---\n" << check.out;
  EXPECT_EQ(CheckLines(run.out).size(), 2u) << run.out;

  const std::string xml = ReadFile(junit);
  EXPECT_NE(xml.find("<testsuites"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure"), std::string::npos) << xml;
  EXPECT_NE(xml.find("consumed {group: g}"), std::string::npos) << xml;
  EXPECT_NE(xml.find("wrong-expectation.yaml:19:"), std::string::npos) << xml;
  const std::string report = ReadFile(json);
  EXPECT_NE(report.find("\"verdict\": \"fail\""), std::string::npos) << report;

  // The history keeps when the run began, and `check` dates its reports by it.
  const std::string header = ReadFile(history).substr(0, ReadFile(history).find('\n'));
  const size_t at = header.find("\"started\":\"");
  ASSERT_NE(at, std::string::npos) << header;
  const std::string started = header.substr(at + 11, 20);
  EXPECT_EQ(started.size(), 20u);
  EXPECT_EQ(started.back(), 'Z') << header;
  const std::string check_json = (dir / "check.json").string();
  CliRun dated = Cli({"check", history, "--scenario", scenario, "--json", check_json});
  EXPECT_EQ(dated.outcome, Outcome::kCheckFailed) << dated.out << dated.err;
  EXPECT_NE(ReadFile(check_json).find("\"started\": \"" + started + "\""), std::string::npos)
      << started << "\n"
      << ReadFile(check_json);
  // Without it (a history written by hand), the check's own time: still a time, never blank.
  std::string undated = ReadFile(history);
  undated.erase(undated.find("\"started\":"), 11 + 20 + 2);
  std::ofstream(dir / "undated.jsonl") << undated;
  CliRun now = Cli(
      {"check", (dir / "undated.jsonl").string(), "--scenario", scenario, "--json", check_json});
  EXPECT_EQ(now.outcome, Outcome::kCheckFailed) << now.out << now.err;
  EXPECT_TRUE(std::regex_search(ReadFile(check_json),
                                std::regex(R"("started": "20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ")")))
      << ReadFile(check_json);

  // A damaged history is invalid input, reported with its line.
  std::ofstream(dir / "bad.jsonl") << "{not json\n";
  CliRun bad = Cli({"check", (dir / "bad.jsonl").string(), "--scenario", scenario});
  EXPECT_EQ(bad.outcome, Outcome::kInvalidInput);
  EXPECT_NE(bad.err.find("bad.jsonl:1:"), std::string::npos) << bad.err;
  fs::remove_all(dir);
}

TEST(HistoryCheck, ManyScenariosNeedAHistoryFolder) {
  CliRun r = Cli({"run", KS_SOURCE_DIR "/scenarios", "--history", "/tmp/one-file.jsonl"});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_NE(r.err.find("give a folder"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ks
