#include "checks/scope.h"

#include <fmt/format.h>

#include <algorithm>

#include "checks/evidence.h"

namespace ks::check_detail {

namespace {

const std::string* ScopeName(const ExpectSpec& spec, const char* key) {
  auto it = spec.scope.find(key);
  return it == spec.scope.end() ? nullptr : &it->second;
}

}  // namespace

std::optional<std::string> ResolveScope(const History& history, const ExpectSpec& spec,
                                        const std::vector<std::string>& required, Scope* scope) {
  for (const std::string& key : required) {
    if (!spec.scope.contains(key)) return fmt::format("the entry names no {}", key);
  }
  if (const std::string* name = ScopeName(spec, "group")) {
    scope->group = history.FindGroup(*name);
    if (scope->group == kNoId) {
      return fmt::format("group {} is not in the history (it never started)", *name);
    }
    scope->in_group.assign(history.actors.size(), 0);
    if (history.Processes(scope->group)) scope->consume_kind = OpKind::kProcess;
    for (size_t a = 0; a < history.actors.size(); ++a) {
      const ActorInfo& actor = history.actors[a];
      if (actor.role == ActorInfo::Role::kMember && actor.group == scope->group) {
        scope->in_group[a] = 1;
        scope->members.push_back(static_cast<uint32_t>(a));
      }
    }
  }
  if (const std::string* name = ScopeName(spec, "topic")) {
    scope->topic = history.topics.Find(*name);
    if (scope->topic == kNoId) return fmt::format("topic {} is not in the history", *name);
  }
  if (const std::string* name = ScopeName(spec, "producer")) {
    scope->producer = history.producers.Find(*name);
    if (scope->producer == kNoId) {
      return fmt::format("producer {} is not in the history (it sent nothing)", *name);
    }
  }
  if (const std::string* name = ScopeName(spec, "member")) {
    for (size_t a = 0; a < history.actors.size(); ++a) {
      const ActorInfo& actor = history.actors[a];
      if (actor.role == ActorInfo::Role::kMember && actor.name == *name) {
        scope->member = static_cast<uint32_t>(a);
      }
    }
    if (scope->member == kNoId) return fmt::format("member {} is not in the history", *name);
    if (scope->group != kNoId && history.actors[scope->member].group != scope->group) {
      return fmt::format("member {} is not a member of group {}", *name,
                         history.groups[scope->group]);
    }
  }
  return std::nullopt;
}

PartitionSlots::PartitionSlots(const History& history) {
  count_.assign(history.topics.size(), 0);
  for (const Op& op : history.ops) {
    if (op.topic < count_.size() && op.partition >= count_[op.topic]) {
      count_[op.topic] = op.partition + 1;
    }
  }
  base_.resize(count_.size());
  for (size_t t = 0; t < count_.size(); ++t) {
    base_[t] = static_cast<int64_t>(total_);
    total_ += static_cast<size_t>(count_[t]);
  }
}

int32_t PartitionCount(const History& history, uint32_t topic) {
  int32_t from_watermarks = 0;
  int32_t from_ops = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (op.topic != topic || op.partition < 0) continue;
    from_ops = std::max(from_ops, op.partition + 1);
    if (op.kind == OpKind::kWatermark)
      from_watermarks = std::max(from_watermarks, op.partition + 1);
  }
  return from_watermarks > 0 ? from_watermarks : from_ops;
}

void AbortedCollector::SeeTxn(const Op& op, uint32_t index) {
  if (op.actor == kNoId) return;
  if (op.actor >= open_.size()) open_.resize(op.actor + 1);
  Open& open = open_[op.actor];
  switch (op.type) {
    case OpType::kInvoke:
      // A transaction begun while another was open: the earlier one never ended in the history.
      if (open.open) Close(open, kNoId, AbortedRecord::Why::kTxnUndecided);
      open.open = true;
      ++open.begun;
      // The runner numbers transactions from 1 in Op::seq; a history that lost the numbers (a
      // saved one whose txn ops carry none) gets them by counting.
      open.number = op.seq != 0 ? op.seq : open.begun;
      return;
    case OpType::kOk:
      open.records.clear();
      open.open = false;
      return;
    case OpType::kFail:
      if (open.open) Close(open, index, AbortedRecord::Why::kTxnAborted);
      return;
    case OpType::kInfo:
      if (open.open) Close(open, index, AbortedRecord::Why::kTxnUndecided);
      return;
  }
}

void AbortedCollector::Close(Open& open, uint32_t txn, AbortedRecord::Why why) {
  for (const RecordRef& r : open.records) {
    found_.push_back({r.seq, r.producer, r.op, txn, open.number, why});
  }
  open.records.clear();
  open.open = false;
}

std::vector<AbortedRecord> AbortedCollector::Take() {
  for (Open& open : open_) {
    if (open.open) Close(open, kNoId, AbortedRecord::Why::kTxnUndecided);
  }
  std::vector<AbortedRecord> found = std::move(found_);
  found_ = {};
  open_ = {};
  std::sort(found.begin(), found.end(), [](const AbortedRecord& a, const AbortedRecord& b) {
    if (a.producer != b.producer) return a.producer < b.producer;
    if (a.seq != b.seq) return a.seq < b.seq;
    if (a.why != b.why) return a.why < b.why;  // the stronger reason first
    return a.op < b.op;
  });
  found.erase(std::unique(found.begin(), found.end(),
                          [](const AbortedRecord& a, const AbortedRecord& b) {
                            return a.producer == b.producer && a.seq == b.seq;
                          }),
              found.end());
  return found;
}

SendTally TallySends(const History& history, const Scope& scope) {
  SendTally tally;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (op.kind != OpKind::kSend) continue;
    if (scope.producer != kNoId && op.producer != scope.producer) continue;
    if (scope.topic != kNoId && op.topic != scope.topic) continue;
    switch (op.type) {
      case OpType::kInvoke:
        ++tally.invoked;
        continue;
      case OpType::kOk:
        ++tally.acknowledged;
        continue;
      case OpType::kFail:
        ++tally.failed;
        break;
      case OpType::kInfo:
        ++tally.info;
        break;
    }
    if (tally.errors.size() < MaxEvidenceLines()) tally.errors.push_back(static_cast<uint32_t>(i));
  }
  return tally;
}

std::optional<std::string> ResolveSendScope(const History& history, const ExpectSpec& spec,
                                            Scope* scope, SendTally* tally) {
  if (auto error = ResolveScope(history, spec, {}, scope)) return error;
  if (scope->producer == kNoId && scope->topic == kNoId) {
    return std::string("the entry names neither a producer nor a topic");
  }
  *tally = TallySends(history, *scope);
  return std::nullopt;
}

std::string SendScopeName(const History& history, const Scope& scope) {
  if (scope.producer != kNoId && scope.topic != kNoId) {
    return fmt::format("{} to {}", history.producers.Get(scope.producer),
                       history.topics.Get(scope.topic));
  }
  if (scope.producer != kNoId) return "producer " + history.producers.Get(scope.producer);
  if (scope.topic != kNoId) return "topic " + history.topics.Get(scope.topic);
  return "every producer";
}

bool StartCheck(const History& history, const ExpectSpec& spec,
                const std::vector<std::string>& required, std::vector<std::string> figures,
                CheckFigures* out, Scope* scope) {
  out->figures.clear();
  for (std::string& name : figures) out->figures.push_back({std::move(name), 0});
  if (std::optional<std::string> error = ResolveScope(history, spec, required, scope)) {
    out->nothing_to_judge = std::move(*error);
    return false;
  }
  return true;
}

}  // namespace ks::check_detail
