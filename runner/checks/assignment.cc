// assignment: the group's final partition assignment, replayed from assign and revoke ops up to
// the group's last assign op. That is the assignment of the last rebalance; what follows it is the
// members leaving when the scenario ends (a clean close revokes everything), which says nothing
// about how the group shared its partitions.
//
// Kafka's consumer tests require that after every join the members' assignments together cover
// all partitions, each exactly once (consumer_test.py, verifiable_consumer_test.py
// valid_assignment); an idle member is one the assignor left without partitions, e.g. more
// members than partitions. Assign and revoke ops move partitions: a member keeps what it was
// assigned until a revoke says otherwise, so a crashed member (no revoke, no stop) keeps its
// partitions on paper until it restarts. Lifecycle ops bound that: a start is a new process that
// owns nothing yet, and a member whose last lifecycle op is a stop has left the group: it owns
// nothing and is not counted as idle (a clean close revokes first anyway; this matters when the
// runner records a crash as a stop without revokes).

#include <fmt/format.h>

#include <algorithm>

#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeAssignment(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"unowned_partitions", 0},
                 {"idle_members", 0},
                 {"min_partitions_per_member", 0},
                 {"max_partitions_per_member", 0}};
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
  // owns[member * slots + slot]; the op index of the assign, kNoId when not owned.
  std::vector<uint32_t> owns(scope.members.size() * slots.size(), kNoId);
  std::vector<uint8_t> stopped(scope.members.size(), 0);
  std::vector<uint8_t> topics(history.topics.size(), 0);
  size_t end = 0;  // one past the group's last assign op
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (op.kind == OpKind::kAssign && op.actor < local.size() && local[op.actor] != kNoId) {
      end = i + 1;
    }
  }
  for (size_t i = 0; i < end; ++i) {
    const Op& op = history.ops[i];
    if (op.actor >= local.size() || local[op.actor] == kNoId) continue;
    size_t m = local[op.actor];
    if (op.kind == OpKind::kStart || op.kind == OpKind::kStop || op.kind == OpKind::kCrash) {
      // A new process starts with nothing assigned; a stopped one keeps nothing.
      std::fill(owns.begin() + static_cast<std::ptrdiff_t>(m * slots.size()),
                owns.begin() + static_cast<std::ptrdiff_t>((m + 1) * slots.size()), kNoId);
      // A crashed member is gone too: the coordinator evicts it when its session expires.
      stopped[m] = op.kind != OpKind::kStart;
      continue;
    }
    if (op.kind != OpKind::kAssign && op.kind != OpKind::kRevoke) continue;
    if (op.type != OpType::kOk) continue;
    int64_t slot = slots.Slot(op.topic, op.partition);
    if (slot < 0) continue;
    topics[op.topic] = 1;
    owns[m * slots.size() + static_cast<size_t>(slot)] =
        op.kind == OpKind::kAssign ? static_cast<uint32_t>(i) : kNoId;
  }
  if (std::none_of(topics.begin(), topics.end(), [](uint8_t t) { return t != 0; })) {
    out.nothing_to_judge = fmt::format("{} was never assigned a partition", group);
    return out;
  }

  // Owners per partition of the group's topics, counting only members still in the group.
  size_t unowned = 0;
  std::vector<std::string> problems;
  std::vector<uint32_t> problem_ops;
  for (uint32_t t = 0; t < topics.size(); ++t) {
    if (!topics[t]) continue;
    // The runner's watermark ops name every partition, so this is the topic's partition count;
    // without them, the highest partition any op named.
    int32_t count = slots.PartitionsSeen(t);
    for (int32_t p = 0; p < count; ++p) {
      int64_t slot = slots.Slot(t, p);
      std::vector<uint32_t> owners;
      for (size_t m = 0; m < scope.members.size() && slot >= 0; ++m) {
        uint32_t assign = owns[m * slots.size() + static_cast<size_t>(slot)];
        if (assign != kNoId && !stopped[m]) owners.push_back(assign);
      }
      if (owners.size() == 1) continue;
      ++unowned;
      if (problems.size() >= kMaxEvidenceLines) continue;
      if (owners.empty()) {
        problems.push_back(fmt::format("{} has no owner in {} after its last rebalance",
                                       TopicPartition(history, t, p), group));
      } else {
        std::string names;
        for (size_t i = 0; i < owners.size(); ++i) {
          const Op& op = history.ops[owners[i]];
          names += fmt::format("{}{} (assigned at {})", i == 0 ? "" : " and ",
                               ActorName(history, op.actor), Seconds(op.time_us));
          problem_ops.push_back(owners[i]);
        }
        problems.push_back(fmt::format("{} is owned by {} after the last rebalance",
                                       TopicPartition(history, t, p), names));
      }
    }
  }

  size_t live = 0;
  size_t idle = 0;
  int64_t min = -1;
  int64_t max = 0;
  std::string final_assignment;
  for (size_t m = 0; m < scope.members.size(); ++m) {
    if (stopped[m]) continue;
    ++live;
    int64_t owned = 0;
    std::string parts;
    for (uint32_t t = 0; t < topics.size(); ++t) {
      if (!topics[t]) continue;
      for (int32_t p = 0; p < slots.PartitionsSeen(t); ++p) {
        if (owns[m * slots.size() + static_cast<size_t>(slots.Slot(t, p))] == kNoId) continue;
        ++owned;
        parts += fmt::format("{}{}", parts.empty() ? "" : " ", TopicPartition(history, t, p));
      }
    }
    if (owned == 0) ++idle;
    min = min < 0 ? owned : std::min(min, owned);
    max = std::max(max, owned);
    if (live <= 8) {
      final_assignment += fmt::format("{}{}: {}", final_assignment.empty() ? "" : "; ",
                                      ActorName(history, scope.members[m]),
                                      owned == 0 ? std::string("none") : parts);
    }
  }
  if (live > 8) final_assignment += fmt::format("; ... ({} members)", live);
  out.figures = {{"unowned_partitions", static_cast<double>(unowned)},
                 {"idle_members", static_cast<double>(idle)},
                 {"min_partitions_per_member", static_cast<double>(std::max<int64_t>(min, 0))},
                 {"max_partitions_per_member", static_cast<double>(max)}};
  out.evidence_text.push_back(
      fmt::format("final assignment of {}: {}", group,
                  live == 0 ? std::string("no member left") : final_assignment));
  for (std::string& line : problems) out.evidence_text.push_back(std::move(line));
  AddMoreLine(unowned, problems.size(), "partitions without exactly one owner", &out);
  for (uint32_t op : problem_ops) AddEvidence(history, {op}, &out);
  return out;
}

}  // namespace ks::check_detail
