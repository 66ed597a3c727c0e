// Scenario sizes a run cannot serve are refused while loading, with the limit named
// (diag/input_limits.h): `partitions: 100000` used to pass and then hang the embedded cluster.
#include <gtest/gtest.h>

#include <string>

#include "scenario/loader.h"
#include "support/scenario_text.h"

namespace ks {
namespace {

// A scenario with `topics`, `producers` and `groups` spliced in.
std::string Scenario(const std::string& topics, const std::string& producers,
                     const std::string& groups, const std::string& steps = "") {
  return "name: sizes\ntitle: t\nlesson: l\ntopics:\n" + topics + "producers:\n" + producers +
         "consumer_groups:\n" + groups + steps + "expect:\n  - no_loss: {group: g}\n";
}

const char kTopic[] = "  - name: t\n";
const char kProducer[] = "  - name: p\n    topic: t\n    messages: 5\n";
const char kGroup[] = "  - name: g\n    topics: [t]\n";

TEST(SizeLimits, PartitionsOfOneTopic) {
  EXPECT_EQ(test_support::OnlyLoadError(
                Scenario("  - name: t\n    partitions: 100000\n", kProducer, kGroup)),
            "f.yaml:6:17: 100,000 partitions, over the limit of 10,000 for a scenario");
  EXPECT_TRUE(LoadScenarioText(Scenario("  - name: t\n    partitions: 10000\n", kProducer, kGroup),
                               "f.yaml")
                  .scenario.has_value());
}

TEST(SizeLimits, PartitionsOfAllTopics) {
  const std::string topics =
      "  - name: t\n    partitions: 6000\n  - name: u\n    partitions: 4000\n"
      "  - name: v\n    partitions: 1\n";
  EXPECT_EQ(test_support::OnlyLoadError(Scenario(topics, kProducer, kGroup)),
            "f.yaml:10:17: the topics so far have 10,001 partitions, over the limit of 10,000 "
            "for a scenario");
  const std::string steps = "steps:\n  - add_partitions: {topic: u, count: 4001}\n";
  EXPECT_EQ(test_support::OnlyLoadError(
                Scenario(topics.substr(0, topics.find("  - name: v")), kProducer, kGroup, steps)),
            "f.yaml:17:21: this step raises the scenario's partitions to 10,001, over the limit "
            "of 10,000 for a scenario");
}

TEST(SizeLimits, ClientsAtOnce) {
  std::string groups = kGroup;
  for (int i = 0; i < 5; ++i) {
    groups += "  - name: g" + std::to_string(i) + "\n    topics: [t]\n    members: 60\n";
  }
  // 1 producer + 1 + 4 x 60 = 242 members; the fifth group of 60 makes 302.
  EXPECT_EQ(test_support::OnlyLoadError(Scenario(kTopic, kProducer, groups)),
            "f.yaml:27:14: the scenario would run 302 Kafka clients at once (members, producers, "
            "and a producer per processor member), over the limit of 256");
}

// Producers alone count too: the 257th is refused where it is written, with every client counted (a
// history's op holds an actor's id in 16 bits on the premise that a run has at most 256 clients).
TEST(SizeLimits, ProducersAlone) {
  std::string producers;
  for (int i = 0; i < 257; ++i) {
    producers += "  - name: p" + std::to_string(i) + "\n    topic: t\n    messages: 5\n";
  }
  EXPECT_EQ(test_support::OnlyLoadError(Scenario(kTopic, producers, kGroup)),
            "f.yaml:775:5: the scenario would run 258 Kafka clients at once (members, producers, "
            "and a producer per processor member), over the limit of 256");
  producers.resize(producers.rfind("  - name: p255"));  // 255 and the group's member
  EXPECT_TRUE(LoadScenarioText(Scenario(kTopic, producers, kGroup), "f.yaml").scenario.has_value());
}

TEST(SizeLimits, RecordsOfAllProducers) {
  EXPECT_EQ(test_support::OnlyLoadError(
                Scenario(kTopic, "  - name: p\n    topic: t\n    messages: 11000000\n", kGroup)),
            "f.yaml:9:15: the producers would send 11,000,000 records, over the limit of "
            "10,000,000 for a scenario");
}

TEST(SizeLimits, PayloadBytesOfAllProducers) {
  const std::string producer =
      "  - name: p\n    topic: t\n    messages: 4000\n    value: {size: 1048576}\n";
  EXPECT_TRUE(LoadScenarioText(Scenario(kTopic, producer, kGroup), "f.yaml").scenario.has_value());
  const std::string steps =
      "steps:\n  - produce: {producer: p, messages: 4000000}\n  - produce: p\n";
  EXPECT_EQ(test_support::OnlyLoadError(Scenario(kTopic, producer, kGroup, steps)),
            "f.yaml:15:14: the producers would send 3.8 TiB of values (records x value size), "
            "over the limit of 4 GiB for a scenario");
}

}  // namespace
}  // namespace ks
