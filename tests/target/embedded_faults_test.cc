#include "target/embedded_faults.h"

#include <gtest/gtest.h>

#include <map>

#include "target/embedded_target.h"
#include "target/rdkafka_handles.h"

namespace ks {
namespace {

TEST(EmbeddedFaults, NamesMapToKafkaApiKeysAndLibrdkafkaCodes) {
  EXPECT_EQ(ApiKeyOf("Produce"), 0);
  EXPECT_EQ(ApiKeyOf("OffsetCommit"), 8);
  EXPECT_EQ(ApiKeyOf("EndTxn"), 26);
  EXPECT_FALSE(ApiKeyOf("Produc"));
  EXPECT_EQ(ErrorCodeOf("NOT_LEADER_OR_FOLLOWER"), RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION);
  EXPECT_EQ(ErrorCodeOf("REQUEST_TIMED_OUT"), RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT);
  EXPECT_FALSE(ErrorCodeOf("NO_SUCH_ERROR"));
}

// The leader of every partition of `topic`, as a client sees it in the cluster's metadata.
std::map<int32_t, int32_t> Leaders(const std::string& bootstrap, const std::string& topic) {
  ConfPtr conf(rd_kafka_conf_new());
  std::string error;
  SetConf(conf.get(), "bootstrap.servers", bootstrap, &error);
  KafkaPtr rk = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
  conf.release();
  std::map<int32_t, int32_t> out;
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk.get(), 1, nullptr, &md, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR) return out;
  MetadataPtr owned(md);
  for (int t = 0; t < md->topic_cnt; ++t) {
    if (topic != md->topics[t].topic) continue;
    for (int p = 0; p < md->topics[t].partition_cnt; ++p) {
      out[md->topics[t].partitions[p].id] = md->topics[t].partitions[p].leader;
    }
  }
  return out;
}

class FaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_.name = "faults";
    s_.cluster.brokers = 3;
    s_.topics.push_back({{}, "orders", 3, 3, {}});
    ASSERT_TRUE(target_.Setup(s_).ok());
  }
  Scenario s_;
  EmbeddedTarget target_;
};

TEST_F(FaultsTest, LeaderMovesAndComesBack) {
  EXPECT_EQ(Leaders(target_.bootstrap_servers(), "orders")[0], 1);
  FaultSpec f;
  f.kind = FaultSpec::Kind::kLeader;
  f.topic = "orders";
  f.partition = 0;
  f.broker = 3;
  ASSERT_TRUE(target_.InjectFault(f).ok());
  EXPECT_EQ(Leaders(target_.bootstrap_servers(), "orders")[0], 3);
  ASSERT_TRUE(target_.UndoFault(f).ok());
  EXPECT_EQ(Leaders(target_.bootstrap_servers(), "orders")[0], 1);
}

TEST_F(FaultsTest, ABrokerDownHandsItsPartitionsToTheNextBrokerUp) {
  FaultSpec f;
  f.kind = FaultSpec::Kind::kBrokerDown;
  f.broker = 2;  // leads orders[1]
  ASSERT_TRUE(target_.InjectFault(f).ok());
  std::map<int32_t, int32_t> leaders = Leaders(target_.bootstrap_servers(), "orders");
  EXPECT_EQ(leaders[0], 1);
  EXPECT_EQ(leaders[1], 3);
  EXPECT_EQ(leaders[2], 3);
  ASSERT_TRUE(target_.UndoFault(f).ok());  // broker 2 is back; leadership stays where it went
}

TEST(EmbeddedFaults, APartitionWithoutAnotherCopyStaysWithItsDownBroker) {
  Scenario s;
  s.name = "rf1";
  s.cluster.brokers = 3;
  s.topics.push_back({{}, "telemetry", 3, 1, {}});
  s.topics.push_back({{}, "orders", 3, 2, {}});
  EmbeddedTarget target;
  ASSERT_TRUE(target.Setup(s).ok());
  FaultSpec down;
  down.kind = FaultSpec::Kind::kBrokerDown;
  down.broker = 1;  // leads telemetry[0] (its only copy) and orders[0] (copies on 1 and 2)
  ASSERT_TRUE(target.InjectFault(down).ok());
  EXPECT_EQ(Leaders(target.bootstrap_servers(), "telemetry")[0], 1);  // offline, as on Kafka
  EXPECT_EQ(Leaders(target.bootstrap_servers(), "orders")[0], 2);
  FaultSpec second = down;
  second.broker = 2;  // now orders[0] has no copy up either; orders[1] (on 2 and 3) moves to 3
  ASSERT_TRUE(target.InjectFault(second).ok());
  std::map<int32_t, int32_t> orders = Leaders(target.bootstrap_servers(), "orders");
  EXPECT_EQ(orders[0], 2);
  EXPECT_EQ(orders[1], 3);
}

TEST(EmbeddedFaults, ALeaderFaultGivesTheBrokerACopyWhoseLossThenTakesThePartitionDown) {
  Scenario s;
  s.name = "rf1-leader";
  s.cluster.brokers = 3;
  s.topics.push_back({{}, "telemetry", 1, 1, {}});
  EmbeddedTarget target;
  ASSERT_TRUE(target.Setup(s).ok());
  FaultSpec leader;
  leader.kind = FaultSpec::Kind::kLeader;
  leader.topic = "telemetry";
  leader.partition = 0;
  leader.broker = 3;
  ASSERT_TRUE(target.InjectFault(leader).ok());
  FaultSpec down;
  down.kind = FaultSpec::Kind::kBrokerDown;
  down.broker = 3;
  ASSERT_TRUE(target.InjectFault(down).ok());
  EXPECT_EQ(Leaders(target.bootstrap_servers(), "telemetry")[0], 3);
}

TEST_F(FaultsTest, BadFaultsAreErrorsThatSayWhy) {
  FaultSpec f;
  f.kind = FaultSpec::Kind::kRtt;
  f.broker = 9;
  Status st = target_.InjectFault(f);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "no broker 9: the cluster has brokers 1..3");
  f.kind = FaultSpec::Kind::kRequestErrors;
  f.api = "Produc";
  f.errors = {"REQUEST_TIMED_OUT"};
  f.count = 2;
  EXPECT_EQ(target_.InjectFault(f).message(), "the embedded cluster has no API 'Produc'");
  f.api = "Produce";
  f.errors = {"NO_SUCH_ERROR"};
  EXPECT_EQ(target_.InjectFault(f).message(), "librdkafka knows no error 'NO_SUCH_ERROR'");
  f.errors = {"NOT_LEADER_OR_FOLLOWER"};
  EXPECT_TRUE(target_.InjectFault(f).ok());
  EXPECT_TRUE(target_.UndoFault(f).ok());
}

}  // namespace
}  // namespace ks
