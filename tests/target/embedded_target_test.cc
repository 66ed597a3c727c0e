#include "target/embedded_target.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "target/rdkafka_handles.h"

namespace ks {
namespace {

Scenario TwoTopics(int brokers) {
  Scenario s;
  s.name = "t";
  s.cluster.brokers = brokers;
  // Field by field: GCC 12 warns of an uninitialized SourceLoc in the braced form.
  TopicSpec orders, audit;
  orders.name = "orders";
  orders.partitions = 6;
  orders.replication_factor = std::min(3, brokers);
  audit.name = "audit";
  audit.partitions = 2;
  audit.replication_factor = 1;
  s.topics = {orders, audit};
  return s;
}

TEST(EmbeddedTarget, CreatesTopicsWithPinnedLeaders) {
  Scenario s = TwoTopics(3);
  EmbeddedTarget target;
  ASSERT_TRUE(target.Setup(s).ok());
  ASSERT_FALSE(target.bootstrap_servers().empty());

  ConfPtr conf(rd_kafka_conf_new());
  std::string error;
  ASSERT_TRUE(SetConf(conf.get(), "bootstrap.servers", target.bootstrap_servers(), &error));
  KafkaPtr rk = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
  ASSERT_TRUE(rk) << error;
  conf.release();
  const rd_kafka_metadata_t* md = nullptr;
  ASSERT_EQ(rd_kafka_metadata(rk.get(), 1, nullptr, &md, 5000), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(md->broker_cnt, 3);
  int seen = 0;
  for (int t = 0; t < md->topic_cnt; ++t) {
    std::string name = md->topics[t].topic;
    if (name != "orders") continue;
    ++seen;
    ASSERT_EQ(md->topics[t].partition_cnt, 6);
    for (int p = 0; p < 6; ++p) {
      const auto& part = md->topics[t].partitions[p];
      EXPECT_EQ(part.leader, part.id % 3 + 1) << "orders[" << part.id << "]";
      EXPECT_EQ(part.replica_cnt, 3);
    }
  }
  EXPECT_EQ(seen, 1);
  rd_kafka_metadata_destroy(md);

  std::vector<PartitionOffsets> offsets;
  ASSERT_TRUE(target.QueryOffsets(s, 5000, &offsets).ok());
  ASSERT_EQ(offsets.size(), 8u);
  for (const auto& o : offsets) {
    EXPECT_EQ(o.log_start, 0);
    EXPECT_EQ(o.high_watermark, 0);
  }
}

TEST(EmbeddedTarget, RefusesWhatItCannotShow) {
  EmbeddedTarget target;
  Scenario s = TwoTopics(1);
  EXPECT_EQ(target.CannotRun(s), "");
  s.requires_ = {"compaction"};
  EXPECT_NE(target.CannotRun(s).find("requires 'compaction'"), std::string::npos);
}

TEST(EmbeddedTarget, ReadCommittedOnlyWhereTheMockHidesAbortedRecords) {
  // rd_kafka_version() encodes 0xMMmmrrpp.
  EXPECT_EQ(EmbeddedTarget::DetectCapabilities(0x020002ff), std::set<std::string>{"transactions"});
  EXPECT_EQ(EmbeddedTarget::DetectCapabilities(0x020e00ff), std::set<std::string>{"transactions"});
  EXPECT_EQ(EmbeddedTarget::DetectCapabilities(0x020f0000),
            (std::set<std::string>{"transactions", "read_committed"}));
  EmbeddedTarget target;
  EXPECT_EQ(target.capabilities(), EmbeddedTarget::DetectCapabilities(rd_kafka_version()));
  Scenario s = TwoTopics(1);
  s.requires_ = {"transactions", "read_committed"};
  if (rd_kafka_version() < EmbeddedTarget::kReadCommittedVersion) {
    EXPECT_NE(target.CannotRun(s).find("requires 'read_committed', which the embedded cluster "
                                       "(librdkafka "),
              std::string::npos)
        << target.CannotRun(s);
    EXPECT_NE(target.CannotRun(s).find("it writes no transaction markers"), std::string::npos);
  } else {
    EXPECT_EQ(target.CannotRun(s), "");
  }
}

TEST(EmbeddedTarget, RefusesMoreDataThanAPartitionKeeps) {
  EmbeddedTarget target;
  Scenario s = TwoTopics(1);
  ProducerSpec p;
  p.name = "big";
  p.topic = "audit";  // 2 partitions
  p.value_size = 1000;
  p.messages = 5000;  // ~2.6 MB per partition: fits
  p.partitioner.kind = PartitionerKind::kRoundRobin;
  s.producers.push_back(p);
  EXPECT_EQ(target.CannotRun(s), "");
  s.producers[0].messages = 20000;  // ~10 MB per partition: the mock would drop the oldest
  std::string why = target.CannotRun(s);
  EXPECT_NE(why.find("topic 'audit'"), std::string::npos) << why;
  EXPECT_NE(why.find("5 MiB"), std::string::npos) << why;
  // ~6.4 MB spread over 2 partitions fits; all of it in one partition does not.
  s.producers[0].messages = 6000;
  EXPECT_EQ(target.CannotRun(s), "");
  // Keyless records through librdkafka's sticky partitioner fill partitions unevenly.
  s.producers[0].partitioner.kind = PartitionerKind::kCrc32;
  EXPECT_NE(target.CannotRun(s), "");
  s.producers[0].partitioner.kind = PartitionerKind::kRoundRobin;
  s.producers[0].partitioner.kind = PartitionerKind::kExplicit;
  s.producers[0].partitioner.partition = 0;
  EXPECT_NE(target.CannotRun(s), "");
}

// A producer of 1000 B records to `topic`, placed by `kind`.
ProducerSpec ThousandByteProducer(const std::string& name, const std::string& topic,
                                  PartitionerKind kind) {
  ProducerSpec p;
  p.name = name;
  p.topic = topic;
  p.value_size = 1000;
  p.partitioner.kind = kind;
  return p;
}

// The records of a producer placing them itself are counted, not estimated: round_robin fills
// partitions evenly to the record, so a topic filled to exactly the cap runs and one record more
// is refused.
TEST(EmbeddedTarget, CountsRoundRobinPlacementExactly) {
  EmbeddedTarget target;
  Scenario s = TwoTopics(1);
  // "orders" has 6 partitions.
  ProducerSpec p = ThousandByteProducer("rr", "orders", PartitionerKind::kRoundRobin);
  const int64_t per_partition = EmbeddedTarget::kPartitionMaxBytes / target.EstimatedRecordBytes(p);
  p.messages = 6 * per_partition;
  s.producers.push_back(p);
  EXPECT_EQ(target.CannotRun(s), "");
  s.producers[0].messages += 1;  // partition 0 gets one record past the cap
  EXPECT_NE(target.CannotRun(s), "");
  // The same records with hashed keys keep the margin for an uneven spread.
  s.producers[0].messages -= 1;
  s.producers[0].partitioner.kind = PartitionerKind::kMurmur2;
  KeyTemplate key;
  std::string error;
  int column = 0;
  ASSERT_TRUE(ParseKeyTemplate("k{i}", &key, &error, &column)) << error;
  s.producers[0].key = key;
  EXPECT_NE(target.CannotRun(s), "");
}

TEST(EmbeddedTarget, CountsEveryProduceStepOfAProducer) {
  EmbeddedTarget target;
  Scenario s = TwoTopics(1);
  ProducerSpec p = ThousandByteProducer("rr", "orders", PartitionerKind::kRoundRobin);
  p.messages = 3 * EmbeddedTarget::kPartitionMaxBytes / target.EstimatedRecordBytes(p);
  s.producers.push_back(p);
  StepSpec step;
  step.kind = StepSpec::Kind::kProduce;
  step.target = "rr";
  s.steps = {step};
  EXPECT_EQ(target.CannotRun(s), "");  // half the cap in each partition
  s.steps = {step, step, step};        // three times that
  EXPECT_NE(target.CannotRun(s), "");
}

// Explicit partitions are counted where they go: two producers each filling most of a
// different partition fit; in the same partition they do not.
TEST(EmbeddedTarget, CountsExplicitPartitionsWhereTheyGo) {
  EmbeddedTarget target;
  Scenario s = TwoTopics(1);
  ProducerSpec a = ThousandByteProducer("a", "audit", PartitionerKind::kExplicit);
  a.partitioner.partition = 0;
  a.messages = EmbeddedTarget::kPartitionMaxBytes * 3 / 4 / target.EstimatedRecordBytes(a);
  ProducerSpec b = a;
  b.name = "b";
  b.partitioner.partition = 1;
  s.producers = {a, b};
  EXPECT_EQ(target.CannotRun(s), "");
  s.producers[1].partitioner.partition = 0;
  EXPECT_NE(target.CannotRun(s), "");
  // A program's declared partition too: the placement check holds it there.
  s.producers[1].client.kind = ClientSpec::Kind::kCommand;
  s.producers[1].client.command = {"my-producer"};
  EXPECT_NE(target.CannotRun(s), "");
}

TEST(EmbeddedTarget, DefaultsMakeGroupsFormFast) {
  EmbeddedTarget target;
  bool session = false;
  for (const auto& e : target.ClientDefaults(ClientRole::kConsumer)) {
    if (e.key == "session.timeout.ms") session = e.value == "3000";
  }
  EXPECT_TRUE(session);
  for (const auto& e : target.ClientDefaults(ClientRole::kProducer)) {
    EXPECT_NE(e.key, "session.timeout.ms");
  }
}

TEST(EmbeddedTarget, ClientPropertiesOfTheCommandLineComeAfterItsOwnDefaults) {
  // -X session.timeout.ms=6000 must win over the embedded cluster's 3000: set later.
  EmbeddedTarget target("run-1", {{"session.timeout.ms", "6000", {}}, {"acks", "1", {}}});
  const std::vector<ConfigEntry> consumer = target.ClientDefaults(ClientRole::kConsumer);
  ASSERT_GE(consumer.size(), 2u);
  EXPECT_EQ(consumer[consumer.size() - 2].key, "session.timeout.ms");
  EXPECT_EQ(consumer[consumer.size() - 2].value, "6000");
  EXPECT_EQ(consumer.back().key, "acks");
  auto first_timeout = std::find_if(consumer.begin(), consumer.end(), [](const ConfigEntry& e) {
    return e.key == "session.timeout.ms";
  });
  EXPECT_EQ(first_timeout->value, "3000");  // its own default stays, overridden
  EXPECT_EQ(target.ClientDefaults(ClientRole::kProducer).back().key, "acks");
}

}  // namespace
}  // namespace ks
