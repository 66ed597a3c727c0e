#include "diag/child_groups.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>

namespace ks {
namespace {

static_assert(std::atomic<pid_t>::is_always_lock_free, "signal handlers need lock-free slots");

// 0: a free slot.
std::atomic<pid_t> g_groups[kMaxChildGroups];
// Whether this process's exit handlers include KillChildGroups (a forked copy inherits both).
std::atomic<bool> g_handlers_installed{false};

// In a copy made by fork() (a death test, say): the groups are its parent's, not its own.
void ForgetGroupsInForkedChild() {
  for (auto& slot : g_groups) slot.store(0);
}

}  // namespace

bool RegisterChildGroup(pid_t pgid) {
  if (pgid <= 0) return false;
  if (!g_handlers_installed.exchange(true)) {
    std::atexit(KillChildGroups);
    ::pthread_atfork(nullptr, nullptr, ForgetGroupsInForkedChild);
  }
  for (auto& slot : g_groups) {
    pid_t free = 0;
    if (slot.compare_exchange_strong(free, pgid)) return true;
  }
  return false;
}

void UnregisterChildGroup(pid_t pgid) {
  if (pgid <= 0) return;
  for (auto& slot : g_groups) {
    pid_t expected = pgid;
    if (slot.compare_exchange_strong(expected, 0)) return;
  }
}

void KillChildGroups() {
  const int saved_errno = errno;  // a signal handler must leave errno as it found it
  for (const auto& slot : g_groups) {
    const pid_t pgid = slot.load();
    if (pgid > 0) ::kill(-pgid, SIGKILL);
  }
  errno = saved_errno;
}

}  // namespace ks
