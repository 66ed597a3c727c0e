// librdkafka's admin client against the embedded cluster: what librdkafka 2.0.2's mock answers
// (metadata) and what it does not (DescribeConfigs, CreateTopics), each within its deadline.
#include <gtest/gtest.h>

#include <chrono>

#include "target/admin_client.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

Scenario TwoTopics() {
  Scenario s;
  s.name = "t";
  s.cluster.brokers = 2;
  TopicSpec orders;
  orders.name = "orders";
  orders.partitions = 3;
  orders.replication_factor = 2;
  s.topics.push_back(orders);
  TopicSpec audit = orders;
  audit.name = "audit";
  audit.partitions = 1;
  s.topics.push_back(audit);
  return s;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(RdKafkaAdmin, ReadsBrokersAndReadyTopics) {
  EmbeddedTarget cluster;
  ASSERT_TRUE(cluster.Setup(TwoTopics()).ok());
  std::string error;
  auto admin = NewRdKafkaAdmin(cluster.bootstrap_servers(), {}, 5000, &error);
  ASSERT_TRUE(admin) << error;
  ClusterMetadata md;
  Status st = admin->Metadata(&md);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(md.brokers.size(), 2u);
  EXPECT_EQ(md.topics.at("orders"), 3);
  EXPECT_EQ(md.topics.at("audit"), 1);
}

TEST(RdKafkaAdmin, RequestsTheMockCannotAnswerFailWithinTheirDeadline) {
  EmbeddedTarget cluster;
  ASSERT_TRUE(cluster.Setup(TwoTopics()).ok());
  std::string error;
  auto admin = NewRdKafkaAdmin(cluster.bootstrap_servers(), {}, 1500, &error);
  ASSERT_TRUE(admin) << error;
  ClusterMetadata md;
  ASSERT_TRUE(admin->Metadata(&md).ok());

  // DescribeConfigs: librdkafka knows from ApiVersions that the broker lacks it.
  std::map<std::string, std::string> configs;
  auto start = std::chrono::steady_clock::now();
  bool refused = true;
  Status described = admin->DescribeBrokerConfigs(md.brokers.front(), &configs, &refused);
  EXPECT_FALSE(described.ok());
  EXPECT_FALSE(refused);  // not answered at all: no broker said no
  EXPECT_NE(described.message().find("DescribeConfigs"), std::string::npos) << described.message();
  EXPECT_LT(SecondsSince(start), 5.0);

  // CreateTopics: no controller ever answers; the request ends at its deadline, creating nothing.
  std::vector<std::string> created;
  start = std::chrono::steady_clock::now();
  Status st = admin->CreateTopics({{"ks-x-new", 2, 1, {}}}, &created);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(created.empty());
  EXPECT_LT(SecondsSince(start), 10.0);
}

}  // namespace
}  // namespace ks
