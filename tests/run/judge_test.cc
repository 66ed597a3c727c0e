// Judge's custom checks: each runs in a Lua state of its own, and none runs past its deadline.
#include "run/judge.h"

#include <gtest/gtest.h>

#include <chrono>

namespace ks {
namespace {

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

TEST(Judge, ACustomCheckStopsAtItsDeadline) {
  // Issue 13: checks ran 20.9 s in a scenario with a 10 s timeout; the instruction budget of a
  // check (2e9) alone allows about that much.
  Scenario s;
  s.expect.push_back(LuaCheck("function(h) while true do end end"));
  s.expect.push_back(LuaCheck("function(h) return true end"));
  ScenarioResult r;
  const auto start = std::chrono::steady_clock::now();
  Judge(s, &r, start + std::chrono::milliseconds(300));
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.checks.size(), 2u);
  EXPECT_FALSE(r.checks[0].passed);
  EXPECT_NE(r.checks[0].summary.find("stopped at the scenario's deadline"), std::string::npos)
      << r.checks[0].summary;
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kFailed);
  // Generous slack for a loaded machine: without the deadline the loop runs for many seconds.
  EXPECT_LT(took, std::chrono::seconds(5));
}

}  // namespace
}  // namespace ks
