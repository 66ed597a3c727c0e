#include "checks/scenario_result.h"

#include <fmt/format.h>

#include <chrono>
#include <string>
#include <utility>

#include "diag/interrupt.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;
using Verdict = ScenarioResult::Verdict;

// When custom checks judging from `start` must stop, for a record's budget.
Clock::time_point ChecksDeadline(Clock::time_point start, std::chrono::milliseconds budget) {
  if (budget == std::chrono::milliseconds::max()) return Clock::time_point::max();
  return start + budget;
}

// The verdict of checks that ran on a whole history: could one not judge it, did all pass.
void DecideFromChecks(ScenarioResult* r) {
  bool ok = r->problems.empty();
  std::string could_not_judge;  // the first check that gave no verdict
  int unjudged = 0;
  for (const CheckResult& c : r->checks) {
    ok = ok && c.passed;
    if (c.could_not_judge && unjudged++ == 0) could_not_judge = c.summary;
  }
  r->verdict = ok ? Verdict::kPassed : Verdict::kFailed;
  if (unjudged > 0) {
    // Neither right nor wrong: the run proves nothing either way, as an interrupted one.
    r->verdict = Verdict::kError;
    r->reason = fmt::format("a check could not judge the history: {}{}", could_not_judge,
                            unjudged > 1 ? fmt::format(" (and {} more)", unjudged - 1) : "");
  }
}

}  // namespace

std::string_view ToString(Verdict v) {
  switch (v) {
    case Verdict::kPassed:
      return "pass";
    case Verdict::kFailed:
      return "fail";
    case Verdict::kSkipped:
      return "skip";
    case Verdict::kError:
      return "error";
  }
  return "?";
}

ScenarioResult JudgeRun(const Scenario& s, RunRecord record) {
  const Clock::time_point start = Clock::now();
  ScenarioResult r;
  static_cast<RunRecord&>(r) = std::move(record);
  if (r.outcome == RunRecord::Outcome::kSkipped) {
    r.verdict = Verdict::kSkipped;
  } else if (r.outcome == RunRecord::Outcome::kError) {
    r.verdict = Verdict::kError;
  } else {
    // A check never passes by default, and neither does a scenario with nothing to check (the
    // schema requires `expect`; a scenario built in code might not have it).
    if (s.expect.empty()) {
      r.problems.push_back("nothing to check: the scenario has no expect entries");
    }
    static_cast<Judgement&>(r) = Judge(s, r.history, ChecksDeadline(start, r.checks_budget));
    if (r.outcome == RunRecord::Outcome::kInterrupted) {
      r.verdict = Verdict::kError;  // `reason` is the run's: cut short, it proves nothing
    } else if (InterruptRequested()) {
      // During the cleanup or the checks: a custom check it stopped could not judge, and the run
      // was cut short all the same.
      r.verdict = Verdict::kError;
      r.reason = "interrupted (SIGINT or SIGTERM) before the run was judged";
    } else {
      DecideFromChecks(&r);
    }
  }
  r.seconds += std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

std::vector<std::string> ReportedProblems(const ScenarioResult& r) {
  std::vector<std::string> all = r.problems;
  all.insert(all.end(), r.cleanup_problems.begin(), r.cleanup_problems.end());
  return all;
}

}  // namespace ks
