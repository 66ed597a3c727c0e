#include "scenario/loader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "support/scenario_text.h"

namespace ks {
namespace {

const std::string kFull = std::string(KS_SOURCE_DIR) + "/tests/data/valid/full.yaml";

constexpr const char* kMinimal = test_support::kMinimalScenario;

Scenario MustLoad(const LoadResult& result) {
  EXPECT_TRUE(result.diagnostics.empty()) << FormatLoadErrors(result);
  EXPECT_TRUE(result.scenario.has_value());
  return result.scenario.value_or(Scenario{});
}

// A scenario written to check a system in CI, not as a lesson: no title, no lesson text.
TEST(LoadScenario, TitleAndLessonAreOptionalAndTheTitleIsThenTheName) {
  std::string text = kMinimal;
  text.erase(text.find("title:"), text.find("topics:") - text.find("title:"));
  ASSERT_EQ(text.find("title"), std::string::npos) << text;
  ASSERT_EQ(text.find("lesson"), std::string::npos) << text;
  const Scenario s = MustLoad(LoadScenarioText(text, "ci/minimal.yaml"));
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.title, "minimal");
  EXPECT_EQ(s.lesson, "");

  // Given, they are kept as written.
  const Scenario lesson = MustLoad(LoadScenarioText(kMinimal, "minimal.yaml"));
  EXPECT_EQ(lesson.title, "The least a scenario needs");
  EXPECT_EQ(lesson.lesson, "Defaults fill the rest.");
}

TEST(LoadScenario, FullFileHasEveryValue) {
  const LoadResult result = LoadScenarioFile(kFull);
  const Scenario s = MustLoad(result);
  EXPECT_EQ(FormatLoadErrors(result), "");
  EXPECT_EQ(s.path, kFull);
  EXPECT_EQ(s.source, result.source);
  EXPECT_EQ(s.name, "full-example");
  EXPECT_EQ(s.title, "Every field of the scenario format");
  EXPECT_EQ(s.lesson,
            "A scenario that sets every field, so that the loader's tests see each one.\n"
            "Not a lesson.\n");
  EXPECT_EQ(s.tags, (std::vector<std::string>{"partitions", "consumer-groups", "ordering"}));
  EXPECT_EQ(s.requires_, (std::vector<std::string>{"transactions", "compaction"}));
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.timeout_ms, 120'000);
  EXPECT_EQ(s.cluster.brokers, 3);
  EXPECT_EQ(s.cluster.loc.line, 14);

  ASSERT_EQ(s.topics.size(), 2u);
  const TopicSpec& orders = s.topics[0];
  EXPECT_EQ(orders.name, "orders");
  EXPECT_EQ(orders.loc.ToString(), kFull + ":17:5");
  EXPECT_EQ(orders.partitions, 6);
  EXPECT_EQ(orders.replication_factor, 3);
  ASSERT_EQ(orders.config.size(), 2u);
  EXPECT_EQ(orders.config[0].key, "cleanup.policy");
  EXPECT_EQ(orders.config[0].value, "compact");
  EXPECT_EQ(orders.config[0].loc.line, 21);
  EXPECT_EQ(orders.config[1].key, "min.insync.replicas");
  EXPECT_EQ(orders.config[1].value, "2");
  EXPECT_EQ(s.topics[1].partitions, 1);
  EXPECT_EQ(s.topics[1].replication_factor, 1);
  EXPECT_TRUE(s.topics[1].config.empty());

  ASSERT_EQ(s.producers.size(), 2u);
  const ProducerSpec& p = s.producers[0];
  EXPECT_EQ(p.name, "order-service");
  EXPECT_EQ(p.loc.line, 26);
  EXPECT_EQ(p.topic, "orders");
  EXPECT_EQ(p.messages, 3000);
  EXPECT_DOUBLE_EQ(p.rate_per_s, 2000);
  ASSERT_TRUE(p.key.has_value());
  EXPECT_EQ(p.key->source, "user-{i % 50}");
  EXPECT_EQ(p.key->Render(51), "user-1");
  EXPECT_EQ(p.value_size, 200);
  EXPECT_EQ(p.partitioner.kind, PartitionerKind::kMurmur2);
  EXPECT_EQ(p.partitioner.loc.line, 32);
  ASSERT_EQ(p.config.size(), 4u);  // in the file's order
  EXPECT_EQ(p.config[0].key, "acks");
  EXPECT_EQ(p.config[0].value, "all");
  EXPECT_EQ(p.config[1].key, "enable.idempotence");
  EXPECT_EQ(p.config[1].value, "true");
  EXPECT_EQ(p.config[2].key, "linger.ms");
  EXPECT_EQ(p.config[2].value, "5");
  EXPECT_EQ(p.config[3].key, "batch.num.messages");
  EXPECT_EQ(p.config[3].value, "1e3");  // a float is passed as written
  const ProducerSpec& auditor = s.producers[1];
  EXPECT_DOUBLE_EQ(auditor.rate_per_s, 0.5);
  EXPECT_FALSE(auditor.key.has_value());
  EXPECT_EQ(auditor.value_size, 100);
  EXPECT_EQ(auditor.partitioner.kind, PartitionerKind::kExplicit);
  EXPECT_EQ(auditor.partitioner.partition, 0);

  ASSERT_EQ(s.groups.size(), 2u);
  const GroupSpec& billing = s.groups[0];
  EXPECT_EQ(billing.name, "billing");
  EXPECT_EQ(billing.topics, std::vector<std::string>{"orders"});
  EXPECT_EQ(billing.members, 3);
  EXPECT_EQ(billing.offset_reset, OffsetReset::kEarliest);
  EXPECT_EQ(billing.commit.mode, CommitMode::kAfterProcess);
  ASSERT_EQ(billing.config.size(), 1u);
  EXPECT_EQ(billing.config[0].value, "6000");
  const GroupSpec& archive = s.groups[1];
  EXPECT_EQ(archive.topics, (std::vector<std::string>{"orders", "audit"}));
  EXPECT_EQ(archive.members, 1);
  EXPECT_EQ(archive.offset_reset, OffsetReset::kLatest);
  EXPECT_EQ(archive.commit.mode, CommitMode::kAuto);

  EXPECT_EQ(s.FindTopic("audit"), &s.topics[1]);
  EXPECT_EQ(s.FindGroup("archive"), &s.groups[1]);
  EXPECT_EQ(s.FindProducer("auditor"), &s.producers[1]);
  EXPECT_EQ(s.FindTopic("nope"), nullptr);
}

TEST(LoadScenario, FullFileExpectEntries) {
  const Scenario s = MustLoad(LoadScenarioFile(kFull));
  ASSERT_EQ(s.expect.size(), 10u);
  const ExpectSpec& no_loss = s.expect[0];
  EXPECT_EQ(no_loss.check, "no_loss");
  EXPECT_EQ(no_loss.loc.ToString(), kFull + ":89:5");
  EXPECT_EQ(no_loss.scope, (std::map<std::string, std::string>{{"group", "billing"}}));
  EXPECT_TRUE(no_loss.bounds.empty());  // the check implies lost == 0

  const ExpectSpec& lost = s.expect[1];
  EXPECT_EQ(lost.scope,
            (std::map<std::string, std::string>{{"group", "billing"}, {"topic", "orders"}}));
  ASSERT_EQ(lost.bounds.size(), 2u);
  EXPECT_EQ(lost.bounds[0].figure, "");  // top-level max: the main figure
  EXPECT_FALSE(lost.bounds[0].min.has_value());
  EXPECT_EQ(lost.bounds[0].max, 0);
  EXPECT_EQ(lost.bounds[1].figure, "unseen");
  EXPECT_EQ(lost.bounds[1].max, 0);

  const ExpectSpec& duplicates = s.expect[3];
  ASSERT_EQ(duplicates.bounds.size(), 2u);
  EXPECT_EQ(duplicates.bounds[0].max, 600);
  EXPECT_EQ(duplicates.bounds[1].figure, "redeliveries");
  EXPECT_EQ(duplicates.bounds[1].min, 0);
  EXPECT_EQ(duplicates.bounds[1].max, 700);

  const ExpectSpec& key_order = s.expect[4];
  ASSERT_EQ(key_order.bounds.size(), 1u);
  EXPECT_EQ(key_order.bounds[0].figure, "inversions");  // a bare number means equals
  EXPECT_EQ(key_order.bounds[0].min, 0);
  EXPECT_EQ(key_order.bounds[0].max, 0);

  EXPECT_EQ(s.expect[5].scope.at("member"), "billing/2");
  EXPECT_EQ(s.expect[7].scope.at("producer"), "order-service");

  const ExpectSpec& consumed = s.expect[8];
  ASSERT_EQ(consumed.bounds.size(), 2u);
  EXPECT_EQ(consumed.bounds[0].figure, "");
  EXPECT_EQ(consumed.bounds[0].min, 3000);  // equals sets both ends
  EXPECT_EQ(consumed.bounds[0].max, 3000);
  EXPECT_EQ(consumed.bounds[0].loc.line, 97);

  EXPECT_EQ(s.expect[9].check, "assignment");
  EXPECT_EQ(s.expect[9].bounds.size(), 4u);
}

// Every field of a step, so that a test names each expected value (StepSpec has no ==).
void ExpectSameStep(const StepSpec& a, const StepSpec& e) {
  EXPECT_EQ(a.loc.ToString(), e.loc.ToString());
  EXPECT_EQ(a.kind, e.kind);
  EXPECT_EQ(a.target, e.target);
  EXPECT_EQ(a.messages, e.messages);
  EXPECT_EQ(a.wait, e.wait);
  EXPECT_EQ(a.wait_for.kind, e.wait_for.kind);
  EXPECT_EQ(a.wait_for.group, e.wait_for.group);
  EXPECT_EQ(a.wait_for.producer, e.wait_for.producer);
  EXPECT_EQ(a.wait_for.count, e.wait_for.count);
  EXPECT_EQ(a.wait_for.within_ms, e.wait_for.within_ms);
  EXPECT_EQ(a.sleep_ms, e.sleep_ms);
  EXPECT_EQ(a.seek.target, e.seek.target);
  EXPECT_EQ(a.seek.to, e.seek.to);
  EXPECT_EQ(a.seek.value, e.seek.value);
  EXPECT_EQ(a.fault.kind, e.fault.kind);
  EXPECT_EQ(a.fault.broker, e.fault.broker);
  EXPECT_EQ(a.fault.topic, e.fault.topic);
  EXPECT_EQ(a.fault.partition, e.fault.partition);
  EXPECT_EQ(a.fault.api, e.fault.api);
  EXPECT_EQ(a.fault.errors, e.fault.errors);
  EXPECT_EQ(a.fault.count, e.fault.count);
  EXPECT_EQ(a.fault.ms, e.fault.ms);
  EXPECT_EQ(a.fault.for_ms, e.fault.for_ms);
  EXPECT_EQ(a.after.kind, e.after.kind);
  EXPECT_EQ(a.after.count, e.after.count);
  EXPECT_EQ(a.after.producer, e.after.producer);
  EXPECT_EQ(a.after.group, e.after.group);
}

TEST(LoadScenario, FullFileStepsHaveEveryForm) {
  using K = StepSpec::Kind;
  using W = WaitSpec::Kind;
  using F = FaultSpec::Kind;
  const Scenario s = MustLoad(LoadScenarioFile(kFull));
  // The expected steps, each from its action key's line and column and the fields it sets.
  std::vector<StepSpec> e;
  auto step = [&](K kind, int line, int column) -> StepSpec& {
    StepSpec& st = e.emplace_back();
    st.kind = kind;
    st.loc = SourceLoc{kFull, line, column};
    return st;
  };
  auto wait = [&](int line, W kind, const char* group, const char* producer, int64_t count,
                  int64_t within_ms) {
    WaitSpec& w = step(K::kWait, line, 5).wait_for;
    w = {kind, group, producer, count, within_ms};
  };
  auto seek = [&](int line, const char* target, SeekSpec::To to, int64_t value) {
    step(K::kSeek, line, 5).seek = {target, to, value};
  };
  step(K::kStart, 56, 5).target = "billing";
  step(K::kStart, 57, 5).target = "archive/0";
  step(K::kProduce, 58, 5).target = "order-service";
  StepSpec& produce = step(K::kProduce, 59, 5);
  produce.target = "auditor";
  produce.messages = 5;
  produce.wait = true;
  wait(60, W::kConsumed, "billing", "", 1500, 20'000);
  wait(61, W::kDrained, "billing", "", 0, 30'000);
  wait(62, W::kAssigned, "billing", "", 0, 10'000);
  wait(63, W::kRebalanced, "billing", "", 0, 20'000);
  wait(64, W::kRebalanced, "archive", "", 0, 60'000);
  wait(65, W::kDrained, "archive", "", 0, 500);
  wait(66, W::kAcked, "", "order-service", 500, 5'000);
  wait(67, W::kLagAtMost, "billing", "", 100, 30'000);
  wait(68, W::kLagAtMost, "archive", "", 0, 30'000);
  step(K::kSleep, 69, 5).sleep_ms = 2'000;
  seek(70, "billing", SeekSpec::To::kBeginning, 0);
  seek(71, "billing/1", SeekSpec::To::kEnd, 0);
  seek(72, "archive", SeekSpec::To::kOffset, 10);
  seek(73, "archive/0", SeekSpec::To::kTimestamp, 1'700'000'000'000);
  StepSpec& down = step(K::kFault, 75, 5);  // the action key's line, not the trigger's
  down.fault.kind = F::kBrokerDown;
  down.fault.broker = 1;
  down.after = {TriggerSpec::Kind::kAcked, 500, "order-service", ""};
  StepSpec& up = step(K::kFault, 76, 5);
  up.fault.kind = F::kBrokerUp;
  up.fault.broker = 1;
  StepSpec& leader = step(K::kFault, 77, 5);
  leader.fault.kind = F::kLeader;
  leader.fault.topic = "orders";
  leader.fault.partition = 5;
  leader.fault.broker = 3;
  StepSpec& errors = step(K::kFault, 78, 5);
  errors.fault.kind = F::kRequestErrors;
  errors.fault.api = "Produce";
  errors.fault.errors = {"NOT_LEADER_OR_FOLLOWER", "REQUEST_TIMED_OUT"};
  errors.fault.count = 6;
  StepSpec& commit_errors = step(K::kFault, 80, 5);
  commit_errors.fault.kind = F::kRequestErrors;
  commit_errors.fault.api = "OffsetCommit";
  commit_errors.fault.errors = {"COORDINATOR_NOT_AVAILABLE"};
  commit_errors.fault.count = 1;  // omitted: one request per listed error
  StepSpec& rtt = step(K::kFault, 81, 5);
  rtt.fault.kind = F::kRtt;
  rtt.fault.broker = 2;
  rtt.fault.ms = 2'500;
  rtt.fault.for_ms = 2'000;
  StepSpec& crash = step(K::kCrash, 83, 5);
  crash.target = "billing/1";
  crash.after = {TriggerSpec::Kind::kConsumed, 200, "", "billing"};
  step(K::kRestart, 84, 5).target = "billing/1";
  step(K::kStop, 85, 5).target = "billing/2";
  step(K::kStop, 86, 5).target = "billing";

  ASSERT_EQ(s.steps.size(), e.size());
  for (size_t i = 0; i < e.size(); ++i) {
    SCOPED_TRACE("step " + std::to_string(i) + " (line " + std::to_string(e[i].loc.line) + ")");
    ExpectSameStep(s.steps[i], e[i]);
  }
  EXPECT_EQ(ToString(s.steps[0].kind), "start");
  EXPECT_EQ(ToString(s.steps.back().kind), "stop");
}

TEST(LoadScenario, OmittedStepsMeanTheDefaultTimeline) {
  EXPECT_TRUE(MustLoad(LoadScenarioText(kMinimal, "m.yaml")).steps.empty());
  // An empty list would read as the default timeline too; it is refused rather than guessed.
  const LoadResult empty = LoadScenarioText(std::string(kMinimal) + "steps: []\n", "m.yaml");
  ASSERT_EQ(empty.diagnostics.size(), 1u) << FormatLoadErrors(empty);
  EXPECT_EQ(empty.diagnostics[0].message, "'steps' needs at least 1 entry, got 0");
}

// A seek's offset is at most what a history's op holds (2^47 - 1): a larger one is refused at
// load rather than ending the run as an error.
TEST(LoadScenario, ASeekOffsetIsAtMostWhatAnOpHolds) {
  const auto with_seek = [](const std::string& offset) {
    return std::string(kMinimal) +
           "steps:\n  - start: g\n  - seek: {group: g, to: {offset: " + offset + "}}\n";
  };
  EXPECT_EQ(MustLoad(LoadScenarioText(with_seek("140737488355327"), "m.yaml")).steps[1].seek.value,
            140737488355327);
  const LoadResult beyond = LoadScenarioText(with_seek("140737488355328"), "m.yaml");
  ASSERT_FALSE(beyond.scenario.has_value());
  EXPECT_NE(FormatLoadErrors(beyond).find("140737488355327"), std::string::npos)
      << FormatLoadErrors(beyond);
}

TEST(LoadScenario, StepsInBlockStyleKeepTheirLocations) {
  const std::string text = std::string(kMinimal) +
                           "steps:\n"
                           "  - start: g\n"
                           "  - produce:\n"
                           "      producer: p\n"
                           "      messages: 2\n"
                           "  - after:\n"
                           "      consumed: 1\n"
                           "      group: g\n"
                           "    wait:\n"
                           "      drained: g\n"
                           "      within: 1h\n";
  const Scenario s = MustLoad(LoadScenarioText(text, "m.yaml"));
  ASSERT_EQ(s.steps.size(), 3u);
  EXPECT_EQ(s.steps[0].loc.ToString(), "m.yaml:16:5");
  EXPECT_EQ(s.steps[1].loc.ToString(), "m.yaml:17:5");
  EXPECT_EQ(s.steps[1].messages, 2);
  EXPECT_FALSE(s.steps[1].wait);
  EXPECT_EQ(s.steps[2].loc.ToString(), "m.yaml:23:5");
  EXPECT_EQ(s.steps[2].kind, StepSpec::Kind::kWait);
  EXPECT_EQ(s.steps[2].wait_for.within_ms, 3'600'000);
  EXPECT_EQ(s.steps[2].after.kind, TriggerSpec::Kind::kConsumed);
  EXPECT_EQ(s.steps[2].after.group, "g");
}

TEST(LoadScenario, StepProblemsAreAllReportedAtOnce) {
  const std::string text = std::string(kMinimal) +
                           "steps:\n"
                           "  - strat: g\n"                           // 16
                           "  - produce: q\n"                         // 17
                           "  - wait: {drained: g}\n"                 // 18
                           "  - crash: g/1\n"                         // 19
                           "  - fault: {broker_down: 2, for: 1s}\n";  // 20
  const LoadResult result = LoadScenarioText(text, "m.yaml");
  std::vector<std::string> got;
  for (const Diagnostic& d : result.diagnostics) got.push_back(d.loc.ToString() + " " + d.message);
  EXPECT_EQ(got, (std::vector<std::string>{
                     "m.yaml:16:5 unknown step 'strat'",
                     "m.yaml:17:14 unknown producer 'q'",
                     "m.yaml:18:11 missing required key 'within' in this wait condition",
                     "m.yaml:19:12 member 'g/1' does not exist: group 'g' has 1 member (g/0)",
                     "m.yaml:20:26 broker 2 does not exist: the cluster has 1 broker (1)",
                 }));
}

TEST(LoadScenario, DefaultsApplyWhenFieldsAreOmitted) {
  const Scenario s = MustLoad(LoadScenarioText(kMinimal, "m.yaml"));
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.timeout_ms, 60'000);
  EXPECT_EQ(s.cluster.brokers, 1);
  EXPECT_TRUE(s.tags.empty());
  EXPECT_TRUE(s.requires_.empty());
  const ProducerSpec& p = s.producers.at(0);
  EXPECT_EQ(p.rate_per_s, 0);  // as fast as possible
  EXPECT_FALSE(p.key.has_value());
  EXPECT_EQ(p.value_size, 100);
  EXPECT_EQ(p.partitioner.kind, PartitionerKind::kCrc32);
  EXPECT_EQ(p.partitioner.loc.line, p.loc.line);  // not written: the producer's own line
  const GroupSpec& g = s.groups.at(0);
  EXPECT_EQ(g.members, 1);
  EXPECT_EQ(g.offset_reset, OffsetReset::kLatest);
  EXPECT_EQ(g.commit.mode, CommitMode::kAuto);
}

TEST(LoadScenario, EveryProblemIsReportedAndSortedByLine) {
  const std::string text = std::string(kMinimal) +
                           "  - key_order: {group: gg}\n"
                           "  - nope: {}\n";
  std::string broken = text;
  broken.replace(broken.find("messages: 5"), 11, "messages: 0");
  const LoadResult result = LoadScenarioText(broken, "m.yaml");
  EXPECT_FALSE(result.scenario.has_value());
  ASSERT_EQ(result.diagnostics.size(), 3u) << FormatLoadErrors(result);
  EXPECT_EQ(result.diagnostics[0].loc.line, 9);
  EXPECT_EQ(result.diagnostics[1].loc.line, 15);
  EXPECT_EQ(result.diagnostics[2].loc.line, 16);
  EXPECT_EQ(result.source, broken);
}

TEST(LoadScenario, UnreadableFileIsOneDiagnostic) {
  const LoadResult result = LoadScenarioFile("/nonexistent/x.yaml");
  EXPECT_FALSE(result.scenario.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(FormatLoadErrors(result),
            "/nonexistent/x.yaml: error: cannot read the file: No such file or directory\n");
}

TEST(LoadScenario, KeyTemplateErrorColumnIsInsideTheString) {
  std::string text = kMinimal;
  text.replace(text.find("messages: 5"), 11, "messages: 5\n    key: 'k-{i / 0}'");
  const LoadResult result = LoadScenarioText(text, "m.yaml");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].loc.ToString(), "m.yaml:10:18");
  EXPECT_EQ(result.diagnostics[0].message, "bad key template: division by zero");
}

TEST(LoadScenario, ConfigScalarsBecomeLibrdkafkaStrings) {
  std::string text = kMinimal;
  text.replace(text.find("messages: 5"), 11,
               "messages: 5\n    config: {a: yes, b: false, c: 0.25, d: -3, e: \"x y\"}");
  const Scenario s = MustLoad(LoadScenarioText(text, "m.yaml"));
  const std::vector<ConfigEntry>& c = s.producers.at(0).config;
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].value, "true");
  EXPECT_EQ(c[1].value, "false");
  EXPECT_EQ(c[2].value, "0.25");
  EXPECT_EQ(c[3].value, "-3");
  EXPECT_EQ(c[4].value, "x y");
}

}  // namespace
}  // namespace ks

namespace ks {
namespace {

TEST(LoadScenario, CommitNeverAndAProcessingDelay) {
  std::string text = kMinimal;
  text.replace(text.find("    topics: [orders]\n"), std::string("    topics: [orders]\n").size(),
               "    topics: [orders]\n    commit: never\n    processing: {delay: 2ms}\n");
  const Scenario s = MustLoad(LoadScenarioText(text, "m.yaml"));
  ASSERT_EQ(s.groups.size(), 1u);
  EXPECT_EQ(s.groups[0].commit.mode, CommitMode::kNever);
  ASSERT_TRUE(s.groups[0].processing.has_value());
  EXPECT_EQ(s.groups[0].processing->delay.fixed_ms, 2);
  EXPECT_FALSE(MustLoad(LoadScenarioText(kMinimal, "m.yaml")).groups[0].processing.has_value());

  text.replace(text.find("delay: 2ms"), 10, "dela: 2ms");
  const LoadResult bad = LoadScenarioText(text, "m.yaml");
  ASSERT_FALSE(bad.scenario);
  EXPECT_NE(FormatLoadErrors(bad).find("did you mean 'delay'?"), std::string::npos)
      << FormatLoadErrors(bad);
}

// kMinimal with `group_lines` added to its consumer group.
std::string WithGroupLines(const std::string& group_lines) {
  std::string text = kMinimal;
  text.replace(text.find("    topics: [orders]\n"), std::string("    topics: [orders]\n").size(),
               "    topics: [orders]\n" + group_lines);
  return text;
}

TEST(LoadScenario, CommitSettingsAndAProcessingModel) {
  const Scenario s = MustLoad(LoadScenarioText(
      WithGroupLines("    commit: {mode: low_watermark, every: 1, interval: 50ms, async: true}\n"
                     "    processing:\n"
                     "      delay: {distribution: uniform, min: 1ms, max: 40ms}\n"
                     "      failure_rate: 0.05\n"
                     "      on_failure: skip\n"
                     "      workers: 8\n"),
      "m.yaml"));
  const GroupSpec& g = s.groups[0];
  EXPECT_EQ(g.commit.mode, CommitMode::kLowWatermark);
  EXPECT_EQ(g.commit.every, 1);
  EXPECT_EQ(g.commit.interval_ms, 50);
  EXPECT_TRUE(g.commit.async);
  ASSERT_TRUE(g.processing.has_value());
  EXPECT_EQ(g.processing->delay.distribution, DelaySpec::Distribution::kUniform);
  EXPECT_EQ(g.processing->delay.min_ms, 1);
  EXPECT_EQ(g.processing->delay.max_ms, 40);
  EXPECT_DOUBLE_EQ(g.processing->failure_rate, 0.05);
  EXPECT_EQ(g.processing->on_failure, ProcessingSpec::OnFailure::kSkip);
  EXPECT_EQ(g.processing->workers, 8);

  const Scenario plain =
      MustLoad(LoadScenarioText(WithGroupLines("    commit: highest_done\n"), "m.yaml"));
  EXPECT_EQ(plain.groups[0].commit.mode, CommitMode::kHighestDone);
  EXPECT_EQ(plain.groups[0].commit.every, 1000);  // the documented defaults
  EXPECT_EQ(plain.groups[0].commit.interval_ms, 100);
  EXPECT_FALSE(plain.groups[0].commit.async);
}

TEST(LoadScenario, ADistributionNamesTheFieldItLacks) {
  const LoadResult r = LoadScenarioText(
      WithGroupLines("    processing:\n      delay: {distribution: normal, mean: 5ms}\n"),
      "m.yaml");
  ASSERT_FALSE(r.scenario);
  EXPECT_NE(FormatLoadErrors(r).find("a normal delay needs `stddev`"), std::string::npos)
      << FormatLoadErrors(r);
  EXPECT_NE(FormatLoadErrors(r).find("m.yaml:"), std::string::npos);
  const LoadResult rate =
      LoadScenarioText(WithGroupLines("    processing: {failure_rate: 1}\n"), "m.yaml");
  EXPECT_FALSE(rate.scenario) << "a failure rate of 1 would retry forever";
}

TEST(LoadScenario, AfterProcessWithParallelWorkersIsRefused) {
  const LoadResult r = LoadScenarioText(
      WithGroupLines("    commit: after_process\n    processing: {workers: 4}\n"), "m.yaml");
  ASSERT_FALSE(r.scenario);
  const std::string errors = FormatLoadErrors(r);
  EXPECT_NE(errors.find("commit after_process is ambiguous with 4 workers"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("low_watermark"), std::string::npos) << errors;
}

TEST(LoadScenario, TransactionalProducer) {
  std::string text = kMinimal;
  const std::string topic_line = "    topic: orders\n";
  text.insert(text.find(topic_line) + topic_line.size(),
              "    transactional: {batch: 10, abort_every: 3}\n");
  const Scenario s = MustLoad(LoadScenarioText(text, "m.yaml"));
  ASSERT_TRUE(s.producers[0].transactional.has_value());
  EXPECT_EQ(s.producers[0].transactional->id, s.producers[0].name);  // defaults to the name
  EXPECT_EQ(s.producers[0].transactional->batch, 10);
  EXPECT_EQ(s.producers[0].transactional->abort_every, 3);
  EXPECT_FALSE(MustLoad(LoadScenarioText(kMinimal, "m.yaml")).producers[0].transactional);
}

TEST(LoadScenario, LuaHooksProcessorsStepsAndChecks) {
  const char* text = R"(name: lua-everywhere
title: Every Lua hook
lesson: Lua where YAML cannot say it.
lua: [lua/flow.lua]
topics:
  - name: in
  - name: out
producers:
  - name: p
    topic: in
    messages: 5
    key: {lua: flow.key}
    value: {lua: "function(i) return 'v' .. i end"}
    headers: {lua: flow.headers}
    partitioner: {lua: flow.route}
consumer_groups:
  - name: g
    topics: [out]
    priority: true
    processing: {lua: flow.process, workers: 2}
processors:
  - name: stage
    from: [in]
    to: [out]
    lua: flow.transform
    producer_config: {linger.ms: 5}
steps:
  - start: g
  - lua: flow.drive
expect:
  - no_loss: {group: g}
  - lua: flow.check
)";
  const Scenario s = MustLoad(LoadScenarioText(text, "m.yaml"));
  ASSERT_EQ(s.lua_modules.size(), 1u);
  EXPECT_EQ(s.lua_modules[0].first, "lua/flow.lua");
  EXPECT_EQ(s.lua_modules[0].second.line, 4);
  const ProducerSpec& p = s.producers[0];
  ASSERT_TRUE(p.key_lua && p.value_lua && p.headers_lua);
  EXPECT_EQ(p.key_lua->function, "flow.key");
  EXPECT_EQ(p.key_lua->loc.line, 12);
  EXPECT_EQ(p.value_lua->function, "function(i) return 'v' .. i end");
  EXPECT_EQ(p.partitioner.kind, PartitionerKind::kLua);
  EXPECT_EQ(p.partitioner.lua.function, "flow.route");
  ASSERT_EQ(s.groups.size(), 2u);  // the consumer group, then the processor
  EXPECT_TRUE(s.groups[0].priority);
  ASSERT_TRUE(s.groups[0].processing && s.groups[0].processing->lua);
  EXPECT_EQ(s.groups[0].processing->lua->function, "flow.process");
  EXPECT_EQ(s.groups[0].processing->workers, 2);
  const GroupSpec& stage = s.groups[1];
  EXPECT_EQ(stage.name, "stage");
  EXPECT_EQ(stage.topics, std::vector<std::string>{"in"});
  ASSERT_TRUE(stage.transform);
  EXPECT_EQ(stage.transform->to, std::vector<std::string>{"out"});
  EXPECT_EQ(stage.transform->producer_config.size(), 1u);
  EXPECT_EQ(stage.offset_reset, OffsetReset::kEarliest);  // a pipeline stage reads from the start
  EXPECT_EQ(stage.commit.mode, CommitMode::kAfterProcess);
  EXPECT_EQ(stage.processing->lua->function, "flow.transform");
  ASSERT_EQ(s.steps.size(), 2u);
  EXPECT_EQ(s.steps[1].kind, StepSpec::Kind::kLua);
  EXPECT_EQ(s.steps[1].lua.function, "flow.drive");
  ASSERT_EQ(s.expect.size(), 2u);
  EXPECT_EQ(s.expect[1].check, "lua");
  EXPECT_EQ(s.expect[1].lua.function, "flow.check");
  EXPECT_EQ(s.expect[1].lua.loc.line, 32);
}

TEST(LoadScenario, AProcessorReadsAndWritesDeclaredTopics) {
  const char* text = R"(name: bad-processor
title: A processor with an unknown topic
lesson: Names are checked.
topics:
  - name: in
producers:
  - name: p
    topic: in
    messages: 5
processors:
  - name: stage
    from: [in]
    to: [ot]
    lua: f
expect:
  - no_loss: {group: stage}
)";
  const LoadResult r = LoadScenarioText(text, "m.yaml");
  ASSERT_FALSE(r.scenario);
  EXPECT_NE(FormatLoadErrors(r).find("m.yaml:13:10: error: unknown topic 'ot'"), std::string::npos)
      << FormatLoadErrors(r);
}

}  // namespace
}  // namespace ks

namespace ks {
namespace {

// Lag counts from the committed offset: a group that never commits never gets below its start.
TEST(LoadScenario, ALagWaitOnAGroupThatNeverCommitsIsRefused) {
  std::string text = test_support::kMinimalScenario;
  text.replace(text.find("    topics: [orders]\n"), 21,
               "    topics: [orders]\n    commit: never\n");
  text += "steps:\n  - start: g\n  - wait: {group: g, lag: 0, within: 5s}\n";
  EXPECT_EQ(test_support::OnlyLoadError(text),
            "f.yaml:18:27: group 'g' never commits, so its lag never falls: lag is counted from "
            "the group's committed offset");
  text.replace(text.find("    commit: never\n"), 18, "");
  EXPECT_TRUE(LoadScenarioText(text, "f.yaml").scenario.has_value());
}

}  // namespace
}  // namespace ks
