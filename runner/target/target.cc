#include "target/target.h"

#include <fmt/format.h>

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
