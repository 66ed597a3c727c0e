#pragma once

// A program the runner starts and owns: an actor that is an external process (Kafka's
// VerifiableProducer or VerifiableConsumer, or a user's program), which reports on its stdout.
// It runs in a process group of its own, and nothing of that group outlives its ChildProcess:
// the destructor kills it, the leader's exit kills what is left of it, and the group is
// registered (diag/child_groups.h) for a second Ctrl-C and std::exit.

#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/status.h"

namespace ks {

/// What to start: argv[0] is looked up in PATH (posix_spawnp: the runner's PATH, not one set in
/// `env`) unless it holds a '/'; env entries are added to (or replace) the runner's environment,
/// a later entry of the same name winning.
struct ChildSpec {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
};

/// A started program and its process group. RAII: destroying it kills the whole group (SIGKILL)
/// and reaps the leader. Not copyable, not movable (hold it in a std::unique_ptr). Not
/// thread-safe: one thread uses it at a time.
class ChildProcess {
 public:
  /// The environment variable every child gets, with the label passed to Spawn as its value:
  /// scripts/check-leftover-processes finds stray actor processes by it.
  static constexpr const char* kLabelVariable = "KS_ACTOR_PROCESS";

  /// Starts the program in a new process group of its own (POSIX_SPAWN_SETPGROUP, pgid = its
  /// pid), stdin from /dev/null, stdout and stderr to two pipes (read ends O_CLOEXEC,
  /// non-blocking), with KS_ACTOR_PROCESS=<label> added to its environment, and registers the
  /// group (RegisterChildGroup). Signals the runner ignores or blocks are reset to their defaults
  /// in the child. On success `*out` holds the running child. Errors (nothing left running):
  /// argv empty; the program could not be started ("cannot start 'NAME': " and posix_spawnp's
  /// errno in words, e.g. not found in PATH, permission denied); no pipe; the registry of
  /// process groups full (kMaxChildGroups).
  static Status Spawn(const ChildSpec& spec, const std::string& label,
                      std::unique_ptr<ChildProcess>* out);

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  /// If not yet reaped: SIGKILL to the whole group, waitpid, unregister. Closes the pipes. Never
  /// blocks longer than that kill and reap take.
  ~ChildProcess();

  /// The child's pid, which is also its process group's id.
  pid_t pid() const { return pid_; }
  /// The read end of the child's stdout pipe (non-blocking); -1 once closed.
  int stdout_fd() const { return stdout_fd_; }
  /// The read end of the child's stderr pipe (non-blocking); -1 once closed.
  int stderr_fd() const { return stderr_fd_; }
  /// Closes both read ends (a child writing to them afterwards gets SIGPIPE or EPIPE).
  void CloseOutput();

  /// Sends `sig` to the whole process group (kill(-pgid, sig)); nothing once reaped.
  void Signal(int sig);
  /// Reaps without blocking: true once the process has exited (then exit_code(), term_signal()
  /// and DescribeExit() say how). On the exit it first kills what is left of the group (SIGKILL:
  /// grandchildren must not outlive the leader), then unregisters the group and reaps the leader.
  bool TryReap();
  /// Waits until the process exits or `deadline` passes (polling TryReap every few ms, at most
  /// 10 ms apart); true if it exited.
  bool WaitExit(std::chrono::steady_clock::time_point deadline);

  /// True once reaped (TryReap or WaitExit returned true).
  bool exited() const { return reaped_; }
  /// "exit status N", "killed by signal SIGKILL" (a signal without a name: "killed by signal
  /// N"), "still running" before it was reaped, or that the status is unknown when something
  /// else in the runner reaped the process (SIGCHLD ignored) — for error messages.
  std::string DescribeExit() const;
  /// The exit status (0..255); -1 if killed by a signal, not reaped yet, or unknown.
  int exit_code() const { return exit_code_; }
  /// The signal that killed it; 0 if it exited normally or was not reaped yet.
  int term_signal() const { return term_signal_; }

 private:
  ChildProcess(pid_t pid, int stdout_fd, int stderr_fd)
      : pid_(pid), stdout_fd_(stdout_fd), stderr_fd_(stderr_fd) {}

  pid_t pid_;
  int stdout_fd_;
  int stderr_fd_;
  bool reaped_ = false;
  int exit_code_ = -1;
  int term_signal_ = 0;
  bool status_known_ = true;  // false when something else reaped the leader
};

/// The last lines of a byte stream (a child's stderr), to quote in an error message. Lines end
/// at '\n' (a '\r' before it is dropped); a line longer than `max_line_bytes` keeps its first
/// bytes (cut at a UTF-8 character boundary) followed by "...", so memory stays bounded whatever
/// the stream sends.
class LineTail {
 public:
  /// Keeps the last `max_lines` lines (> 0), each at most `max_line_bytes` (> 0) plus "...".
  explicit LineTail(size_t max_lines = 20, size_t max_line_bytes = 500)
      : max_lines_(std::max<size_t>(max_lines, 1)),
        max_line_bytes_(std::max<size_t>(max_line_bytes, 1)) {}

  /// Adds the next bytes of the stream (any split: a line may come in several pieces).
  void Feed(std::string_view bytes);
  /// The last lines, oldest first, at most `max_lines` of them: the unterminated last fragment,
  /// when not empty, is the last one.
  std::vector<std::string> Lines() const;

 private:
  // Moves the current line (partial_) to lines_.
  void EndLine();
  // partial_ cut to max_line_bytes_ (at a character boundary), with "..." when it was longer.
  std::string Finished() const;

  size_t max_lines_;
  size_t max_line_bytes_;
  std::deque<std::string> lines_;
  std::string partial_;       // the current line's first max_line_bytes_ bytes at most
  bool partial_cut_ = false;  // bytes of the current line were dropped
};

}  // namespace ks
