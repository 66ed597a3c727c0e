// The `purged` wait on the embedded cluster, which has no retention: an empty topic is purged at
// once, a topic that keeps its records never is, and the wait says which offsets are left.
#include <gtest/gtest.h>

#include "run/scenario_runner.h"
#include "scenario/loader.h"
#include "support/run_and_judge.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

// The embedded cluster, made to run a scenario whose purged wait implies `retention`.
class NoRetentionCheckTarget : public EmbeddedTarget {
 public:
  std::string CannotRun(const Scenario&) const override { return ""; }
};

Scenario Load(const std::string& steps) {
  LoadResult r = LoadScenarioText(R"(
name: purge
title: waits for a topic to be empty
lesson: x
timeout: 30s
topics: [{name: t, partitions: 2}]
producers: [{name: p, topic: t, messages: 100}]
steps:
)" + steps + R"(
expect: [{produced: {producer: p, equals: 100}}]
)",
                                  "purge.yaml");
  EXPECT_TRUE(r.scenario) << FormatLoadErrors(r);
  return r.scenario ? *r.scenario : Scenario{};
}

TEST(PurgedWait, ImpliesRetentionSoTheEmbeddedClusterSkipsIt) {
  EmbeddedTarget target;
  ScenarioResult r = test_support::RunAndJudge(
      Load("  - wait: {purged: t, within: 2s}\n  - produce: {producer: p, wait: true}"), target);
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kSkipped);
  EXPECT_NE(r.reason.find("requires 'retention'"), std::string::npos) << r.reason;
}

TEST(PurgedWait, AnEmptyTopicIsPurged) {
  NoRetentionCheckTarget target;
  ScenarioResult r = test_support::RunAndJudge(
      Load("  - wait: {purged: t, within: 5s}\n  - produce: {producer: p, wait: true}"), target);
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kPassed) << r.reason;
  for (const auto& p : r.problems) ADD_FAILURE() << p;
}

TEST(PurgedWait, ATopicThatKeepsItsRecordsIsNotAndTheWaitSaysWhatIsLeft) {
  NoRetentionCheckTarget target;
  ScenarioResult r = test_support::RunAndJudge(
      Load("  - produce: {producer: p, wait: true}\n  - wait: {purged: t, within: 2s}"), target);
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kFailed);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("wait until t is purged not met within"), std::string::npos)
      << r.problems[0];
  EXPECT_NE(r.problems[0].find("keeps offsets 0.."), std::string::npos) << r.problems[0];
}

}  // namespace
}  // namespace ks
