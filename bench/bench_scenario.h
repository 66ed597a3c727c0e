#pragma once

// What the benchmarks share: their scenario files, loaded and validated like any scenario; a
// folder of their own; how they print a figure's spread.

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

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

/// The min, median (the upper middle of an even count) and max of `v` (not empty).
struct Spread {
  double min, median, max;
};
inline Spread SpreadOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return {v.front(), v[v.size() / 2], v.back()};
}

/// "min / median / max" of `v` (not empty), each printed with `format` (printf's, e.g. "%.2f").
inline std::string SpreadText(const std::vector<double>& v, const char* format) {
  const Spread s = SpreadOf(v);
  char buf[160];
  const std::string f = std::string(format) + " / " + format + " / " + format;
  std::snprintf(buf, sizeof buf, f.c_str(), s.min, s.median, s.max);
  return buf;
}

/// A new empty folder under /tmp, `name`-XXXXXX (mkdtemp), removed with what a bench wrote into
/// it however the bench ends, unless keep() was called (then its path is printed). Exits with
/// status 2 when it cannot be made.
class TempFolder {
 public:
  explicit TempFolder(const std::string& name) {
    std::string pattern = "/tmp/" + name + "-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      std::fprintf(stderr, "cannot make a folder %s\n", pattern.c_str());
      std::exit(2);
    }
    path_ = pattern;
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  ~TempFolder() {
    if (keep_) {
      std::printf("kept %s\n", path_.c_str());
    } else {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
  }
  const std::filesystem::path& path() const { return path_; }
  void keep() { keep_ = true; }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

/// The producers' acknowledgements in `h`: how many, and over which span of the run.
struct Acks {
  int64_t count = 0;
  int64_t first_send_us = -1;  ///< the first send invoke's time, µs since the run started
  int64_t last_ack_us = 0;     ///< the last acknowledgement's time, µs since the run started
  /// Acknowledged records per second, first send to last acknowledgement.
  double PerSecond() const {
    return static_cast<double>(count) / (static_cast<double>(last_ack_us - first_send_us) / 1e6);
  }
};

/// Counts the acknowledged sends (ok) of `h` and finds the span from its first send to its
/// last acknowledgement.
inline Acks AcksOf(const History& h) {
  Acks a;
  for (const auto& op : h.ops) {
    if (op.kind != OpKind::kSend) continue;
    if (a.first_send_us < 0) a.first_send_us = op.time_us;
    if (op.type == OpType::kOk) {
      a.last_ack_us = op.time_us;
      ++a.count;
    }
  }
  return a;
}

}  // namespace ks::bench
