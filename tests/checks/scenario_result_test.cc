// JudgeRun: how a run's record and its checks make the verdict.
#include "checks/scenario_result.h"

#include <gtest/gtest.h>

#include <chrono>

#include "support/interrupt_guard.h"

namespace ks {
namespace {

using Verdict = ScenarioResult::Verdict;

ExpectSpec Lua(const std::string& source) {
  ExpectSpec e;
  e.check = "lua";
  e.lua.function = source;
  return e;
}

Scenario WithChecks(std::vector<ExpectSpec> expect) {
  Scenario s;
  s.expect = std::move(expect);
  return s;
}

RunRecord Ran() {
  RunRecord r;
  r.outcome = RunRecord::Outcome::kRan;
  return r;
}

TEST(JudgeRun, PassedOnlyWhenEveryCheckPassedAndNothingWentWrong) {
  const Scenario s = WithChecks({Lua("function(h) return true end")});
  EXPECT_EQ(JudgeRun(s, Ran()).verdict, Verdict::kPassed);
  RunRecord waited = Ran();
  waited.problems.push_back("wait lag 0 of g not met");
  const ScenarioResult r = JudgeRun(s, std::move(waited));
  EXPECT_EQ(r.verdict, Verdict::kFailed);
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_TRUE(r.checks[0].passed);
  EXPECT_EQ(JudgeRun(WithChecks(
                         {Lua("function(h) return true end"), Lua("function(h) return false end")}),
                     Ran())
                .verdict,
            Verdict::kFailed);
}

TEST(JudgeRun, AScenarioWithNothingToCheckFails) {
  const ScenarioResult r = JudgeRun(Scenario{}, Ran());
  EXPECT_EQ(r.verdict, Verdict::kFailed);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0], "nothing to check: the scenario has no expect entries");
}

TEST(JudgeRun, SkippedAndErrorRunsKeepTheirReasonAndRunNoCheck) {
  const Scenario s = WithChecks({Lua("function(h) return true end")});
  RunRecord skipped;
  skipped.outcome = RunRecord::Outcome::kSkipped;
  skipped.reason = "needs transactions";
  ScenarioResult r = JudgeRun(s, std::move(skipped));
  EXPECT_EQ(r.verdict, Verdict::kSkipped);
  EXPECT_EQ(r.reason, "needs transactions");
  EXPECT_TRUE(r.checks.empty());
  RunRecord error;
  error.reason = "the cluster could not be set up";
  r = JudgeRun(s, std::move(error));  // a default record is an error
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_EQ(r.reason, "the cluster could not be set up");
  EXPECT_TRUE(r.checks.empty());
}

TEST(JudgeRun, AnInterruptedRunIsAnErrorWhateverItsChecksFound) {
  RunRecord interrupted;
  interrupted.outcome = RunRecord::Outcome::kInterrupted;
  interrupted.reason = "interrupted (SIGINT or SIGTERM): the run was stopped before its end";
  const ScenarioResult r =
      JudgeRun(WithChecks({Lua("function(h) return true end")}), std::move(interrupted));
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_EQ(r.reason, "interrupted (SIGINT or SIGTERM): the run was stopped before its end");
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_TRUE(r.checks[0].passed);
}

TEST(JudgeRun, ChecksThatCouldNotJudgeMakeAnErrorNotAFailure) {
  const Scenario s =
      WithChecks({Lua("function(h) return 1 end"), Lua("function(h) return false end"),
                  Lua("function(h) error('boom') end")});
  const ScenarioResult r = JudgeRun(s, Ran());
  ASSERT_EQ(r.checks.size(), 3u);
  EXPECT_TRUE(r.checks[0].could_not_judge);
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_EQ(r.reason,
            "a check could not judge the history: " + r.checks[0].summary + " (and 1 more)");
}

TEST(JudgeRun, CustomChecksStopWhenTheRecordsBudgetRunsOut) {
  RunRecord record = Ran();
  record.checks_budget = std::chrono::milliseconds(200);
  const ScenarioResult r =
      JudgeRun(WithChecks({Lua("function(h) while true do end end")}), std::move(record));
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_TRUE(r.checks[0].could_not_judge);
  EXPECT_NE(r.checks[0].summary.find("did not finish within"), std::string::npos)
      << r.checks[0].summary;
  EXPECT_EQ(r.verdict, Verdict::kError);
}

TEST(JudgeRun, CleanupProblemsAreShownButDoNotChangeTheVerdict) {
  RunRecord record = Ran();
  record.cleanup_problems.push_back("the target's cleanup did not end within 180 s");
  const ScenarioResult r =
      JudgeRun(WithChecks({Lua("function(h) return true end")}), std::move(record));
  EXPECT_EQ(r.verdict, Verdict::kPassed);
  // Kept apart, so that a saved history's header (the verdict's problems) leaves them out and
  // `check` gives that history the verdict the run gave.
  EXPECT_TRUE(r.problems.empty());
  EXPECT_EQ(ReportedProblems(r),
            std::vector<std::string>{"the target's cleanup did not end within 180 s"});
  RunRecord waited = Ran();
  waited.problems.push_back("wait not met");
  waited.cleanup_problems.push_back("cleanup did not end");
  EXPECT_EQ(ReportedProblems(
                JudgeRun(WithChecks({Lua("function(h) return true end")}), std::move(waited))),
            (std::vector<std::string>{"wait not met", "cleanup did not end"}));
}

TEST(JudgeRun, ASignalWhileTheChecksRunMakesAnErrorWhateverTheyFound) {
  // A custom check stopped by the signal could not judge; the verdict names the signal.
  test_support::InterruptGuard guard;
  RequestInterrupt();
  const ScenarioResult r = JudgeRun(WithChecks({Lua("function(h) return true end")}), Ran());
  EXPECT_EQ(r.verdict, Verdict::kError);
  EXPECT_EQ(r.reason, "interrupted (SIGINT or SIGTERM) before the run was judged");
}

TEST(JudgeRun, VerdictWords) {
  EXPECT_EQ(ToString(Verdict::kPassed), "pass");
  EXPECT_EQ(ToString(Verdict::kFailed), "fail");
  EXPECT_EQ(ToString(Verdict::kSkipped), "skip");
  EXPECT_EQ(ToString(Verdict::kError), "error");
}

}  // namespace
}  // namespace ks
