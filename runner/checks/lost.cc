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

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// Per record: its first acknowledgement in scope, and whether the group consumed it.
struct Seen {
  uint32_t ack = kNoId;
  uint16_t polled = 0;
  uint16_t uncommitted = 0;  // sent in a transaction that did not commit: not owed
  bool operator==(const Seen&) const = default;
};

/// Per partition: the group's consume with the highest offset (how far it provably read), and
/// the high watermark the runner read at the end (the last reading wins).
struct Reach {
  uint32_t furthest = kNoId;
  int64_t furthest_offset = -1;
  int64_t watermark = -1;
};

/// What a pass over the history gathers for the group.
struct Tally {
  DenseTable<Seen> records{Seen{}, 0};
  PartitionRows<Reach> reach{0, 1, Reach{}};
  std::vector<size_t> acked_in;  // distinct records acknowledged, per topic
  std::vector<uint8_t> topics;   // topics the group was assigned or consumed
  bool split_record = false;     // a record acknowledged in two topics
  AbortedCollector collector;
};

/// The missing records, split by kind; text and ops for the first few of each.
struct Missing {
  size_t lost = 0;
  size_t unseen = 0;
  std::vector<std::string> lost_text;
  std::vector<std::string> unseen_text;
  std::vector<std::pair<uint32_t, uint32_t>> lost_ops;    // (send, furthest poll)
  std::vector<std::pair<uint32_t, uint32_t>> unseen_ops;  // (send, furthest poll or kNoId)
};

/// How far the group provably read a missing record's partition.
struct Past {
  uint32_t far = kNoId;  ///< the furthest consume there
  int64_t far_offset = -1;
  int64_t mark = -1;  ///< the high watermark read at the end
  bool read_past = false;
  bool drained = false;
};

/// One pass filling `tally` anew, but for `topics`, which it only adds to. With `known_topics`,
/// acknowledgements count only in those topics.
void Gather(const History& history, const Scope& scope, const std::vector<uint8_t>* known_topics,
            Tally* tally) {
  const size_t topic_count = history.topics.size();
  tally->records = DenseTable<Seen>(Seen{}, DenseBudget(history));
  tally->reach = PartitionRows<Reach>(topic_count, 1, Reach{});
  tally->acked_in.assign(topic_count, 0);
  tally->topics.resize(topic_count, 0);
  tally->collector = AbortedCollector();
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    auto index = static_cast<uint32_t>(i);
    tally->collector.See(op, index);
    if (op.kind == OpKind::kSend) {
      if (op.type != OpType::kOk || !op.has_record() || op.topic >= topic_count) continue;
      if (scope.topic != kNoId ? op.topic != scope.topic
                               : known_topics != nullptr && (*known_topics)[op.topic] == 0) {
        continue;
      }
      Seen& seen = tally->records(op.producer, op.seq);
      if (seen.ack == kNoId) {
        seen.ack = index;
        ++tally->acked_in[op.topic];
      } else if (history.ops[seen.ack].topic != op.topic) {
        tally->split_record = true;
      }
    } else if (op.kind == scope.consume_kind) {
      if (op.actor >= scope.in_group.size() || scope.in_group[op.actor] == 0) continue;
      if (op.topic < topic_count) tally->topics[op.topic] = 1;  // whatever the poll's outcome
      if (op.type != OpType::kOk || !op.has_record()) continue;
      tally->records(op.producer, op.seq).polled = 1;
      if (Reach* r = tally->reach.Row(op.topic, op.partition)) {
        if (r->furthest == kNoId || r->furthest_offset < op.offset) {
          r->furthest = index;
          r->furthest_offset = op.offset;
        }
      }
    } else if (op.kind == OpKind::kWatermark) {
      if (Reach* r = tally->reach.Row(op.topic, op.partition)) r->watermark = op.offset;
    } else if (op.kind == OpKind::kAssign && op.actor < scope.in_group.size() &&
               scope.in_group[op.actor] != 0 && op.topic < topic_count) {
      tally->topics[op.topic] = 1;
    }
  }
}

/// True for a topic the check judges.
bool InScope(const Scope& scope, const Tally& tally, uint32_t topic) {
  return scope.topic != kNoId ? topic == scope.topic
                              : topic < tally.topics.size() && tally.topics[topic];
}

/// Takes the records of transactions that did not commit out of the acknowledged set; returns how
/// many of them were in scope.
size_t Uncommit(const History& history, const Scope& scope, Tally* tally) {
  size_t uncommitted = 0;
  for (const AbortedRecord& r : tally->collector.Take()) {
    if (!r.uncommitted() || tally->records.Get(r.producer, r.seq).ack == kNoId) continue;
    Seen& seen = tally->records(r.producer, r.seq);
    if (seen.uncommitted != 0) continue;
    seen.uncommitted = 1;
    const uint32_t topic = history.ops[seen.ack].topic;
    --tally->acked_in[topic];
    if (InScope(scope, *tally, topic)) ++uncommitted;
  }
  return uncommitted;
}

/// The evidence line for the missing record `send`.
std::string DescribeMissing(const History& history, const Scope& scope, const std::string& group,
                            const Op& send, const Past& past) {
  std::string tp = TopicPartition(history, send.topic, send.partition);
  std::string head = fmt::format("{} acked at {}, never {} by {}", RecordWithKey(history, send),
                                 Where(history, send), ConsumeVerb(scope), group);
  if (past.read_past) {
    return fmt::format("{}, which read {} up to offset {} ({})", head, tp, past.far_offset,
                       ActorName(history, history.ops[past.far].actor));
  }
  if (past.drained) {
    return fmt::format("{}, which drained {} (high watermark {}{})", head, tp, past.mark,
                       past.far == kNoId ? ", nothing polled there"
                                         : fmt::format(", last offset read {}", past.far_offset));
  }
  std::string reach_text = past.far == kNoId
                               ? fmt::format("never read {}", tp)
                               : fmt::format("read {} only up to offset {}", tp, past.far_offset);
  std::string of = past.mark >= 0 ? fmt::format(" (high watermark {})", past.mark) : std::string();
  return fmt::format("{}, which {}{}: unseen, lost or only delayed", head, reach_text, of);
}

/// The acknowledged records in scope the group never consumed, in identity order: lost when the
/// group provably read past them, else unseen.
Missing FindMissing(const History& history, const Scope& scope, const std::string& group,
                    const Tally& tally) {
  Missing out;
  tally.records.ForEach([&](uint32_t, uint64_t, const Seen& seen) {
    if (seen.ack == kNoId || seen.polled != 0 || seen.uncommitted != 0) return;
    const Op& send = history.ops[seen.ack];
    if (!InScope(scope, tally, send.topic)) return;
    const Reach* r = tally.reach.Find(send.topic, send.partition);
    Past past;
    past.far = r != nullptr ? r->furthest : kNoId;
    past.far_offset = past.far == kNoId ? -1 : r->furthest_offset;
    past.mark = r != nullptr ? r->watermark : -1;
    // Reading the record's own offset counts as past it too: that offset held another record.
    past.read_past = past.far != kNoId && send.offset >= 0 && past.far_offset >= send.offset;
    past.drained = past.mark >= 0 && past.far_offset >= past.mark - 1;
    bool is_lost = past.read_past || past.drained;
    if (is_lost) {
      ++out.lost;
    } else {
      ++out.unseen;
    }
    std::vector<std::string>& text = is_lost ? out.lost_text : out.unseen_text;
    if (text.size() >= MaxEvidenceLines()) return;  // words only for the records shown
    (is_lost ? out.lost_ops : out.unseen_ops).emplace_back(seen.ack, past.far);
    text.push_back(DescribeMissing(history, scope, group, send, past));
  });
  return out;
}

/// Writes the figures and evidence of `missing` into `out`.
void ReportMissing(const History& history, Missing missing, CheckFigures* out) {
  out->figures = {{"lost", static_cast<double>(missing.lost)},
                  {"unseen", static_cast<double>(missing.unseen)}};
  // Lost records come first: they are the stronger finding.
  for (auto [send, poll] : missing.lost_ops) AddEvidence(history, {send, poll}, out);
  for (auto [send, poll] : missing.unseen_ops) AddEvidence(history, {send, poll}, out);
  out->evidence_text = std::move(missing.lost_text);
  AddMoreLine(missing.lost, out->evidence_text.size(), "lost records", out);
  size_t before = out->evidence_text.size();
  for (std::string& line : missing.unseen_text) out->evidence_text.push_back(std::move(line));
  AddMoreLine(missing.unseen, out->evidence_text.size() - before, "unseen records", out);
}

}  // namespace

CheckFigures ComputeLost(const History& history, const ExpectSpec& spec) {
  return ComputeLostCounting(history, spec, nullptr);
}

CheckFigures ComputeLostCounting(const History& history, const ExpectSpec& spec,
                                 size_t* acknowledged) {
  if (acknowledged != nullptr) *acknowledged = 0;
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"}, {"lost", "unseen"}, &out, &scope)) return out;
  const std::string& group = history.groups[scope.group];
  // Without a topic the scope is the topics the group was assigned or polled (a group never
  // reads a topic it is not subscribed to, so counting other records would report every
  // unrelated topic as unseen), which only the whole pass tells. Every topic's acknowledgements
  // are gathered meanwhile and `topics` picks at the end: exact unless a record was acknowledged
  // in two topics (its first acknowledgement in scope may then not be its first), and then a
  // second pass, knowing the topics, does it again.
  Tally tally;
  Gather(history, scope, nullptr, &tally);
  if (scope.topic == kNoId && tally.split_record) {
    std::vector<uint8_t> group_topics = tally.topics;
    Gather(history, scope, &group_topics, &tally);
  }
  size_t uncommitted = Uncommit(history, scope, &tally);
  size_t acked = 0;
  for (uint32_t t = 0; t < history.topics.size(); ++t) {
    if (InScope(scope, tally, t)) acked += tally.acked_in[t];
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
  ReportMissing(history, FindMissing(history, scope, group, tally), &out);
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(lost, check_detail::ComputeLost, "no_loss", "lost")
