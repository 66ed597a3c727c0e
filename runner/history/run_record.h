#pragma once

// What running one scenario leaves before any check judges it: the history and what went wrong
// on the way. run/ makes it (RunScenario); checks/ judges it (JudgeRun, checks/scenario_result.h);
// `kafka-scenario check` makes one from a saved history.

#include <chrono>
#include <string>
#include <vector>

#include "history/client_error.h"
#include "history/history.h"

namespace ks {

/// One scenario's run, as recorded.
struct RunRecord {
  /// How the run ended.
  enum class Outcome {
    kRan,          ///< the timeline ran to its end (a wait it could not meet is in `problems`)
    kSkipped,      ///< the target cannot run it (`reason` says why); nothing was created
    kError,        ///< the cluster could not be set up, or the run did not end by its deadline
    kInterrupted,  ///< a SIGINT or SIGTERM cut it short: its history proves nothing either way
  };
  Outcome outcome = Outcome::kError;
  std::string reason;                 ///< why, for every outcome but kRan
  std::vector<std::string> problems;  ///< waits not met, actor errors: each in plain words
  /// Found after the history was recorded (a target whose cleanup did not end): reported with
  /// the problems, but they do not change the verdict, which the history decides, and a saved
  /// history's header does not keep them.
  std::vector<std::string> cleanup_problems;
  /// What the clients' error callbacks reported (a failed TLS handshake, a refused login, brokers
  /// down): the producers' in scenario order, then the members'. Not problems: the waits and
  /// checks judge what the clients achieved, these only say why they may have achieved nothing.
  std::vector<ClientError> client_errors;
  History history;
  /// Target::run_id() of the run; empty for a record not made by a run (`check`).
  std::string run_id;
  /// Wall-clock time the run began (RunScenarioBounded: before its target was made), for the
  /// reports' timestamps; for `check`, the saved history's `started`, else when the check began.
  /// The epoch when unknown (a scenario not run at all).
  std::chrono::system_clock::time_point started{};
  double seconds = 0;  ///< wall time of the run, and of its checks once judged
  /// How long custom checks may run when this history is judged, counted from the start of
  /// judging (after the target's cleanup: a run's wall time is its hard deadline, the cleanup,
  /// then this at most): what was left of the scenario's `timeout` when the history was
  /// recorded, within the bounds run/scenario_runner.h gives; max() for no limit (`check`).
  std::chrono::milliseconds checks_budget = std::chrono::milliseconds::max();
};

}  // namespace ks
