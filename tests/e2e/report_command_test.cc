// `report`: saved histories judged again, each by the scenario its header names, and written as
// one HTML page (and JUnit/JSON), with no cluster.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli.h"
#include "support/cli_runner.h"
#include "support/count.h"
#include "support/read_file.h"

namespace ks {
namespace {

using test_support::ReadFile;

namespace fs = std::filesystem;
using test_support::Cli;
using test_support::CliRun;

using test_support::Count;

class ReportCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ks-report-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `scenario` on the embedded cluster, saving its history; returns the history's path.
  std::string Record(const std::string& scenario, const std::string& name) {
    const std::string history = (dir_ / (name + ".jsonl")).string();
    CliRun run = Cli({"run", scenario, "--history", history});
    EXPECT_TRUE(fs::exists(history)) << run.out << run.err;
    return history;
  }

  fs::path dir_;
};

constexpr const char* kWrong = KS_SOURCE_DIR "/tests/data/e2e/wrong-expectation.yaml";
constexpr const char* kPassing = KS_SOURCE_DIR "/tests/data/e2e/ci-check.yaml";

TEST_F(ReportCommand, WritesOnePageForHistoriesOfSeveralScenarios) {
  const std::string wrong = Record(kWrong, "wrong");
  const std::string passing = Record(kPassing, "passing");
  const std::string html = (dir_ / "page.html").string();
  const std::string json = (dir_ / "report.json").string();
  // Each history is judged by the scenario its header names, whatever the order given.
  CliRun r = Cli(
      {"report", wrong, passing, "--scenario", kPassing, kWrong, "--html", html, "--json", json});
  EXPECT_EQ(r.outcome, Outcome::kCheckFailed) << r.out << r.err;  // wrong-expectation fails
  EXPECT_NE(r.out.find("1 passed, 1 failed"), std::string::npos) << r.out;
  const std::string page = ReadFile(html);
  EXPECT_EQ(page.rfind("<!doctype html>", 0), 0u);
  EXPECT_EQ(Count(page, "\"name\":\"wrong-expectation\""), 1u);
  EXPECT_EQ(Count(page, "\"timeline\":{"), 2u) << "both ran: both have charts";
  EXPECT_NE(ReadFile(json).find("\"verdict\": \"fail\""), std::string::npos);
}

TEST_F(ReportCommand, RefusesWithoutAReportToWriteOrAScenarioForAHistory) {
  const std::string wrong = Record(kWrong, "wrong");
  CliRun none = Cli({"report", wrong, "--scenario", kWrong});
  EXPECT_EQ(none.outcome, Outcome::kInvalidInput);
  EXPECT_NE(none.err.find("give --html FILE, --junit FILE or --json FILE"), std::string::npos)
      << none.err;

  const std::string html = (dir_ / "page.html").string();
  CliRun other = Cli({"report", wrong, "--scenario", kPassing,
                      KS_SOURCE_DIR "/tests/data/e2e/client-errors.yaml", "--html", html});
  EXPECT_EQ(other.outcome, Outcome::kInvalidInput);
  EXPECT_NE(other.err.find("recorded by scenario 'wrong-expectation', which none of the "
                           "--scenario files defines"),
            std::string::npos)
      << other.err;
  EXPECT_FALSE(fs::exists(html)) << "nothing is written for a report that cannot be made";

  CliRun missing =
      Cli({"report", (dir_ / "none.jsonl").string(), "--scenario", kWrong, "--html", html});
  EXPECT_EQ(missing.outcome, Outcome::kInvalidInput);
  EXPECT_NE(missing.err.find("none.jsonl"), std::string::npos) << missing.err;

  // The page would overwrite the history it is made of.
  CliRun over = Cli({"report", wrong, "--scenario", kWrong, "--html", wrong});
  EXPECT_EQ(over.outcome, Outcome::kInvalidInput);
  EXPECT_NE(over.err.find("that is an input of this command"), std::string::npos) << over.err;
  EXPECT_TRUE(fs::exists(wrong) && ReadFile(wrong).rfind("{\"kafka_scenario_history\"", 0) == 0);

  std::ofstream(dir_ / "bad.jsonl") << "{not json\n";
  CliRun bad = Cli({"report", (dir_ / "bad.jsonl").string(), "--scenario", kWrong, "--html", html});
  EXPECT_EQ(bad.outcome, Outcome::kInvalidInput);
  EXPECT_NE(bad.err.find("bad.jsonl:1:"), std::string::npos) << bad.err;
}

TEST_F(ReportCommand, RunWritesTheSamePageItsHistoryGivesLater) {
  const std::string history = (dir_ / "h.jsonl").string();
  const std::string from_run = (dir_ / "run.html").string();
  const std::string from_report = (dir_ / "report.html").string();
  CliRun run = Cli({"run", kWrong, "--history", history, "--html", from_run});
  ASSERT_EQ(run.outcome, Outcome::kCheckFailed) << run.out << run.err;
  CliRun report = Cli({"report", history, "--scenario", kWrong, "--html", from_report});
  ASSERT_EQ(report.outcome, Outcome::kCheckFailed) << report.out << report.err;
  // The same data but for the run's own measures (seconds, client errors) that a saved history
  // does not keep: compare the timelines.
  auto timeline = [](const std::string& page) {
    const size_t at = page.find("\"timeline\":");
    return page.substr(at, page.find("</script>", at) - at);
  };
  EXPECT_EQ(timeline(ReadFile(from_run)), timeline(ReadFile(from_report)));
}

}  // namespace
}  // namespace ks
