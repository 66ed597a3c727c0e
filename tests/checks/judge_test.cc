// Judge: every expect entry in order; custom checks each in a Lua state of their own, none past
// its deadline.
#include "checks/judge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

namespace ks {
namespace {

using ::testing::MatchesRegex;

ExpectSpec LuaCheck(const std::string& source) {
  ExpectSpec e;
  e.check = "lua";
  e.lua.function = source;
  return e;
}

TEST(Judge, ACustomCheckCannotChangeTheNextOnesLibraries) {
  // Issue 13: the first check replaced string.len in the state the checks shared, and the
  // second one's verdict changed with it.
  Scenario s;
  s.expect.push_back(LuaCheck("function(h) string.len = function() return 0 end return true end"));
  s.expect.push_back(LuaCheck("function(h) leaked = true return true end"));
  s.expect.push_back(LuaCheck(
      "function(h) return string.len('abc') == 3 and leaked == nil, 'library or global leaked' "
      "end"));
  const Judgement j = Judge(s, History{});
  ASSERT_EQ(j.checks.size(), 3u);
  for (const CheckResult& c : j.checks) EXPECT_TRUE(c.passed) << c.summary;
}

TEST(Judge, ACustomCheckStopsAtItsDeadlineAndCouldNotJudge) {
  // Issue 13: checks ran 20.9 s in a scenario with a 10 s timeout; the instruction budget of a
  // check (2e9) alone allows about that much. A check cut short says nothing about the history.
  Scenario s;
  s.expect.push_back(LuaCheck("function(h) while true do end end"));
  s.expect.push_back(LuaCheck("function(h) return true end"));
  s.expect.back().loc = {"s.yaml", 9, 5};
  s.expect.back().lua.loc = {"s.yaml", 9, 12};
  s.expect.front().loc = {"s.yaml", 8, 5};
  s.expect.front().lua.loc = {"s.yaml", 8, 12};
  const auto start = std::chrono::steady_clock::now();
  const Judgement j = Judge(s, History{}, start + std::chrono::milliseconds(300));
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(j.checks.size(), 2u);
  EXPECT_FALSE(j.checks[0].passed);
  EXPECT_TRUE(j.checks[0].could_not_judge);
  const std::string& summary = j.checks[0].summary;
  EXPECT_THAT(summary, MatchesRegex("s\\.yaml:8:12: Lua function 'function\\(h\\) while true do "
                                    "end end' did not finish within [0-9]+ ms"));
  // The time the check had: at most 300 ms (its sandbox opened first).
  const size_t within = summary.rfind("within ");
  ASSERT_NE(within, std::string::npos);
  EXPECT_LE(std::stoi(summary.substr(within + 7)), 300) << summary;
  // The deadline is the scenario's, not each check's: the next check still had its sandbox and
  // a function that needs no time.
  EXPECT_TRUE(j.checks[1].passed) << j.checks[1].summary;
  // Generous slack for a loaded machine: without the deadline the loop runs for many seconds.
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(Judge, EveryEntryInOrderAndADeliverySummaryPerGroupOfTheHistory) {
  Scenario s;
  GroupSpec billing, absent;
  billing.name = "billing";
  absent.name = "absent";  // declared but never in the history: no summary
  s.groups = {billing, absent};
  ExpectSpec consumed;
  consumed.check = "consumed";
  consumed.scope["group"] = "billing";
  consumed.bounds.push_back({"", 1, {}, {}});
  s.expect = {LuaCheck("function(h) return false, 'no' end"), consumed};
  History h;
  h.groups = {"billing"};
  const Judgement j = Judge(s, h);
  ASSERT_EQ(j.checks.size(), 2u);
  EXPECT_EQ(j.checks[0].check, "lua");
  EXPECT_EQ(j.checks[0].summary, "no");
  EXPECT_EQ(j.checks[1].check, "consumed");
  EXPECT_FALSE(j.checks[1].passed);  // nothing consumed, at least 1 asked
  ASSERT_EQ(j.deliveries.size(), 1u);
  EXPECT_EQ(j.deliveries[0].group, "billing");
}

TEST(Judge, ChecksJudgedAtOnceComeBackInTheScenariosOrder) {
  // Many entries (more than cores), each with a different bound, custom checks among them: each
  // result must be its own entry's.
  Scenario s;
  GroupSpec g;
  g.name = "g";
  s.groups = {g};
  for (int i = 0; i < 24; ++i) {
    if (i % 8 == 3) {
      s.expect.push_back(LuaCheck("function(h) return true, 'lua " + std::to_string(i) + "' end"));
      continue;
    }
    ExpectSpec consumed;
    consumed.check = "consumed";
    consumed.scope["group"] = "g";
    consumed.bounds.push_back({"", i % 2, {}, {}});  // at least 0 passes, at least 1 fails
    s.expect.push_back(consumed);
  }
  History h;
  h.groups = {"g"};
  const Judgement j = Judge(s, h);
  ASSERT_EQ(j.checks.size(), 24u);
  for (int i = 0; i < 24; ++i) {
    if (i % 8 == 3) {
      EXPECT_EQ(j.checks[i].summary, "lua " + std::to_string(i));
    } else {
      EXPECT_EQ(j.checks[i].check, "consumed");
      EXPECT_EQ(j.checks[i].passed, i % 2 == 0) << "entry " << i;
    }
  }
  ASSERT_EQ(j.deliveries.size(), 1u);
  EXPECT_EQ(j.deliveries[0].group, "g");
}

}  // namespace
}  // namespace ks
