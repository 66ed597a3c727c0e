// Custom checks: fn(history) over a history read in place, its verdict and message, and every
// way it can go wrong (a wrong result, a Lua error, the budget) pointing at the YAML entry.
#include "checks/lua_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "luahost/history_function.h"
#include "luahost/lua_test_util.h"

namespace ks {
namespace {

using test_support::TempFolder;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The checks the tests call, as a scenario's module would hold them.
constexpr const char* kChecks = R"(local M = {}

function M.polls_have_offsets(history)
  for i, op in history:ops("poll") do
    if op.offset < 0 then
      return false, "poll " .. i .. " by " .. op.actor .. " has offset " .. op.offset
    end
  end
  return true
end

function M.count(history)
  local polls, all = 0, 0
  for _ in history:ops("poll") do polls = polls + 1 end
  for _ in history:ops() do all = all + 1 end
  return true, polls .. " polls of " .. all .. " ops, size " .. history:size() .. ", # " .. #history
end

function M.first_poll(history)
  for i, op in history:ops("poll") do
    return true, string.format("%d %s %s %s %s %s[%d]@%d key=%s producer=%s seq=%d t=%d",
      i, op.kind, op.type, op.actor, op.group, op.topic, op.partition, op.offset,
      tostring(op.key), tostring(op.producer), op.seq, op.time_us)
  end
  return false, "no poll"
end

function M.runner_op(history)
  local op = history:op(1)
  return true, string.format("%s %s group=%s key=%s producer=%s topic=%s",
    op.kind, op.actor, tostring(op.group), tostring(op.key), tostring(op.producer),
    tostring(op.topic))
end

function M.fault_note(history)
  for _, op in history:ops("fault") do return true, op.note end
  return false
end

function M.silent_fail() return false end
function M.silent_pass() return true end
function M.number() return 42 end
function M.nothing() end
function M.table_message() return true, {} end

local function deep(history)
  error("the invariant broke at op " .. history:size())
end
function M.raises(history)
  deep(history)
end

function M.spin() while true do end end

function M.out_of_range(history) return history:op(history:size() + 1) end
function M.bad_kind(history) for _ in history:ops("polls") do end end

kept = nil
function M.keep(history) kept = history; return true end
function M.use_kept() return kept:size() > 0 end

function M.sum_offsets(history)
  local sum = 0
  for _, op in history:ops("poll") do sum = sum + op.offset end
  return sum > 0, "sum " .. sum
end

return M
)";

// A hand-built history: producer p sends 3 records to t[0], member g/0 polls them (the last at
// `last_poll_offset`), and the runner records a fault. Built as plain data: this test binary does
// not link the HistoryBuilder (tests/support/history_builder.h), which lives in ks_test_history.
History SmallHistory(int64_t last_poll_offset = 2) {
  History h;
  h.actors = {{"runner", ActorInfo::Role::kRunner, kNoId, -1},
              {"p", ActorInfo::Role::kProducer, kNoId, -1},
              {"g/0", ActorInfo::Role::kMember, 0, 0}};
  h.groups = {"g"};
  const uint32_t topic = h.topics.Intern("t");
  const uint32_t producer = h.producers.Intern("p");
  int64_t now = 0;
  auto add = [&](Op op) {
    op.time_us = now += 10;
    h.ops.push_back(op);
  };
  Op fault;
  fault.kind = OpKind::kFault;
  fault.type = OpType::kInvoke;
  fault.actor = 0;
  fault.seq = h.notes.Intern("broker_down 1");
  add(fault);
  for (uint64_t seq = 0; seq < 3; ++seq) {
    Op send;
    send.kind = OpKind::kSend;
    send.actor = 1;
    send.topic = topic;
    send.producer = producer;
    send.seq = seq;
    send.key = h.keys.Intern("k" + std::to_string(seq));
    send.type = OpType::kInvoke;
    add(send);
    send.type = OpType::kOk;
    send.partition = 0;
    send.offset = static_cast<int64_t>(seq);
    add(send);
  }
  for (uint64_t seq = 0; seq < 3; ++seq) {
    Op poll;
    poll.kind = OpKind::kPoll;
    poll.actor = 2;
    poll.topic = topic;
    poll.partition = 0;
    poll.offset = seq == 2 ? last_poll_offset : static_cast<int64_t>(seq);
    poll.producer = producer;
    poll.seq = seq;
    poll.key = seq == 1 ? kNoId : h.keys.Find("k" + std::to_string(seq));  // one null key
    add(poll);
  }
  return h;
}

class LuaCheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("checks.lua", kChecks);
    scenario_.path = (dir_.path() / "s.yaml").string();
    scenario_.lua_modules = {{"checks.lua", {scenario_.path, 3, 7}}};
    std::string error;
    sandbox_ = LuaCheckPlan(scenario_).Open("checks", &error);
    ASSERT_NE(sandbox_, nullptr) << error;
  }

  // The expect entry `- lua: checks.<fn>` at line 20.
  ExpectSpec Entry(const std::string& fn) const {
    ExpectSpec e;
    e.check = "lua";
    e.loc = {scenario_.path, 20, 5};
    e.lua = {"checks." + fn, {scenario_.path, 20, 10}};
    return e;
  }

  CheckResult Run(const std::string& fn, const History& h) {
    return RunLuaCheck(h, Entry(fn), *sandbox_);
  }

  std::string At() const { return scenario_.path + ":20:10: "; }

  TempFolder dir_;
  Scenario scenario_;
  std::unique_ptr<LuaSandbox> sandbox_;
};

TEST_F(LuaCheckTest, AnInvariantPassesOnAGoodHistoryAndFailsOnABadOne) {
  CheckResult good = Run("polls_have_offsets", SmallHistory());
  EXPECT_TRUE(good.passed) << good.summary;
  EXPECT_EQ(good.summary, "passed");
  EXPECT_EQ(good.check, "lua");
  EXPECT_EQ(good.scope.at("function"), "checks.polls_have_offsets");
  EXPECT_EQ(good.loc.line, 20);

  CheckResult bad = Run("polls_have_offsets", SmallHistory(-1));
  EXPECT_FALSE(bad.passed);
  EXPECT_FALSE(bad.could_not_judge);  // a verdict: the history is wrong
  EXPECT_EQ(bad.summary, "poll 10 by g/0 has offset -1");
}

TEST_F(LuaCheckTest, WithoutAMessageTheSummaryIsPassedOrFailed) {
  EXPECT_EQ(Run("silent_pass", SmallHistory()).summary, "passed");
  CheckResult failed = Run("silent_fail", SmallHistory());
  EXPECT_FALSE(failed.passed);
  EXPECT_EQ(failed.summary, "failed");
}

TEST_F(LuaCheckTest, OpsIteratesOneKindOrAllAndSizeCountsEveryOp) {
  CheckResult r = Run("count", SmallHistory());
  EXPECT_TRUE(r.passed);
  EXPECT_EQ(r.summary, "3 polls of 10 ops, size 10, # 10");
}

TEST_F(LuaCheckTest, AnOpCarriesNamesNotIds) {
  CheckResult r = Run("first_poll", SmallHistory());
  EXPECT_EQ(r.summary, "8 poll ok g/0 g t[0]@0 key=k0 producer=p seq=0 t=80");
  // The runner's op has no group, key, producer or topic: those fields are nil.
  EXPECT_EQ(Run("runner_op", SmallHistory()).summary,
            "fault runner group=nil key=nil producer=nil topic=nil");
  EXPECT_EQ(Run("fault_note", SmallHistory()).summary, "broker_down 1");
}

TEST_F(LuaCheckTest, AResultThatIsNotABooleanIsNoVerdictAndSaysWhat) {
  CheckResult number = Run("number", SmallHistory());
  EXPECT_FALSE(number.passed);
  EXPECT_TRUE(number.could_not_judge);
  EXPECT_EQ(number.summary, At() +
                                "Lua function 'checks.number': returned a number where true or "
                                "false was expected (and an optional message)");
  EXPECT_THAT(Run("nothing", SmallHistory()).summary, HasSubstr("returned nil (or nothing)"));
  CheckResult table = Run("table_message", SmallHistory());
  EXPECT_FALSE(table.passed);
  EXPECT_THAT(table.summary, HasSubstr("returned a table as its message, not a string"));
}

TEST_F(LuaCheckTest, AnErrorIsNoVerdictAndShowsTheYamlLineTheLuaLineAndTheTraceback) {
  CheckResult r = Run("raises", SmallHistory());
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(r.could_not_judge);
  EXPECT_THAT(r.summary, StartsWith(At() + "Lua function 'checks.raises' failed: "));
  EXPECT_THAT(r.summary, HasSubstr("checks.lua:47: the invariant broke at op 10"));
  ASSERT_FALSE(r.evidence_text.empty());
  EXPECT_EQ(r.evidence_text.front(), "stack traceback:");
  std::string traceback;
  for (const auto& line : r.evidence_text) traceback += line + "\n";
  EXPECT_THAT(traceback, HasSubstr("in function 'checks.raises'"));
  EXPECT_THAT(traceback, HasSubstr("checks.lua:47: in "));  // deep(), by whatever name
}

TEST_F(LuaCheckTest, MisuseOfTheHistoryIsAnError) {
  EXPECT_THAT(Run("out_of_range", SmallHistory()).summary,
              HasSubstr("history:op(11): i must be from 1 to 10"));
  CheckResult kind = Run("bad_kind", SmallHistory());
  EXPECT_THAT(kind.summary, HasSubstr("history:ops('polls'): no such kind; the kinds are send, "
                                      "poll, commit, assign, revoke, start, stop, watermark, "
                                      "log_start, crash, fault, seek, process, txn, leave"));
}

TEST_F(LuaCheckTest, AHistoryKeptByOneCheckCannotBeReadByTheNext) {
  EXPECT_TRUE(Run("keep", SmallHistory()).passed);
  CheckResult r = Run("use_kept", SmallHistory());
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.summary, HasSubstr("the history can be read only while its check runs"));
}

TEST_F(LuaCheckTest, AnEndlessLoopStopsOnTheBudgetWithNoVerdict) {
  // The checks' own budget (2e9) would take seconds to exhaust: a small one shows the same path.
  LuaPlan plan = LuaCheckPlan(scenario_);
  plan.limits.instructions_per_call = 1'000'000;
  std::string error;
  auto small = plan.Open("checks", &error);
  ASSERT_NE(small, nullptr) << error;
  CheckResult r = RunLuaCheck(SmallHistory(), Entry("spin"), *small);
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(r.could_not_judge);
  EXPECT_THAT(r.summary, StartsWith(At()));
  EXPECT_THAT(r.summary, HasSubstr("instruction budget of 1000000 exceeded"));
}

TEST_F(LuaCheckTest, AMissingFunctionIsNoVerdictAtItsLine) {
  CheckResult r = Run("nope", SmallHistory());
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(r.could_not_judge);
  EXPECT_EQ(r.summary, At() + "Lua function 'checks.nope' not found: 'checks' has no field 'nope'");
}

TEST_F(LuaCheckTest, ASandboxThatCouldNotOpenIsNoVerdictWithItsError) {
  CheckResult r = FailedLuaCheck(Entry("count"), "s.yaml:3:7: lua module 'x.lua': boom\ntrace");
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(r.could_not_judge);
  EXPECT_EQ(r.summary, "s.yaml:3:7: lua module 'x.lua': boom");
  EXPECT_EQ(r.evidence_text, std::vector<std::string>{"trace"});
}

TEST_F(LuaCheckTest, TheLimitsForChecksAreGenerous) {
  const LuaPlan plan = LuaCheckPlan(scenario_);
  EXPECT_EQ(plan.limits.instructions_per_call, kLuaCheckInstructions);
  EXPECT_EQ(plan.limits.memory_bytes, kLuaCheckMemoryBytes);
  EXPECT_EQ(plan.modules.size(), 1u);
}

// A million polls: the history is read in place, one small table per op the check asks for.
// The figure is printed, not asserted (machines differ).
TEST_F(LuaCheckTest, AMillionOpHistoryRunsInReasonableTime) {
  History h = SmallHistory();
  const Op poll = h.ops.back();
  h.ops.reserve(1'000'000);
  while (h.ops.size() < 1'000'000) {
    Op op = poll;
    op.time_us = static_cast<int64_t>(h.ops.size()) * 10;
    op.offset = static_cast<int64_t>(h.ops.size());
    h.ops.push_back(op);
  }
  const auto start = std::chrono::steady_clock::now();
  CheckResult r = Run("polls_have_offsets", h);
  const double scan_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(r.passed) << r.summary;
  const auto start_sum = std::chrono::steady_clock::now();
  CheckResult sum = Run("sum_offsets", h);
  const double sum_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_sum).count();
  EXPECT_TRUE(sum.passed) << sum.summary;
  std::printf(
      "[ figure   ] custom check over %zu ops: ops('poll') with a field test %.3f s, "
      "summing offsets %.3f s\n",
      h.ops.size(), scan_s, sum_s);
}

}  // namespace
}  // namespace ks
