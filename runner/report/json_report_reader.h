#pragma once

// Reading back a JSON report (json_report.h, schemas/report.schema.json) for `compare`: only the
// fields a comparison shows, each checked for its type, so that a hand-edited or foreign file
// gives an error that names the file and the field instead of a crash or a silent zero.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ks {

/// One bound of a saved check entry: the figure it bounds, the figure's value, and whether the
/// bound held.
struct SavedBound {
  std::string figure;
  std::optional<double> value;  ///< nullopt for a value that was not finite (JSON null)
  bool passed = false;
};

/// One saved expect entry: its check, its scope as written, whether it passed, and its bounds.
struct SavedCheck {
  std::string check;  ///< e.g. "no_loss"
  std::map<std::string, std::string> scope;
  bool passed = false;
  std::vector<SavedBound> bounds;
};

/// One consumer group's rebalances after its first assignment (GroupRebalances,
/// checks/rebalances.h).
struct SavedRebalances {
  int64_t count = 0;
  int64_t total_ms = 0;    ///< milliseconds
  int64_t longest_ms = 0;  ///< milliseconds
  bool unfinished = false;
};

/// One consumer group's delivery figures (records).
struct SavedDelivery {
  std::string group;
  int64_t acknowledged = 0;
  int64_t consumed = 0;
  int64_t lost = 0;
  int64_t duplicates = 0;
  /// nullopt for a report written before the field was added
  std::optional<SavedRebalances> rebalances;
};

/// One scenario's outcome as a report saved it.
struct SavedScenario {
  std::string name;
  std::string file;
  std::string verdict;  ///< "pass", "fail", "skip" or "error"
  std::string reason;   ///< why it was skipped or ended in error; "" when the report has none
  std::optional<double> seconds;  ///< wall time; nullopt when the report holds null
  std::vector<SavedDelivery> deliveries;
  std::vector<SavedCheck> checks;
};

/// A JSON report as `compare` reads it.
struct SavedReport {
  std::string source;  ///< the file it was read from, as given
  std::string target;  ///< e.g. "embedded"
  std::string kafka_client;
  std::string started;
  std::vector<SavedScenario> scenarios;  ///< in report order
};

/// What ParseJsonReport returns: `report` is set only when `errors` is empty.
struct ParsedJsonReport {
  std::optional<SavedReport> report;
  /// "<source>: error: <what was wrong and what was expected>", at most 10. An invalid JSON text,
  /// a document that is not a kafka-scenario report, or a report format other than version 1
  /// gives exactly one.
  std::vector<std::string> errors;
};

/// Reads the JSON report `text`, which came from `source` (a file name, used in errors). Checks
/// the format version ("kafka_scenario_report": 1) first, then the type of every field it reads;
/// fields it does not read are not looked at. Never throws.
ParsedJsonReport ParseJsonReport(std::string_view text, const std::string& source);

}  // namespace ks
