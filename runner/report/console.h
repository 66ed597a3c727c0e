#pragma once

#include <map>
#include <string>
#include <vector>

#include "checks/scenario_result.h"
#include "scenario/model.h"

namespace ks {

/// Console rendering of one scenario's result: a header line with the verdict, the name, the
/// title (unless it is the name: a scenario without a title) and the wall time; then one line per
/// check with its figures against its bounds; then, for a failed check, its evidence (a few lines);
/// then any wait that was not met; then each group's delivery guarantee as the run showed it; then
/// what the clients' error callbacks reported (FormatClientError), one line per actor and error. In
/// a run that injected faults, where a broker taken down makes every client report _TRANSPORT and
/// _ALL_BROKERS_DOWN, only security errors (IsSecurityError) and fatal ones get a line of their
/// own; the others are summed up in one line that points at the JSON report, which lists them all.
/// With `colour` (OutputStyle::colour), the verdict word and each check's ok/FAIL/ERR are painted
/// (Paint: green, red, yellow for a skip); without, plain text, the same for a file and a CI log.
std::string FormatResult(const Scenario& scenario, const ScenarioResult& result,
                         bool colour = false);

/// "impostor: client error _AUTHENTICATION (x12): sasl_ssl://127.0.0.1:9094/bootstrap: SASL
/// authentication error: ...": the actor, librdkafka's error name, how often (and "fatal"), then
/// the broker of the first report and librdkafka's words, as its error callback gave them.
std::string FormatClientError(const ClientError& e);

/// "billing: at-least-once (3000 acknowledged, 3000 consumed, 0 lost, 0 unseen, 412 duplicates,
/// 3 rebalances, longest 2.0 s) after billing/1 crashed": the figures, the rebalances after the
/// first assignment only when there were any (GroupRebalances: the count, then the longest in ms
/// below a second, else in seconds; ", the last unfinished" when the run ended during one), then
/// the first four events (GroupDelivery::events).
std::string FormatDelivery(const GroupDelivery& d);

/// "3 passed, 1 failed, 0 skipped, 0 errors" over many results. With `colour`, each count that
/// is not 0 is painted as its verdict word is in FormatResult.
std::string FormatSummary(const std::vector<ScenarioResult::Verdict>& verdicts,
                          bool colour = false);

/// "no_loss {group: readers}": an expect entry as a user would write it, on one line.
std::string FormatExpect(const std::string& check, const std::map<std::string, std::string>& scope);

}  // namespace ks
