#pragma once

// The loading layer's entry point: a scenario file -> a validated Scenario, or every problem in
// it at once. Nothing here talks to Kafka.

#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "scenario/model.h"

namespace ks {

/// The outcome of loading one scenario file.
struct LoadResult {
  std::optional<Scenario> scenario;     ///< set only when `diagnostics` is empty
  std::vector<Diagnostic> diagnostics;  ///< every problem found, sorted by line then column
  std::string source;                   ///< the file's text, for FormatLoadErrors
};

/// Reads `path` and loads it as LoadScenarioText does; a file that cannot be read, or is larger
/// than kMaxYamlFileBytes, gives one diagnostic located at the path alone.
LoadResult LoadScenarioFile(const std::string& path);

/// Loads a scenario from `text`; `path` is only used in locations (give the path as the user
/// wrote it, so that messages read `path:line:col`). Steps, each reporting everything it finds:
/// the input limits of diag/input_limits.h and YAML syntax (stops here on error), values too long
/// for the schema's patterns (stops here too), the schema (schemas/scenario.schema.json),
/// defaults and quantities, the sizes a run can serve, then cross-references (declared names,
/// partitions, brokers, key templates). Never throws.
LoadResult LoadScenarioText(const std::string& text, const std::string& path);

/// Every diagnostic of `result` formatted with its source line and a caret (FormatDiagnostics),
/// one after the other; empty when there are none.
std::string FormatLoadErrors(const LoadResult& result);

}  // namespace ks
