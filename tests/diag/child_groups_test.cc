// The registry of the process groups the runner started: whatever way the runner ends (a second
// Ctrl-C, std::exit), the groups it registered are killed.
#include "diag/child_groups.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "diag/interrupt.h"

extern char** environ;

namespace ks {
namespace {

// Group ids no process can have (Linux's pid_max is at most 2^22): registering them is harmless,
// killing them fails with ESRCH.
constexpr pid_t kNoSuchGroup = pid_t{1} << 30;

// Starts `sleep 100` in a process group of its own (pgid = its pid); -1 if it could not.
pid_t SpawnSleepInOwnGroup() {
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  const char* argv[] = {"sleep", "100", nullptr};
  pid_t pid = -1;
  const int err =
      posix_spawnp(&pid, "sleep", nullptr, &attr, const_cast<char* const*>(argv), environ);
  posix_spawnattr_destroy(&attr);
  return err == 0 ? pid : -1;
}

// The process is dead: gone, or a zombie that its parent (init, for an orphan) has not reaped.
bool Dead(pid_t pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  // comm is "(sleep)": no blank in the commands these tests start.
  return stat >> pid_field >> comm >> state && state == "Z";
}

// Dead(pid) within a few seconds.
bool DiesSoon(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!Dead(pid)) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Reads the pid a death test's child wrote to `fd`; -1 if none.
pid_t ReadPid(int fd) {
  pid_t pid = -1;
  return ::read(fd, &pid, sizeof pid) == static_cast<ssize_t>(sizeof pid) ? pid : -1;
}

TEST(ChildGroups, KillChildGroupsKillsEveryRegisteredGroupAndNoOther) {
  const pid_t first = SpawnSleepInOwnGroup();
  const pid_t second = SpawnSleepInOwnGroup();
  const pid_t other = SpawnSleepInOwnGroup();
  ASSERT_GT(first, 0);
  ASSERT_GT(second, 0);
  ASSERT_GT(other, 0);
  ASSERT_TRUE(RegisterChildGroup(first));
  ASSERT_TRUE(RegisterChildGroup(second));
  KillChildGroups();
  for (pid_t pid : {first, second}) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
    UnregisterChildGroup(pid);
  }
  int status = 0;
  EXPECT_EQ(::waitpid(other, &status, WNOHANG), 0) << "an unregistered group was killed";
  ::kill(-other, SIGKILL);
  ::waitpid(other, &status, 0);
}

TEST(ChildGroups, AnUnregisteredGroupIsNotKilled) {
  const pid_t pid = SpawnSleepInOwnGroup();
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(RegisterChildGroup(pid));
  UnregisterChildGroup(pid);
  KillChildGroups();
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, WNOHANG), 0);
  ::kill(-pid, SIGKILL);
  ::waitpid(pid, &status, 0);
}

TEST(ChildGroups, RefusesAGroupWhenFullAndWhenNotAGroup) {
  EXPECT_FALSE(RegisterChildGroup(0));
  EXPECT_FALSE(RegisterChildGroup(-5));
  for (int i = 0; i < kMaxChildGroups; ++i) {
    ASSERT_TRUE(RegisterChildGroup(kNoSuchGroup + i)) << i;
  }
  EXPECT_FALSE(RegisterChildGroup(kNoSuchGroup + kMaxChildGroups));
  UnregisterChildGroup(kNoSuchGroup + 7);
  EXPECT_TRUE(RegisterChildGroup(kNoSuchGroup + kMaxChildGroups));
  UnregisterChildGroup(kNoSuchGroup + 7);  // no longer registered: nothing happens
  for (int i = 0; i <= kMaxChildGroups; ++i) UnregisterChildGroup(kNoSuchGroup + i);
  // Every slot is free again.
  for (int i = 0; i < kMaxChildGroups; ++i) ASSERT_TRUE(RegisterChildGroup(kNoSuchGroup + i));
  for (int i = 0; i < kMaxChildGroups; ++i) UnregisterChildGroup(kNoSuchGroup + i);
}

TEST(ChildGroups, OneGroupRegisteredTwiceNeedsTwoUnregistrations) {
  ASSERT_TRUE(RegisterChildGroup(kNoSuchGroup));
  ASSERT_TRUE(RegisterChildGroup(kNoSuchGroup));
  UnregisterChildGroup(kNoSuchGroup);
  UnregisterChildGroup(kNoSuchGroup);
  for (int i = 0; i < kMaxChildGroups; ++i) ASSERT_TRUE(RegisterChildGroup(kNoSuchGroup + i));
  for (int i = 0; i < kMaxChildGroups; ++i) UnregisterChildGroup(kNoSuchGroup + i);
}

// In a forked copy of this test (a death test): start a group, register it, tell the parent its
// pid, then end as `end` says.
template <typename End>
void RegisterAGroupThen(int pid_fd, End end) {
  const pid_t pid = SpawnSleepInOwnGroup();
  if (pid <= 0 || !RegisterChildGroup(pid)) std::_Exit(99);
  if (::write(pid_fd, &pid, sizeof pid) != static_cast<ssize_t>(sizeof pid)) std::_Exit(98);
  end();
}

TEST(ChildGroupsDeathTest, ExitKillsTheRegisteredGroups) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  EXPECT_EXIT(RegisterAGroupThen(fds[1], [] { std::exit(0); }), testing::ExitedWithCode(0), "");
  ::close(fds[1]);  // a child that failed before writing: end of file, not a wait
  const pid_t pid = ReadPid(fds[0]);
  ::close(fds[0]);
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(DiesSoon(pid)) << "sleep " << pid << " outlived std::exit";
  ::kill(-pid, SIGKILL);  // should the test have failed
}

TEST(ChildGroupsDeathTest, ASecondInterruptKillsTheRegisteredGroupsThenTheRunner) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  EXPECT_EXIT(RegisterAGroupThen(fds[1],
                                 [] {
                                   InstallInterruptHandlers();
                                   ::raise(SIGTERM);  // asks the runner to stop: it goes on
                                   if (!InterruptRequested()) std::_Exit(97);
                                   ::raise(SIGINT);  // insists: the end
                                   std::_Exit(96);
                                 }),
              testing::KilledBySignal(SIGINT), "");
  ::close(fds[1]);  // a child that failed before writing: end of file, not a wait
  const pid_t pid = ReadPid(fds[0]);
  ::close(fds[0]);
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(DiesSoon(pid)) << "sleep " << pid << " outlived the second interrupt";
  ::kill(-pid, SIGKILL);
}

TEST(ChildGroupsDeathTest, AForkedCopyDoesNotKillItsParentsGroups) {
  const pid_t pid = SpawnSleepInOwnGroup();
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(RegisterChildGroup(pid));
  EXPECT_EXIT(std::exit(0), testing::ExitedWithCode(0), "");
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, WNOHANG), 0) << "the forked copy's exit killed the group";
  UnregisterChildGroup(pid);
  ::kill(-pid, SIGKILL);
  ::waitpid(pid, &status, 0);
}

}  // namespace
}  // namespace ks
