// The programs a process actor runs: started in a group of their own, read through two pipes,
// and never outliving their ChildProcess, their leader or the runner.
#include "actors/child_process.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "diag/child_groups.h"
#include "support/labelled_processes.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// A deadline for what takes milliseconds: generous, so a busy machine does not fail a test.
Clock::time_point Soon() { return Clock::now() + seconds(10); }

// A label no other test (or run) uses.
std::string UniqueLabel() {
  const auto* test = testing::UnitTest::GetInstance()->current_test_info();
  return "child-process-test-" + std::to_string(::getpid()) + "-" + test->name();
}

std::unique_ptr<ChildProcess> Start(const std::vector<std::string>& argv,
                                    const std::string& label = "child-process-test") {
  std::unique_ptr<ChildProcess> child;
  const Status st = ChildProcess::Spawn(ChildSpec{argv, {}}, label, &child);
  EXPECT_TRUE(st.ok()) << st.message();
  return child;
}

std::unique_ptr<ChildProcess> StartShell(const std::string& script,
                                         const std::string& label = "child-process-test") {
  return Start({"sh", "-c", script}, label);
}

// What the non-blocking `fd` gives until `stop` says it is enough, its end, or `deadline`.
template <typename Stop>
std::string Read(int fd, Clock::time_point deadline, Stop stop) {
  std::string text;
  while (!stop(text) && Clock::now() < deadline) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n > 0) text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

// All that `fd` gives until every writer closed it.
std::string ReadToEnd(int fd) {
  return Read(fd, Soon(), [](const std::string&) { return false; });
}

// The first line `fd` gives, without its '\n'.
std::string ReadLine(int fd) {
  std::string line =
      Read(fd, Soon(), [](const std::string& t) { return t.find('\n') != std::string::npos; });
  return line.substr(0, line.find('\n'));
}

// The process is dead: gone, or a zombie that its parent (init, for an orphan) has not reaped.
bool Dead(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  // comm is "(sleep)" or "(sh)": no blank in the commands these tests start.
  return stat >> pid_field >> comm >> state && state == "Z";
}

// Dead(pid) within a few seconds (an orphan dies once the kernel has delivered its SIGKILL).
bool DiesSoon(pid_t pid) {
  const auto deadline = Clock::now() + seconds(5);
  while (!Dead(pid)) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(2));
  }
  return true;
}

using test_support::ProcessesLabelled;

static_assert(std::string_view(test_support::kActorLabelVariable) == ChildProcess::kLabelVariable);

TEST(ChildProcess, ReadsBothPipesAndTheExitStatus) {
  auto child = StartShell("echo hi; echo err >&2; exit 3");
  ASSERT_NE(child, nullptr);
  EXPECT_GT(child->pid(), 0);
  EXPECT_EQ(ReadToEnd(child->stdout_fd()), "hi\n");
  EXPECT_EQ(ReadToEnd(child->stderr_fd()), "err\n");
  ASSERT_TRUE(child->WaitExit(Soon()));
  EXPECT_TRUE(child->exited());
  EXPECT_EQ(child->exit_code(), 3);
  EXPECT_EQ(child->term_signal(), 0);
  EXPECT_EQ(child->DescribeExit(), "exit status 3");
  EXPECT_TRUE(child->TryReap());  // still true, nothing reaped twice
  child->CloseOutput();
  EXPECT_EQ(child->stdout_fd(), -1);
  EXPECT_EQ(child->stderr_fd(), -1);
}

TEST(ChildProcess, GetsItsEnvironmentItsLabelAndNoInput) {
  std::unique_ptr<ChildProcess> child;
  const ChildSpec spec{
      {"sh", "-c",
       R"(if read x; then echo input; else echo no input; fi; )"
       R"(echo "$KS_TEST_VALUE|$HOME|$KS_ACTOR_PROCESS|$PATH")"},
      {{"KS_TEST_VALUE", "first"}, {"HOME", "/nowhere"}, {"KS_TEST_VALUE", "a b"}}};
  ASSERT_TRUE(ChildProcess::Spawn(spec, "the-label", &child).ok());
  const char* path = std::getenv("PATH");
  EXPECT_EQ(ReadToEnd(child->stdout_fd()),
            "no input\na b|/nowhere|the-label|" + std::string(path ? path : "") + "\n");
  ASSERT_TRUE(child->WaitExit(Soon()));
  EXPECT_EQ(child->exit_code(), 0);
}

TEST(ChildProcess, AProgramThatCannotStartIsAClearError) {
  std::unique_ptr<ChildProcess> child;
  Status st = ChildProcess::Spawn(ChildSpec{{"ks-no-such-program-here", "x"}, {}}, "l", &child);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(
      st.message(),
      "cannot start 'ks-no-such-program-here': No such file or directory (looked up in PATH)");
  EXPECT_EQ(child, nullptr);
  st = ChildProcess::Spawn(ChildSpec{{"/dev/null"}, {}}, "l", &child);
  EXPECT_EQ(st.message(), "cannot start '/dev/null': Permission denied");
  st = ChildProcess::Spawn(ChildSpec{{}, {}}, "l", &child);
  EXPECT_EQ(st.message(), "cannot start a program: no command given");
  st = ChildProcess::Spawn(ChildSpec{{"true"}, {{"A=B", "c"}}}, "l", &child);
  EXPECT_EQ(st.message(), "cannot start 'true': 'A=B' is not an environment variable name");
  EXPECT_EQ(child, nullptr);
}

TEST(ChildProcess, ASignalReachesTheWholeGroup) {
  for (int sig : {SIGTERM, SIGKILL}) {
    SCOPED_TRACE(sig);
    auto child = StartShell("sleep 100 & echo $!; sleep 100");
    ASSERT_NE(child, nullptr);
    const pid_t grandchild = std::stoi(ReadLine(child->stdout_fd()));
    EXPECT_FALSE(child->TryReap());
    EXPECT_EQ(child->DescribeExit(), "still running");
    EXPECT_EQ(child->exit_code(), -1);
    child->Signal(sig);
    ASSERT_TRUE(child->WaitExit(Soon()));
    EXPECT_EQ(child->term_signal(), sig);
    EXPECT_EQ(child->exit_code(), -1);
    EXPECT_EQ(child->DescribeExit(),
              sig == SIGTERM ? "killed by signal SIGTERM" : "killed by signal SIGKILL");
    EXPECT_TRUE(DiesSoon(grandchild));
    child->Signal(SIGKILL);  // reaped: nothing is sent
  }
}

TEST(ChildProcess, TheLeadersExitKillsWhatIsLeftOfItsGroup) {
  auto child = StartShell("sleep 100 & echo $!");
  ASSERT_NE(child, nullptr);
  const pid_t grandchild = std::stoi(ReadLine(child->stdout_fd()));
  ASSERT_TRUE(child->WaitExit(Soon()));
  EXPECT_EQ(child->exit_code(), 0);
  EXPECT_TRUE(DiesSoon(grandchild));
}

TEST(ChildProcess, TheDestructorLeavesNoProcess) {
  const std::string label = UniqueLabel();
  auto child = StartShell("sleep 100 & echo $!; sleep 100", label);
  ASSERT_NE(child, nullptr);
  const pid_t leader = child->pid();
  const pid_t grandchild = std::stoi(ReadLine(child->stdout_fd()));
  // The shell, its background sleep and (once forked) its foreground one.
  EXPECT_GE(test_support::ProcessesLabelledAtLeast(label, 2).size(), 2u);
  const auto start = Clock::now();
  child.reset();
  EXPECT_LT(Clock::now() - start, seconds(5));
  EXPECT_EQ(::kill(leader, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_TRUE(DiesSoon(grandchild));
  // Killed with the group, the foreground sleep may still be exiting: gone once it has.
  EXPECT_EQ(test_support::ProcessesLabelledSoon(label), std::vector<pid_t>{});
}

TEST(ChildProcess, WaitExitHonoursItsDeadline) {
  auto child = StartShell(R"(trap "" TERM; echo ready; sleep 100)");
  ASSERT_NE(child, nullptr);
  ASSERT_EQ(ReadLine(child->stdout_fd()), "ready");
  child->Signal(SIGTERM);  // ignored by the shell and by the sleep it started
  const auto start = Clock::now();
  EXPECT_FALSE(child->WaitExit(start + milliseconds(200)));
  const auto waited = Clock::now() - start;
  EXPECT_GE(waited, milliseconds(200));
  EXPECT_LT(waited, seconds(5));
  EXPECT_FALSE(child->exited());
  EXPECT_FALSE(child->WaitExit(Clock::now() - seconds(1)));  // a past deadline: one look
  child->Signal(SIGKILL);
  ASSERT_TRUE(child->WaitExit(Soon()));
  EXPECT_EQ(child->term_signal(), SIGKILL);
}

TEST(ChildProcess, ItsGroupIsRegisteredForKillChildGroups) {
  auto child = Start({"sleep", "100"});
  ASSERT_NE(child, nullptr);
  KillChildGroups();
  ASSERT_TRUE(child->WaitExit(Soon()));
  EXPECT_EQ(child->DescribeExit(), "killed by signal SIGKILL");
}

TEST(ChildProcess, AFullRegistryStartsNothing) {
  // Group ids no process can have (Linux's pid_max is at most 2^22).
  constexpr pid_t kNoSuchGroup = pid_t{1} << 30;
  int taken = 0;
  while (RegisterChildGroup(kNoSuchGroup + taken)) ++taken;
  const std::string label = UniqueLabel();
  std::unique_ptr<ChildProcess> child;
  const Status st = ChildProcess::Spawn(ChildSpec{{"sleep", "100"}, {}}, label, &child);
  for (int i = 0; i < taken; ++i) UnregisterChildGroup(kNoSuchGroup + i);
  EXPECT_EQ(st.message(), "cannot start 'sleep': " + std::to_string(kMaxChildGroups) +
                              " programs run already, the most this runner keeps track of");
  EXPECT_EQ(child, nullptr);
  EXPECT_EQ(ProcessesLabelled(label), std::vector<pid_t>{});
}

TEST(ChildProcess, StartsWithNoSignalIgnoredOrBlocked) {
  // What a runner may do: ignore SIGPIPE, block signals in the thread that starts the program.
  auto* const old_pipe = ::signal(SIGPIPE, SIG_IGN);
  sigset_t block, old_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  ::pthread_sigmask(SIG_BLOCK, &block, &old_mask);
  auto child = Start({"sleep", "100"});
  ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  ::signal(SIGPIPE, old_pipe);
  ASSERT_NE(child, nullptr);
  std::ifstream status("/proc/" + std::to_string(child->pid()) + "/status");
  std::string line;
  int seen = 0;
  while (std::getline(status, line)) {
    if (!line.starts_with("SigIgn:") && !line.starts_with("SigBlk:")) continue;
    ++seen;
    uint64_t mask = std::stoull(line.substr(7), nullptr, 16);
    // glibc's posix_spawn leaves its two internal signals (32 and 33, below SIGRTMIN) ignored,
    // and no signal set can name them: a glibc program installs its own handlers for them.
    if (line.starts_with("SigIgn:")) mask &= ~((uint64_t{1} << 31) | (uint64_t{1} << 32));
    EXPECT_EQ(mask, 0u) << line;
  }
  EXPECT_EQ(seen, 2);
}

TEST(LineTail, KeepsTheLastLines) {
  LineTail tail(3, 100);
  EXPECT_EQ(tail.Lines(), std::vector<std::string>{});
  tail.Feed("one\ntwo\nthr");
  tail.Feed("ee\r\nfour\nfi");
  EXPECT_EQ(tail.Lines(), (std::vector<std::string>{"three", "four", "fi"}));
  tail.Feed("ve\n");
  EXPECT_EQ(tail.Lines(), (std::vector<std::string>{"three", "four", "five"}));
  tail.Feed("\n");  // an empty line is a line
  EXPECT_EQ(tail.Lines(), (std::vector<std::string>{"four", "five", ""}));
  tail.Feed("six\r");
  tail.Feed("\nseven\n");
  EXPECT_EQ(tail.Lines(), (std::vector<std::string>{"", "six", "seven"}));
}

TEST(LineTail, CapsEachLine) {
  LineTail tail(2, 5);
  tail.Feed("abcdefgh");
  EXPECT_EQ(tail.Lines(), std::vector<std::string>{"abcde..."});
  tail.Feed(std::string(1 << 20, 'x'));  // memory stays bounded
  tail.Feed("\nabcde\n");
  EXPECT_EQ(tail.Lines(), (std::vector<std::string>{"abcde...", "abcde"}));
  // A cut never splits a character: "é" is two bytes, the fifth and sixth.
  tail.Feed("abcd\xC3\xA9z\n");
  EXPECT_EQ(tail.Lines(), (std::vector<std::string>{"abcde", "abcd..."}));
  tail.Feed("ab\xE2\x82\xAC\xE2\x82\xAC\n");  // "ab€€": the second € would be cut
  EXPECT_EQ(tail.Lines(), (std::vector<std::string>{"abcd...", "ab\xE2\x82\xAC..."}));
  LineTail defaults;
  defaults.Feed(std::string(600, 'y') + "\n");
  ASSERT_EQ(defaults.Lines().size(), 1u);
  EXPECT_EQ(defaults.Lines()[0], std::string(500, 'y') + "...");
  for (int i = 0; i < 30; ++i) defaults.Feed(std::to_string(i) + "\n");
  ASSERT_EQ(defaults.Lines().size(), 20u);
  EXPECT_EQ(defaults.Lines().front(), "10");
  EXPECT_EQ(defaults.Lines().back(), "29");
}

}  // namespace
}  // namespace ks
