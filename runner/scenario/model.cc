#include "scenario/model.h"

#include <algorithm>

namespace ks {

namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, const std::string& name) {
  const auto it =
      std::find_if(items.begin(), items.end(), [&](const T& item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::string_view ToString(PartitionerKind kind) {
  switch (kind) {
    case PartitionerKind::kCrc32:
      return "crc32";
    case PartitionerKind::kMurmur2:
      return "murmur2";
    case PartitionerKind::kRoundRobin:
      return "round_robin";
    case PartitionerKind::kRandom:
      return "random";
    case PartitionerKind::kExplicit:
      return "explicit";
    case PartitionerKind::kLua:
      return "lua";
  }
  return "?";
}

std::string_view ToString(CommitMode mode) {
  switch (mode) {
    case CommitMode::kAuto:
      return "auto";
    case CommitMode::kAfterProcess:
      return "after_process";
    case CommitMode::kNever:
      return "never";
    case CommitMode::kLowWatermark:
      return "low_watermark";
    case CommitMode::kHighestDone:
      return "highest_done";
  }
  return "?";
}

std::string_view ToString(StepSpec::Kind kind) {
  switch (kind) {
    case StepSpec::Kind::kStart:
      return "start";
    case StepSpec::Kind::kStop:
      return "stop";
    case StepSpec::Kind::kCrash:
      return "crash";
    case StepSpec::Kind::kRestart:
      return "restart";
    case StepSpec::Kind::kProduce:
      return "produce";
    case StepSpec::Kind::kWait:
      return "wait";
    case StepSpec::Kind::kSleep:
      return "sleep";
    case StepSpec::Kind::kSeek:
      return "seek";
    case StepSpec::Kind::kAddPartitions:
      return "add_partitions";
    case StepSpec::Kind::kRecreateTopic:
      return "recreate_topic";
    case StepSpec::Kind::kAlterTopic:
      return "alter_topic";
    case StepSpec::Kind::kFault:
      return "fault";
    case StepSpec::Kind::kLua:
      return "lua";
  }
  return "?";
}

const TopicSpec* Scenario::FindTopic(const std::string& name) const {
  return FindByName(topics, name);
}

const GroupSpec* Scenario::FindGroup(const std::string& name) const {
  return FindByName(groups, name);
}

const ProducerSpec* Scenario::FindProducer(const std::string& name) const {
  return FindByName(producers, name);
}

}  // namespace ks
