#include "run/run_world.h"

#include <fmt/format.h>

#include <algorithm>

#include "actors/client_factory.h"

namespace ks {

LiveGroup* RunWorld::FindGroup(const std::string& name) {
  for (auto& g : live_.groups) {
    if (g.spec->name == name) return &g;
  }
  return nullptr;
}

LiveProducer* RunWorld::FindProducer(const std::string& name) {
  for (auto& p : live_.producers) {
    if (p.spec->name == name) return &p;
  }
  return nullptr;
}

Status RunWorld::Members(const std::string& target, LiveGroup** group, std::vector<int>* members) {
  const size_t slash = target.rfind('/');
  *group = FindGroup(slash == std::string::npos ? target : target.substr(0, slash));
  if (!*group) return Status::Error(fmt::format("no consumer group '{}'", target));
  if (slash == std::string::npos) {
    for (size_t i = 0; i < (*group)->members.size(); ++i) members->push_back(static_cast<int>(i));
    return Status::Ok();
  }
  int index = std::atoi(target.c_str() + slash + 1);
  if (index < 0 || index >= static_cast<int>((*group)->members.size())) {
    return Status::Error(fmt::format("no member {}", target));
  }
  members->push_back(index);
  return Status::Ok();
}

std::optional<std::string> RunWorld::TopicNotPurged(const std::string& topic) {
  // One ListOffsets round per partition: about once a second is enough for retention, which
  // brokers apply every log.retention.check.interval.ms (5 min by default).
  const auto now = std::chrono::steady_clock::now();
  if (now - purge_checked_at_ < std::chrono::seconds(1) && !purge_missing_.empty()) {
    return purge_missing_;
  }
  purge_checked_at_ = now;
  const TopicSpec* spec = live_.scenario ? live_.scenario->FindTopic(topic) : nullptr;
  if (!spec) return purge_missing_ = fmt::format("no topic '{}'", topic);
  Scenario one;  // QueryOffsets reads a scenario's topics: this one only
  one.topics.push_back(*spec);
  one.steps = live_.scenario->steps;  // partitions an add_partitions step made
  std::vector<PartitionOffsets> offsets;
  if (Status st = target_.QueryOffsets(one, 5000, &offsets); !st.ok()) {
    return purge_missing_ = st.message();
  }
  std::vector<std::string> left;
  for (const auto& o : offsets) {
    if (o.log_start < o.high_watermark) {
      left.push_back(fmt::format("{}[{}] keeps offsets {}..{}", o.topic, o.partition, o.log_start,
                                 o.high_watermark - 1));
    }
  }
  if (left.empty()) {
    purge_missing_.clear();
    return std::nullopt;
  }
  purge_missing_ = left.front();
  if (left.size() > 1) purge_missing_ += fmt::format(" and {} more partitions", left.size() - 1);
  return purge_missing_;
}

Status RunWorld::AddPartitions(const StepSpec& step) {
  const TopicMap::Entry* topic = live_.topics.FindLogical(step.target);
  if (!topic) return Status::Error(fmt::format("no topic '{}'", step.target));
  if (Status st = target_.AddPartitions(step.target, step.partitions); !st.ok()) return st;
  // The groups reading the topic must own the new partitions too before `assigned` is met.
  for (LiveGroup& g : live_.groups) {
    for (const std::string& t : g.spec->topics) {
      if (t != step.target) continue;
      for (int p = 0; p < step.partitions; ++p) {
        const int slot = topic->first_slot + p;
        if (std::find(g.slots.begin(), g.slots.end(), slot) == g.slots.end()) {
          g.slots.push_back(slot);
        }
      }
    }
  }
  return Status::Ok();
}

Status RunWorld::RecreateTopic(const StepSpec& step) {
  const TopicMap::Entry* topic = live_.topics.FindLogical(step.target);
  const TopicSpec* spec = live_.scenario ? live_.scenario->FindTopic(step.target) : nullptr;
  if (!topic || !spec) return Status::Error(fmt::format("no topic '{}'", step.target));
  // Deleting a topic under running clients gives results no lesson can state: records in flight
  // land in the old or the new topic, and a consumer keeps its position in the old one
  // (librdkafka 2.0.2 has no topic ids) and skips the new one's first records.
  for (const LiveProducer& p : live_.producers) {
    if (p.spec->topic == step.target && !p.progress->finished.load()) {
      return Status::Error(fmt::format(
          "producer {} still has records in flight to {}: wait for its deliveries first "
          "(produce with wait: true)",
          p.spec->name, step.target));
    }
  }
  for (const LiveGroup& g : live_.groups) {
    const bool reads = std::find(g.spec->topics.begin(), g.spec->topics.end(), step.target) !=
                       g.spec->topics.end();
    for (size_t m = 0; reads && m < g.members.size(); ++m) {
      if (g.members[m]->running()) {
        return Status::Error(fmt::format(
            "{}/{} still reads {}: stop the group first, a running consumer keeps its position "
            "in the deleted topic",
            g.spec->name, m, step.target));
      }
    }
  }
  if (Status st = target_.RecreateTopic(*spec); !st.ok()) return st;
  // Created as declared: partitions an add_partitions step made are gone with the old topic.
  for (LiveGroup& g : live_.groups) {
    std::erase_if(g.slots, [&](int slot) {
      return slot >= topic->first_slot + topic->declared_partitions &&
             slot < topic->first_slot + topic->partitions;
    });
  }
  // Offsets start again at 0: the marks waits compare with start again too.
  for (int p = 0; p < topic->partitions; ++p) {
    const int slot = topic->first_slot + p;
    for (LiveProducer& lp : live_.producers) lp.progress->acked_offsets.Set(slot, -1);
    for (LiveGroup& g : live_.groups) {
      g.progress->consumed_offsets.Set(slot, -1);
      g.progress->positions.Set(slot, -1);
      g.progress->committed.Set(slot, -1);
      if (g.outputs) g.outputs->acked_offsets.Set(slot, -1);
    }
  }
  return Status::Ok();
}

Status RunWorld::Act(const StepSpec& step) {
  using Kind = StepSpec::Kind;
  switch (step.kind) {
    case Kind::kProduce: {
      LiveProducer* p = FindProducer(step.target);
      if (!p) return Status::Error(fmt::format("no producer '{}'", step.target));
      p->actor->Send(step.messages.value_or(p->spec->messages));
      return Status::Ok();
    }
    case Kind::kFault: {
      Status st = target_.InjectFault(step.fault);
      if (st.ok()) on_fault_(step.fault, false);
      return st;
    }
    case Kind::kSeek: {
      LiveGroup* g = nullptr;
      std::vector<int> members;
      if (Status st = Members(step.seek.target, &g, &members); !st.ok()) return st;
      for (int m : members) {
        auto& actor = g->members[static_cast<size_t>(m)];
        if (!actor->running()) continue;  // a member that is down has nothing to move
        if (Status st = actor->Seek(step.seek, 10000); !st.ok()) return st;
      }
      return Status::Ok();
    }
    case Kind::kStart:
    case Kind::kStop:
    case Kind::kCrash:
    case Kind::kRestart:
      break;
    case Kind::kLua: {
      if (lua_.plan == nullptr || lua_.pacer == nullptr || lua_.scenario == nullptr) {
        return Status::Error("this run has no Lua for lua steps");
      }
      if (!lua_steps_) {
        lua_steps_ = std::make_unique<LuaSteps>(*lua_.plan, *lua_.scenario, *this, *lua_.pacer);
      }
      return lua_steps_->Run(step);
    }
    case Kind::kAddPartitions:
      return AddPartitions(step);
    case Kind::kRecreateTopic:
      return RecreateTopic(step);
    case Kind::kAlterTopic:
      return target_.AlterTopic(step.target, step.topic_config);
    case Kind::kWait:
    case Kind::kSleep:
      return Status::Error("not an action step");
  }
  return ActOnMembers(step);
}

Status RunWorld::ActOnMembers(const StepSpec& step) {
  using Kind = StepSpec::Kind;
  LiveGroup* g = nullptr;
  std::vector<int> members;
  if (Status st = Members(step.target, &g, &members); !st.ok()) return st;
  if (step.kind == Kind::kStop) {
    std::vector<GroupMember*> stopping;
    for (int m : members) stopping.push_back(g->members[static_cast<size_t>(m)].get());
    // The timeline records one problem per failed step: the late members share it.
    std::string late;
    for (const std::string& name : StopTogether(stopping, lua_.deadline)) {
      if (!late.empty()) late += "; ";
      late += fmt::format("member {} did not make its final commit by the deadline", name);
    }
    return late.empty() ? Status::Ok() : Status::Error(late);
  }
  for (int m : members) {
    auto& actor = g->members[static_cast<size_t>(m)];
    if (step.kind == Kind::kCrash) {
      actor->Crash();
      continue;
    }
    if (step.kind == Kind::kStart && actor->running()) continue;  // already up
    if (actor->running()) actor->Stop();                          // restart: a clean stop first
    if (actor->has_run()) {
      // The old incarnation's fatal error (a Lua hook's) must not vanish with it.
      if (!actor->fatal_error().empty()) return Status::Error(actor->fatal_error());
      // A client is not started twice: a (re)started member is a new process, a new client.
      actor = MakeMember(g->setups[static_cast<size_t>(m)], g->logs[static_cast<size_t>(m)],
                         g->progress.get());
    }
    if (Status st = actor->Start(); !st.ok()) return st;
  }
  return Status::Ok();
}

Status RunWorld::Undo(const FaultSpec& fault) {
  Status st = target_.UndoFault(fault);
  if (st.ok()) on_fault_(fault, true);
  return st;
}

void RunWorld::MarkWaitStart(const WaitSpec& wait) {
  purge_checked_at_ = {};  // a new wait asks the cluster at once
  if (LiveGroup* g = FindGroup(wait.group)) {
    rebalances_at_wait_[wait.group] = g->progress->rebalances.load();
  }
}

std::optional<std::string> RunWorld::Missing(const WaitSpec& w) {
  using Kind = WaitSpec::Kind;
  if (w.kind == Kind::kProducersFinished) return ProducersPending();
  if (w.kind == Kind::kPurged) return TopicNotPurged(w.topic);
  if (w.kind == Kind::kAcked) {
    LiveProducer* p = FindProducer(w.producer);
    if (!p) return fmt::format("no producer '{}'", w.producer);
    int64_t acked = p->progress->acked.load();
    if (acked >= w.count) return std::nullopt;
    return fmt::format("{} has {} of {} records acknowledged", w.producer, acked, w.count);
  }
  LiveGroup* g = FindGroup(w.group);
  if (!g) return fmt::format("no consumer group '{}'", w.group);
  switch (w.kind) {
    case Kind::kConsumed: {
      int64_t consumed = GroupConsumed(*g);
      if (consumed >= w.count) return std::nullopt;
      return fmt::format("{} consumed {} of {}", w.group, consumed, w.count);
    }
    case Kind::kDrained:
      return GroupDrained(live_, *g);
    case Kind::kAssigned:
      return GroupAssigned(live_, *g);
    case Kind::kRebalanced: {
      if (g->progress->rebalances.load() <= rebalances_at_wait_[w.group]) {
        return fmt::format("{} has not rebalanced since the wait began", w.group);
      }
      return GroupAssigned(live_, *g);
    }
    case Kind::kLagAtMost: {
      int64_t lag = GroupLag(live_, *g);
      if (lag <= w.count) return std::nullopt;
      return fmt::format("{} lags {} records behind (at most {} wanted)", w.group, lag, w.count);
    }
    case Kind::kAcked:
    case Kind::kProducersFinished:
    case Kind::kPurged:
      break;  // answered above
  }
  return std::nullopt;
}

bool RunWorld::Happened(const TriggerSpec& after) {
  switch (after.kind) {
    case TriggerSpec::Kind::kNone:
      return true;
    case TriggerSpec::Kind::kAcked: {
      LiveProducer* p = FindProducer(after.producer);
      return p && p->progress->acked.load() >= after.count;
    }
    case TriggerSpec::Kind::kConsumed: {
      LiveGroup* g = FindGroup(after.group);
      return g && GroupConsumed(*g) >= after.count;
    }
  }
  return false;
}

}  // namespace ks
