#include "checks/ownership.h"

#include <algorithm>

namespace ks::check_detail {

GroupOwnership::GroupOwnership(const History& history, const std::vector<uint32_t>& members)
    : history_(history),
      slots_(history),
      members_(members.size()),
      width_(slots_.size()),
      local_(history.actors.size(), kNoId),
      owns_(members.size() * slots_.size(), kNoId),
      in_group_(members.size(), 1),
      topics_(history.topics.size(), 0),
      group_slot_(slots_.size(), 0),
      live_owners_(slots_.size(), 0) {
  for (size_t m = 0; m < members.size(); ++m) {
    if (members[m] < local_.size()) local_[members[m]] = static_cast<uint32_t>(m);
  }
  // The first ok assign or revoke op naming each topic, and the group's last assign op: a topic
  // is the group's when an op before that last assign names it.
  std::vector<size_t> first(history.topics.size(), SIZE_MAX);
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (MemberOf(op.actor) == kNoId) continue;
    if (op.kind != OpKind::kAssign && op.kind != OpKind::kRevoke) continue;
    if (op.kind == OpKind::kAssign) end_ = i + 1;
    if (op.type != OpType::kOk || slots_.Slot(op.topic, op.partition) < 0) continue;
    first[op.topic] = std::min(first[op.topic], i);
  }
  for (uint32_t t = 0; t < topics_.size(); ++t) {
    if (first[t] >= end_) continue;
    topics_[t] = 1;
    for (int32_t p = 0; p < slots_.PartitionsSeen(t); ++p) {
      group_slot_[static_cast<size_t>(slots_.Slot(t, p))] = 1;
      ++group_slots_;
    }
  }
  unowned_ = group_slots_;
}

void GroupOwnership::Hold(size_t member, size_t slot, uint32_t assign) {
  uint32_t& held = owns_[member * width_ + slot];
  const bool before = held != kNoId;
  const bool after = assign != kNoId;
  held = assign;
  // Only members in the group count as owners; only the group's topics can be unowned.
  if (before == after || !in_group_[member] || !group_slot_[slot]) return;
  uint32_t& owners = live_owners_[slot];
  if (after) {
    if (owners++ == 0) --unowned_;
  } else if (--owners == 0) {
    ++unowned_;
  }
}

void GroupOwnership::Apply(size_t i) {
  const Op& op = history_.ops[i];
  const uint32_t m = MemberOf(op.actor);
  if (m == kNoId) return;
  if (op.kind == OpKind::kStart || op.kind == OpKind::kStop || op.kind == OpKind::kCrash) {
    // A new process starts with nothing assigned; a stopped or crashed one keeps nothing.
    for (size_t slot = 0; slot < width_; ++slot) Hold(m, slot, kNoId);
    in_group_[m] = op.kind == OpKind::kStart;
    return;
  }
  if (op.kind != OpKind::kAssign && op.kind != OpKind::kRevoke) return;
  if (op.type != OpType::kOk) return;
  const int64_t slot = slots_.Slot(op.topic, op.partition);
  if (slot < 0) return;
  Hold(m, static_cast<size_t>(slot), op.kind == OpKind::kAssign ? static_cast<uint32_t>(i) : kNoId);
}

}  // namespace ks::check_detail
