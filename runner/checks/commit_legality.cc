// commit_legality: a member committed a partition it did not own, or an offset it had not read.
//
// Kafka's verifiable consumer checks (tests/kafkatest/services/verifiable_consumer.py, on
// `offsets_committed`): every committed partition must be assigned to the consumer, and the
// committed offset must not exceed the consumer's position. Our members' position in a partition
// is the next offset after the highest one they polled there; a member that has not polled yet
// starts from the group's committed offset, so committing that again is legal too. Both are
// counted since the member (re)started: a restarted member is a new consumer (Jepsen's process
// boundary). A commit during a revocation is normal (commit before the partitions go), so an
// assignment counts until the member restarts, not until the revoke.

#include <fmt/format.h>

#include <algorithm>

#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeCommitLegality(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"illegal_commits", 0}, {"commits", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  const std::string& group = history.groups[scope.group];
  PartitionSlots slots(history);
  std::vector<uint32_t> local(history.actors.size(), kNoId);
  for (size_t m = 0; m < scope.members.size(); ++m)
    local[scope.members[m]] = static_cast<uint32_t>(m);
  // Per (member, partition) since the member started: its poll with the highest offset, and
  // whether the partition was assigned to it. Per partition: the group's last ok commit.
  std::vector<uint32_t> furthest(scope.members.size() * slots.size(), kNoId);
  std::vector<uint8_t> assigned(scope.members.size() * slots.size(), 0);
  std::vector<uint32_t> committed(slots.size(), kNoId);

  size_t commits = 0;
  size_t illegal = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (op.actor >= local.size() || local[op.actor] == kNoId) continue;
    size_t row = static_cast<size_t>(local[op.actor]) * slots.size();
    if (op.kind == OpKind::kStart) {
      auto begin = static_cast<std::ptrdiff_t>(row);
      auto end = static_cast<std::ptrdiff_t>(row + slots.size());
      std::fill(furthest.begin() + begin, furthest.begin() + end, kNoId);
      std::fill(assigned.begin() + begin, assigned.begin() + end, 0);
      continue;
    }
    int64_t slot = slots.Slot(op.topic, op.partition);
    if (slot < 0) continue;
    size_t at = row + static_cast<size_t>(slot);
    auto index = static_cast<uint32_t>(i);
    if (op.kind == OpKind::kAssign) {
      assigned[at] = 1;
    } else if (op.kind == OpKind::kPoll && op.type == OpType::kOk && op.offset >= 0) {
      if (furthest[at] == kNoId || history.ops[furthest[at]].offset < op.offset)
        furthest[at] = index;
    } else if (op.kind == OpKind::kCommit && op.type == OpType::kOk && op.offset >= 0) {
      ++commits;
      uint32_t last = committed[static_cast<size_t>(slot)];
      committed[static_cast<size_t>(slot)] = index;
      int64_t polled_to = furthest[at] == kNoId ? -1 : history.ops[furthest[at]].offset;
      int64_t resumed = last == kNoId ? -1 : history.ops[last].offset;
      int64_t position = std::max(polled_to + 1, resumed);
      bool unassigned = assigned[at] == 0;
      bool beyond = op.offset > position;
      if (!unassigned && !beyond) continue;
      ++illegal;
      if (out.evidence_text.size() >= kMaxEvidenceLines) continue;
      std::string tp = TopicPartition(history, op.topic, op.partition);
      std::string head =
          fmt::format("{} committed {} offset {} at {}", ActorName(history, op.actor), tp,
                      op.offset, Seconds(op.time_us));
      std::string read = polled_to >= 0
                             ? fmt::format("it had polled {} only up to offset {}", tp, polled_to)
                             : fmt::format("it had polled nothing in {}", tp);
      std::string group_commit =
          resumed >= 0 ? fmt::format(", and {}'s committed offset was {}", group, resumed)
                       : std::string();
      if (unassigned) {
        out.evidence_text.push_back(
            fmt::format("{}, but {} was never assigned to it since it started", head, tp));
      } else {
        out.evidence_text.push_back(
            fmt::format("{}, beyond its position {}: {}{}", head, position, read, group_commit));
      }
      AddEvidence(history, {index}, &out);
      if (furthest[at] != kNoId) AddEvidence(history, {furthest[at]}, &out);
    }
  }
  if (commits == 0) {
    out.nothing_to_judge = fmt::format("{} committed no offset", group);
    return out;
  }
  AddMoreLine(illegal, out.evidence_text.size(), "illegal commits", &out);
  out.figures = {{"illegal_commits", static_cast<double>(illegal)},
                 {"commits", static_cast<double>(commits)}};
  return out;
}

}  // namespace ks::check_detail
