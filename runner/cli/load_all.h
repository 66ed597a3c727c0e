#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "scenario/model.h"

namespace ks {

/// Every scenario named by the command line's PATHs, loaded and validated.
struct LoadedScenarios {
  std::vector<Scenario> scenarios;
  bool ok = true;  ///< false when a path is missing or any file is invalid
};

/// Loads and validates every file before anything runs, so a typo in the last file is reported
/// before the first scenario starts a client. Problems go to `err` as file:line:col diagnostics.
LoadedScenarios LoadAll(const std::vector<std::string>& paths, std::ostream& err);

}  // namespace ks
