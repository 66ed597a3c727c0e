// `commit: never` on a real group: the member polls everything and commits nothing.
#include <gtest/gtest.h>

#include "run/scenario_runner.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

TEST(CommitNever, AMemberThatNeverCommitsLeavesNoCommit) {
  Scenario s;
  s.name = "never";
  s.timeout_ms = 20000;
  s.topics.push_back({{}, "t", 2, 1, {}});
  ProducerSpec p;
  p.name = "p";
  p.topic = "t";
  p.messages = 50;
  s.producers.push_back(p);
  GroupSpec g;
  g.name = "g";
  g.topics = {"t"};
  g.offset_reset = OffsetReset::kEarliest;
  g.commit = CommitMode::kNever;
  s.groups.push_back(g);
  ExpectSpec consumed;
  consumed.check = "consumed";
  consumed.scope["group"] = "g";
  consumed.bounds.push_back({"", 50, 50, {}});
  s.expect.push_back(consumed);
  EmbeddedTarget target;
  ScenarioResult r = RunScenario(s, target);
  ASSERT_EQ(r.verdict, ScenarioResult::Verdict::kPassed) << r.reason;
  int commits = 0;
  for (const Op& op : r.history.ops) commits += op.kind == OpKind::kCommit;
  EXPECT_EQ(commits, 0);
}

}  // namespace
}  // namespace ks
