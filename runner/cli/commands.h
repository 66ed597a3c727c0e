#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/outputs.h"

namespace ks {

/// `kafka-scenario run`: loads and validates every file, then runs each scenario on a fresh
/// embedded cluster, prints its result, and writes the histories and reports asked for.
Outcome RunCommand(const std::vector<std::string>& paths, const OutputPaths& outputs,
                   std::ostream& out, std::ostream& err);

/// `kafka-scenario validate`: loads and validates only.
Outcome ValidateCommand(const std::vector<std::string>& paths, std::ostream& out,
                        std::ostream& err);

/// `kafka-scenario check HISTORY --scenario FILE`: judges a saved history with the scenario's
/// checks, without any cluster; the verdict is the one the recording run gave.
Outcome CheckCommand(const std::string& history_path, const std::string& scenario_path,
                     const OutputPaths& outputs, std::ostream& out, std::ostream& err);

}  // namespace ks
