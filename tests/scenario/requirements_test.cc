// What a scenario asks of a cluster, from its model alone.

#include "scenario/requirements.h"

#include <gtest/gtest.h>

#include "support/small_scenario.h"

namespace ks {
namespace {

StepSpec Step(StepSpec::Kind kind, const std::string& target = "", int partitions = 0) {
  StepSpec step;
  step.kind = kind;
  step.target = target;
  step.partitions = partitions;
  return step;
}

TEST(Requirements, DeclaredFirstThenWhatTheStepsImplyEachOnce) {
  Scenario s = test_support::SmallScenario(2, 10);
  s.requires_ = {"transactions", "add_partitions"};
  s.steps.push_back(Step(StepSpec::Kind::kAddPartitions, "t", 4));
  s.steps.push_back(Step(StepSpec::Kind::kRecreateTopic, "t"));
  s.steps.push_back(Step(StepSpec::Kind::kAddPartitions, "t", 6));
  StepSpec purged = Step(StepSpec::Kind::kWait);
  purged.wait_for.kind = WaitSpec::Kind::kPurged;
  s.steps.push_back(purged);
  EXPECT_EQ(RequiredCapabilities(s), (std::vector<std::string>{"transactions", "add_partitions",
                                                               "delete_topics", "retention"}));
}

TEST(Requirements, MissingOnesInTheOrderRequiredAndTheFirstOfThem) {
  const std::vector<std::string> required = {"a", "b", "c", "d"};
  const std::set<std::string> has = {"a", "c"};
  EXPECT_EQ(MissingCapabilities(required, has), (std::vector<std::string>{"b", "d"}));
  EXPECT_EQ(MissingCapability(required, has), "b");
  EXPECT_EQ(MissingCapability(required, {"a", "b", "c", "d"}), "");
}

TEST(Requirements, MaxPartitionsIsTheLargestCountTheTopicReaches) {
  Scenario s = test_support::SmallScenario(3, 10);
  EXPECT_EQ(MaxPartitions(s, s.topics[0]), 3);
  s.steps.push_back(Step(StepSpec::Kind::kAddPartitions, "t", 8));
  s.steps.push_back(Step(StepSpec::Kind::kAddPartitions, "other", 20));
  s.steps.push_back(Step(StepSpec::Kind::kAddPartitions, "t", 5));
  EXPECT_EQ(MaxPartitions(s, s.topics[0]), 8);
}

}  // namespace
}  // namespace ks
