// Whole runs through the external target, its topics made on an in-process mock cluster by a
// fake admin client (librdkafka 2.0.2's mock answers no admin request): an interrupt (SIGINT)
// ends a run as an error and the topics the run created, and only those, are deleted; topic
// steps reach the admin client with the cluster's names; a scenario runs again on existing
// topics that hold its earlier run's records.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <utility>

#include "diag/interrupt.h"
#include "run/scenario_runner.h"
#include "scenario/loader.h"
#include "support/interrupt_guard.h"
#include "support/run_and_judge.h"
#include "target/fake_admin.h"
#include "target/rdkafka_handles.h"

namespace ks {
namespace {

using fakes::FakeCluster;
using fakes::Options;

// An in-process mock cluster of one broker, and a fake admin that creates topics on it.
struct MockBacked {
  MockBacked() {
    ConfPtr conf(rd_kafka_conf_new());
    std::string error;
    char errstr[128];
    rd_kafka_conf_set(conf.get(), "log_level", "3", errstr, sizeof errstr);
    handle = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
    if (handle) conf.release();
    mock.reset(rd_kafka_mock_cluster_new(handle.get(), 1));
    cluster->brokers = {1};
    cluster->mock = mock.get();
    options = Options(cluster);
    options.bootstrap_servers = rd_kafka_mock_cluster_bootstraps(mock.get());
  }
  KafkaPtr handle;
  MockClusterPtr mock;
  std::shared_ptr<FakeCluster> cluster = std::make_shared<FakeCluster>();
  ExternalOptions options;
};

TEST(ExternalTarget, AnInterruptedRunStillDeletesItsTopicsAndOnlyThose) {
  MockBacked backed;
  ASSERT_TRUE(backed.mock);
  auto& cluster = backed.cluster;
  ExternalOptions o = backed.options;
  LoadResult loaded = LoadScenarioText(R"(
name: long-run
title: runs far longer than the test waits
lesson: x
timeout: 120s
topics: [{name: orders, partitions: 2}]
producers: [{name: shop, topic: orders, messages: 100000, rate: 200/s}]
consumer_groups: [{name: billing, topics: [orders]}]
expect: [{no_loss: {group: billing}}]
)",
                                       "long-run.yaml");
  ASSERT_TRUE(loaded.scenario) << FormatLoadErrors(loaded);
  const auto start = std::chrono::steady_clock::now();
  ScenarioResult r;
  {
    test_support::InterruptGuard interrupt;
    std::thread interrupter([] {
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      RequestInterrupt();
    });
    {
      ExternalTarget t(o);
      r = test_support::RunAndJudge(*loaded.scenario, t, nullptr);
      EXPECT_EQ(t.created_topics(), std::vector<std::string>{"ks-18c2f-0-orders"});
    }
    interrupter.join();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kError);
  EXPECT_NE(r.reason.find("interrupted"), std::string::npos) << r.reason;
  EXPECT_LT(seconds, 60.0);  // far from the 500 s the producer's records would take
  EXPECT_EQ(cluster->deleted, std::vector<std::string>{"ks-18c2f-0-orders"});
  EXPECT_EQ(cluster->topics.count("orders"), 1u);
}

TEST(ExternalTarget, TopicStepsReachTheAdminClientWithTheClustersNames) {
  MockBacked backed;
  ASSERT_TRUE(backed.mock);
  LoadResult loaded = LoadScenarioText(R"(
name: topic-steps
title: adds partitions and alters configs between two batches
lesson: x
timeout: 60s
topics: [{name: orders, partitions: 2, config: {retention.ms: 600000}}]
producers: [{name: shop, topic: orders, messages: 100}]
consumer_groups: [{name: billing, topics: [orders], offset_reset: earliest}]
steps:
  - start: billing
  - wait: {assigned: billing, within: 30s}
  - produce: {producer: shop, wait: true}
  - add_partitions: {topic: orders, count: 4}
  - alter_topic: {topic: orders, config: {cleanup.policy: compact}}
  - produce: {producer: shop, messages: 100, wait: true}
  - wait: {drained: billing, within: 30s}
expect: [{no_loss: {group: billing}}, {consumed: {group: billing, equals: 200}}]
)",
                                       "topic-steps.yaml");
  ASSERT_TRUE(loaded.scenario) << FormatLoadErrors(loaded);
  ScenarioResult r;
  {
    ExternalTarget t(backed.options);
    r = test_support::RunAndJudge(*loaded.scenario, t, nullptr);
  }
  // The mock cannot really add partitions, so the producer keeps 2: the steps' effects on Kafka
  // are not shown here, only that they reach the cluster with its names.
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kPassed) << r.reason;
  for (const auto& p : r.problems) ADD_FAILURE() << p;
  const FakeCluster& c = *backed.cluster;
  ASSERT_EQ(c.partition_requests.size(), 1u);
  EXPECT_EQ(c.partition_requests[0], std::make_pair(std::string("ks-18c2f-0-orders"), 4));
  ASSERT_EQ(c.alter_requests.size(), 1u);
  EXPECT_EQ(c.alter_requests[0].first, "ks-18c2f-0-orders");
  ASSERT_EQ(c.alter_requests[0].second.size(), 2u);
  EXPECT_EQ(c.deleted, std::vector<std::string>{"ks-18c2f-0-orders"});
}

// Issue 12: the second run on the same existing topic reads the first run's records, which carry
// the same "<producer>#<seq>"; only the run id in their identity tells them apart.
TEST(ExternalTarget, ASecondRunOnExistingTopicsJudgesOnlyItsOwnRecords) {
  MockBacked backed;
  ASSERT_TRUE(backed.mock);
  ASSERT_EQ(rd_kafka_mock_topic_create(backed.mock.get(), "orders", 2, 1),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  backed.cluster->topics = {{"orders", 2}};
  LoadResult loaded = LoadScenarioText(R"(
name: again
title: runs twice on one existing topic
lesson: x
timeout: 60s
topics: [{name: orders, partitions: 2}]
producers: [{name: shop, topic: orders, messages: 200, key: "user-{i % 5}"}]
consumer_groups: [{name: billing, topics: [orders], offset_reset: earliest}]
expect:
  - no_loss: {group: billing}
  - no_duplicates: {group: billing}
  - consumed: {group: billing, equals: 200, deliveries: 200}
  - partition_order: {group: billing}
  - poll_skip: {group: billing, equals: 0}
  - key_order: {group: billing}
  - inconsistent_offsets: {topic: orders, equals: 0}
  - lag: {group: billing, equals: 0}
)",
                                       "again.yaml");
  ASSERT_TRUE(loaded.scenario) << FormatLoadErrors(loaded);
  auto run = [&](const std::string& run_id) {
    ExternalOptions o = backed.options;
    o.existing_topics = true;
    o.run_id = run_id;
    ExternalTarget t(o);
    return test_support::RunAndJudge(*loaded.scenario, t, nullptr);
  };
  auto foreign_polls = [](const History& h) {
    size_t n = 0;
    for (const Op& op : h.ops) n += op.kind == OpKind::kPoll && !op.has_record() ? 1 : 0;
    return n;
  };
  for (const auto& [run_id, earlier] :
       {std::pair{"18c2f9a1b2c3d7f0a-0", 0}, std::pair{"18c2f9a1b2c3e0042-0", 200}}) {
    SCOPED_TRACE(run_id);
    ScenarioResult r = run(run_id);
    EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kPassed) << r.reason;
    EXPECT_EQ(r.run_id, run_id);
    for (const auto& p : r.problems) ADD_FAILURE() << p;
    for (const CheckResult& c : r.checks) EXPECT_TRUE(c.passed) << c.check << ": " << c.summary;
    // The earlier run's records were read, as foreign records.
    EXPECT_EQ(foreign_polls(r.history), static_cast<size_t>(earlier));
  }
  EXPECT_TRUE(backed.cluster->created.empty());
  EXPECT_TRUE(backed.cluster->deleted.empty());
}

Scenario Recreating(const std::string& before_recreate) {
  LoadResult loaded = LoadScenarioText(R"(
name: recreate
title: recreates its topic
lesson: x
timeout: 60s
topics: [{name: events, partitions: 2}]
producers: [{name: app, topic: events, messages: 50}]
consumer_groups: [{name: archive, topics: [events], offset_reset: earliest}]
steps:
  - start: archive
  - produce: {producer: app, wait: true}
  - wait: {drained: archive, within: 30s}
)" + before_recreate + R"(
  - recreate_topic: events
  - produce: {producer: app, messages: 50, wait: true}
expect: [{produced: {producer: app, equals: 100}}]
)",
                                       "recreate.yaml");
  EXPECT_TRUE(loaded.scenario) << FormatLoadErrors(loaded);
  return loaded.scenario ? *loaded.scenario : Scenario{};
}

TEST(ExternalTarget, RecreatingATopicARunningGroupReadsIsRefused) {
  MockBacked backed;
  ASSERT_TRUE(backed.mock);
  ScenarioResult r;
  {
    ExternalTarget t(backed.options);
    r = test_support::RunAndJudge(Recreating(""), t, nullptr);
  }
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kFailed);
  ASSERT_FALSE(r.problems.empty());
  EXPECT_NE(r.problems[0].find("archive/0 still reads events: stop the group first"),
            std::string::npos)
      << r.problems[0];
  // Nothing but the run's own topic was ever deleted, once, at the end.
  EXPECT_EQ(backed.cluster->deleted, std::vector<std::string>{"ks-18c2f-0-events"});
}

TEST(ExternalTarget, RecreatingAStoppedGroupsTopicDeletesAndCreatesTheRunsTopic) {
  MockBacked backed;
  ASSERT_TRUE(backed.mock);
  ScenarioResult r;
  {
    ExternalTarget t(backed.options);
    r = test_support::RunAndJudge(Recreating("  - stop: archive"), t, nullptr);
    EXPECT_EQ(backed.cluster->deleted, std::vector<std::string>{"ks-18c2f-0-events"});
  }
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kPassed) << r.reason;
  for (const auto& p : r.problems) ADD_FAILURE() << p;
  EXPECT_EQ(backed.cluster->create_requests.size(), 2u);  // at setup, and again
  EXPECT_EQ(backed.cluster->deleted,
            (std::vector<std::string>{"ks-18c2f-0-events", "ks-18c2f-0-events"}));
}

}  // namespace
}  // namespace ks
