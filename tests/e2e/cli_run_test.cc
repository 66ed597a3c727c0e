// The command line end to end: exit outcomes, and that invalid input never reaches Kafka.
#include <gtest/gtest.h>

#include <filesystem>
#include <pugixml.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "support/binary_run.h"
#include "support/cli_runner.h"
#include "support/junit10_rules.h"
#include "support/read_file.h"
#include "target/rdkafka_handles.h"

namespace ks {
namespace {

using test_support::Cli;
using test_support::CliRun;

const std::string kWrong = KS_SOURCE_DIR "/tests/data/e2e/wrong-expectation.yaml";
const std::string kThreeErrors = KS_SOURCE_DIR "/tests/data/invalid/three_at_once.yaml";

TEST(CliRun, NoReportOverwritesAScenarioGivenEvenOneTheFilterLeavesOut) {
  const std::string lesson = KS_SOURCE_DIR "/scenarios/002-key-partitioning.yaml";
  const std::string before = test_support::ReadFile(lesson);
  CliRun r = Cli({"run", KS_SOURCE_DIR "/scenarios", "--name", "hello", "--html", lesson});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput) << r.out << r.err;
  EXPECT_NE(r.err.find("that is an input of this command"), std::string::npos) << r.err;
  EXPECT_EQ(test_support::ReadFile(lesson), before);
}

TEST(CliRun, AWrongExpectationFailsAndNamesTheCheckAndItsLine) {
  CliRun r = Cli({"run", kWrong});
  EXPECT_EQ(r.outcome, Outcome::kCheckFailed) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL  wrong-expectation"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("consumed {group: g}"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wrong-expectation.yaml:19:"), std::string::npos) << r.out;
  // The other check of the same run holds, and says so.
  EXPECT_NE(r.out.find("ok   no_loss {group: g}"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 passed, 1 failed"), std::string::npos) << r.out;
}

// Title and lesson are optional: the name stands for the title, and --explain has nothing to
// print before the result.
TEST(CliRun, AScenarioWithNoTitleRunsUnderItsNameAndExplainsNothing) {
  // Through the built binary, with a JUnit report as CI reads it: a CI check (no title, no
  // lesson), a lesson of another file, and a skip.
  const std::string file = KS_SOURCE_DIR "/tests/data/e2e/ci-check.yaml";
  const std::filesystem::path junit =
      std::filesystem::temp_directory_path() / ("ks-cli-run-" + std::to_string(getpid()) + ".xml");
  test_support::BinaryRun r =
      test_support::RunBinary({"run", file, KS_SOURCE_DIR "/scenarios/001-hello.yaml",
                               KS_SOURCE_DIR "/scenarios/014-idempotent-producer.yaml", "--explain",
                               "--junit", junit.string()});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const size_t result = r.out.find("PASS  ci-check  (");
  ASSERT_NE(result, std::string::npos) << r.out;
  // The name appears in the result only: no lesson block before it.
  EXPECT_EQ(r.out.find("ci-check"), result + 6) << r.out;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file(junit.c_str())) << junit;
  std::filesystem::remove(junit);
  EXPECT_EQ(test_support::SchemaViolations(doc), std::vector<std::string>{});
  int suites = 0;
  for (pugi::xml_node suite : doc.child("testsuites").children("testsuite")) {
    ++suites;
    EXPECT_TRUE(suite.attribute("timestamp")) << suite.attribute("name").value();
  }
  EXPECT_EQ(suites, 3);  // one per file
  EXPECT_TRUE(doc.child("testsuites").find_child_by_attribute("testsuite", "tests", "1"));
}

TEST(CliRun, ATransactionalProcessorCommitsOutputsAndOffsetsTogether) {
  // Its custom check fails unless the history has committed transactions.
  CliRun r = Cli({"run", KS_SOURCE_DIR "/tests/data/e2e/transactional-pipeline.yaml"});
  EXPECT_EQ(r.outcome, Outcome::kOk) << r.out << r.err;
  EXPECT_NE(r.out.find("transactions committed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("consumed 200 (equals 200)"), std::string::npos) << r.out;
}

TEST(CliRun, ASkippedScenarioFailsTheRunOnlyWithFailOnSkip) {
  // The embedded cluster cannot show idempotent dedup: 014 is skipped, at once.
  const std::string lesson = KS_SOURCE_DIR "/scenarios/014-idempotent-producer.yaml";
  CliRun plain = Cli({"run", lesson});
  EXPECT_EQ(plain.outcome, Outcome::kOk) << plain.out << plain.err;
  CliRun strict = Cli({"run", "--fail-on-skip", lesson});
  EXPECT_EQ(strict.outcome, Outcome::kCheckFailed) << strict.out << strict.err;
  EXPECT_NE(strict.out.find("0 passed, 0 failed, 1 skipped"), std::string::npos) << strict.out;
}

TEST(CliRun, AnInvalidFileIsRejectedBeforeAnyClientExists) {
  const int64_t before = ClientsCreated();
  CliRun v = Cli({"validate", kThreeErrors});
  EXPECT_EQ(v.outcome, Outcome::kInvalidInput);
  CliRun r = Cli({"run", kWrong, kThreeErrors});  // the valid file must not run either
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_EQ(ClientsCreated(), before);
  EXPECT_EQ(r.out.find("wrong-expectation"), std::string::npos) << r.out;
}

TEST(CliRun, ValidateAcceptsTheLessons) {
  CliRun r = Cli({"validate", KS_SOURCE_DIR "/scenarios"});
  EXPECT_EQ(r.outcome, Outcome::kOk) << r.err;
  EXPECT_NE(r.out.find("valid"), std::string::npos);
}

TEST(CliRun, UsageErrorsAndHelp) {
  EXPECT_EQ(Cli({}).outcome, Outcome::kInvalidInput);
  EXPECT_EQ(Cli({"frobnicate"}).outcome, Outcome::kInvalidInput);
  EXPECT_EQ(Cli({"run"}).outcome, Outcome::kInvalidInput);
  CliRun missing = Cli({"validate", "/no/such/file.yaml"});
  EXPECT_EQ(missing.outcome, Outcome::kInvalidInput);
  EXPECT_NE(missing.err.find("/no/such/file.yaml: error: no such file or folder"),
            std::string::npos);
  for (const char* cmd : {"run", "validate"}) {
    CliRun help = Cli({cmd, "--help"});
    EXPECT_EQ(help.outcome, Outcome::kOk);
    EXPECT_NE(help.out.find("PATH"), std::string::npos) << cmd << ": " << help.out;
  }
  CliRun top = Cli({"--help"});
  EXPECT_EQ(top.outcome, Outcome::kOk);
  EXPECT_NE(top.out.find("validate"), std::string::npos);
}

}  // namespace
}  // namespace ks
