#pragma once

// The process groups of the programs this runner started (actors/child_process.h), kept where a
// signal handler and an exit handler can reach them: whatever way the runner ends (a second
// Ctrl-C, std::exit), no child it started outlives it.

#include <sys/types.h>

namespace ks {

/// How many process groups can be registered at once.
inline constexpr int kMaxChildGroups = 256;

/// Records the process group `pgid` (> 0; a group leader's pid) so that KillChildGroups() kills
/// it. The first registration also installs an std::atexit handler that calls KillChildGroups(),
/// and a pthread_atfork handler that empties the registry in a copy made by fork() (whose exit
/// must not kill its parent's groups; posix_spawn runs no such handler). Returns false,
/// recording nothing, when `pgid` <= 0 or kMaxChildGroups groups are registered already.
/// Thread-safe, lock-free.
bool RegisterChildGroup(pid_t pgid);

/// Forgets one registration of `pgid` (nothing if it has none). Call it before the group's leader
/// is reaped: once reaped, its number may be given to an unrelated process. Thread-safe.
void UnregisterChildGroup(pid_t pgid);

/// Sends SIGKILL to every registered process group (kill(-pgid, SIGKILL)); the registrations
/// stay. Async-signal-safe: only lock-free atomics and kill(2).
void KillChildGroups();

}  // namespace ks
