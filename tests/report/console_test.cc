#include "report/console.h"

#include <gtest/gtest.h>

#include <string>

#include "report_fixtures.h"

namespace ks {
namespace {

using test_support::MakeSampleRun;
using test_support::SampleRun;
using Verdict = ScenarioResult::Verdict;

TEST(ConsoleTest, PassedScenario) {
  SampleRun s = MakeSampleRun();
  EXPECT_EQ(FormatResult(s.hello, s.hello_result),
            "PASS  hello - One producer, one group  (1.5 s)\n"
            "      scenarios/001-hello.yaml\n"
            "      ok   no_loss {group: billing}                 lost 0 (max 0), unseen 0 (max 0)\n"
            "      billing: exactly-once (100 acknowledged, 100 consumed, 0 lost, 0 unseen, 0 "
            "duplicates)\n");
}

TEST(ConsoleTest, FailedScenarioShowsWhereAndWhy) {
  SampleRun s = MakeSampleRun();
  std::string out = FormatResult(s.loss, s.loss_result);
  EXPECT_EQ(out.substr(0, out.find('\n')), "FAIL  lost-on-crash - A crash loses a record  (2.2 s)");
  EXPECT_NE(out.find("      ok   no_duplicates {group: billing}"), std::string::npos) << out;
  EXPECT_NE(out.find("      FAIL no_loss {group: billing}                 lost 1 (max 0: failed)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("           expected at scenarios/010-loss.yaml:31:5\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find(std::string("           ") + test_support::kLostEvidence + "\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(std::string("      FAIL ") + test_support::kUnmetWait + "\n"),
            std::string::npos)
      << out;
  // A passed check's evidence and location are not shown: they would bury the failure.
  EXPECT_EQ(out.find("expected at scenarios/010-loss.yaml:29"), std::string::npos) << out;
}

TEST(ConsoleTest, SkippedAndErrorShowTheReasonAndNoTime) {
  SampleRun s = MakeSampleRun();
  EXPECT_EQ(FormatResult(s.skipped, s.skipped_result),
            std::string("SKIP  needs-restart - Broker restart\n"
                        "      scenarios/020-more.yaml\n"
                        "      ") +
                test_support::kSkipReason + "\n");
  EXPECT_EQ(FormatResult(s.error, s.error_result), std::string("ERROR broken-cluster\n"
                                                               "      scenarios/020-more.yaml\n"
                                                               "      ") +
                                                       test_support::kErrorReason + "\n");
}

TEST(ConsoleTest, AJudgedAgainHistoryShowsNoTime) {
  SampleRun s = MakeSampleRun();
  s.hello_result.seconds = 0;  // `check` re-judges a saved history: there is no run time
  std::string out = FormatResult(s.hello, s.hello_result);
  EXPECT_NE(out.find("PASS  hello - One producer, one group\n"), std::string::npos) << out;
  EXPECT_EQ(out.find(" s)"), std::string::npos) << out;
}

TEST(ConsoleTest, Summary) {
  EXPECT_EQ(FormatSummary({Verdict::kPassed, Verdict::kFailed, Verdict::kSkipped, Verdict::kError,
                           Verdict::kPassed}),
            "2 passed, 1 failed, 1 skipped, 1 errors");
  EXPECT_EQ(FormatSummary({}), "0 passed, 0 failed, 0 skipped, 0 errors");
}

TEST(ConsoleTest, ExpectAsWritten) {
  EXPECT_EQ(FormatExpect("no_loss", {}), "no_loss");
  EXPECT_EQ(FormatExpect("consumed", {{"topic", "orders"}, {"group", "billing"}}),
            "consumed {group: billing, topic: orders}");
}

}  // namespace
}  // namespace ks
