#include "target/target.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <random>

namespace ks {

std::string NewRunPrefix() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  std::random_device random;
  return fmt::format("{:x}{:04x}", ms, random() & 0xffffu);
}

std::string ScenarioRunId(std::string_view prefix, size_t index) {
  return fmt::format("{}-{}", prefix, index);
}

std::string MissingCapability(const std::vector<std::string>& requires_,
                              const std::set<std::string>& has) {
  for (const auto& r : requires_) {
    if (!has.count(r)) return r;
  }
  return "";
}

std::vector<std::string> RequiredCapabilities(const Scenario& s) {
  std::vector<std::string> out = s.requires_;
  auto add = [&](const char* c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  for (const StepSpec& step : s.steps) {
    if (step.kind == StepSpec::Kind::kAddPartitions) add("add_partitions");
    if (step.kind == StepSpec::Kind::kRecreateTopic) add("delete_topics");
    if (step.kind == StepSpec::Kind::kAlterTopic) add("alter_configs");
    if (step.kind == StepSpec::Kind::kWait && step.wait_for.kind == WaitSpec::Kind::kPurged) {
      add("retention");  // only a cluster that deletes records ever purges
    }
  }
  return out;
}

int MaxPartitions(const Scenario& s, const TopicSpec& topic) {
  int most = topic.partitions;
  for (const StepSpec& step : s.steps) {
    if (step.kind == StepSpec::Kind::kAddPartitions && step.target == topic.name) {
      most = std::max(most, step.partitions);
    }
  }
  return most;
}

Status Target::AddPartitions(const std::string& topic, int) {
  return Status::Error(fmt::format("the {} target cannot add partitions to {}", name(), topic));
}

Status Target::RecreateTopic(const TopicSpec& topic) {
  return Status::Error(fmt::format("the {} target cannot delete topic {}", name(), topic.name));
}

Status Target::AlterTopic(const std::string& topic, const std::vector<ConfigEntry>&) {
  return Status::Error(
      fmt::format("the {} target cannot alter the configs of topic {}", name(), topic));
}

}  // namespace ks
