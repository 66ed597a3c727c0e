// lost / no_loss: acknowledged records that the group never consumed.
//
// Kafka's own tests (tests/kafkatest/utils/util.py, validate_delivery) fail on any acked value
// missing from the consumed set. Jepsen's kafka checker (jepsen/tests/kafka.clj) splits that set:
// a record is `lost` only when a reader has provably gone past it (lost-write: a later value of the
// same partition was read), and `unseen` when nothing was read past it, since then it may merely
// be delayed. We use the same split, with one more proof of "past": the group drained the
// partition up to the high watermark the runner read at the end.
//
// Transactions (KIP-98): a transactional record is acknowledged when its transaction commits, not
// at its delivery report. The records of a transaction that aborted (or whose outcome is unknown)
// were never meant to be read, so they are not owed to any group: AbortedCollector finds them in
// the same pass and they leave the acknowledged set.

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
  // Per record: its first acknowledgement in scope, and whether the group polled it.
  struct Seen {
    uint32_t ack = kNoId;
    uint16_t polled = 0;
    uint16_t uncommitted = 0;  // sent in a transaction that did not commit: not owed
    bool operator==(const Seen&) const = default;
  };
  // Per partition: the group's poll with the highest offset (how far it provably read), and the
  // high watermark the runner read at the end (the last reading wins).
  struct Reach {
    uint32_t furthest = kNoId;
    int64_t furthest_offset = -1;
    int64_t watermark = -1;
  };
  const size_t topic_count = history.topics.size();
  DenseTable<Seen> records(Seen{}, DenseBudget(history));
  PartitionRows<Reach> reach(topic_count, 1, Reach{});
  std::vector<size_t> acked_in(topic_count, 0);  // distinct records acknowledged, per topic
  // Without a topic the scope is the topics the group was assigned or polled (a group never
  // reads a topic it is not subscribed to, so counting other records would report every
  // unrelated topic as unseen), which only the whole pass tells. Every topic's acknowledgements
  // are gathered meanwhile and `topics` picks at the end: exact unless a record was acknowledged
  // in two topics (its first acknowledgement in scope may then not be its first), and then a
  // second pass, knowing the topics, does it again.
  std::vector<uint8_t> topics(topic_count, 0);
  const std::vector<uint8_t>* known_topics = nullptr;
  bool split_record = false;
  AbortedCollector collector;
  auto pass = [&] {
    collector = AbortedCollector();
    for (size_t i = 0; i < history.ops.size(); ++i) {
      PrefetchOp(history, i);
      const Op& op = history.ops[i];
      auto index = static_cast<uint32_t>(i);
      collector.See(op, index);
      if (op.kind == OpKind::kSend) {
        if (op.type != OpType::kOk || !op.has_record() || op.topic >= topic_count) continue;
        if (scope.topic != kNoId ? op.topic != scope.topic
                                 : known_topics != nullptr && (*known_topics)[op.topic] == 0) {
          continue;
        }
        Seen& seen = records(op.producer, op.seq);
        if (seen.ack == kNoId) {
          seen.ack = index;
          ++acked_in[op.topic];
        } else if (history.ops[seen.ack].topic != op.topic) {
          split_record = true;
        }
      } else if (op.kind == scope.consume_kind) {
        if (op.actor >= scope.in_group.size() || scope.in_group[op.actor] == 0) continue;
        if (op.topic < topic_count) topics[op.topic] = 1;  // whatever the poll's outcome
        if (op.type != OpType::kOk || !op.has_record()) continue;
        records(op.producer, op.seq).polled = 1;
        if (Reach* r = reach.Row(op.topic, op.partition)) {
          if (r->furthest == kNoId || r->furthest_offset < op.offset) {
            r->furthest = index;
            r->furthest_offset = op.offset;
          }
        }
      } else if (op.kind == OpKind::kWatermark) {
        if (Reach* r = reach.Row(op.topic, op.partition)) r->watermark = op.offset;
      } else if (op.kind == OpKind::kAssign && op.actor < scope.in_group.size() &&
                 scope.in_group[op.actor] != 0 && op.topic < topic_count) {
        topics[op.topic] = 1;
      }
    }
  };
  pass();
  if (scope.topic == kNoId && split_record) {
    records = DenseTable<Seen>(Seen{}, DenseBudget(history));
    reach = PartitionRows<Reach>(topic_count, 1, Reach{});
    std::fill(acked_in.begin(), acked_in.end(), 0);
    std::vector<uint8_t> group_topics = topics;
    known_topics = &group_topics;
    pass();
  }
  auto in_scope = [&](uint32_t topic) {
    return scope.topic != kNoId ? topic == scope.topic : topic < topic_count && topics[topic];
  };
  // Records of transactions that did not commit leave the acknowledged set.
  size_t uncommitted = 0;  // of them, in scope
  for (const AbortedRecord& r : collector.Take()) {
    if (!r.uncommitted() || records.Get(r.producer, r.seq).ack == kNoId) continue;
    Seen& seen = records(r.producer, r.seq);
    if (seen.uncommitted != 0) continue;
    seen.uncommitted = 1;
    const uint32_t topic = history.ops[seen.ack].topic;
    --acked_in[topic];
    if (in_scope(topic)) ++uncommitted;
  }
  size_t acked = 0;
  for (uint32_t t = 0; t < topic_count; ++t) {
    if (in_scope(t)) acked += acked_in[t];
  }
  if (acked == 0) {
    std::string what = scope.topic != kNoId
                           ? fmt::format("no record of {}", history.topics.Get(scope.topic))
                           : fmt::format("no record of a topic that {} read", group);
    out.nothing_to_judge =
        fmt::format("{} was acknowledged{}", what,
                    uncommitted > 0 ? " outside transactions that did not commit" : "");
    return out;
  }
  if (acknowledged != nullptr) *acknowledged = acked;

  // Missing records in identity order, split by kind; text for the first few of each.
  size_t lost = 0;
  size_t unseen = 0;
  std::vector<std::string> lost_text;
  std::vector<std::string> unseen_text;
  std::vector<std::pair<uint32_t, uint32_t>> lost_ops;    // (send, furthest poll)
  std::vector<std::pair<uint32_t, uint32_t>> unseen_ops;  // (send, furthest poll or kNoId)
  records.ForEach([&](uint32_t, uint64_t, const Seen& seen) {
    if (seen.ack == kNoId || seen.polled != 0 || seen.uncommitted != 0) return;
    const Op& send = history.ops[seen.ack];
    if (!in_scope(send.topic)) return;
    const Reach* r = reach.Find(send.topic, send.partition);
    uint32_t far = r != nullptr ? r->furthest : kNoId;
    int64_t far_offset = far == kNoId ? -1 : r->furthest_offset;
    int64_t mark = r != nullptr ? r->watermark : -1;
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
    if (text.size() >= kMaxEvidenceLines) return;  // words only for the records shown
    (is_lost ? lost_ops : unseen_ops).emplace_back(seen.ack, far);
    std::string tp = TopicPartition(history, send.topic, send.partition);
    std::string head = fmt::format("{} acked at {}, never {} by {}", RecordWithKey(history, send),
                                   Where(history, send), ConsumeVerb(scope), group);
    if (read_past) {
      text.push_back(fmt::format("{}, which read {} up to offset {} ({})", head, tp, far_offset,
                                 ActorName(history, history.ops[far].actor)));
    } else if (drained) {
      text.push_back(fmt::format("{}, which drained {} (high watermark {}{})", head, tp, mark,
                                 far == kNoId ? ", nothing polled there"
                                              : fmt::format(", last offset read {}", far_offset)));
    } else {
      std::string reach_text = far == kNoId
                                   ? fmt::format("never read {}", tp)
                                   : fmt::format("read {} only up to offset {}", tp, far_offset);
      std::string of = mark >= 0 ? fmt::format(" (high watermark {})", mark) : std::string();
      text.push_back(
          fmt::format("{}, which {}{}: unseen, lost or only delayed", head, reach_text, of));
    }
  });
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
