#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "actors/child_process.h"
#include "actors/client_event.h"
#include "actors/process_command.h"
#include "diag/status.h"

namespace ks {

/// One program that speaks the JSON-lines protocol of Kafka's verifiable clients
/// (docs/process-actors.md), started in a process group of its own. A reader thread turns each
/// stdout line into a ClientEvent for the owner's handler and keeps the last lines of stderr.
///
/// The client fails (failure() says how, naming the program, its exit status and the last lines
/// of its stderr, and the process group is killed) when it prints a line that is not the
/// protocol's, says nothing for `startup_timeout_ms` after it started (no startup_complete), or
/// exits when it was not asked to: before Terminate() or Kill(), or, for a client that ends by
/// itself (a producer's batch), without shutdown_complete or with a status other than 0.
class ProcessClient {
 public:
  struct Options {
    ProcessLaunch launch;
    std::string name;  ///< the actor: "group/i" or the producer's name
    int64_t startup_timeout_ms = 30000;
    bool ends_by_itself = false;  ///< exit 0 after shutdown_complete is its normal end
    /// Called on the reader thread, once failure() is set, when the program ended though it
    /// was not asked to (not after Terminate() or Kill(), nor at a normal end); may be empty.
    std::function<void()> on_unasked_end;
  };
  /// Called on the reader thread, in the order of the lines.
  using EventHandler = std::function<void(const ClientEvent&)>;

  ProcessClient(Options options, EventHandler on_event);
  /// Kills the process group if it still runs, and joins the reader.
  ~ProcessClient();
  ProcessClient(const ProcessClient&) = delete;
  ProcessClient& operator=(const ProcessClient&) = delete;

  /// Starts the program and waits for its startup_complete (at most startup_timeout_ms).
  /// Errors: it could not be started, or failure() (it exited, printed something else, or was
  /// silent), or it was asked to stop (Terminate() or Kill(), which may come first: the program
  /// then gets its signal as it starts) and ended before its startup_complete.
  Status Start();
  /// Asks for a graceful end: SIGTERM to its process group; nothing for a program that has
  /// already exited (it ended unasked).
  void Terminate();
  /// Kills it (SIGKILL to its process group) and waits until it is reaped and read to the end.
  void Kill();
  /// After Terminate(): waits for the end until `deadline`, but at most kTermGrace (5 s) after
  /// the SIGTERM, then kills it. True when it ended by itself, false when it was killed (or
  /// `deadline` came first and it was killed then).
  bool WaitEndAfterTerminate(std::chrono::steady_clock::time_point deadline);
  /// How long a program may take to end after SIGTERM before it is killed (a crash in the
  /// history): half the run's own stop grace (run/bounded_run.h), which the producers' and
  /// then the members' stops share at the end of a run.
  static constexpr std::chrono::seconds kTermGrace{5};
  /// Waits until the process has ended and its output is read, at most until `deadline`.
  bool WaitEnd(std::chrono::steady_clock::time_point deadline);
  /// True once the process has ended and its output is read.
  bool ended() const;
  /// True once it printed shutdown_complete.
  bool shut_down() const { return shutdown_.load(); }
  /// How it failed, or "".
  std::string failure() const;
  /// "group/0 (java -cp ... VerifiableConsumer ...)": the actor and its program, for messages.
  std::string Describe() const;

 private:
  void ReadLoop();
  /// Signals the process group, if the child was started (ChildProcess is not thread-safe:
  /// every call goes through child_mu_).
  void SignalChild(int sig);
  /// Polls until the child is reaped or `deadline` passes; true once reaped.
  bool Reaped(std::chrono::steady_clock::time_point deadline);
  /// Splits `buffer` into lines; false once a line failed the protocol.
  bool ConsumeStdout(std::string* buffer, bool eof);
  void HandleLine(std::string_view line);
  /// "<Describe()>: <why>" and the last lines of its stderr.
  std::string FailureMessage(const std::string& why);
  void Fail(std::string why);
  void End();

  Options options_;
  EventHandler on_event_;
  std::mutex child_mu_;
  std::unique_ptr<ChildProcess> child_;  // set once by Start(), before the reader starts
  std::mutex tail_mu_;                   // Fail() may quote the tail from Start()'s thread
  LineTail stderr_tail_;
  std::thread reader_;
  std::atomic<bool> asked_to_stop_{false};
  std::chrono::steady_clock::time_point terminated_at_;  // the first SIGTERM (guarded by mu_)
  std::atomic<bool> shutdown_{false};
  std::atomic<bool> started_{false};
  std::atomic<int64_t> lines_{0};      // stdout lines read (the reader writes, Start() may read)
  std::atomic<bool> lingered_{false};  // it closed its output, did not exit, and was killed
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool ended_ = false;
  std::string failure_;
};

}  // namespace ks
