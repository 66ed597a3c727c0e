#include "target/shell_command.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

extern char** environ;

namespace ks {
namespace {

constexpr size_t kKeepBytes = 64 * 1024;

// The last `lines` lines of `text`, for an error message.
std::string Tail(const std::string& text, int lines) {
  size_t at = text.size();
  while (at > 0 && (text[at - 1] == '\n' || text[at - 1] == ' ')) --at;
  size_t end = at;
  for (int n = 0; n < lines && at > 0; ++n) {
    at = text.rfind('\n', at - 1);
    if (at == std::string::npos) {
      at = 0;
      break;
    }
  }
  std::string tail = text.substr(at, end - at);
  while (!tail.empty() && tail.front() == '\n') tail.erase(tail.begin());
  return tail;
}

// Starts /bin/sh running `command` in `directory`, in a process group of its own (so a timeout
// kills what the shell started too), stdin from /dev/null, stdout and stderr into a pipe whose
// read end is `*read_fd`.
Status SpawnShell(const std::string& command, const std::string& directory, pid_t* pid,
                  int* read_fd) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return Status::Error(fmt::format("cannot run '{}': pipe: {}", command, std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  // cd first: posix_spawn_file_actions_addchdir_np is not in every libc.
  const std::string script = "cd \"$1\" && eval \"$2\"";
  const char* argv[] = {"/bin/sh",       "-c",   script.c_str(), "sh", directory.c_str(),
                        command.c_str(), nullptr};
  const int spawn_error =
      posix_spawn(pid, "/bin/sh", &actions, &attr, const_cast<char* const*>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(pipe_fds[1]);
  if (spawn_error != 0) {
    ::close(pipe_fds[0]);
    return Status::Error(fmt::format("cannot run '{}': {}", command, std::strerror(spawn_error)));
  }
  *read_fd = pipe_fds[0];
  return Status::Ok();
}

// What a command left: the end of its output, its wait status, whether it ran out of time.
struct Ended {
  std::string output;  // the last kKeepBytes
  int status = 0;
  bool timed_out = false;
};

// Reads `fd` (closed here) until every writer closed it, then reaps `pid`; at `deadline` the
// process group is killed instead.
Ended CaptureUntilExit(int fd, pid_t pid, std::chrono::steady_clock::time_point deadline) {
  Ended e;
  bool reaped = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      e.timed_out = true;
      break;
    }
    pollfd pfd{fd, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(std::min<int64_t>(left, 200)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      // A background child may hold the output open after the shell itself has finished.
      if (::waitpid(pid, &e.status, WNOHANG) == pid) {
        reaped = true;
        break;
      }
      continue;
    }
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // every writer closed (or the pipe failed): now wait for the exit
    e.output.append(buf, static_cast<size_t>(n));
    if (e.output.size() > kKeepBytes) e.output.erase(0, e.output.size() - kKeepBytes);
  }
  ::close(fd);
  // A command that closed its output (exec >/dev/null) may still run: the deadline holds here
  // too.
  while (!reaped && !e.timed_out) {
    const pid_t done = ::waitpid(pid, &e.status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) {
      reaped = true;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      e.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (e.timed_out) {
    ::kill(-pid, SIGKILL);
    while (!reaped && ::waitpid(pid, &e.status, 0) < 0 && errno == EINTR) {
    }
  }
  return e;
}

}  // namespace

Status RunShellCommand(const std::string& command, const std::string& directory, int64_t timeout_ms,
                       std::string* output) {
  pid_t pid = 0;
  int fd = -1;
  if (Status st = SpawnShell(command, directory, &pid, &fd); !st.ok()) return st;
  const Ended e = CaptureUntilExit(
      fd, pid, std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms));
  if (output != nullptr) *output = e.output;
  const std::string tail = Tail(e.output, 5);
  const std::string said = tail.empty() ? "" : ": " + tail;
  if (e.timed_out) {
    return Status::Error(fmt::format("'{}' did not finish within {} ms and was killed{}", command,
                                     timeout_ms, said));
  }
  if (WIFEXITED(e.status) && WEXITSTATUS(e.status) == 0) return Status::Ok();
  if (WIFSIGNALED(e.status)) {
    return Status::Error(
        fmt::format("'{}' was killed by signal {}{}", command, WTERMSIG(e.status), said));
  }
  return Status::Error(
      fmt::format("'{}' exited with status {}{}", command, WEXITSTATUS(e.status), said));
}

}  // namespace ks
