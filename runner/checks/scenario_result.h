#pragma once

#include <string>
#include <vector>

#include "actors/client_errors.h"
#include "checks/check.h"
#include "checks/delivery.h"
#include "history/history.h"

namespace ks {

/// The outcome of running one scenario.
struct ScenarioResult {
  enum class Verdict {
    kPassed,   ///< every wait was met and every check passed
    kFailed,   ///< a wait was not met or a check failed
    kSkipped,  ///< the target cannot run it (`reason` says why); neither passed nor failed
    kError,    ///< the cluster could not be set up, or cannot be trusted for this run
  };
  Verdict verdict = Verdict::kError;
  std::string reason;                 ///< for skipped and error
  std::vector<std::string> problems;  ///< waits not met, actor errors: each in plain words
  std::vector<CheckResult> checks;
  std::vector<GroupDelivery> deliveries;  ///< one per consumer group, in scenario order
  /// What the clients' error callbacks reported (a failed TLS handshake, a refused login, brokers
  /// down): the producers' in scenario order, then the members'. Not problems: the waits and
  /// checks judge what the clients achieved, these only say why they may have achieved nothing.
  std::vector<ClientError> client_errors;
  History history;
  /// Target::run_id() of the run; empty for a result not recorded by a run (`check`).
  std::string run_id;
  double seconds = 0;  ///< wall time of the run
};

std::string_view ToString(ScenarioResult::Verdict v);

}  // namespace ks
