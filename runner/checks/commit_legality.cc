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

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// Per (partition, member) since the member started: its poll with the highest offset, and
/// whether the partition was assigned to it.
struct Member {
  int64_t furthest_offset = -1;
  uint32_t furthest = kNoId;
  uint8_t assigned = 0;
};

/// Per partition: the group's last ok commit.
struct Commit {
  int64_t offset = -1;
  uint32_t op = kNoId;
};

/// Where an illegal commit stood.
struct Standing {
  int64_t polled_to = -1;  ///< the member's highest polled offset, -1 for none
  int64_t resumed = -1;    ///< the group's committed offset before, -1 for none
  int64_t position = 0;
  bool unassigned = false;
};

/// How many commits the pass judged, and how many of them were illegal.
struct Counts {
  size_t commits = 0;
  size_t illegal = 0;
};

/// The evidence line for the illegal commit `op`.
std::string IllegalLine(const History& history, const std::string& group, const Op& op,
                        const Standing& at) {
  std::string tp = TopicPartition(history, op.topic, op.partition);
  std::string head = fmt::format("{} committed {} offset {} at {}", ActorName(history, op.actor),
                                 tp, op.offset, Seconds(op.time_us));
  if (at.unassigned)
    return fmt::format("{}, but {} was never assigned to it since it started", head, tp);
  std::string read = at.polled_to >= 0
                         ? fmt::format("it had polled {} only up to offset {}", tp, at.polled_to)
                         : fmt::format("it had polled nothing in {}", tp);
  std::string group_commit =
      at.resumed >= 0 ? fmt::format(", and {}'s committed offset was {}", group, at.resumed)
                      : std::string();
  return fmt::format("{}, beyond its position {}: {}{}", head, at.position, read, group_commit);
}

/// The pass: judges each ok commit by a member, with the first illegal ones' evidence in `out`.
Counts JudgeCommits(const History& history, const Scope& scope, const std::string& group,
                    CheckFigures* out) {
  std::vector<uint32_t> local(history.actors.size(), kNoId);
  for (size_t m = 0; m < scope.members.size(); ++m)
    local[scope.members[m]] = static_cast<uint32_t>(m);
  PartitionRows<Member> members(history.topics.size(), scope.members.size(), Member{});
  PartitionRows<Commit> committed(history.topics.size(), 1, Commit{});
  size_t commits = 0;
  size_t illegal = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (op.actor >= local.size() || local[op.actor] == kNoId) continue;
    uint32_t member = local[op.actor];
    if (op.kind == OpKind::kStart) {
      members.FillColumn(member, Member{});
      continue;
    }
    Member* row = members.Row(op.topic, op.partition);
    if (row == nullptr) continue;
    Member& at = row[member];
    auto index = static_cast<uint32_t>(i);
    if (op.kind == OpKind::kAssign) {
      at.assigned = 1;
    } else if (op.kind == OpKind::kPoll && op.type == OpType::kOk && op.offset >= 0) {
      if (at.furthest == kNoId || at.furthest_offset < op.offset) {
        at.furthest = index;
        at.furthest_offset = op.offset;
      }
    } else if (op.kind == OpKind::kCommit && op.type == OpType::kOk && op.offset >= 0) {
      ++commits;
      Commit& last = *committed.Row(op.topic, op.partition);
      Standing standing;
      standing.resumed = last.op == kNoId ? -1 : last.offset;
      last = {op.offset, index};
      standing.polled_to = at.furthest == kNoId ? -1 : at.furthest_offset;
      standing.position = std::max(standing.polled_to + 1, standing.resumed);
      standing.unassigned = at.assigned == 0;
      bool beyond = op.offset > standing.position;
      if (!standing.unassigned && !beyond) continue;
      ++illegal;
      if (out->evidence_text.size() >= MaxEvidenceLines()) continue;
      out->evidence_text.push_back(IllegalLine(history, group, op, standing));
      AddEvidence(history, {index}, out);
      if (at.furthest != kNoId) AddEvidence(history, {at.furthest}, out);
    }
  }
  return {commits, illegal};
}

}  // namespace

CheckFigures ComputeCommitLegality(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"}, {"illegal_commits", "commits"}, &out, &scope))
    return out;
  const std::string& group = history.groups[scope.group];
  Counts counts = JudgeCommits(history, scope, group, &out);
  if (counts.commits == 0) {
    out.nothing_to_judge = fmt::format("{} committed no offset", group);
    return out;
  }
  AddMoreLine(counts.illegal, out.evidence_text.size(), "illegal commits", &out);
  out.figures = {{"illegal_commits", static_cast<double>(counts.illegal)},
                 {"commits", static_cast<double>(counts.commits)}};
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(commit_legality, check_detail::ComputeCommitLegality, "commit_legality")
