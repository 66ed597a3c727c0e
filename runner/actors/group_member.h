#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "diag/status.h"
#include "scenario/model.h"

namespace ks {

/// One member of a consumer group as the run drives it, whichever client plays it: the runner's
/// own librdkafka consumer (MemberActor) or a program of its own (ProcessMember: Kafka's
/// VerifiableConsumer or the user's application). Each records its ops in the member's log.
class GroupMember {
 public:
  virtual ~GroupMember() = default;
  /// Starts the client; errors say why it could not start.
  virtual Status Start() = 0;
  /// Stops cleanly (final commit, then leaving the group); blocks until it has ended.
  virtual void Stop() = 0;
  /// Asks for a clean stop without waiting; WaitFinalCommit, Leave and Stop follow.
  virtual void RequestStop() = 0;
  /// Waits, at most until `deadline`, until a member asked to stop made its final commit (or
  /// ended). False when the deadline came first.
  [[nodiscard]] virtual bool WaitFinalCommit(std::chrono::steady_clock::time_point deadline) = 0;
  /// Lets a stopping member leave its group; does not wait.
  virtual void Leave() = 0;
  /// Kills the member as a killed process dies: no final commit, no LeaveGroup; a crash op.
  virtual void Crash() = 0;
  /// Moves the member's position (Kafka's seek), waiting up to `timeout_ms`.
  virtual Status Seek(const SeekSpec& seek, int timeout_ms) = 0;
  /// True between Start() and its end (stopped, crashed, or a process that exited).
  virtual bool running() const = 0;
  /// True once Start() has succeeded: a client runs once, a restart is a new one.
  virtual bool has_run() const = 0;
  /// "group/i".
  virtual const std::string& name() const = 0;
  /// A problem met while running that does not fail the scenario by itself, or "".
  virtual std::string error() const = 0;
  /// A problem that fails the scenario (a Lua hook's error; a process that exited unasked,
  /// printed a line that is not the protocol's, or said nothing in time), or "".
  virtual std::string fatal_error() const = 0;
};

/// Stops `members` cleanly together: each finishes its records and makes its final commit
/// (waited for until `commit_deadline`, steady clock), then all leave the group at once, so the
/// group rebalances once and no member's commit meets the rebalance another's LeaveGroup
/// started. Blocks until every member has ended.
///
/// Returns the names ("group/i") of the members that had not made their final commit by
/// `commit_deadline`, in the order of `members`; empty when all made it. They leave anyway, and
/// their final commit may then meet the rebalance and be lost: the caller reports them.
[[nodiscard]] std::vector<std::string> StopTogether(
    const std::vector<GroupMember*>& members,
    std::chrono::steady_clock::time_point commit_deadline);

}  // namespace ks
