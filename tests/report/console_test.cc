#include "report/console.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// A scenario without a title has its name as title (the loader's default): shown once.
TEST(ConsoleTest, ATitleThatIsTheNameIsNotRepeated) {
  SampleRun s = MakeSampleRun();
  s.hello.title = s.hello.name;
  const std::string out = FormatResult(s.hello, s.hello_result);
  EXPECT_EQ(out.substr(0, out.find('\n')), "PASS  hello  (1.5 s)");
}

TEST(ConsoleTest, TheDeliveryLineNamesRebalancesOnlyWhenThereWere) {
  GroupDelivery d{"billing", 3000, 3000, 0, 0, 412, "at-least-once"};
  d.events = {"billing/1 crashed"};
  const std::string plain =
      "billing: at-least-once (3000 acknowledged, 3000 consumed, 0 lost, 0 unseen, 412 "
      "duplicates) after billing/1 crashed";
  EXPECT_EQ(FormatDelivery(d), plain);
  d.rebalances = {3, 4100, 2049, false};
  EXPECT_EQ(FormatDelivery(d),
            "billing: at-least-once (3000 acknowledged, 3000 consumed, 0 lost, 0 unseen, 412 "
            "duplicates, 3 rebalances, longest 2.0 s) after billing/1 crashed");
  d.rebalances = {1, 45, 45, false};
  EXPECT_NE(FormatDelivery(d).find(", 412 duplicates, 1 rebalance, 45 ms)"), std::string::npos)
      << FormatDelivery(d);
  d.rebalances = {2, 3500, 3000, true};
  EXPECT_NE(FormatDelivery(d).find(", 2 rebalances, longest 3.0 s, the last unfinished)"),
            std::string::npos)
      << FormatDelivery(d);
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

// librdkafka's reports through the error callback, as a run collects them (ClientErrors).
std::vector<ClientError> ImpostorErrors() {
  return {{"impostor", "_AUTHENTICATION", "sasl_plaintext://127.0.0.1:19193/bootstrap",
           "SASL authentication error: Authentication failed during authentication due to "
           "invalid credentials with SASL mechanism PLAIN",
           12, false},
          {"impostor", "_ALL_BROKERS_DOWN", "", "3/3 brokers are down", 2, false},
          {"auditors/0", "_TRANSPORT", "127.0.0.1:19192/1", "Connection refused", 3, false},
          {"tx", "PRODUCER_FENCED", "", "fenced by a newer instance", 1, true}};
}

TEST(ConsoleTest, ClientErrorsComeOneLinePerActorAndErrorAfterTheDeliveries) {
  SampleRun s = MakeSampleRun();
  s.hello_result.client_errors = ImpostorErrors();
  const std::string out = FormatResult(s.hello, s.hello_result);
  EXPECT_TRUE(out.ends_with(
      "duplicates)\n"
      "      impostor: client error _AUTHENTICATION (x12): "
      "sasl_plaintext://127.0.0.1:19193/bootstrap: SASL authentication error: Authentication "
      "failed during authentication due to invalid credentials with SASL mechanism PLAIN\n"
      "      impostor: client error _ALL_BROKERS_DOWN (x2): 3/3 brokers are down\n"
      "      auditors/0: client error _TRANSPORT (x3): 127.0.0.1:19192/1: Connection refused\n"
      "      tx: client error PRODUCER_FENCED (fatal, x1): fenced by a newer instance\n"))
      << out;
  // Not problems: the verdict line and the checks are as they were.
  EXPECT_TRUE(out.starts_with("PASS  hello")) << out;
  EXPECT_EQ(out.find("FAIL"), std::string::npos) << out;
}

TEST(ConsoleTest, WithFaultsOnlySecurityAndFatalClientErrorsGetALine) {
  SampleRun s = MakeSampleRun();
  s.hello_result.client_errors = ImpostorErrors();
  Op fault;
  fault.kind = OpKind::kFault;
  fault.type = OpType::kInvoke;
  s.hello_result.history.ops.push_back(fault);
  const std::string out = FormatResult(s.hello, s.hello_result);
  EXPECT_NE(out.find("      impostor: client error _AUTHENTICATION (x12): "), std::string::npos)
      << out;
  EXPECT_NE(out.find("      tx: client error PRODUCER_FENCED (fatal, x1): "), std::string::npos)
      << out;
  EXPECT_EQ(out.find("client error _TRANSPORT"), std::string::npos) << out;
  EXPECT_EQ(out.find("client error _ALL_BROKERS_DOWN"), std::string::npos) << out;
  EXPECT_NE(out.find("      client errors: 5 more reports of _ALL_BROKERS_DOWN, _TRANSPORT, "
                     "expected in a run with faults; the JSON report lists them\n"),
            std::string::npos)
      << out;
  // Without a line of its own before it, the sum is not "more".
  s.hello_result.client_errors = {ImpostorErrors()[2]};
  EXPECT_TRUE(FormatResult(s.hello, s.hello_result)
                  .ends_with("      client errors: 3 reports of _TRANSPORT, expected in a run "
                             "with faults; the JSON report lists them\n"));
}

TEST(ConsoleTest, Summary) {
  EXPECT_EQ(FormatSummary({Verdict::kPassed, Verdict::kFailed, Verdict::kSkipped, Verdict::kError,
                           Verdict::kPassed}),
            "2 passed, 1 failed, 1 skipped, 1 errors");
  EXPECT_EQ(FormatSummary({}), "0 passed, 0 failed, 0 skipped, 0 errors");
}

// `text` without its SGR sequences (ESC [ ... m).
std::string StripSgr(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\033' && i + 1 < text.size() && text[i + 1] == '[') {
      i = text.find('m', i);
      if (i == std::string::npos) break;
      continue;
    }
    out += text[i];
  }
  return out;
}

TEST(ConsoleTest, InColourTheVerdictWordsArePaintedAndTheColumnsStay) {
  SampleRun s = MakeSampleRun();
  const std::string pass = FormatResult(s.hello, s.hello_result, true);
  EXPECT_TRUE(pass.starts_with("\033[32mPASS\033[0m  hello - ")) << pass;
  EXPECT_NE(pass.find("      \033[32mok\033[0m   no_loss {group: billing}    "), std::string::npos)
      << pass;
  const std::string fail = FormatResult(s.loss, s.loss_result, true);
  EXPECT_TRUE(fail.starts_with("\033[31mFAIL\033[0m  lost-on-crash")) << fail;
  EXPECT_NE(fail.find("      \033[31mFAIL\033[0m no_loss {group: billing}"), std::string::npos)
      << fail;
  EXPECT_NE(fail.find(std::string("      \033[31mFAIL\033[0m ") + test_support::kUnmetWait),
            std::string::npos)
      << fail;
  const std::string skip = FormatResult(s.skipped, s.skipped_result, true);
  EXPECT_TRUE(skip.starts_with("\033[33mSKIP\033[0m  needs-restart")) << skip;
  const std::string error = FormatResult(s.error, s.error_result, true);
  EXPECT_TRUE(error.starts_with("\033[31mERROR\033[0m broken-cluster")) << error;
  // Colour adds sequences and nothing else: padding outside them keeps the columns.
  for (const auto& e : s.Entries()) {
    const std::string plain = FormatResult(*e.scenario, *e.result);
    EXPECT_EQ(plain.find('\033'), std::string::npos) << plain;
    EXPECT_EQ(StripSgr(FormatResult(*e.scenario, *e.result, true)), plain);
  }
}

TEST(ConsoleTest, InColourTheSummaryPaintsTheCountsThatAreNotZero) {
  EXPECT_EQ(FormatSummary({Verdict::kPassed, Verdict::kFailed, Verdict::kPassed}, true),
            "\033[32m2 passed\033[0m, \033[31m1 failed\033[0m, 0 skipped, 0 errors");
  EXPECT_EQ(FormatSummary({Verdict::kSkipped, Verdict::kError}, true),
            "0 passed, 0 failed, \033[33m1 skipped\033[0m, \033[31m1 errors\033[0m");
  EXPECT_EQ(FormatSummary({Verdict::kSkipped, Verdict::kError}),
            "0 passed, 0 failed, 1 skipped, 1 errors");
}

TEST(ConsoleTest, ExpectAsWritten) {
  EXPECT_EQ(FormatExpect("no_loss", {}), "no_loss");
  EXPECT_EQ(FormatExpect("consumed", {{"topic", "orders"}, {"group", "billing"}}),
            "consumed {group: billing, topic: orders}");
}

}  // namespace
}  // namespace ks
