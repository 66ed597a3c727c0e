// One probe per invocation says whether a cluster answers, and when not, which address and what
// the client tried.
#include "target/cluster_probe.h"

#include <gtest/gtest.h>

#include "target/embedded_target.h"

namespace ks {
namespace {

TEST(ClusterProbe, AnUnreachableAddressIsAnErrorNamingItAndWhatWasTried) {
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  Status st = ProbeCluster("127.0.0.1:1", {}, 3000);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("cannot reach the Kafka cluster at 127.0.0.1:1 within 3 s"),
            std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("Connect to ipv4#127.0.0.1:1 failed"), std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("security.protocol"), std::string::npos) << st.message();
}

TEST(ClusterProbe, AClusterThatAnswersIsOk) {
  EmbeddedTarget cluster;
  Scenario s;
  s.name = "probe";
  ASSERT_TRUE(cluster.Setup(s).ok());
  Status st = ProbeCluster(cluster.bootstrap_servers(), {}, 10000);
  EXPECT_TRUE(st.ok()) << st.message();
}

TEST(ClusterProbe, APropertyLibrdkafkaRefusesIsTheError) {
  Status st = ProbeCluster("127.0.0.1:1", {{"no.such.property", "1", {}}}, 1000);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("no.such.property"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace ks
