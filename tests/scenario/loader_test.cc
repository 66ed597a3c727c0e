#include "scenario/loader.h"

#include <gtest/gtest.h>

#include <string>

namespace ks {
namespace {

const std::string kFull = std::string(KS_SOURCE_DIR) + "/tests/data/valid/full.yaml";

const char kMinimal[] = R"(name: minimal
title: The least a scenario needs
lesson: Defaults fill the rest.
topics:
  - name: orders
producers:
  - name: p
    topic: orders
    messages: 5
consumer_groups:
  - name: g
    topics: [orders]
expect:
  - no_loss: {group: g}
)";

Scenario MustLoad(const LoadResult& result) {
  EXPECT_TRUE(result.diagnostics.empty()) << FormatLoadErrors(result);
  EXPECT_TRUE(result.scenario.has_value());
  return result.scenario.value_or(Scenario{});
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
  EXPECT_EQ(billing.commit, CommitMode::kAfterProcess);
  ASSERT_EQ(billing.config.size(), 1u);
  EXPECT_EQ(billing.config[0].value, "6000");
  const GroupSpec& archive = s.groups[1];
  EXPECT_EQ(archive.topics, (std::vector<std::string>{"orders", "audit"}));
  EXPECT_EQ(archive.members, 1);
  EXPECT_EQ(archive.offset_reset, OffsetReset::kLatest);
  EXPECT_EQ(archive.commit, CommitMode::kAuto);

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
  EXPECT_EQ(no_loss.loc.ToString(), kFull + ":56:5");
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
  EXPECT_EQ(consumed.bounds[0].loc.line, 64);

  EXPECT_EQ(s.expect[9].check, "assignment");
  EXPECT_EQ(s.expect[9].bounds.size(), 4u);
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
  EXPECT_EQ(g.commit, CommitMode::kAuto);
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
