// `list`, `explain`, `checks` and run's filters over the lesson library, through the command line.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "report/lesson_table.h"
#include "support/cli_runner.h"
#include "target/rdkafka_handles.h"

namespace ks {
namespace {

using test_support::Cli;
using test_support::CliRun;

const std::string kLessons = KS_SOURCE_DIR "/scenarios";

// The table line of lesson `number`, or "" when it is not listed.
std::string LineOf(const std::string& table, const std::string& number) {
  size_t at = table.find("\n" + number + "  ");
  if (at == std::string::npos) return "";
  return table.substr(at + 1, table.find('\n', at + 1) - at - 1);
}

TEST(CliCommands, ListShowsEveryLessonAndWhatTheEmbeddedClusterLacks) {
  CliRun r = Cli({"list", kLessons});
  ASSERT_EQ(r.outcome, Outcome::kOk) << r.err;
  int lessons = 0;
  for (const auto& f : std::filesystem::directory_iterator(kLessons)) {
    if (f.path().extension() != ".yaml") continue;
    ++lessons;
    const std::string number = LessonNumber(f.path().string());
    EXPECT_NE(LineOf(r.out, number), "") << number << " missing from:\n" << r.out;
  }
  EXPECT_GE(lessons, 17);
  EXPECT_NE(LineOf(r.out, "001").find("hello"), std::string::npos) << r.out;
  EXPECT_TRUE(LineOf(r.out, "001").ends_with("  yes")) << r.out;
  EXPECT_TRUE(LineOf(r.out, "014").ends_with("needs idempotent_dedup")) << r.out;
  EXPECT_TRUE(LineOf(r.out, "025").ends_with("needs read_committed")) << r.out;
  // Steps imply capabilities too: lesson 027 alters a topic's configs.
  EXPECT_TRUE(LineOf(r.out, "027").ends_with("needs retention, alter_configs")) << r.out;
  for (const auto& line : {LineOf(r.out, "004"), LineOf(r.out, "012")}) {
    EXPECT_LE(line.size(), 150u) << line;
  }
}

TEST(CliCommands, ListRefusesAnInvalidTargetFile) {
  CliRun r = Cli({"list", kLessons, "--target", KS_SOURCE_DIR "/tests/data/invalid/empty.yaml"});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_NE(r.err.find("empty.yaml:1:1: error:"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CliCommands, ListReportsInvalidFilesButStillListsTheValidOnes) {
  CliRun r = Cli({"list", kLessons + "/001-hello.yaml",
                  KS_SOURCE_DIR "/tests/data/invalid/three_at_once.yaml"});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_NE(r.err.find("three_at_once.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(LineOf(r.out, "001"), "") << r.out;
}

TEST(CliCommands, ExplainShowsTheLessonAndItsStepsWithoutAClient) {
  const int64_t before = ClientsCreated();
  CliRun r = Cli({"explain", kLessons + "/014-idempotent-producer.yaml"});
  ASSERT_EQ(r.outcome, Outcome::kOk) << r.err;
  EXPECT_EQ(ClientsCreated(), before);
  EXPECT_NE(r.out.find("idempotent-producer - An idempotent producer"), std::string::npos);
  EXPECT_NE(r.out.find("  What to watch: every record acknowledged"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("emitter -> events: 15000 records, 5000/s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("after emitter acked 3000: fault rtt broker 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("produced {producer: emitter}: produced equals 15000"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("idempotent_dedup: MISSING here"), std::string::npos) << r.out;
}

TEST(CliCommands, ExplainOfALessonWithoutStepsShowsTheDefaultTimeline) {
  CliRun r = Cli({"explain", kLessons + "/001-hello.yaml"});
  ASSERT_EQ(r.outcome, Outcome::kOk) << r.err;
  EXPECT_NE(r.out.find("Timeline (the default"), std::string::npos) << r.out;
}

TEST(CliCommands, ARunFilterThatSelectsNothingIsAUsageError) {
  const int64_t before = ClientsCreated();
  CliRun r = Cli({"run", kLessons, "--tag", "no-lesson-has-this", "--tag", "nor-this"});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_NE(r.err.find("--tag no-lesson-has-this --tag nor-this"), std::string::npos) << r.err;
  CliRun n = Cli({"run", kLessons, "--name", "zz*"});
  EXPECT_EQ(n.outcome, Outcome::kInvalidInput);
  EXPECT_NE(n.err.find("--name 'zz*'"), std::string::npos) << n.err;
  EXPECT_EQ(ClientsCreated(), before);
}

TEST(CliCommands, RunByNameRunsOnlyThatLessonAndExplainsIt) {
  CliRun r = Cli({"run", kLessons, "--name", "hello", "--explain"});
  EXPECT_EQ(r.outcome, Outcome::kOk) << r.out << r.err;
  EXPECT_NE(r.out.find("1 scenario(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS  hello"), std::string::npos) << r.out;
  // --explain: the lesson text comes before the result.
  size_t lesson = r.out.find("  A producer writes 1,000 records");
  ASSERT_NE(lesson, std::string::npos) << r.out;
  EXPECT_LT(lesson, r.out.find("PASS  hello"));
  EXPECT_NE(r.out.find("1 passed, 0 failed"), std::string::npos) << r.out;
}

TEST(CliCommands, JobsRunScenariosAtOnceAndKeepEachOutputTogetherInOrder) {
  // 014 is skipped at once and 001 takes seconds: with two jobs 014 finishes first, yet its
  // block is printed after 001's, whole.
  CliRun r = Cli({"run", kLessons + "/001-hello.yaml", kLessons + "/014-idempotent-producer.yaml",
                  "--jobs", "2"});
  EXPECT_EQ(r.outcome, Outcome::kOk) << r.out << r.err;
  const size_t hello = r.out.find("PASS  hello");
  const size_t hello_end = r.out.find("exactly-once", hello);
  const size_t skip = r.out.find("SKIP  idempotent-producer");
  ASSERT_NE(hello, std::string::npos) << r.out;
  ASSERT_NE(skip, std::string::npos) << r.out;
  EXPECT_LT(hello_end, skip) << r.out;
  EXPECT_NE(r.out.find("1 passed, 0 failed, 1 skipped"), std::string::npos) << r.out;
  EXPECT_EQ(Cli({"run", kLessons, "--jobs", "0"}).outcome, Outcome::kInvalidInput);
}

TEST(CliCommands, ChecksListsTheCatalogue) {
  CliRun text = Cli({"checks"});
  ASSERT_EQ(text.outcome, Outcome::kOk) << text.err;
  EXPECT_EQ(text.out.rfind("no_loss (group; topic)\n    figures: lost, unseen\n", 0), 0u)
      << text.out;
  CliRun markdown = Cli({"checks", "--format", "markdown"});
  ASSERT_EQ(markdown.outcome, Outcome::kOk) << markdown.err;
  EXPECT_NE(markdown.out.find("| `latency` | group; topic | p99_ms, p50_ms, max_ms |"),
            std::string::npos)
      << markdown.out;
  EXPECT_EQ(Cli({"checks", "--format", "html"}).outcome, Outcome::kInvalidInput);
}

TEST(CliCommands, Help) {
  for (const char* cmd : {"list", "explain"}) {
    CliRun help = Cli({cmd, "--help"});
    EXPECT_EQ(help.outcome, Outcome::kOk);
  }
  CliRun run = Cli({"run", "--help"});
  EXPECT_NE(run.out.find("--tag"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--explain"), std::string::npos) << run.out;
  EXPECT_EQ(Cli({"explain"}).outcome, Outcome::kInvalidInput);
}

}  // namespace
}  // namespace ks
