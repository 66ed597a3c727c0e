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

std::string_view ToString(ClientSpec::Kind kind) {
  switch (kind) {
    case ClientSpec::Kind::kLibrdkafka:
      return "librdkafka";
    case ClientSpec::Kind::kJava:
      return "java";
    case ClientSpec::Kind::kCommand:
      return "command";
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

std::vector<int64_t> SendsByProducer(const Scenario& s) {
  std::vector<int64_t> out(s.producers.size(), 0);
  auto add = [&](const ProducerSpec& p, int64_t messages) {
    out[static_cast<size_t>(&p - s.producers.data())] += std::max<int64_t>(messages, 0);
  };
  for (const StepSpec& step : s.steps) {
    if (step.kind != StepSpec::Kind::kProduce) continue;
    if (const ProducerSpec* p = s.FindProducer(step.target)) {
      add(*p, step.messages.value_or(p->messages));
    }
  }
  if (s.steps.empty()) {
    for (const ProducerSpec& p : s.producers) add(p, p.messages);
  }
  return out;
}

DeclaredSends SendsAsWritten(const Scenario& s) {
  DeclaredSends sends;
  const std::vector<int64_t> by_producer = SendsByProducer(s);
  for (size_t i = 0; i < by_producer.size(); ++i) {
    sends.records += by_producer[i];
    sends.payload_bytes += static_cast<uint64_t>(by_producer[i]) *
                           static_cast<uint64_t>(std::max(s.producers[i].value_size, 0));
  }
  return sends;
}

}  // namespace ks
