#pragma once

// What the benchmarks share: their scenario files, loaded and validated like any scenario.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "checks/scenario_result.h"
#include "run/scenario_runner.h"
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

/// Runs `s` on `target` and returns its result; prints the verdict and problems and exits with
/// status 1 unless it passed: a figure from a failed run would mean nothing.
inline ScenarioResult RunOrExit(const Scenario& s, Target& target) {
  ScenarioResult r = JudgeRun(s, RunScenario(s, target));
  if (r.verdict != ScenarioResult::Verdict::kPassed) {
    std::fprintf(stderr, "runner verdict %s: %s\n", std::string(ToString(r.verdict)).c_str(),
                 r.reason.c_str());
    for (const auto& p : r.problems) std::fprintf(stderr, "  %s\n", p.c_str());
    std::exit(1);
  }
  return r;
}

}  // namespace ks::bench
