#pragma once

// What the benchmarks share: their scenario files, loaded and validated like any scenario.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "scenario/loader.h"

namespace ks::bench {

/// The scenario in bench/`file`; prints its diagnostics and exits with status 2 when it does not
/// load, as the command line does with an invalid file.
inline Scenario LoadBenchScenario(const std::string& file) {
  LoadResult loaded = LoadScenarioFile(std::string(KS_BENCH_DIR "/") + file);
  if (!loaded.scenario) {
    std::fputs(FormatLoadErrors(loaded).c_str(), stderr);
    std::exit(2);
  }
  return std::move(*loaded.scenario);
}

}  // namespace ks::bench
