// assignment: the group's final partition assignment, replayed (GroupOwnership, ownership.h) from
// assign and revoke ops up to the group's last assign op. That is the assignment of the last
// rebalance; what follows it is the members leaving when the scenario ends (a clean close revokes
// everything), which says nothing about how the group shared its partitions.
//
// Kafka's consumer tests require that after every join the members' assignments together cover
// all partitions, each exactly once (consumer_test.py, verifiable_consumer_test.py
// valid_assignment); an idle member is one the assignor left without partitions, e.g. more
// members than partitions. A member that stopped or crashed has left the group: it owns nothing
// and is not counted as idle.

#include <fmt/format.h>

#include <algorithm>

#include "checks/check_registry.h"
#include "checks/common.h"
#include "checks/ownership.h"

namespace ks::check_detail {

namespace {

/// The partitions of the group's topics without exactly one owner, and words for the first few.
struct Ownerless {
  size_t unowned = 0;
  std::vector<std::string> problems;
  std::vector<uint32_t> problem_ops;
};

/// How the partitions are shared among the members still in the group.
struct Shares {
  size_t live = 0;
  size_t idle = 0;
  int64_t min = -1;
  int64_t max = 0;
  std::string final_assignment;  ///< the first few members' partitions
};

/// The evidence line for partition (t, p), owned by the members that `owners` (their assign ops)
/// name, none or more than one.
std::string OwnersLine(const History& history, const std::string& group, uint32_t t, int32_t p,
                       const std::vector<uint32_t>& owners) {
  if (owners.empty()) {
    return fmt::format("{} has no owner in {} after its last rebalance",
                       TopicPartition(history, t, p), group);
  }
  std::string names;
  for (size_t i = 0; i < owners.size(); ++i) {
    const Op& op = history.ops[owners[i]];
    names += fmt::format("{}{} (assigned at {})", i == 0 ? "" : " and ",
                         ActorName(history, op.actor), Seconds(op.time_us));
  }
  return fmt::format("{} is owned by {} after the last rebalance", TopicPartition(history, t, p),
                     names);
}

/// Owners per partition of the group's topics, counting only members still in the group.
Ownerless FindOwnerless(const History& history, const Scope& scope, const std::string& group,
                        const GroupOwnership& own) {
  Ownerless out;
  const PartitionSlots& slots = own.slots();
  const std::vector<uint8_t>& topics = own.topics();
  for (uint32_t t = 0; t < topics.size(); ++t) {
    if (!topics[t]) continue;
    // The runner's watermark ops name every partition, so this is the topic's partition count;
    // without them, the highest partition any op named.
    int32_t count = slots.PartitionsSeen(t);
    for (int32_t p = 0; p < count; ++p) {
      int64_t slot = slots.Slot(t, p);
      std::vector<uint32_t> owners;
      for (size_t m = 0; m < scope.members.size() && slot >= 0; ++m) {
        uint32_t assign = own.Assigned(m, static_cast<size_t>(slot));
        if (assign != kNoId && own.InGroup(m)) owners.push_back(assign);
      }
      if (owners.size() == 1) continue;
      ++out.unowned;
      if (out.problems.size() >= MaxEvidenceLines()) continue;
      out.problems.push_back(OwnersLine(history, group, t, p, owners));
      out.problem_ops.insert(out.problem_ops.end(), owners.begin(), owners.end());
    }
  }
  return out;
}

/// Each member's partitions: counts, idle members, and the words for the first few.
Shares ShareOut(const History& history, const Scope& scope, const GroupOwnership& own) {
  Shares out;
  const PartitionSlots& slots = own.slots();
  const std::vector<uint8_t>& topics = own.topics();
  for (size_t m = 0; m < scope.members.size(); ++m) {
    if (!own.InGroup(m)) continue;
    ++out.live;
    int64_t owned = 0;
    std::string parts;
    for (uint32_t t = 0; t < topics.size(); ++t) {
      if (!topics[t]) continue;
      for (int32_t p = 0; p < slots.PartitionsSeen(t); ++p) {
        if (own.Assigned(m, static_cast<size_t>(slots.Slot(t, p))) == kNoId) continue;
        ++owned;
        parts += fmt::format("{}{}", parts.empty() ? "" : " ", TopicPartition(history, t, p));
      }
    }
    if (owned == 0) ++out.idle;
    out.min = out.min < 0 ? owned : std::min(out.min, owned);
    out.max = std::max(out.max, owned);
    if (out.live <= 8) {
      out.final_assignment += fmt::format("{}{}: {}", out.final_assignment.empty() ? "" : "; ",
                                          ActorName(history, scope.members[m]),
                                          owned == 0 ? std::string("none") : parts);
    }
  }
  if (out.live > 8) out.final_assignment += fmt::format("; ... ({} members)", out.live);
  return out;
}

}  // namespace

CheckFigures ComputeAssignment(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"},
                  {"unowned_partitions", "idle_members", "min_partitions_per_member",
                   "max_partitions_per_member"},
                  &out, &scope))
    return out;
  const std::string& group = history.groups[scope.group];
  GroupOwnership own(history, scope.members);
  for (size_t i = 0; i < own.end(); ++i) own.Apply(i);
  if (!own.any_topic()) {
    out.nothing_to_judge = fmt::format("{} was never assigned a partition", group);
    return out;
  }
  Ownerless ownerless = FindOwnerless(history, scope, group, own);
  Shares shares = ShareOut(history, scope, own);
  out.figures = {
      {"unowned_partitions", static_cast<double>(ownerless.unowned)},
      {"idle_members", static_cast<double>(shares.idle)},
      {"min_partitions_per_member", static_cast<double>(std::max<int64_t>(shares.min, 0))},
      {"max_partitions_per_member", static_cast<double>(shares.max)}};
  out.evidence_text.push_back(
      fmt::format("final assignment of {}: {}", group,
                  shares.live == 0 ? std::string("no member left") : shares.final_assignment));
  for (std::string& line : ownerless.problems) out.evidence_text.push_back(std::move(line));
  AddMoreLine(ownerless.unowned, ownerless.problems.size(), "partitions without exactly one owner",
              &out);
  for (uint32_t op : ownerless.problem_ops) AddEvidence(history, {op}, &out);
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(assignment, check_detail::ComputeAssignment, "assignment")
