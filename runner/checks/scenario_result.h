#pragma once

// A scenario's verdict: its run's record (history/run_record.h) judged by its checks.

#include <string>
#include <string_view>
#include <vector>

#include "checks/judge.h"
#include "history/run_record.h"
#include "scenario/model.h"

namespace ks {

/// One scenario's run, its checks' findings and the verdict they make together: what the reports
/// show.
struct ScenarioResult : RunRecord, Judgement {
  enum class Verdict {
    kPassed,   ///< every wait was met and every check passed
    kFailed,   ///< a wait was not met or a check failed
    kSkipped,  ///< the target cannot run it (`reason` says why); neither passed nor failed
    kError,    ///< the cluster could not be set up, or cannot be trusted for this run
  };
  Verdict verdict = Verdict::kError;
};

/// "pass", "fail", "skip" or "error": the word the reports use.
std::string_view ToString(ScenarioResult::Verdict v);

/// Judges `record`, a run of `scenario` (or a saved history of one), and gives the verdict:
/// - a run skipped or in error keeps its outcome and reason, and no check runs;
/// - otherwise every check runs (Judge, custom checks within `record.checks_budget` from now);
///   the verdict is passed when every check passed and `problems` is empty, failed otherwise
///   (and failed, with the problem "nothing to check", when the scenario has no `expect`
///   entries: a check never passes by default);
/// - an error when a check could not judge the history (CheckResult::could_not_judge), whatever
///   the others found: `reason` is then "a check could not judge the history: <that check's
///   summary>" (and "(and N more)");
/// - an error when the run was interrupted, or a SIGINT or SIGTERM came before the checks
///   ended (diag/interrupt.h: during the target's cleanup or the checks), whatever the checks
///   found: a run cut short proves nothing either way. The reason is the run's, or
///   "interrupted (SIGINT or SIGTERM) before the run was judged".
/// `cleanup_problems` stay apart from `problems`: reported (ReportedProblems) but not part of
/// the verdict, nor of what a saved history's header keeps. `seconds` grows by the time the
/// checks took.
ScenarioResult JudgeRun(const Scenario& scenario, RunRecord record);

/// What the reports list as the result's problems: `problems`, then `cleanup_problems`.
std::vector<std::string> ReportedProblems(const ScenarioResult& result);

}  // namespace ks
