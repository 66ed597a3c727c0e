#pragma once

// `run` on a terminal: one live line shows every running scenario, rewritten in place, and
// results are printed above it. Elsewhere (a file, a pipe, CI, TERM=dumb) only the results
// appear; OutputStyle::live_line (report/terminal.h) says which.

#include <atomic>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "report/progress_line.h"

namespace ks {

/// The live progress line of a run, and the printing of results above it.
class LiveProgressLine {
 public:
  /// The scenarios running now, in order; called on the line's own thread.
  using Snapshot = std::function<std::vector<ProgressEntry>()>;

  /// With `terminal` (OutputStyle::live_line), starts a thread that every 250 ms rewrites one line
  /// on `out` with FormatProgressLine(snapshot(), the terminal's columns). Without, prints nothing
  /// of its own.
  LiveProgressLine(std::ostream& out, bool terminal, Snapshot snapshot);
  /// Stop().
  ~LiveProgressLine();
  LiveProgressLine(const LiveProgressLine&) = delete;
  LiveProgressLine& operator=(const LiveProgressLine&) = delete;

  /// Writes `text` to the output and flushes it; on a terminal the live line is cleared first
  /// (it comes back below the text at the next tick).
  void Print(const std::string& text);
  /// Ends the thread and, on a terminal, clears the line. Only the first call does anything.
  void Stop();

 private:
  std::ostream& out_;
  const bool terminal_;
  const Snapshot snapshot_;
  std::mutex print_mu_;  // one writer on `out_` at a time
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace ks
