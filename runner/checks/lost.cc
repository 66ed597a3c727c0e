// lost / no_loss: acknowledged records that the group never consumed.
//
// Kafka's own tests (tests/kafkatest/utils/util.py, validate_delivery) fail on any acked value
// missing from the consumed set. Jepsen's kafka checker (jepsen/tests/kafka.clj) splits that set:
// a record is `lost` only when a reader has provably gone past it (lost-write: a later value of the
// same partition was read), and `unseen` when nothing was read past it, since then it may merely
// be delayed. We use the same split, with one more proof of "past": the group drained the
// partition up to the high watermark the runner read at the end.

#include <fmt/format.h>

#include <algorithm>

#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeLost(const History& history, const ExpectSpec& spec) {
  return ComputeLostCounting(history, spec, nullptr);
}

CheckFigures ComputeLostCounting(const History& history, const ExpectSpec& spec,
                                 size_t* acknowledged) {
  if (acknowledged != nullptr) *acknowledged = 0;
  CheckFigures out;
  out.figures = {{"lost", 0}, {"unseen", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  const std::string& group = history.groups[scope.group];
  std::vector<uint8_t> topics;
  if (scope.topic == kNoId) topics = GroupTopics(history, scope);
  auto in_scope = [&](uint32_t topic) {
    return scope.topic != kNoId ? topic == scope.topic : topic < topics.size() && topics[topic];
  };

  PartitionSlots slots(history);
  std::vector<int64_t> watermark = Watermarks(history, slots);
  // The poll with the highest offset per partition: how far the group provably read.
  std::vector<uint32_t> furthest(slots.size(), kNoId);
  std::vector<RecordRef> acked;
  std::vector<RecordRef> polled;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    auto index = static_cast<uint32_t>(i);
    if (op.kind == OpKind::kSend && op.type == OpType::kOk && op.has_record() &&
        in_scope(op.topic)) {
      acked.push_back({op.seq, op.producer, index});
    } else if (IsGroupPoll(op, scope) && op.has_record()) {
      polled.push_back({op.seq, op.producer, index});
      int64_t slot = slots.Slot(op.topic, op.partition);
      if (slot >= 0) {
        uint32_t& best = furthest[static_cast<size_t>(slot)];
        if (best == kNoId || history.ops[best].offset < op.offset) best = index;
      }
    }
  }
  if (acked.empty()) {
    out.nothing_to_judge =
        scope.topic != kNoId
            ? fmt::format("no record of {} was acknowledged", history.topics.Get(scope.topic))
            : fmt::format("no record of a topic that {} read was acknowledged", group);
    return out;
  }
  SortByRecord(acked);
  UniqueByRecord(acked);
  if (acknowledged != nullptr) *acknowledged = acked.size();
  SortByRecord(polled);
  UniqueByRecord(polled);

  // Missing records in identity order, split by kind; text for the first few of each.
  size_t lost = 0;
  size_t unseen = 0;
  std::vector<std::string> lost_text;
  std::vector<std::string> unseen_text;
  std::vector<std::pair<uint32_t, uint32_t>> lost_ops;    // (send, furthest poll)
  std::vector<std::pair<uint32_t, uint32_t>> unseen_ops;  // (send, furthest poll or kNoId)
  size_t p = 0;
  for (const RecordRef& ack : acked) {
    while (p < polled.size() && (polled[p].producer < ack.producer ||
                                 (polled[p].producer == ack.producer && polled[p].seq < ack.seq))) {
      ++p;
    }
    if (p < polled.size() && SameRecord(polled[p], ack)) continue;
    const Op& send = history.ops[ack.op];
    int64_t slot = slots.Slot(send.topic, send.partition);
    uint32_t far = slot >= 0 ? furthest[static_cast<size_t>(slot)] : kNoId;
    int64_t far_offset = far == kNoId ? -1 : history.ops[far].offset;
    int64_t mark = slot >= 0 ? watermark[static_cast<size_t>(slot)] : -1;
    // Reading the record's own offset counts as past it too: that offset held another record.
    bool read_past = far != kNoId && send.offset >= 0 && far_offset >= send.offset;
    bool drained = mark >= 0 && far_offset >= mark - 1;
    bool is_lost = read_past || drained;
    if (is_lost) {
      ++lost;
    } else {
      ++unseen;
    }
    std::vector<std::string>& text = is_lost ? lost_text : unseen_text;
    if (text.size() >= kMaxEvidenceLines) continue;  // words only for the records shown
    (is_lost ? lost_ops : unseen_ops).emplace_back(ack.op, far);
    std::string tp = TopicPartition(history, send.topic, send.partition);
    std::string head = fmt::format("{} acked at {}, never polled by {}",
                                   RecordWithKey(history, send), Where(history, send), group);
    if (read_past) {
      text.push_back(fmt::format("{}, which read {} up to offset {} ({})", head, tp, far_offset,
                                 ActorName(history, history.ops[far].actor)));
    } else if (drained) {
      text.push_back(fmt::format("{}, which drained {} (high watermark {}{})", head, tp, mark,
                                 far == kNoId ? ", nothing polled there"
                                              : fmt::format(", last offset read {}", far_offset)));
    } else {
      std::string reach = far == kNoId
                              ? fmt::format("never read {}", tp)
                              : fmt::format("read {} only up to offset {}", tp, far_offset);
      std::string of = mark >= 0 ? fmt::format(" (high watermark {})", mark) : std::string();
      text.push_back(fmt::format("{}, which {}{}: unseen, lost or only delayed", head, reach, of));
    }
  }
  out.figures = {{"lost", static_cast<double>(lost)}, {"unseen", static_cast<double>(unseen)}};

  // Lost records come first: they are the stronger finding.
  for (auto [send, poll] : lost_ops) AddEvidence(history, {send, poll}, &out);
  for (auto [send, poll] : unseen_ops) AddEvidence(history, {send, poll}, &out);
  out.evidence_text = std::move(lost_text);
  AddMoreLine(lost, out.evidence_text.size(), "lost records", &out);
  size_t before = out.evidence_text.size();
  for (std::string& line : unseen_text) out.evidence_text.push_back(std::move(line));
  AddMoreLine(unseen, out.evidence_text.size() - before, "unseen records", &out);
  return out;
}

}  // namespace ks::check_detail
