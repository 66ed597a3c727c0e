#pragma once

namespace ks {

/// Asks every running scenario to stop as soon as it can (SIGINT, SIGTERM): the timeline ends at
/// its next tick, actors stop, and targets clean up what they created. Async-signal-safe.
void RequestInterrupt();

/// True once RequestInterrupt() was called (until ClearInterrupt()).
bool InterruptRequested();

/// The signal that asked (SIGINT or SIGTERM), SIGINT for RequestInterrupt(); 0 before any.
int InterruptSignal();

/// Forgets an earlier request (tests, and a process that runs again).
void ClearInterrupt();

/// Makes SIGINT and SIGTERM call RequestInterrupt() instead of ending the process; a second
/// signal of either kind kills the registered child process groups (KillChildGroups(),
/// diag/child_groups.h) and ends the process at once (the default action), for a user who insists.
void InstallInterruptHandlers();

}  // namespace ks
