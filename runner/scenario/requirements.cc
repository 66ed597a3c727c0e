#include "scenario/requirements.h"

#include <algorithm>

#include "scenario/schema_check.h"

namespace ks {

std::vector<std::string> RequiredCapabilities(const Scenario& s) {
  std::vector<std::string> out = s.requires_;
  auto add = [&](const char* c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  for (const ProducerSpec& p : s.producers) {
    if (p.client.kind == ClientSpec::Kind::kJava) add("java_client");
  }
  for (const GroupSpec& g : s.groups) {
    if (g.client.kind == ClientSpec::Kind::kJava) add("java_client");
  }
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

std::vector<std::string> MissingCapabilities(const std::vector<std::string>& requires_,
                                             const std::set<std::string>& has) {
  std::vector<std::string> out;
  for (const auto& r : requires_) {
    if (!has.count(r)) out.push_back(r);
  }
  return out;
}

std::vector<std::string> KnownCapabilities() {
  std::vector<std::string> out;
  for (const auto& c : ScenarioSchemaJson()["properties"]["requires"]["items"]["enum"]) {
    out.push_back(c.get<std::string>());
  }
  return out;
}

std::string MissingCapability(const std::vector<std::string>& requires_,
                              const std::set<std::string>& has) {
  std::vector<std::string> missing = MissingCapabilities(requires_, has);
  return missing.empty() ? "" : missing.front();
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

}  // namespace ks
