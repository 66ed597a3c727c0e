#include "actors/child_process.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>

#include "diag/child_groups.h"

extern char** environ;

namespace ks {
namespace {

// The name of an environment entry "NAME=value".
std::string_view EntryName(std::string_view entry) { return entry.substr(0, entry.find('=')); }

// The runner's environment with `spec.env` added (a later entry of the same name wins) and
// KS_ACTOR_PROCESS=label last, no name twice.
std::vector<std::string> ChildEnvironment(const ChildSpec& spec, const std::string& label) {
  const std::string_view label_name = ChildProcess::kLabelVariable;
  auto replaced = [&](std::string_view name) {
    if (name == label_name) return true;
    return std::any_of(spec.env.begin(), spec.env.end(),
                       [&](const auto& kv) { return kv.first == name; });
  };
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!replaced(EntryName(*e))) env.emplace_back(*e);
  }
  for (size_t i = 0; i < spec.env.size(); ++i) {
    const std::string& name = spec.env[i].first;
    const bool later =
        std::any_of(spec.env.begin() + static_cast<std::ptrdiff_t>(i) + 1, spec.env.end(),
                    [&](const auto& kv) { return kv.first == name; });
    if (!later && name != label_name) env.push_back(name + "=" + spec.env[i].second);
  }
  env.push_back(std::string(label_name) + "=" + label);
  return env;
}

// Pointers to `strings`' texts, null-terminated, as exec wants them.
std::vector<char*> CArray(std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

void CloseIfOpen(int* fd) {
  if (*fd >= 0) ::close(*fd);
  *fd = -1;
}

// Waits for `pid` (blocking); its wait status, or -1 when it cannot be waited for (ECHILD).
int ReapBlocking(pid_t pid) {
  int status = 0;
  for (;;) {
    if (::waitpid(pid, &status, 0) == pid) return status;
    if (errno != EINTR) return -1;
  }
}

// The length of `s` without a last UTF-8 character that a cut left incomplete.
size_t Utf8Boundary(const std::string& s) {
  size_t i = s.size();
  size_t continuation = 0;
  while (i > 0 && continuation < 3 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) {
    --i;
    ++continuation;
  }
  if (i == 0) return s.size();  // no lead byte: not UTF-8, nothing to repair
  const auto lead = static_cast<unsigned char>(s[i - 1]);
  const size_t length = lead < 0x80             ? 1
                        : (lead & 0xE0) == 0xC0 ? 2
                        : (lead & 0xF0) == 0xE0 ? 3
                        : (lead & 0xF8) == 0xF0 ? 4
                                                : 1;
  return i - 1 + length > s.size() ? i - 1 : s.size();
}

}  // namespace

Status ChildProcess::Spawn(const ChildSpec& spec, const std::string& label,
                           std::unique_ptr<ChildProcess>* out) {
  if (spec.argv.empty() || spec.argv[0].empty()) {
    return Status::Error("cannot start a program: no command given");
  }
  const std::string& name = spec.argv[0];
  for (const auto& [key, value] : spec.env) {
    if (key.empty() || key.find('=') != std::string::npos) {
      return Status::Error(
          fmt::format("cannot start '{}': '{}' is not an environment variable name", name, key));
    }
  }
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    const int err = errno;
    for (int* fd : {&out_pipe[0], &out_pipe[1], &err_pipe[0], &err_pipe[1]}) CloseIfOpen(fd);
    return Status::Error(fmt::format("cannot start '{}': pipe: {}", name, std::strerror(err)));
  }
  // Only the runner's ends are non-blocking: a child's stdout must block when the pipe is full.
  for (int fd : {out_pipe[0], err_pipe[0]}) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);
  // The spawning thread's mask (a thread that waits for signals blocks them) and what the runner
  // ignores (SIGPIPE, say) would otherwise be inherited.
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attr, &signals);
  sigfillset(&signals);
  posix_spawnattr_setsigdefault(&attr, &signals);

  std::vector<std::string> argv_strings = spec.argv;
  std::vector<std::string> env_strings = ChildEnvironment(spec, label);
  std::vector<char*> argv = CArray(argv_strings);
  std::vector<char*> envp = CArray(env_strings);
  pid_t pid = 0;
  const int spawn_error =
      posix_spawnp(&pid, name.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  CloseIfOpen(&out_pipe[1]);
  CloseIfOpen(&err_pipe[1]);
  if (spawn_error != 0) {
    CloseIfOpen(&out_pipe[0]);
    CloseIfOpen(&err_pipe[0]);
    const bool searched = name.find('/') == std::string::npos;
    return Status::Error(fmt::format("cannot start '{}': {}{}", name, std::strerror(spawn_error),
                                     searched ? " (looked up in PATH)" : ""));
  }
  if (!RegisterChildGroup(pid)) {
    ::kill(-pid, SIGKILL);
    ReapBlocking(pid);
    CloseIfOpen(&out_pipe[0]);
    CloseIfOpen(&err_pipe[0]);
    return Status::Error(fmt::format(
        "cannot start '{}': {} programs run already, the most this runner keeps track of", name,
        kMaxChildGroups));
  }
  out->reset(new ChildProcess(pid, out_pipe[0], err_pipe[0]));
  return Status::Ok();
}

ChildProcess::~ChildProcess() {
  if (!reaped_) {
    ::kill(-pid_, SIGKILL);
    UnregisterChildGroup(pid_);
    ReapBlocking(pid_);
  }
  CloseOutput();
}

void ChildProcess::CloseOutput() {
  CloseIfOpen(&stdout_fd_);
  CloseIfOpen(&stderr_fd_);
}

void ChildProcess::Signal(int sig) {
  if (!reaped_) ::kill(-pid_, sig);
}

bool ChildProcess::TryReap() {
  if (reaped_) return true;
  // WNOWAIT: the leader stays a zombie, so its pid, the group's id, cannot be given to another
  // process while what is left of the group is killed and the group unregistered.
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno == EINTR) continue;
    // ECHILD: something else reaped it (SIGCHLD ignored, a waitpid(-1)); its status is lost,
    // and its number may be another process's already: no kill.
    UnregisterChildGroup(pid_);
    reaped_ = true;
    status_known_ = false;
    return true;
  }
  if (info.si_pid == 0) return false;  // still running
  ::kill(-pid_, SIGKILL);
  UnregisterChildGroup(pid_);
  const int status = ReapBlocking(pid_);
  reaped_ = true;
  if (status == -1) {
    status_known_ = false;
  } else if (WIFSIGNALED(status)) {
    term_signal_ = WTERMSIG(status);
  } else {
    exit_code_ = WEXITSTATUS(status);
  }
  return true;
}

bool ChildProcess::WaitExit(std::chrono::steady_clock::time_point deadline) {
  using std::chrono::milliseconds;
  std::chrono::steady_clock::duration pause = milliseconds(1);
  for (;;) {
    if (TryReap()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(std::min(pause, deadline - now));
    pause = std::min<std::chrono::steady_clock::duration>(pause * 2, milliseconds(10));
  }
}

std::string ChildProcess::DescribeExit() const {
  if (!reaped_) return "still running";
  if (!status_known_) return "exited (its exit status is unknown: it was reaped elsewhere)";
  if (term_signal_ != 0) {
    const char* abbrev = ::sigabbrev_np(term_signal_);
    return abbrev != nullptr ? fmt::format("killed by signal SIG{}", abbrev)
                             : fmt::format("killed by signal {}", term_signal_);
  }
  return fmt::format("exit status {}", exit_code_);
}

void LineTail::Feed(std::string_view bytes) {
  while (!bytes.empty()) {
    const size_t newline = bytes.find('\n');
    std::string_view piece = bytes.substr(0, newline);
    if (newline != std::string_view::npos && !piece.empty() && piece.back() == '\r') {
      piece.remove_suffix(1);
    }
    const size_t room = max_line_bytes_ - std::min(partial_.size(), max_line_bytes_);
    if (piece.size() > room) partial_cut_ = true;
    partial_.append(piece.substr(0, room));
    if (newline == std::string_view::npos) return;
    EndLine();
    bytes.remove_prefix(newline + 1);
  }
}

std::vector<std::string> LineTail::Lines() const {
  const bool fragment = !partial_.empty() || partial_cut_;
  const size_t keep = fragment ? max_lines_ - 1 : max_lines_;
  std::vector<std::string> out(
      lines_.begin() + static_cast<std::ptrdiff_t>(lines_.size() - std::min(keep, lines_.size())),
      lines_.end());
  if (fragment) out.push_back(Finished());
  return out;
}

void LineTail::EndLine() {
  // A "\r\n" split between two Feeds.
  if (!partial_cut_ && !partial_.empty() && partial_.back() == '\r') partial_.pop_back();
  lines_.push_back(Finished());
  while (lines_.size() > max_lines_) lines_.pop_front();
  partial_.clear();
  partial_cut_ = false;
}

std::string LineTail::Finished() const {
  if (!partial_cut_) return partial_;
  std::string line = partial_.substr(0, Utf8Boundary(partial_));
  line += "...";
  return line;
}

}  // namespace ks
