#include "actors/process_client.h"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "diag/interrupt.h"

namespace ks {

namespace {

constexpr size_t kMaxLineBytes = 1 << 20;  // a record_data line is far shorter
constexpr size_t kShownLineBytes = 200;    // of a bad line, in the error
constexpr auto kReapGrace = std::chrono::seconds(5);
constexpr auto kSlice = std::chrono::milliseconds(100);  // how often a wait looks at Ctrl-C

// Reads what `fd` has now into `out`; false at end of file (or an error other than EAGAIN).
bool Drain(int fd, std::string* out) {
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out->append(buf, static_cast<size_t>(n));
      if (out->size() > kMaxLineBytes * 2) return true;  // the caller splits or fails it
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

}  // namespace

ProcessClient::ProcessClient(Options options, EventHandler on_event)
    : options_(std::move(options)), on_event_(std::move(on_event)) {}

ProcessClient::~ProcessClient() {
  asked_to_stop_.store(true);  // the owner's end: no failure, no on_unasked_end
  SignalChild(SIGKILL);
  if (reader_.joinable()) reader_.join();
}

void ProcessClient::SignalChild(int sig) {
  std::lock_guard lock(child_mu_);
  if (child_) child_->Signal(sig);
}

bool ProcessClient::Reaped(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    {
      std::lock_guard lock(child_mu_);
      if (child_->TryReap()) return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string ProcessClient::Describe() const {
  std::string program;
  for (const auto& a : options_.launch.argv) {
    if (!program.empty()) program += ' ';
    program += a;
  }
  if (program.size() > 300) program = program.substr(0, 297) + "...";
  return fmt::format("{} ({})", options_.name, program);
}

Status ProcessClient::Start() {
  ChildSpec spec{options_.launch.argv, options_.launch.env};
  std::unique_ptr<ChildProcess> child;
  if (Status st = ChildProcess::Spawn(spec, options_.name, &child); !st.ok()) {
    return Status::Error(fmt::format("{}: {}", Describe(), st.message()));
  }
  {
    std::lock_guard lock(child_mu_);
    child_ = std::move(child);
  }
  // Terminate() came before there was a child to signal (a producer's batch stopped as it
  // started): the program gets its SIGTERM now.
  if (asked_to_stop_.load()) SignalChild(SIGTERM);
  reader_ = std::thread([this] { ReadLoop(); });
  std::unique_lock lock(mu_);
  // At most a day: a larger startup_timeout would overflow the clock's arithmetic.
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::milliseconds(std::min<int64_t>(options_.startup_timeout_ms, int64_t{86400000}));
  bool woke = false;
  bool interrupted = false;
  // In slices, so that a Ctrl-C does not wait for a slow JVM's startup.
  while (!woke && !interrupted && std::chrono::steady_clock::now() < deadline) {
    woke = cv_.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now() + kSlice),
                          [&] { return started_.load() || ended_ || !failure_.empty(); });
    interrupted = !woke && InterruptRequested();
  }
  if (interrupted) {
    lock.unlock();
    Kill();
    return Status::Error(
        fmt::format("{}: interrupted before it printed startup_complete", Describe()));
  }
  if (!woke) {
    lock.unlock();
    Fail(
        fmt::format("no startup_complete within {} ms of its start (client startup_timeout); "
                    "it printed {} other line(s)",
                    options_.startup_timeout_ms, lines_.load()));
    SignalChild(SIGKILL);
    WaitEnd(std::chrono::steady_clock::now() + kReapGrace);
    return Status::Error(failure());
  }
  if (!failure_.empty()) return Status::Error(failure_);
  if (!started_.load()) {
    lock.unlock();
    WaitEnd(std::chrono::steady_clock::now() + kReapGrace);
    // No failure when it was asked to stop: it ended as asked, but never started.
    const std::string why = failure();
    return Status::Error(why.empty() ? fmt::format("{}: asked to stop before it printed "
                                                   "startup_complete",
                                                   Describe())
                                     : why);
  }
  return Status::Ok();
}

void ProcessClient::Terminate() {
  // Under child_mu_, "it had already exited" and "it was asked to stop" are ordered: a program
  // that ended on its own before the SIGTERM is still one that exited unasked.
  std::lock_guard child_lock(child_mu_);
  if (child_ && child_->TryReap()) return;
  {
    std::lock_guard lock(mu_);
    if (!asked_to_stop_.load()) terminated_at_ = std::chrono::steady_clock::now();
  }
  asked_to_stop_.store(true);
  if (child_) child_->Signal(SIGTERM);
}

bool ProcessClient::WaitEndAfterTerminate(std::chrono::steady_clock::time_point deadline) {
  std::chrono::steady_clock::time_point limit;
  {
    std::lock_guard lock(mu_);
    limit = terminated_at_ == std::chrono::steady_clock::time_point()
                ? std::chrono::steady_clock::now() + kTermGrace
                : terminated_at_ + kTermGrace;
  }
  if (WaitEnd(std::min(deadline, limit))) return true;
  Kill();
  return false;
}

void ProcessClient::Kill() {
  asked_to_stop_.store(true);
  SignalChild(SIGKILL);
  WaitEnd(std::chrono::steady_clock::now() + kReapGrace);
}

bool ProcessClient::WaitEnd(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  return cv_.wait_until(lock, deadline, [&] { return ended_; });
}

bool ProcessClient::ended() const {
  std::lock_guard lock(mu_);
  return ended_;
}

std::string ProcessClient::failure() const {
  std::lock_guard lock(mu_);
  return failure_;
}

std::string ProcessClient::FailureMessage(const std::string& why) {
  std::string message = fmt::format("{}: {}", Describe(), why);
  std::vector<std::string> tail;
  {
    std::lock_guard lock(tail_mu_);
    tail = stderr_tail_.Lines();
  }
  if (tail.empty()) {
    message += "; it wrote nothing on stderr";
  } else {
    message += "; the last lines of its stderr:";
    for (const auto& l : tail) message += "\n    " + l;
  }
  return message;
}

void ProcessClient::Fail(std::string why) {
  std::string message = FailureMessage(why);
  {
    std::lock_guard lock(mu_);
    if (!failure_.empty()) return;  // the first failure is the cause
    failure_ = std::move(message);
  }
  cv_.notify_all();
}

void ProcessClient::HandleLine(std::string_view line) {
  ++lines_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ClientEvent event;
  std::string error;
  if (!ParseClientEvent(line, &event, &error)) {
    const std::string shown(line.substr(0, kShownLineBytes));
    Fail(fmt::format("line {} of its stdout is not the verifiable clients' protocol ({}): {}{}",
                     lines_.load(), error, shown, line.size() > kShownLineBytes ? "..." : ""));
    SignalChild(SIGKILL);
    return;
  }
  if (event.kind == ClientEvent::Kind::kStartupComplete) {
    {
      std::lock_guard lock(mu_);
      started_.store(true);
    }
    cv_.notify_all();
  }
  if (event.kind == ClientEvent::Kind::kShutdownComplete) shutdown_.store(true);
  on_event_(event);
}

bool ProcessClient::ConsumeStdout(std::string* buffer, bool eof) {
  size_t start = 0;
  for (;;) {
    const size_t nl = buffer->find('\n', start);
    if (nl == std::string::npos) break;
    HandleLine(std::string_view(*buffer).substr(start, nl - start));
    start = nl + 1;
    if (!failure().empty()) return false;
  }
  buffer->erase(0, start);
  if (buffer->size() > kMaxLineBytes) {
    Fail(fmt::format("line {} of its stdout is longer than {} bytes", lines_.load() + 1,
                     kMaxLineBytes));
    SignalChild(SIGKILL);
    return false;
  }
  if (eof && !buffer->empty()) {
    HandleLine(*buffer);  // a last line without its newline
    buffer->clear();
  }
  return failure().empty();
}

void ProcessClient::ReadLoop() {
  // The pipes' read ends are only closed by the ChildProcess's destructor, after this thread.
  const int out_fd = child_->stdout_fd();
  const int err_fd = child_->stderr_fd();
  std::string out, err;
  bool out_open = true, err_open = true, reading = true;
  while (out_open || err_open) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    if (!out_open) fds[0].fd = -1;
    if (!err_open) fds[1].fd = -1;
    const int n = ::poll(fds, 2, 100);
    if (n < 0 && errno != EINTR) break;
    if (err_open && fds[1].revents != 0) {
      err_open = Drain(err_fd, &err);
      std::lock_guard lock(tail_mu_);
      stderr_tail_.Feed(err);
      err.clear();
    }
    if (out_open && fds[0].revents != 0) {
      out_open = Drain(out_fd, &out);
      if (reading) reading = ConsumeStdout(&out, !out_open);
      if (!reading) out.clear();
    }
    // The leader exited but a grandchild holds the pipes open: TryReap kills the group, and
    // the pipes then close.
    // Asked on every pass: a program that left its group and keeps writing to the inherited
    // pipes must not keep the reader (and the run) busy after the program itself is gone.
    if (Reaped(std::chrono::steady_clock::now())) {
      // What the leader wrote between the poll and its exit (its shutdown_complete) is still
      // in the pipes: read it before its end is judged.
      if (err_open) {
        Drain(err_fd, &err);
        std::lock_guard lock(tail_mu_);
        stderr_tail_.Feed(err);
      }
      if (out_open && reading) {
        Drain(out_fd, &out);
        ConsumeStdout(&out, /*eof=*/true);
      }
      break;
    }
  }
  if (!Reaped(std::chrono::steady_clock::now() + kReapGrace)) {
    SignalChild(SIGKILL);  // it closed its output but goes on: it must not outlive its actor
    lingered_.store(true);
    Reaped(std::chrono::steady_clock::now() + kReapGrace);
  }
  End();
}

void ProcessClient::End() {
  std::unique_lock child_lock(child_mu_);
  const bool exited = child_->exited();
  const int code = child_->exit_code();
  const std::string exit =
      lingered_.load()
          ? fmt::format(
                "closed its stdout and stderr but did not exit within {} s, so the runner "
                "killed it,",
                std::chrono::duration_cast<std::chrono::seconds>(kReapGrace).count())
      : exited ? child_->DescribeExit()
               : "its output ended";
  child_lock.unlock();
  std::string failure;
  if (!asked_to_stop_.load()) {
    const bool normal_end = options_.ends_by_itself && shutdown_.load() && exited && code == 0;
    if (!normal_end) {
      failure = FailureMessage(options_.ends_by_itself && code == 0 && !shutdown_.load()
                                   ? fmt::format("{} without shutdown_complete", exit)
                                   : fmt::format("{} before it was asked to stop", exit));
    }
  }
  {
    // The failure and the end together: an owner that sees the failure sees the end (and does
    // not ask a program that is gone to stop).
    std::lock_guard lock(mu_);
    if (failure_.empty()) failure_ = failure;
    ended_ = true;
  }
  cv_.notify_all();
  if (!failure.empty() && options_.on_unasked_end) options_.on_unasked_end();
}

}  // namespace ks
