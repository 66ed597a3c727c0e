#include "support/history_builder.h"

#include <algorithm>
#include <stdexcept>

namespace ks::test_support {

HistoryBuilder::HistoryBuilder() = default;

HistoryBuilder& HistoryBuilder::Topic(std::string_view name) {
  history_.topics.Intern(name);
  return *this;
}

HistoryBuilder& HistoryBuilder::Producer(std::string_view name) {
  if (history_.producers.Find(name) != kNoId) return *this;
  history_.producers.Intern(name);
  history_.actors.push_back({std::string(name), ActorInfo::Role::kProducer, kNoId, -1});
  return *this;
}

HistoryBuilder& HistoryBuilder::Group(std::string_view name, int members) {
  auto group = static_cast<uint32_t>(history_.groups.size());
  history_.groups.emplace_back(name);
  for (int i = 0; i < members; ++i) {
    history_.actors.push_back(
        {std::string(name) + "/" + std::to_string(i), ActorInfo::Role::kMember, group, i});
  }
  return *this;
}

uint32_t HistoryBuilder::Actor(std::string_view name) const {
  for (size_t a = 0; a < history_.actors.size(); ++a) {
    if (history_.actors[a].name == name) return static_cast<uint32_t>(a);
  }
  throw std::invalid_argument("no actor named " + std::string(name));
}

uint32_t HistoryBuilder::Member(std::string_view name) const {
  uint32_t actor = Actor(name);
  if (history_.actors[actor].role != ActorInfo::Role::kMember) {
    throw std::invalid_argument(std::string(name) + " is not a group member");
  }
  return actor;
}

uint32_t HistoryBuilder::RunnerActor() {
  for (size_t a = 0; a < history_.actors.size(); ++a) {
    if (history_.actors[a].role == ActorInfo::Role::kRunner) return static_cast<uint32_t>(a);
  }
  history_.actors.push_back({"runner", ActorInfo::Role::kRunner, kNoId, -1});
  return static_cast<uint32_t>(history_.actors.size() - 1);
}

Op& HistoryBuilder::Append(Op op) {
  op.time_us = now_us_;
  now_us_ += 10;
  history_.ops.push_back(op);
  return history_.ops.back();
}

HistoryBuilder& HistoryBuilder::Partitioner(std::string_view producer, std::string_view topic,
                                            std::string_view partitioner, int32_t partition) {
  Producer(producer);
  uint32_t id = history_.producers.Find(producer);
  if (history_.producer_info.size() <= id) history_.producer_info.resize(id + 1);
  ProducerInfo& info = history_.producer_info[id];
  info.topic = history_.topics.Intern(topic);
  info.partitioner = std::string(partitioner);
  info.partition = partition;
  return *this;
}

HistoryBuilder& HistoryBuilder::Invoke(std::string_view producer, uint64_t seq, const Key& key,
                                       std::string_view topic) {
  Producer(producer);
  Op op;
  op.kind = OpKind::kSend;
  op.type = OpType::kInvoke;
  op.producer = history_.producers.Find(producer);
  op.actor = Actor(producer);
  op.seq = seq;
  op.key = key ? history_.keys.Intern(*key) : kNoId;
  op.topic = history_.topics.Intern(topic);
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Send(std::string_view producer, uint64_t seq, const Key& key,
                                     std::string_view topic, int32_t partition, int64_t offset,
                                     OpType type) {
  Producer(producer);
  Op op;
  op.kind = OpKind::kSend;
  op.type = OpType::kInvoke;
  op.producer = history_.producers.Find(producer);
  op.actor = Actor(producer);
  op.seq = seq;
  op.key = key ? history_.keys.Intern(*key) : kNoId;
  op.topic = history_.topics.Intern(topic);
  Append(op);
  op.type = type;
  op.partition = partition;
  op.offset = offset;
  sends_[{op.producer, seq}] = Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Txn(std::string_view producer, uint64_t number, OpType type) {
  Producer(producer);
  Op op;
  op.kind = OpKind::kTxn;
  op.type = type;
  op.actor = Actor(producer);
  op.seq = number;
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Poll(std::string_view member, std::string_view producer,
                                     uint64_t seq, std::string_view topic, int32_t partition,
                                     int64_t offset) {
  Op op;
  op.kind = OpKind::kPoll;
  op.type = OpType::kOk;
  op.actor = Member(member);
  op.producer = history_.producers.Intern(producer);
  op.seq = seq;
  auto it = sends_.find({op.producer, seq});
  op.key = it == sends_.end() ? kNoId : it->second.key;
  op.topic = history_.topics.Intern(topic);
  op.partition = partition;
  op.offset = offset;
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Poll(std::string_view member, std::string_view producer,
                                     uint64_t seq) {
  auto it = sends_.find({history_.producers.Find(producer), seq});
  if (it == sends_.end()) {
    throw std::invalid_argument("no send of " + std::string(producer) + "#" + std::to_string(seq));
  }
  const Op send = it->second;
  const std::string topic = history_.topics.Get(send.topic);
  return Poll(member, producer, seq, topic, send.partition, send.offset);
}

HistoryBuilder& HistoryBuilder::PollForeign(std::string_view member, std::string_view topic,
                                            int32_t partition, int64_t offset) {
  Op op;
  op.kind = OpKind::kPoll;
  op.type = OpType::kOk;
  op.actor = Member(member);
  op.topic = history_.topics.Intern(topic);
  op.partition = partition;
  op.offset = offset;
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Assign(std::string_view member, std::string_view topic,
                                       int32_t partition) {
  Op op;
  op.kind = OpKind::kAssign;
  op.actor = Member(member);
  op.topic = history_.topics.Intern(topic);
  op.partition = partition;
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Revoke(std::string_view member, std::string_view topic,
                                       int32_t partition) {
  Op op;
  op.kind = OpKind::kRevoke;
  op.actor = Member(member);
  op.topic = history_.topics.Intern(topic);
  op.partition = partition;
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Commit(std::string_view member, std::string_view topic,
                                       int32_t partition, int64_t offset, OpType type) {
  Op op;
  op.kind = OpKind::kCommit;
  op.type = type;
  op.actor = Member(member);
  op.topic = history_.topics.Intern(topic);
  op.partition = partition;
  op.offset = offset;
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Start(std::string_view actor) {
  Op op;
  op.kind = OpKind::kStart;
  op.actor = Actor(actor);
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Stop(std::string_view actor) {
  Op op;
  op.kind = OpKind::kStop;
  op.actor = Actor(actor);
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Seek(std::string_view member, std::string_view topic,
                                     int32_t partition, int64_t offset) {
  Op op;
  op.kind = OpKind::kSeek;
  op.actor = Actor(member);
  op.topic = history_.topics.Intern(topic);
  op.partition = partition;
  op.offset = offset;
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Crash(std::string_view actor) {
  Op op;
  op.kind = OpKind::kCrash;
  op.actor = Actor(actor);
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Watermark(std::string_view topic, int32_t partition,
                                          int64_t offset) {
  Op op;
  op.kind = OpKind::kWatermark;
  op.actor = RunnerActor();
  op.topic = history_.topics.Intern(topic);
  op.partition = partition;
  op.offset = offset;
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::LogStart(std::string_view topic, int32_t partition,
                                         int64_t offset) {
  Op op;
  op.kind = OpKind::kLogStart;
  op.actor = RunnerActor();
  op.topic = history_.topics.Intern(topic);
  op.partition = partition;
  op.offset = offset;
  Append(op);
  return *this;
}

HistoryBuilder& HistoryBuilder::Advance(int64_t us) {
  now_us_ += us;
  return *this;
}

void CleanPlan::AssignOffsets() {
  std::vector<int64_t> next(static_cast<size_t>(spec.partitions), 0);
  for (Record& r : records) r.offset = next[static_cast<size_t>(r.partition)]++;
}

CleanPlan MakeCleanPlan(const CleanSpec& spec) {
  CleanPlan plan;
  plan.spec = spec;
  for (int i = 0; i < spec.records; ++i) {
    int key = i % spec.keys;
    plan.records.push_back({"user-" + std::to_string(key), key % spec.partitions, -1});
    plan.polls.push_back(static_cast<uint32_t>(i));
  }
  plan.AssignOffsets();
  return plan;
}

History BuildPlan(CleanPlan plan) {
  plan.AssignOffsets();
  const CleanSpec& spec = plan.spec;
  auto member = [&](int32_t partition) {
    return spec.group + "/" + std::to_string(plan.Owner(partition));
  };
  HistoryBuilder b;
  b.Topic(spec.topic).Producer(spec.producer).Group(spec.group, spec.members);
  for (int m = 0; m < spec.members; ++m) b.Start(spec.group + "/" + std::to_string(m));
  for (int32_t p = 0; p < spec.partitions; ++p) b.Assign(member(p), spec.topic, p);
  b.Start(spec.producer);
  for (size_t i = 0; i < plan.records.size(); ++i) {
    const CleanPlan::Record& r = plan.records[i];
    b.Send(spec.producer, i, r.key, spec.topic, r.partition, r.offset);
  }
  for (uint32_t i : plan.polls) {
    const CleanPlan::Record& r = plan.records[i];
    b.Poll(member(r.partition), spec.producer, i, spec.topic, r.partition, r.offset);
  }
  std::vector<int64_t> next(static_cast<size_t>(spec.partitions), 0);
  for (const CleanPlan::Record& r : plan.records) {
    next[static_cast<size_t>(r.partition)] =
        std::max(next[static_cast<size_t>(r.partition)], r.offset + 1);
  }
  for (int32_t p = 0; p < spec.partitions; ++p)
    b.Watermark(spec.topic, p, next[static_cast<size_t>(p)]);
  return b.Build();
}

History MakeCleanHistory(const CleanSpec& spec) { return BuildPlan(MakeCleanPlan(spec)); }

}  // namespace ks::test_support
