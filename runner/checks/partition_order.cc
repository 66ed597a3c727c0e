// partition_order: offsets going backwards (or repeating) for one member within one partition.
//
// Jepsen's nonmonotonic-poll (jepsen/tests/kafka.clj): same process, consecutive polls of one
// topic-partition with no assign or subscribe between them, and the later offset is not above
// the earlier one. A rebalance legitimately rewinds a partition to its committed offset, so an
// assign or revoke of that partition for that member starts a new sequence; so does a restart of
// the member (a new process, Jepsen's process boundary). Kafka's verifiable consumer checks the
// same continuity per partition (verifiable_consumer.py: "Consumed from an unexpected offset").

#include <fmt/format.h>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputePartitionOrder(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"}, {"nonmonotonic"}, &out, &scope)) return out;
  std::string who =
      scope.member != kNoId ? ActorName(history, scope.member) : history.groups[scope.group];
  // Per (partition, member): the member's previous poll there, or none when a rebalance or
  // restart started a new sequence. Members are numbered densely within the group.
  struct Previous {
    int64_t offset = 0;
    uint32_t op = kNoId;
  };
  std::vector<uint32_t> local(history.actors.size(), kNoId);
  for (size_t m = 0; m < scope.members.size(); ++m)
    local[scope.members[m]] = static_cast<uint32_t>(m);
  PartitionRows<Previous> previous(history.topics.size(), scope.members.size(), Previous{});

  size_t polls = 0;
  size_t nonmonotonic = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (op.actor >= local.size() || local[op.actor] == kNoId) continue;
    if (scope.member != kNoId && op.actor != scope.member) continue;
    uint32_t member = local[op.actor];
    if (op.kind == OpKind::kStart) {
      previous.FillColumn(member, Previous{});
      continue;
    }
    if (scope.topic != kNoId && op.topic != scope.topic) continue;
    Previous* row = previous.Row(op.topic, op.partition);
    if (row == nullptr) continue;
    Previous& prev = row[member];
    if (op.kind == OpKind::kAssign || op.kind == OpKind::kRevoke || op.kind == OpKind::kSeek) {
      prev = Previous{};
      continue;
    }
    if (op.kind != OpKind::kPoll || op.type != OpType::kOk || !op.has_record()) continue;
    ++polls;
    auto index = static_cast<uint32_t>(i);
    if (prev.op != kNoId && op.offset <= prev.offset) {
      ++nonmonotonic;
      if (out.evidence_text.size() < MaxEvidenceLines()) {
        const Op& before = history.ops[prev.op];
        out.evidence_text.push_back(fmt::format(
            "{} polled {} ({}) at {}, then {} ({}) at {}, with no rebalance of {} in between: {}",
            ActorName(history, op.actor), Where(history, before), RecordName(history, before),
            Seconds(before.time_us), Where(history, op), RecordName(history, op),
            Seconds(op.time_us), TopicPartition(history, op.topic, op.partition),
            op.offset == before.offset ? std::string("the same offset again")
                                       : fmt::format("{} offset{} back", before.offset - op.offset,
                                                     before.offset - op.offset == 1 ? "" : "s")));
        AddEvidence(history, {prev.op, index}, &out);
      }
    }
    prev = {op.offset, index};
  }
  if (polls == 0) {
    out.nothing_to_judge = fmt::format("{} polled nothing", who);
    return out;
  }
  AddMoreLine(nonmonotonic, out.evidence_text.size(), "nonmonotonic polls", &out);
  out.figures = {{"nonmonotonic", static_cast<double>(nonmonotonic)}};
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(partition_order, check_detail::ComputePartitionOrder, "partition_order")
