#pragma once

// Who owns which partition of a consumer group's topics, replayed from the history op by op: the
// one reconstruction that the assignment check (the final assignment) and the rebalance summary
// (the time partitions spent without an owner) share. Private to runner/checks.
//
// Kafka's consumer tests require that after every join the members' assignments together cover
// all partitions, each exactly once (consumer_test.py, verifiable_consumer_test.py
// valid_assignment). Assign and revoke ops move partitions: a member keeps what it was assigned
// until a revoke says otherwise. Lifecycle ops bound that: a start is a new process that owns
// nothing yet, and a member whose last lifecycle op is a stop or a crash has left the group and
// owns nothing. A crashed member is gone at once for the same reason: no process consumes its
// partitions any more, whatever the coordinator believes until its session expires
// (session.timeout.ms, KIP-62). A clean close revokes first anyway; this matters when the runner
// records a crash, or a stop without revokes.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "checks/common.h"
#include "history/history.h"

namespace ks::check_detail {

/// A consumer group's partition ownership, replayed one op at a time in history order.
class GroupOwnership {
 public:
  /// Prepares the replay of `history` for the member actors `members` (Scope::members): one pass
  /// over the ops finds the group's last assign op and its topics. Keeps a reference to `history`,
  /// which must outlive it.
  GroupOwnership(const History& history, const std::vector<uint32_t>& members);

  /// One past the index in History::ops of the group's last assign op; 0 when it has none. What
  /// follows it is the members leaving when the scenario ends (a clean close revokes
  /// everything), which says nothing about how the group shared its partitions.
  size_t end() const { return end_; }
  /// topics()[t] != 0 for each topic (History::topics id) that an ok assign or revoke op of the
  /// group before end() named: the group's topics.
  const std::vector<uint8_t>& topics() const { return topics_; }
  /// False when no member was ever assigned a partition.
  bool any_topic() const { return group_slots_ > 0; }
  const PartitionSlots& slots() const { return slots_; }
  /// Number of member actors; member indices below run from 0 to this - 1, in `members` order.
  size_t members() const { return members_; }
  /// The member index of `actor`, or kNoId when it is not a member of the group.
  uint32_t MemberOf(uint32_t actor) const { return actor < local_.size() ? local_[actor] : kNoId; }

  /// Applies History::ops[i]: start, stop and crash reset the member, ok assign and revoke ops
  /// move a partition; ops of other actors and of other kinds change nothing.
  void Apply(size_t i);

  /// False once the member's last lifecycle op is a stop or a crash (true before any).
  bool InGroup(size_t member) const { return in_group_[member] != 0; }
  /// The index in History::ops of the assign op by which `member` holds partition slot `slot`
  /// (PartitionSlots), or kNoId when it does not hold it.
  uint32_t Assigned(size_t member, size_t slot) const { return owns_[member * width_ + slot]; }
  /// Partitions of the group's topics that no member in the group holds right now (partition
  /// counts as PartitionSlots::PartitionsSeen gives them).
  size_t unowned() const { return unowned_; }

 private:
  void Hold(size_t member, size_t slot, uint32_t assign);

  const History& history_;
  PartitionSlots slots_;
  size_t members_ = 0;
  size_t width_ = 0;                 ///< slots_.size()
  std::vector<uint32_t> local_;      ///< actor id -> member index
  std::vector<uint32_t> owns_;       ///< [member * width_ + slot]: the assign op's index, or kNoId
  std::vector<uint8_t> in_group_;    ///< by member
  std::vector<uint8_t> topics_;      ///< by topic id
  std::vector<uint8_t> group_slot_;  ///< by slot: 1 for a partition of the group's topics
  std::vector<uint32_t> live_owners_;  ///< by slot: members in the group holding it
  size_t group_slots_ = 0;
  size_t unowned_ = 0;
  size_t end_ = 0;
};

}  // namespace ks::check_detail
