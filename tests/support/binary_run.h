#pragma once

// Runs the built kafka-scenario binary as a child process and captures what it prints: what a
// user's shell or CI sees (exit status, stdout, stderr, a terminal or a pipe), which the
// in-process RunCli (cli_runner.h) cannot show.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ks::test_support {

/// What the child did.
struct BinaryRun {
  int status = -1;  ///< exit status; 128 + the signal that ended it; -1 when it had to be killed
  std::string out;  ///< its stdout (with `tty`, as the terminal got it: "\n" became "\r\n")
  std::string err;  ///< its stderr
};

/// How to start it.
struct BinaryOptions {
  /// Environment changes: a value sets the variable, nullopt removes it.
  std::vector<std::pair<std::string, std::optional<std::string>>> env;
  /// Stdout on a pseudo-terminal instead of a pipe (isatty(1) is true in the child).
  bool tty = false;
  /// Killed (status -1) when still running after this long.
  std::chrono::seconds cap{120};
};

namespace binary_run_detail {

// Appends what `fd` has to `to`; false at end of file (EIO on a pty master whose slave closed).
inline bool Drain(int fd, std::string* to) {
  char chunk[4096];
  const ssize_t n = read(fd, chunk, sizeof chunk);
  if (n > 0) {
    to->append(chunk, static_cast<size_t>(n));
    return true;
  }
  return n < 0 && (errno == EINTR || errno == EAGAIN);
}

// Opens a pseudo-terminal; returns the master fd and sets `slave_name`, or -1.
inline int OpenPty(std::string* slave_name) {
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0) return -1;
  if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname(master) == nullptr) {
    close(master);
    return -1;
  }
  *slave_name = ptsname(master);
  return master;
}

}  // namespace binary_run_detail

/// Runs `KS_BINARY_DIR/kafka-scenario <args...>` with `options`, stdin from /dev/null, and
/// waits for it (up to `options.cap`).
inline BinaryRun RunBinary(const std::vector<std::string>& args,
                           const BinaryOptions& options = {}) {
  using binary_run_detail::Drain;
  BinaryRun run;
  int out_pipe[2] = {-1, -1}, err_pipe[2];
  if (pipe(err_pipe) != 0) return run;
  std::string slave;
  int out_fd = -1;
  if (options.tty) {
    out_fd = binary_run_detail::OpenPty(&slave);
    // Opened before the fork: a master whose slave was never opened reads as ended.
    out_pipe[1] = out_fd < 0 ? -1 : ::open(slave.c_str(), O_WRONLY | O_NOCTTY);
  } else if (pipe(out_pipe) == 0) {
    out_fd = out_pipe[0];
  }
  // What the parent holds, closed on every early return.
  auto close_all = [&] {
    for (int fd : {err_pipe[0], err_pipe[1], out_fd, out_pipe[1]}) {
      if (fd >= 0) close(fd);
    }
  };
  if (out_fd < 0 || out_pipe[1] < 0) {
    close_all();
    return run;  // status -1: it never started
  }
  const pid_t pid = fork();
  if (pid < 0) {
    close_all();
    return run;
  }
  if (pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    dup2(in, STDIN_FILENO);
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    for (const auto& [name, value] : options.env) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
    std::vector<char*> argv{const_cast<char*>("kafka-scenario")};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(KS_BINARY_DIR "/kafka-scenario", argv.data());
    _exit(127);
  }
  close(err_pipe[1]);
  close(out_pipe[1]);
  const auto deadline = std::chrono::steady_clock::now() + options.cap;
  bool out_open = true, err_open = true;
  while ((out_open || err_open) && std::chrono::steady_clock::now() < deadline) {
    pollfd fds[2] = {{out_open ? out_fd : -1, POLLIN, 0}, {err_open ? err_pipe[0] : -1, POLLIN, 0}};
    if (poll(fds, 2, 100) <= 0) continue;
    if (fds[0].revents != 0) out_open = Drain(out_fd, &run.out);
    if (fds[1].revents != 0) err_open = Drain(err_pipe[0], &run.err);
  }
  close(out_fd);
  close(err_pipe[0]);
  int status = 0;
  if (out_open || err_open) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return run;  // status -1: it did not end in time
  }
  waitpid(pid, &status, 0);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return run;
}

}  // namespace ks::test_support
