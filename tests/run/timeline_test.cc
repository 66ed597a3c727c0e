// The timeline's logic with a fake world and a manual clock: no Kafka, no real time.
#include "run/timeline.h"

#include <gtest/gtest.h>

#include "support/fake_timeline_world.h"
#include "support/manual_clock.h"

namespace ks {
namespace {

using test_support::ManualClock;

using FakeWorld = test_support::FakeTimelineWorld;

StepSpec Step(StepSpec::Kind kind, std::string target = "", int line = 1) {
  StepSpec s;
  s.kind = kind;
  s.target = std::move(target);
  s.loc = {"s.yaml", line, 5};
  return s;
}

StepSpec WaitAcked(int64_t count, int64_t within_ms, int line) {
  StepSpec s = Step(StepSpec::Kind::kWait, "", line);
  s.wait_for.kind = WaitSpec::Kind::kAcked;
  s.wait_for.producer = "p";
  s.wait_for.count = count;
  s.wait_for.within_ms = within_ms;
  return s;
}

TEST(Timeline, RunsStepsInOrderAndWaitsForConditions) {
  ManualClock clock;
  FakeWorld world(&clock);
  std::vector<StepSpec> steps = {Step(StepSpec::Kind::kStart, "g"),
                                 Step(StepSpec::Kind::kProduce, "p"), WaitAcked(500, 1000, 3),
                                 Step(StepSpec::Kind::kCrash, "g/1")};
  auto problems = RunTimeline(steps, world, clock, clock.NowMs() + 60000);
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(world.log.size(), 3u);
  EXPECT_EQ(world.log[0], "0: start g");
  EXPECT_EQ(world.log[1], "0: produce from p");
  EXPECT_EQ(world.log[2], "50: crash g/1");  // 500 acked after 50 ms
}

TEST(Timeline, AWaitThatCannotBeMetFailsWithinItsBoundAndSaysWhatWasMissing) {
  ManualClock clock;
  FakeWorld world(&clock);
  std::vector<StepSpec> steps = {WaitAcked(10, 2000, 7), Step(StepSpec::Kind::kCrash, "g/0")};
  auto problems = RunTimeline(steps, world, clock, clock.NowMs() + 60000);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "s.yaml:7:5: wait until p acked 10: wait until p acked 10 not met within 2.0 s: "
            "p has 0 of 10");
  EXPECT_EQ(clock.NowMs() - 1000, 2000);  // gave up at its bound, not later
  EXPECT_TRUE(world.log.empty());         // the steps after a failed wait do not run
}

TEST(Timeline, TheScenarioDeadlineCutsAWaitShort) {
  ManualClock clock;
  FakeWorld world(&clock);
  auto problems = RunTimeline({WaitAcked(10, 30000, 2)}, world, clock, clock.NowMs() + 500);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("not met within 0.5 s"), std::string::npos) << problems[0];
}

TEST(Timeline, ATriggeredStepFiresAtItsEventWhileTheListGoesOn) {
  ManualClock clock;
  FakeWorld world(&clock);
  StepSpec crash = Step(StepSpec::Kind::kCrash, "g/1", 3);
  crash.after.kind = TriggerSpec::Kind::kAcked;
  crash.after.count = 300;
  StepSpec sleep = Step(StepSpec::Kind::kSleep, "", 4);
  sleep.sleep_ms = 100;
  std::vector<StepSpec> steps = {Step(StepSpec::Kind::kProduce, "p"), crash, sleep,
                                 Step(StepSpec::Kind::kStop, "g", 5)};
  auto problems = RunTimeline(steps, world, clock, clock.NowMs() + 60000, 10);
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(world.log.size(), 3u);
  EXPECT_EQ(world.log[0], "0: produce from p");
  EXPECT_EQ(world.log[1], "30: crash g/1");  // during the sleep, at 300 acked
  EXPECT_EQ(world.log[2], "100: stop g");
}

TEST(Timeline, ATriggerThatNeverHappensIsAProblem) {
  ManualClock clock;
  FakeWorld world(&clock);
  StepSpec crash = Step(StepSpec::Kind::kCrash, "g/1", 9);
  crash.after.kind = TriggerSpec::Kind::kAcked;
  crash.after.count = 5;  // nothing is ever produced
  auto problems = RunTimeline({crash}, world, clock, clock.NowMs() + 1000);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("crash g/1 at s.yaml:9:5 was still waiting for its trigger"),
            std::string::npos)
      << problems[0];
}

TEST(Timeline, AFaultWithForIsUndoneOnTime) {
  ManualClock clock;
  FakeWorld world(&clock);
  StepSpec fault = Step(StepSpec::Kind::kFault, "", 2);
  fault.fault.kind = FaultSpec::Kind::kRtt;
  fault.fault.for_ms = 200;
  StepSpec sleep = Step(StepSpec::Kind::kSleep, "", 3);
  sleep.sleep_ms = 50;
  auto problems = RunTimeline({fault, sleep}, world, clock, clock.NowMs() + 60000);
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(world.log.size(), 2u);
  EXPECT_EQ(world.log[0], "0: fault rtt broker 0 0 ms");
  EXPECT_EQ(world.log[1],
            "200: undo rtt broker 0 0 ms");  // after the list ended, the timeline waited for it
}

TEST(Timeline, AFaultIsUndoneAtOnceWhenTheListEndsEarly) {
  ManualClock clock;
  FakeWorld world(&clock);
  StepSpec fault = Step(StepSpec::Kind::kFault, "", 2);
  fault.fault.kind = FaultSpec::Kind::kBrokerDown;
  fault.fault.broker = 1;
  fault.fault.for_ms = 5000;
  // A wait that fails after 100 ms: the broker must not stay down for the other 4.9 s, or
  // forever on a real cluster.
  auto problems = RunTimeline({fault, WaitAcked(1, 100, 3)}, world, clock, clock.NowMs() + 60000);
  ASSERT_EQ(problems.size(), 1u);
  ASSERT_EQ(world.log.size(), 2u);
  EXPECT_EQ(world.log[0], "0: fault broker_down 1");
  EXPECT_EQ(world.log[1], "100: undo broker_down 1");
}

TEST(Timeline, AFailedActionStopsTheTimelineAndNamesTheStep) {
  ManualClock clock;
  FakeWorld world(&clock);
  auto problems =
      RunTimeline({Step(StepSpec::Kind::kStart, "broken", 4), Step(StepSpec::Kind::kStop, "g", 5)},
                  world, clock, clock.NowMs() + 1000);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "s.yaml:4:5: start broken: cannot do that");
  EXPECT_EQ(world.log.size(), 1u);
}

TEST(Timeline, ProduceWithWaitBlocksUntilAcknowledged) {
  ManualClock clock;
  FakeWorld world(&clock);
  StepSpec produce = Step(StepSpec::Kind::kProduce, "p", 2);
  produce.wait = true;
  auto problems = RunTimeline({produce, Step(StepSpec::Kind::kStop, "g", 3)}, world, clock,
                              clock.NowMs() + 60000);
  EXPECT_TRUE(problems.empty()) << problems.front();
  ASSERT_EQ(world.log.size(), 2u);
  EXPECT_EQ(world.log[1], "100: stop g");  // 1000 records at 10 per ms
}

}  // namespace
}  // namespace ks
