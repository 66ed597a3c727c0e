#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>

#include "diag/spelling.h"
#include "scenario/check_catalogue.h"
#include "scenario/load_context.h"

namespace ks {

namespace {

std::string JoinComma(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// "did you mean 'x'?" when a declared name is close, else the list of declared names.
std::string NameHint(const std::string& word, const std::vector<std::string>& declared,
                     const std::string& kind) {
  if (std::optional<std::string> match = ClosestMatch(word, declared)) {
    return "did you mean '" + *match + "'?";
  }
  if (declared.empty()) return "no " + kind + "s are declared";
  return "declared " + kind + "s: " + JoinComma(declared);
}

template <typename T>
std::vector<std::string> Names(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const T& item : items) {
    if (!item.name.empty() && std::find(names.begin(), names.end(), item.name) == names.end()) {
      names.push_back(item.name);
    }
  }
  return names;
}

class CrossReferencer {
 public:
  explicit CrossReferencer(LoadContext* ctx)
      : ctx_(*ctx),
        s_(*ctx->scenario),
        topics_known_(ctx->NamesComplete("/topics")),
        producers_known_(ctx->NamesComplete("/producers")),
        groups_known_(ctx->NamesComplete("/consumer_groups")) {}

  void Run() {
    UniqueNames(s_.topics, ctx_.topic_pointers, "topic");
    UniqueNames(s_.producers, ctx_.producer_pointers, "producer");
    UniqueNames(s_.groups, ctx_.group_pointers, "consumer group");
    for (size_t i = 0; i < s_.topics.size(); ++i) Topic(s_.topics[i], ctx_.topic_pointers[i]);
    for (size_t i = 0; i < s_.producers.size(); ++i) {
      Producer(s_.producers[i], ctx_.producer_pointers[i]);
    }
    for (size_t i = 0; i < s_.groups.size(); ++i) Group(s_.groups[i], ctx_.group_pointers[i]);
    for (size_t i = 0; i < s_.expect.size(); ++i) Expect(s_.expect[i], ctx_.expect_pointers[i]);
    for (size_t i = 0; i < s_.steps.size(); ++i) Step(s_.steps[i], ctx_.step_pointers[i]);
  }

 private:
  SourceLoc Loc(const std::string& pointer) const { return ctx_.doc->sources.ValueLoc(pointer); }

  template <typename T>
  void UniqueNames(const std::vector<T>& items, const std::vector<std::string>& pointers,
                   const std::string& kind) {
    std::map<std::string, size_t> first;
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].name.empty()) continue;
      const auto [it, inserted] = first.emplace(items[i].name, i);
      if (inserted) continue;
      const std::string p = JsonPointerChild(pointers[i], "name");
      ctx_.Error(p, Loc(p), "duplicate " + kind + " name '" + items[i].name + "'",
                 "first declared on line " +
                     std::to_string(Loc(JsonPointerChild(pointers[it->second], "name")).line));
    }
  }

  // A topic reference: reports an undeclared name unless some topic's own name is broken.
  const TopicSpec* TopicRef(const std::string& name, const std::string& pointer) {
    const TopicSpec* topic = s_.FindTopic(name);
    if (topic == nullptr && topics_known_ && !ctx_.ReportedWithin(pointer)) {
      ctx_.Error(pointer, Loc(pointer), "unknown topic '" + name + "'",
                 NameHint(name, Names(s_.topics), "topic"));
    }
    return topic;
  }

  const GroupSpec* GroupRef(const std::string& name, const std::string& pointer) {
    const GroupSpec* group = s_.FindGroup(name);
    if (group == nullptr && groups_known_ && !ctx_.ReportedWithin(pointer)) {
      ctx_.Error(pointer, Loc(pointer), "unknown consumer group '" + name + "'",
                 NameHint(name, Names(s_.groups), "consumer group"));
    }
    return group;
  }

  const ProducerSpec* ProducerRef(const std::string& name, const std::string& pointer) {
    const ProducerSpec* producer = s_.FindProducer(name);
    if (producer == nullptr && producers_known_ && !ctx_.ReportedWithin(pointer)) {
      ctx_.Error(pointer, Loc(pointer), "unknown producer '" + name + "'",
                 NameHint(name, Names(s_.producers), "producer"));
    }
    return producer;
  }

  std::string PointerOf(const TopicSpec* topic) const {
    return ctx_.topic_pointers[static_cast<size_t>(topic - s_.topics.data())];
  }

  // Whether `field` of the map at `pointer` was read as written: neither it nor the map (where a
  // misspelling of it would be reported) has a diagnostic.
  bool Trusted(const std::string& pointer, const char* field) const {
    return !ctx_.ReportedAt(pointer) && !ctx_.ReportedWithin(JsonPointerChild(pointer, field));
  }

  void Topic(const TopicSpec& t, const std::string& pointer) {
    // The embedded cluster cannot place more replicas than it has brokers (Kafka refuses the
    // topic with INVALID_REPLICATION_FACTOR).
    const std::string p = JsonPointerChild(pointer, "replication_factor");
    if (t.replication_factor > s_.cluster.brokers && Trusted(pointer, "replication_factor") &&
        !ctx_.ReportedWithin("/cluster")) {
      ctx_.Error(p, Loc(p),
                 "replication_factor " + std::to_string(t.replication_factor) + " needs at least " +
                     std::to_string(t.replication_factor) + " brokers, the cluster has " +
                     std::to_string(s_.cluster.brokers),
                 "set cluster: {brokers: " + std::to_string(t.replication_factor) + "}");
    }
  }

  void Producer(const ProducerSpec& p, const std::string& pointer) {
    if (p.topic.empty()) return;
    const TopicSpec* topic = TopicRef(p.topic, JsonPointerChild(pointer, "topic"));
    if (topic == nullptr || p.partitioner.kind != PartitionerKind::kExplicit) return;
    PartitionExists(*topic, p.partitioner.partition,
                    JsonPointerChild(JsonPointerChild(pointer, "partitioner"), "partition"));
  }

  void PartitionExists(const TopicSpec& topic, int partition, const std::string& pointer) {
    if (partition < topic.partitions || ctx_.ReportedWithin(pointer) ||
        !Trusted(PointerOf(&topic), "partitions")) {
      return;
    }
    ctx_.Error(pointer, Loc(pointer),
               "partition " + std::to_string(partition) + " does not exist: topic '" + topic.name +
                   "' has " + std::to_string(topic.partitions) +
                   (topic.partitions == 1
                        ? " partition (0)"
                        : " partitions (0 to " + std::to_string(topic.partitions - 1) + ")"));
  }

  void Group(const GroupSpec& g, const std::string& pointer) {
    // A processor (processors:) reads `from` and writes `to`.
    const std::string topics = JsonPointerChild(pointer, g.transform ? "from" : "topics");
    for (size_t i = 0; i < g.topics.size(); ++i) {
      TopicRef(g.topics[i], JsonPointerChild(topics, i));
    }
    if (!g.transform) return;
    const std::string to = JsonPointerChild(pointer, "to");
    for (size_t i = 0; i < g.transform->to.size(); ++i) {
      TopicRef(g.transform->to[i], JsonPointerChild(to, i));
    }
  }

  void Expect(const ExpectSpec& e, const std::string& pointer) {
    const CheckEntry* check = FindCheckEntry(e.check);
    if (check == nullptr) return;  // reported by the schema
    const std::string body = JsonPointerChild(pointer, e.check);
    auto scope = [&](const char* key) -> const std::string* {
      const auto it = e.scope.find(key);
      return it == e.scope.end() ? nullptr : &it->second;
    };
    const GroupSpec* group = nullptr;
    const TopicSpec* topic = nullptr;
    if (const std::string* name = scope("group"))
      group = GroupRef(*name, JsonPointerChild(body, "group"));
    if (const std::string* name = scope("topic")) {
      const std::string p = JsonPointerChild(body, "topic");
      topic = TopicRef(*name, p);
      if (topic != nullptr && group != nullptr &&
          std::find(group->topics.begin(), group->topics.end(), *name) == group->topics.end()) {
        ctx_.Error(p, Loc(p),
                   "consumer group '" + group->name + "' does not read topic '" + *name + "'",
                   "it reads " + JoinComma(group->topics));
      }
    }
    if (const std::string* name = scope("producer")) {
      const std::string p = JsonPointerChild(body, "producer");
      const ProducerSpec* producer = ProducerRef(*name, p);
      if (producer != nullptr && topic != nullptr && producer->topic != topic->name) {
        ctx_.Error(p, Loc(p),
                   "producer '" + producer->name + "' writes to '" + producer->topic + "', not '" +
                       topic->name + "'");
      }
    }
    if (const std::string* member = scope("member")) {
      Member(*member, scope("group"), group, JsonPointerChild(body, "member"));
    }
  }

  // `member` is "group/index" (steps address members the same way), index from 0.
  void Member(const std::string& member, const std::string* scope_group, const GroupSpec* group,
              const std::string& pointer) {
    const size_t slash = member.rfind('/');
    int index = -1;
    if (slash != std::string::npos) {
      const char* begin = member.data() + slash + 1;
      const char* end = member.data() + member.size();
      const auto [stop, ec] = std::from_chars(begin, end, index);
      if (ec != std::errc() || stop != end || begin == end) index = -1;
    }
    const std::string example = (scope_group != nullptr ? *scope_group : "billing") + "/0";
    if (index < 0) {
      ctx_.Error(pointer, Loc(pointer),
                 "expected a member such as " + example + " (group/index), got '" + member + "'");
      return;
    }
    const std::string group_name = member.substr(0, slash);
    if (scope_group != nullptr && group_name != *scope_group) {
      ctx_.Error(pointer, Loc(pointer),
                 "member '" + member + "' is not in group '" + *scope_group + "'",
                 "write " + *scope_group + "/" + std::to_string(index));
      return;
    }
    if (group != nullptr) MemberExists(member, *group, index, pointer);
  }

  // `member` is "group/index" of `group`; reports an index past its members.
  void MemberExists(const std::string& member, const GroupSpec& group, int64_t index,
                    const std::string& pointer) {
    if (index < group.members || !Trusted(PointerOfGroup(&group), "members")) return;
    ctx_.Error(pointer, Loc(pointer),
               "member '" + member + "' does not exist: group '" + group.name + "' has " +
                   std::to_string(group.members) +
                   (group.members == 1 ? " member (" + group.name + "/0)"
                                       : " members (" + group.name + "/0 to " + group.name + "/" +
                                             std::to_string(group.members - 1) + ")"));
  }

  // ---- steps -------------------------------------------------------------------------------

  bool Written(const std::string& pointer) const {
    return ctx_.doc->value.contains(nlohmann::json::json_pointer(pointer));
  }

  // A step's group ("billing") or member ("billing/2"); the schema has checked the shape.
  void GroupOrMember(const std::string& target, const std::string& pointer) {
    if (target.empty() || ctx_.ReportedWithin(pointer)) return;
    const size_t slash = target.rfind('/');
    const GroupSpec* group = GroupRef(target.substr(0, slash), pointer);
    if (group == nullptr || slash == std::string::npos) return;
    int64_t index = std::numeric_limits<int64_t>::max();  // stays so when it overflows
    std::from_chars(target.data() + slash + 1, target.data() + target.size(), index);
    MemberExists(target, *group, index, pointer);
  }

  // Brokers of the embedded cluster are numbered 1 to cluster.brokers (the schema has checked
  // >= 1).
  void BrokerExists(int32_t broker, const std::string& pointer) {
    if (broker <= s_.cluster.brokers || ctx_.ReportedWithin(pointer) ||
        ctx_.ReportedWithin("/cluster")) {
      return;
    }
    const int n = s_.cluster.brokers;
    ctx_.Error(pointer, Loc(pointer),
               "broker " + std::to_string(broker) + " does not exist: the cluster has " +
                   std::to_string(n) +
                   (n == 1 ? " broker (1)" : " brokers (1 to " + std::to_string(n) + ")"),
               "set cluster: {brokers: " + std::to_string(broker) + "}");
  }

  void Step(const StepSpec& step, const std::string& pointer) {
    const std::string action = JsonPointerChild(pointer, ToString(step.kind));
    switch (step.kind) {
      case StepSpec::Kind::kStart:
      case StepSpec::Kind::kStop:
      case StepSpec::Kind::kCrash:
      case StepSpec::Kind::kRestart:
        GroupOrMember(step.target, action);
        break;
      case StepSpec::Kind::kProduce:
        if (!step.target.empty()) {
          const std::string p = JsonPointerChild(action, "producer");
          ProducerRef(step.target, Written(p) ? p : action);
        }
        break;
      case StepSpec::Kind::kWait:
        Wait(step.wait_for, action);
        break;
      case StepSpec::Kind::kSleep:
        break;
      case StepSpec::Kind::kSeek:
        GroupOrMember(step.seek.target, JsonPointerChild(action, "group"));
        break;
      case StepSpec::Kind::kFault:
        Fault(step.fault, action);
        break;
      case StepSpec::Kind::kLua:
        break;  // the function is found when the run starts its Lua sandbox
      case StepSpec::Kind::kRecreateTopic:
        if (!step.target.empty()) TopicRef(step.target, action);
        break;
      case StepSpec::Kind::kAlterTopic:
        if (!step.target.empty()) TopicRef(step.target, JsonPointerChild(action, "topic"));
        break;
      case StepSpec::Kind::kAddPartitions:
        AddPartitions(step, action);
        break;
    }
    const std::string after = JsonPointerChild(pointer, "after");
    if (step.after.kind == TriggerSpec::Kind::kAcked && !step.after.producer.empty()) {
      ProducerRef(step.after.producer, JsonPointerChild(after, "producer"));
    } else if (step.after.kind == TriggerSpec::Kind::kConsumed && !step.after.group.empty()) {
      GroupRef(step.after.group, JsonPointerChild(after, "group"));
    }
  }

  // The new count must exceed what the topic has by then: its declared count, or an earlier
  // add_partitions step's (Kafka refuses to shrink a topic or keep its count: INVALID_PARTITIONS).
  void AddPartitions(const StepSpec& step, const std::string& action) {
    if (step.target.empty()) return;
    const TopicSpec* topic = TopicRef(step.target, JsonPointerChild(action, "topic"));
    if (topic == nullptr || step.partitions == 0) return;
    int before = topic->partitions;
    for (const StepSpec& s : s_.steps) {
      if (&s == &step) break;
      if (s.kind == StepSpec::Kind::kAddPartitions && s.target == step.target) {
        before = std::max(before, s.partitions);
      }
      // Recreated as declared: what was added before is gone.
      if (s.kind == StepSpec::Kind::kRecreateTopic && s.target == step.target) {
        before = topic->partitions;
      }
    }
    if (step.partitions <= before) {
      const std::string p = JsonPointerChild(action, "count");
      ctx_.Error(p, Loc(p),
                 fmt::format("topic '{}' has {} partitions by then: count must be more (Kafka "
                             "only adds partitions)",
                             step.target, before),
                 fmt::format("count: {} or more", before + 1));
    }
  }

  void Wait(const WaitSpec& w, const std::string& pointer) {
    if (w.kind == WaitSpec::Kind::kPurged) {
      if (!w.topic.empty()) TopicRef(w.topic, JsonPointerChild(pointer, "purged"));
      return;
    }
    if (w.kind == WaitSpec::Kind::kAcked) {
      if (!w.producer.empty()) ProducerRef(w.producer, JsonPointerChild(pointer, "producer"));
      return;
    }
    if (w.group.empty()) return;
    // drained, assigned and rebalanced may name the group themselves.
    const char* condition = w.kind == WaitSpec::Kind::kDrained      ? "drained"
                            : w.kind == WaitSpec::Kind::kAssigned   ? "assigned"
                            : w.kind == WaitSpec::Kind::kRebalanced ? "rebalanced"
                                                                    : "group";
    const std::string named = JsonPointerChild(pointer, condition);
    const bool by_condition =
        Written(named) && ctx_.doc->value.at(nlohmann::json::json_pointer(named)).is_string();
    const GroupSpec* group =
        GroupRef(w.group, by_condition ? named : JsonPointerChild(pointer, "group"));
    if (group != nullptr && w.kind == WaitSpec::Kind::kLagAtMost &&
        group->commit.mode == CommitMode::kNever) {
      // Lag counts from the committed offset (kafka-consumer-groups.sh, the lag check).
      const std::string lag = JsonPointerChild(pointer, "lag");
      ctx_.Error(lag, Loc(lag),
                 "group '" + w.group + "' never commits, so its lag never falls: lag is " +
                     "counted from the group's committed offset",
                 "wait for {drained: " + w.group + "} (everything read) instead");
    }
  }

  void Fault(const FaultSpec& f, const std::string& pointer) {
    switch (f.kind) {
      case FaultSpec::Kind::kBrokerDown:
        BrokerExists(f.broker, JsonPointerChild(pointer, "broker_down"));
        break;
      case FaultSpec::Kind::kBrokerUp:
        BrokerExists(f.broker, JsonPointerChild(pointer, "broker_up"));
        break;
      case FaultSpec::Kind::kLeader: {
        const std::string leader = JsonPointerChild(pointer, "leader");
        const TopicSpec* topic =
            f.topic.empty() ? nullptr : TopicRef(f.topic, JsonPointerChild(leader, "topic"));
        if (topic != nullptr) {
          PartitionExists(*topic, f.partition, JsonPointerChild(leader, "partition"));
        }
        BrokerExists(f.broker, JsonPointerChild(leader, "broker"));
        break;
      }
      case FaultSpec::Kind::kRequestErrors:
        break;  // the API and error names are closed lists in the schema
      case FaultSpec::Kind::kRtt:
        BrokerExists(f.broker, JsonPointerChild(JsonPointerChild(pointer, "rtt"), "broker"));
        break;
    }
  }

  std::string PointerOfGroup(const GroupSpec* group) const {
    return ctx_.group_pointers[static_cast<size_t>(group - s_.groups.data())];
  }

  LoadContext& ctx_;
  const Scenario& s_;
  const bool topics_known_;
  const bool producers_known_;
  const bool groups_known_;
};

}  // namespace

void CrossReference(LoadContext* ctx) { CrossReferencer(ctx).Run(); }

}  // namespace ks
