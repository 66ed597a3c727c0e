#include "scenario/default_timeline.h"

#include <gtest/gtest.h>

#include "scenario/describe.h"

namespace ks {
namespace {

TEST(DefaultTimeline, StartsGroupsWaitsForAssignmentProducesThenWaitsForReportsAndDrain) {
  Scenario s;
  s.timeout_ms = 30000;
  s.groups.resize(2);
  s.groups[0].name = "billing";
  s.groups[0].loc = {"s.yaml", 10, 5};
  s.groups[1].name = "audit";
  s.producers.resize(1);
  s.producers[0].name = "orders";
  s.producers[0].loc = {"s.yaml", 4, 5};
  std::vector<std::string> described;
  for (const StepSpec& step : DefaultTimeline(s)) described.push_back(DescribeStep(step));
  EXPECT_EQ(described,
            (std::vector<std::string>{"start billing", "start audit", "wait until billing assigned",
                                      "wait until audit assigned", "produce from orders",
                                      "wait until every producer has every delivery report",
                                      "wait until billing drained", "wait until audit drained"}));
  const std::vector<StepSpec> steps = DefaultTimeline(s);
  EXPECT_EQ(steps[2].wait_for.within_ms, 30000);  // bounded by the scenario's timeout
  EXPECT_EQ(steps[2].loc.line, 10);               // a failed wait points at its group
  EXPECT_EQ(steps[4].loc.line, 4);
}

TEST(DefaultTimeline, NoProducersNoReportWait) {
  Scenario s;
  s.groups.resize(1);
  s.groups[0].name = "g";
  for (const StepSpec& step : DefaultTimeline(s)) {
    EXPECT_NE(step.wait_for.kind, WaitSpec::Kind::kProducersFinished);
  }
}

}  // namespace
}  // namespace ks
