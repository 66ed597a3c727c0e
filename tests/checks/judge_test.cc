// Judge's custom checks: each runs in a Lua state of its own, and none runs past its deadline.
#include "run/judge.h"

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
  ScenarioResult r;
  r.verdict = ScenarioResult::Verdict::kPassed;
  Judge(s, &r);
  ASSERT_EQ(r.checks.size(), 3u);
  for (const CheckResult& c : r.checks) EXPECT_TRUE(c.passed) << c.summary;
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kPassed);
}

TEST(Judge, ACustomCheckStopsAtItsDeadlineAndTheScenarioIsAnErrorNotAFailure) {
  // Issue 13: checks ran 20.9 s in a scenario with a 10 s timeout; the instruction budget of a
  // check (2e9) alone allows about that much. A check cut short says nothing about the history.
  Scenario s;
  s.expect.push_back(LuaCheck("function(h) while true do end end"));
  s.expect.push_back(LuaCheck("function(h) return true end"));
  s.expect.back().loc = {"s.yaml", 9, 5};
  s.expect.back().lua.loc = {"s.yaml", 9, 12};
  s.expect.front().loc = {"s.yaml", 8, 5};
  s.expect.front().lua.loc = {"s.yaml", 8, 12};
  ScenarioResult r;
  const auto start = std::chrono::steady_clock::now();
  Judge(s, &r, start + std::chrono::milliseconds(300));
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.checks.size(), 2u);
  EXPECT_FALSE(r.checks[0].passed);
  EXPECT_TRUE(r.checks[0].could_not_judge);
  const std::string& summary = r.checks[0].summary;
  EXPECT_THAT(summary, MatchesRegex("s\\.yaml:8:12: Lua function 'function\\(h\\) while true do "
                                    "end end' did not finish within [0-9]+ ms"));
  // The time the check had: at most 300 ms (its sandbox opened first).
  const size_t within = summary.rfind("within ");
  ASSERT_NE(within, std::string::npos);
  EXPECT_LE(std::stoi(summary.substr(within + 7)), 300) << summary;
  EXPECT_TRUE(r.checks[1].passed);
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kError);
  EXPECT_EQ(r.reason, "a check could not judge the history: " + r.checks[0].summary);
  // Generous slack for a loaded machine: without the deadline the loop runs for many seconds.
  EXPECT_LT(took, std::chrono::seconds(5));
}

}  // namespace
}  // namespace ks
