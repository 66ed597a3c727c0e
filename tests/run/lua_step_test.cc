// `lua` steps: fn(ks) drives the timeline through ks.produce, ks.sleep, ks.wait and ks.fault.
// First with a fake world and a manual clock (no Kafka, no real time), then on the embedded
// cluster, where the same scenario's custom check judges what the step produced.
#include "run/lua_step.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "diag/input_limits.h"
#include "luahost/lua_test_util.h"
#include "run/scenario_runner.h"
#include "support/fake_timeline_world.h"
#include "support/manual_clock.h"
#include "support/run_and_judge.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

using test_support::TempFolder;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kSteps = R"(local M = {}

function M.burst(ks)
  ks.produce("p", 500)
  ks.wait{producer = "p", acked = 500, within = 1000}
  ks.fault{broker_down = 2}
  ks.sleep("1s")
  ks.fault{leader = {topic = "t", partition = 0, broker = 1}}
end

function M.short_wait(ks)
  ks.wait{producer = "p", acked = 10, within = "2s"}
end

function M.oversleep(ks) ks.sleep(120000) end
function M.typo(ks) ks.wait{producer = "p", acks = 10} end
function M.two_conditions(ks) ks.wait{group = "g", consumed = 1, drained = true} end
function M.bad_fault(ks) ks.fault{broker_down = 9} end
function M.no_producer(ks) ks.produce("nobody") end

function M.idle_then_spin(ks)
  ks.sleep(5000)
  while true do end
end

function M.produce_and_sleep(ks)
  ks.produce("p", 500)
  ks.sleep(2000)
end

function M.noop(ks) end

function M.idle(ks)
  for _ = 1, 100 do ks.sleep(1000) end
end

function M.up_to_the_limit(ks)
  ks.produce("p", 500)
  ks.produce("p", 500)
end
function M.past_the_limit(ks) ks.produce("p") end
function M.negative(ks) ks.produce("p", -1) end
function M.big_values(ks) ks.produce("p", 5000) end

return M
)";

using test_support::ManualClock;

using FakeWorld = test_support::FakeTimelineWorld;

class LuaStepTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_.Write("steps.lua", kSteps); }

  LuaPlan Plan() const {
    LuaPlan plan;
    plan.roots = {dir_.path()};
    plan.modules = {{"steps.lua", {"s.yaml", 2, 6}}};
    return plan;
  }

  // Runs the one step `- lua: steps.<fn>` (s.yaml line 12) on a fake world.
  std::vector<std::string> RunStep(const std::string& fn, FakeWorld* world) {
    StepSpec step;
    step.kind = StepSpec::Kind::kLua;
    step.loc = {"s.yaml", 12, 5};
    step.lua = {"steps." + fn, {"s.yaml", 12, 10}};
    return RunTimeline({step}, *world, world->pacer);
  }

  TempFolder dir_;
  ManualClock clock_;
};

TEST_F(LuaStepTest, ProducesWaitsSleepsAndInjectsFaults) {
  FakeWorld world(&clock_, Plan(), clock_.NowMs() + 60000);
  auto problems = RunStep("burst", &world);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(world.log, (std::vector<std::string>{
                           "0: lua steps.burst", "0: produce 500 records from p",
                           "50: fault broker_down 2", "1050: fault leader t[0] -> broker 1"}));
}

TEST_F(LuaStepTest, AWaitNotMetFailsTheStepWithItsLineWhatWasMissingAndTheTraceback) {
  FakeWorld world(&clock_, Plan(), clock_.NowMs() + 60000);
  auto problems = RunStep("short_wait", &world);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], StartsWith("s.yaml:12:5: lua steps.short_wait: Lua function "
                                      "'steps.short_wait' failed: steps.lua:12: ks.wait: wait "
                                      "until p acked 10 not met within 2.0 s: p has 0 of 10\n"));
  EXPECT_THAT(problems[0], HasSubstr("stack traceback:"));
  EXPECT_THAT(problems[0], HasSubstr("in function 'steps.short_wait'"));
  EXPECT_EQ(clock_.NowMs() - 1000, 2000);  // polled until `within`, not longer
}

TEST_F(LuaStepTest, SleepAndWaitStopAtTheScenarioDeadline) {
  FakeWorld world(&clock_, Plan(), clock_.NowMs() + 3000);
  auto problems = RunStep("oversleep", &world);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0],
              HasSubstr("ks.sleep(120000 ms): the scenario's timeout came after 3.0 s"));
  EXPECT_EQ(clock_.NowMs() - 1000, 3000);
}

TEST_F(LuaStepTest, WrongArgumentsAreLuaErrorsThatSayWhatIsExpected) {
  FakeWorld world(&clock_, Plan(), clock_.NowMs() + 60000);
  EXPECT_THAT(RunStep("typo", &world).at(0),
              HasSubstr("ks.wait: unknown field 'acks'; the fields are group, producer, consumed, "
                        "drained, assigned, rebalanced, lag, acked, within"));
  EXPECT_THAT(RunStep("two_conditions", &world).at(0), HasSubstr("ks.wait: give one condition"));
  EXPECT_THAT(RunStep("bad_fault", &world).at(0),
              HasSubstr("ks.fault: broker_down 9: no broker 9"));
  EXPECT_THAT(RunStep("no_producer", &world).at(0), HasSubstr("ks.produce('nobody'): no producer"));
  EXPECT_THAT(RunStep("absent", &world).at(0),
              HasSubstr("Lua function 'steps.absent' not found: 'steps' has no field 'absent'"));
}

// A scenario's produce steps send 9,999,000 records, so ks.produce may add 1,000 (the run's
// limit, limits::kMaxRecords, counts both); the count goes on from one lua step to the next.
TEST_F(LuaStepTest, ProduceRefusesRecordsPastTheRunsLimit) {
  Scenario s = FakeWorld::OneProducer();
  s.producers[0].messages = 1000;
  StepSpec produce;
  produce.kind = StepSpec::Kind::kProduce;
  produce.target = "p";
  produce.messages = limits::kMaxRecords - 1000;
  s.steps = {produce};
  FakeWorld world(&clock_, Plan(), clock_.NowMs() + 60000, s);
  auto problems = RunStep("up_to_the_limit", &world);
  EXPECT_TRUE(problems.empty()) << problems.front();
  problems = RunStep("past_the_limit", &world);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0],
              HasSubstr("ks.produce('p', 1000): the run's producers would send 10,001,000 records, "
                        "over the limit of 10,000,000 for a scenario"));
  EXPECT_THAT(RunStep("negative", &world).at(0),
              HasSubstr("ks.produce('p', -1): n must be positive"));
  // The refused calls reached no producer (the first step's timeline waited 100 ms for the
  // 1,000 records' delivery reports).
  EXPECT_EQ(world.log, (std::vector<std::string>{
                           "0: lua steps.up_to_the_limit", "0: produce 500 records from p",
                           "0: produce 500 records from p", "100: lua steps.past_the_limit",
                           "100: lua steps.negative"}));
}

TEST_F(LuaStepTest, ProduceRefusesValuesPastTheRunsPayloadLimit) {
  Scenario s = FakeWorld::OneProducer();
  s.producers[0].value_size = 1024 * 1024;
  FakeWorld world(&clock_, Plan(), clock_.NowMs() + 60000, s);
  auto problems = RunStep("big_values", &world);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("ks.produce('p', 5000): the run's producers would send"));
  EXPECT_THAT(problems[0], HasSubstr("of values (records x value size), over the limit of"));
  EXPECT_EQ(world.log, std::vector<std::string>{"0: lua steps.big_values"});  // no produce
}

TEST_F(LuaStepTest, TimeBlockedInKsCostsNoBudgetButALoopFailsWithinIt) {
  LuaPlan plan = Plan();
  plan.limits.instructions_per_call = 100'000;
  FakeWorld world(&clock_, plan, clock_.NowMs() + 600000);
  // 100 s of sleeps on a small budget: blocking runs no Lua instructions.
  EXPECT_TRUE(RunStep("idle", &world).empty());
  auto problems = RunStep("idle_then_spin", &world);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], HasSubstr("steps.lua:23: instruction budget of 100000 exceeded"));
}

// ks.sleep and ks.wait are the timeline's own wait loop: while a lua step waits, a fault's
// `for:` ends and `after:` steps fire at their event, not when the lua step returns; a
// triggered lua step waits for the running one (one Lua state serves them).
TEST_F(LuaStepTest, TheTimelineGoesOnWhileALuaStepWaits) {
  FakeWorld world(&clock_, Plan(), clock_.NowMs() + 60000);
  StepSpec fault;
  fault.kind = StepSpec::Kind::kFault;
  fault.fault.broker = 2;
  fault.fault.for_ms = 500;
  StepSpec on_acked = fault;
  on_acked.fault.broker = 3;
  on_acked.fault.for_ms = 0;
  on_acked.after = {TriggerSpec::Kind::kAcked, 250, "p", ""};
  StepSpec lua;
  lua.kind = StepSpec::Kind::kLua;
  lua.lua = {"steps.produce_and_sleep", {"s.yaml", 14, 10}};
  StepSpec triggered_lua = lua;
  triggered_lua.lua = {"steps.noop", {"s.yaml", 15, 10}};
  triggered_lua.after = {TriggerSpec::Kind::kAcked, 300, "p", ""};
  auto problems = RunTimeline({fault, on_acked, lua, triggered_lua}, world, world.pacer);
  EXPECT_TRUE(problems.empty()) << problems.front();
  EXPECT_EQ(world.log,
            (std::vector<std::string>{"0: fault broker_down 2", "0: lua steps.produce_and_sleep",
                                      "0: produce 500 records from p", "30: fault broker_down 3",
                                      "500: undo broker_down 2", "2000: lua steps.noop"}));
}

TEST_F(LuaStepTest, AModuleThatCannotLoadFailsEveryLuaStep) {
  dir_.Write("broken.lua", "return {\n");
  LuaPlan plan = Plan();
  plan.modules = {{"broken.lua", {"s.yaml", 3, 6}}};
  FakeWorld world(&clock_, plan, clock_.NowMs() + 60000);
  auto problems = RunStep("burst", &world);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], StartsWith("s.yaml:12:5: lua steps.burst: s.yaml:3:6: lua module "
                                      "'broken.lua': "));
}

// Custom checks for the runs below.
constexpr const char* kChecks = R"(local M = {}
function M.every_record_polled(history)
  local acked, polled = 0, {}
  for _, op in history:ops("send") do
    if op.type == "ok" then acked = acked + 1 end
  end
  local n = 0
  for _, op in history:ops("poll") do
    if not polled[op.seq] then polled[op.seq] = true; n = n + 1 end
  end
  return acked == 200 and n == 200, acked .. " acked, " .. n .. " polled"
end
return M
)";

constexpr const char* kRunSteps = R"(local M = {}
function M.burst(ks)
  ks.produce("p", 200)
  ks.wait{producer = "p", acked = 200, within = "10s"}
  ks.wait{group = "g", consumed = 200, within = "20s"}
end
function M.broken(ks)
  local order = nil
  return order.id
end
return M
)";

class LuaStepRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("run_steps.lua", kRunSteps);
    dir_.Write("run_checks.lua", kChecks);
    // As test_support::SmallScenario(2, 0), spelt out: GCC 12 reports a false
    // -Wmaybe-uninitialized in its brace-initialized TopicSpec when inlined here.
    s_.name = "lua-steps";
    s_.timeout_ms = 30000;
    TopicSpec topic;
    topic.name = "t";
    topic.partitions = 2;
    s_.topics.push_back(topic);
    ProducerSpec producer;
    producer.name = "p";
    producer.topic = "t";
    s_.producers.push_back(producer);
    GroupSpec group;
    group.name = "g";
    group.topics = {"t"};
    group.offset_reset = OffsetReset::kEarliest;
    s_.groups.push_back(group);
    s_.path = (dir_.path() / "s.yaml").string();
    s_.lua_modules = {{"run_steps.lua", {s_.path, 2, 6}}, {"run_checks.lua", {s_.path, 2, 21}}};
    StepSpec start;
    start.kind = StepSpec::Kind::kStart;
    start.target = "g";
    start.loc = {s_.path, 10, 5};
    StepSpec assigned;
    assigned.kind = StepSpec::Kind::kWait;
    assigned.wait_for.kind = WaitSpec::Kind::kAssigned;
    assigned.wait_for.group = "g";
    assigned.wait_for.within_ms = 15000;
    assigned.loc = {s_.path, 11, 5};
    s_.steps = {start, assigned};
    ExpectSpec check;
    check.check = "lua";
    check.loc = {s_.path, 20, 5};
    check.lua = {"run_checks.every_record_polled", {s_.path, 20, 10}};
    s_.expect.push_back(check);
  }

  void AddLuaStep(const std::string& fn) {
    StepSpec lua;
    lua.kind = StepSpec::Kind::kLua;
    lua.loc = {s_.path, 12, 5};
    lua.lua = {fn, {s_.path, 12, 10}};
    s_.steps.push_back(lua);
  }

  TempFolder dir_;
  Scenario s_;
};

TEST_F(LuaStepRunTest, AStepProducesAndWaitsOnTheEmbeddedClusterAndACustomCheckJudges) {
  AddLuaStep("run_steps.burst");
  EmbeddedTarget target;
  ScenarioResult r = test_support::RunAndJudge(s_, target);
  ASSERT_EQ(r.verdict, ScenarioResult::Verdict::kPassed)
      << r.reason << (r.problems.empty() ? "" : r.problems.front())
      << (r.checks.empty() ? "" : r.checks.front().summary);
  ASSERT_EQ(r.checks.size(), 1u);
  EXPECT_EQ(r.checks[0].summary, "200 acked, 200 polled");
}

TEST_F(LuaStepRunTest, AStepWhoseFunctionErrorsFailsTheScenarioAtItsLine) {
  AddLuaStep("run_steps.broken");
  EmbeddedTarget target;
  ScenarioResult r = test_support::RunAndJudge(s_, target);
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kFailed) << r.reason;
  ASSERT_FALSE(r.problems.empty());
  EXPECT_THAT(r.problems[0], StartsWith(s_.path + ":12:5: lua run_steps.broken: Lua function "
                                                  "'run_steps.broken' failed: run_steps.lua:9: "));
  EXPECT_THAT(r.problems[0], HasSubstr("attempt to index a nil value (local 'order')"));
  EXPECT_THAT(r.problems[0], HasSubstr("stack traceback:"));
}

// Judging alone: a custom check whose modules cannot load gives no verdict, with the module's
// error, so the scenario is an error rather than a failure; the other checks still run.
TEST_F(LuaStepRunTest, CustomChecksWhoseModulesCannotLoadMakeTheScenarioAnError) {
  dir_.Write("broken.lua", "return {\n");
  s_.lua_modules.push_back({"broken.lua", {s_.path, 2, 40}});
  ExpectSpec consumed;
  consumed.check = "consumed";
  consumed.scope["group"] = "g";
  consumed.bounds.push_back({"", 0, 0, {}});
  s_.expect.push_back(consumed);
  RunRecord record;
  record.outcome = RunRecord::Outcome::kRan;
  record.history.groups = {"g"};
  const ScenarioResult r = JudgeRun(s_, std::move(record));
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kError);
  ASSERT_EQ(r.checks.size(), 2u);
  EXPECT_FALSE(r.checks[0].passed);
  EXPECT_TRUE(r.checks[0].could_not_judge);
  EXPECT_THAT(r.checks[0].summary, StartsWith(s_.path + ":2:40: lua module 'broken.lua': "));
  EXPECT_EQ(r.reason, "a check could not judge the history: " + r.checks[0].summary);
  EXPECT_EQ(r.checks[1].check, "consumed");
}

}  // namespace
}  // namespace ks
