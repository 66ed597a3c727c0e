// `kafka-scenario compare` through the command line: files read, exit codes, error texts; and
// scripts/fidelity, which writes its Markdown into a file.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/cli_runner.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using test_support::Cli;
using test_support::CliRun;

// A report as `run --json` writes it, with one scenario of the given verdict.
std::string Report(const std::string& target, const std::string& verdict, int lost,
                   const std::string& name = "hello",
                   const std::string& file = "scenarios/001-hello.yaml") {
  return R"({"kafka_scenario_report": 1, "target": ")" + target +
         R"(", "kafka_client": "librdkafka 2.0.2", "started": "2024-05-01T12:34:56Z",
  "summary": {"passed": 0, "failed": 0, "skipped": 0, "errors": 0},
  "scenarios": [{"name": ")" +
         name + R"(", "title": "t", "file": ")" + file + R"(",
    "verdict": ")" +
         verdict +
         R"(", "seconds": 1.3, "problems": [],
    "deliveries": [{"group": "billing", "acknowledged": 10, "consumed": 10, "lost": )" +
         std::to_string(lost) + R"(, "unseen": 0, "duplicates": 0, "verdict": "exactly-once",
      "events": []}],
    "checks": []}]})";
}

class CompareCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ks-compare-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  fs::path dir_;
};

TEST_F(CompareCommandTest, ComparesTwoReportsAndExitsZeroWhateverTheVerdicts) {
  const std::string left = Write("embedded.json", Report("embedded", "pass", 0));
  const std::string right = Write("kafka.json", Report("local-kafka", "fail", 2));
  CliRun md = Cli({"compare", left, right, "--format", "markdown"});
  EXPECT_EQ(md.outcome, Outcome::kOk) << md.err;
  EXPECT_EQ(md.err, "");
  EXPECT_NE(md.out.find("| lesson | embedded verdict | local-kafka verdict |"), std::string::npos)
      << md.out;
  EXPECT_NE(md.out.find("| 001 hello | **pass** | **fail** | 1.3 | 1.3 | **billing: 10/10/0/0** | "
                        "**billing: 10/10/2/0** | - | - | verdict, figures |"),
            std::string::npos)
      << md.out;

  CliRun text = Cli({"compare", left, right});
  EXPECT_EQ(text.outcome, Outcome::kOk) << text.err;
  EXPECT_NE(text.out.find("001 hello  DIFFERS: verdict, figures\n"), std::string::npos) << text.out;
}

TEST_F(CompareCommandTest, SeveralRightReportsAreOneSide) {
  const std::string left = Write("embedded.json", Report("embedded", "pass", 0));
  // The plain run skips the SASL lesson, the SASL run has only that one.
  const std::string plain = Write("kafka.json", Report("local-kafka", "skip", 0, "secure",
                                                       "scenarios/030-secure-cluster.yaml"));
  const std::string sasl = Write("kafka-sasl.json", Report("local-kafka-sasl", "fail", 0, "secure",
                                                           "scenarios/030-secure-cluster.yaml"));
  const std::string hello = Write("kafka-hello.json", Report("local-kafka", "pass", 0));
  CliRun md = Cli({"compare", left, plain, sasl, hello, "--format", "markdown"});
  EXPECT_EQ(md.outcome, Outcome::kOk) << md.err;
  EXPECT_EQ(md.err, "");
  EXPECT_NE(md.out.find("| lesson | embedded verdict | local-kafka, local-kafka-sasl verdict |"),
            std::string::npos)
      << md.out;
  EXPECT_NE(md.out.find("| 001 hello | pass | pass |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| 030 secure | - | fail |"), std::string::npos) << md.out;
}

TEST_F(CompareCommandTest, AScenarioRunInTwoRightReportsIsAnError) {
  const std::string left = Write("embedded.json", Report("embedded", "pass", 0));
  const std::string a = Write("kafka.json", Report("local-kafka", "pass", 0));
  const std::string b = Write("kafka-ssl.json", Report("local-kafka-ssl", "fail", 1));
  CliRun r = Cli({"compare", left, a, b});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: scenario 'hello' ran in " + a + " (pass) and in " + b +
                       " (fail): a scenario may run in only one report of a side, since nothing "
                       "says which run counts; the others must skip it or not have it\n");
}

TEST_F(CompareCommandTest, AMissingFileIsNamed) {
  const std::string left = Write("embedded.json", Report("embedded", "pass", 0));
  const std::string missing = (dir_ / "nowhere.json").string();
  CliRun r = Cli({"compare", left, missing});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, missing +
                       ": error: cannot read the file: No such file or directory (expected a "
                       "kafka-scenario JSON report)\n");
}

TEST_F(CompareCommandTest, InvalidJsonIsNamedWithWhereItBreaks) {
  const std::string bad = Write("bad.json", "{\"kafka_scenario_report\": 1,");
  const std::string right = Write("kafka.json", Report("local-kafka", "pass", 0));
  CliRun r = Cli({"compare", bad, right});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(r.err.starts_with(bad + ": error: invalid JSON (parse error at line 1, column 29: "))
      << r.err;
  EXPECT_TRUE(r.err.ends_with(
      "): expected a kafka-scenario JSON report (run --json, schemas/report.schema.json)\n"))
      << r.err;
}

TEST_F(CompareCommandTest, AReportOfAnotherVersionIsRefused) {
  const std::string left = Write("embedded.json", Report("embedded", "pass", 0));
  const std::string v2 = Write("v2.json", R"({"kafka_scenario_report": 2, "scenarios": []})");
  CliRun r = Cli({"compare", left, v2, "--format", "markdown"});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, v2 + ": error: unsupported report format \"kafka_scenario_report\": 2 (this "
                        "build reads 1)\n");
}

TEST_F(CompareCommandTest, EveryBadFileIsNamedInOneRun) {
  const std::string history = Write("h.jsonl", R"({"kafka_scenario_history": 1})");
  const std::string missing = (dir_ / "nowhere.json").string();
  const std::string good = Write("kafka.json", Report("local-kafka", "pass", 0));
  const std::string missing2 = (dir_ / "nowhere-either.json").string();
  CliRun r = Cli({"compare", history, missing, good, missing2});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_NE(r.err.find(history + ": error: expected a kafka-scenario JSON report"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(missing + ": error: cannot read the file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(missing2 + ": error: cannot read the file"), std::string::npos) << r.err;
}

TEST_F(CompareCommandTest, AnUnknownFormatIsAUsageError) {
  const std::string left = Write("embedded.json", Report("embedded", "pass", 0));
  CliRun r = Cli({"compare", left, left, "--format", "html"});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_NE(r.err.find("--format: html not in {markdown,text}"), std::string::npos) << r.err;
  EXPECT_EQ(Cli({"compare", left}).outcome, Outcome::kInvalidInput);
}

TEST_F(CompareCommandTest, HelpNamesTheFormats) {
  CliRun r = Cli({"compare", "--help"});
  EXPECT_EQ(r.outcome, Outcome::kOk);
  EXPECT_NE(r.out.find("side by side"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--format"), std::string::npos) << r.out;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// scripts/fidelity runs the built binary; its output file is given here so that the test never
// writes into the source tree.
int Fidelity(const std::string& args) {
  const std::string cmd = "KAFKA_SCENARIO=" KS_BINARY_DIR "/kafka-scenario " KS_SOURCE_DIR
                          "/scripts/fidelity " +
                          args + " >/dev/null 2>&1";
  return WEXITSTATUS(std::system(cmd.c_str()));
}

TEST_F(CompareCommandTest, FidelityScriptWritesTheMarkdownUnderABanner) {
  if (!fs::exists(KS_BINARY_DIR "/kafka-scenario")) GTEST_SKIP() << "kafka-scenario not built";
  const std::string left = Write("embedded.json", Report("embedded", "pass", 0));
  const std::string right = Write("kafka.json", Report("local-kafka", "fail", 2));
  const fs::path out = dir_ / "docs" / "fidelity.md";
  ASSERT_EQ(Fidelity(left + " " + right + " " + out.string()), 0);
  const std::string md = ReadAll(out);
  EXPECT_TRUE(md.starts_with("<!-- Generated by scripts/fidelity " + left + " " + right)) << md;
  EXPECT_NE(md.find("| 001 hello | **pass** | **fail** |"), std::string::npos) << md;

  // A bad report leaves the previous file as it was.
  const std::string v2 = Write("v2.json", R"({"kafka_scenario_report": 2})");
  EXPECT_EQ(Fidelity(left + " " + v2 + " " + out.string()), 2);
  EXPECT_EQ(ReadAll(out), md);
  int files = 0;
  for (const auto& e : fs::directory_iterator(out.parent_path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1) << "a temporary file was left behind";
}

TEST_F(CompareCommandTest, FidelityScriptTakesSeveralRealReportsAndOut) {
  if (!fs::exists(KS_BINARY_DIR "/kafka-scenario")) GTEST_SKIP() << "kafka-scenario not built";
  const std::string left = Write("embedded.json", Report("embedded", "pass", 0));
  const std::string plain = Write("kafka.json", Report("local-kafka", "pass", 0));
  const std::string sasl = Write("kafka-sasl.json", Report("local-kafka-sasl", "fail", 0, "secure",
                                                           "scenarios/030-secure-cluster.yaml"));
  const fs::path out = dir_ / "fidelity.md";
  ASSERT_EQ(Fidelity(left + " " + plain + " " + sasl + " --out " + out.string()), 0);
  const std::string md = ReadAll(out);
  EXPECT_TRUE(
      md.starts_with("<!-- Generated by scripts/fidelity " + left + " " + plain + " " + sasl))
      << md;
  EXPECT_NE(md.find("| 030 secure | - | fail |"), std::string::npos) << md;
  // Two real reports that both ran a lesson: exit 2 and no page.
  const fs::path refused = dir_ / "refused.md";
  EXPECT_EQ(Fidelity(left + " " + plain + " " + plain + " --out=" + refused.string()), 2);
  EXPECT_FALSE(fs::exists(refused));
  EXPECT_EQ(Fidelity(left + " --out " + out.string()), 2) << "one report is not a comparison";
}

}  // namespace
}  // namespace ks
