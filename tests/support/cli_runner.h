#pragma once

// Runs kafka-scenario's command line in process, capturing what it prints.

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.h"

namespace ks::test_support {

struct CliRun {
  Outcome outcome;
  std::string out;
  std::string err;
};

/// Runs `kafka-scenario <args...>` through RunCli and returns its outcome and output.
inline CliRun Cli(std::vector<std::string> args) {
  args.insert(args.begin(), "kafka-scenario");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Outcome o = RunCli(static_cast<int>(argv.size()), argv.data(), out, err);
  return {o, out.str(), err.str()};
}

}  // namespace ks::test_support
