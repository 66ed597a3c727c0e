// Each fault command of targets/local-kafka.yaml (scripts/kafka-cluster down/up/freeze/thaw/
// leader) against the real cluster: the fault is there after the command, and gone after its
// undo, as a client other than the target sees it.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "realkafka/real_cluster.h"

namespace ks {
namespace {

using real_kafka::Admin;
using real_kafka::Options;
using real_kafka::RunId;

std::vector<int32_t> Brokers(AdminClient& admin) {
  ClusterMetadata md;
  Status st = admin.Metadata(&md);
  EXPECT_TRUE(st.ok()) << st.message();
  std::sort(md.brokers.begin(), md.brokers.end());
  return md.brokers;
}

FaultSpec Fault(FaultSpec::Kind kind, int32_t broker) {
  FaultSpec f;
  f.kind = kind;
  f.broker = broker;
  return f;
}

TEST(LocalKafkaFaults, BrokerDownStopsTheNodeAndBrokerUpReturnsOnceItServes) {
  KS_REQUIRE_REAL_KAFKA();
  ExternalOptions o = Options(RunId("down"));
  auto admin = Admin(o);
  ASSERT_TRUE(admin);
  ASSERT_EQ(Brokers(*admin), (std::vector<int32_t>{1, 2, 3}));
  ExternalTarget target(o);
  ASSERT_TRUE(target.InjectFault(Fault(FaultSpec::Kind::kBrokerDown, 3)).ok());
  // A controlled shutdown: the node leaves the cluster's metadata (each broker learns it from
  // the controller, one after another).
  EXPECT_TRUE(real_kafka::Eventually(10, [&] {
    return Brokers(*admin) == std::vector<int32_t>{1, 2};
  })) << "node 3 still listed";
  ASSERT_TRUE(target.InjectFault(Fault(FaultSpec::Kind::kBrokerUp, 3)).ok());
  // broker_up returns only once the node serves: it answers at once, listing all three.
  ClusterMetadata from_three;
  Status st = admin->BrokerMetadata(3, &from_three);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(from_three.brokers.size(), 3u);
  EXPECT_EQ(Brokers(*admin), (std::vector<int32_t>{1, 2, 3}));
}

TEST(LocalKafkaFaults, RttFreezesTheNodeUntilItsUndo) {
  KS_REQUIRE_REAL_KAFKA();
  ExternalOptions o = Options(RunId("rtt"));
  auto admin = Admin(o);
  ASSERT_TRUE(admin);
  ClusterMetadata md;
  ASSERT_TRUE(admin->Metadata(&md).ok());
  const std::string node2 = md.addresses.at(2);
  ExternalTarget target(o);
  FaultSpec rtt = Fault(FaultSpec::Kind::kRtt, 2);
  rtt.ms = 3000;
  ASSERT_TRUE(target.InjectFault(rtt).ok());
  // A client that can ask only node 2 gets no answer while it is frozen...
  std::string error;
  auto only_two = NewRdKafkaAdmin(node2, o.client, 2000, &error);
  ASSERT_TRUE(only_two) << error;
  const auto start = std::chrono::steady_clock::now();
  ClusterMetadata frozen;
  EXPECT_FALSE(only_two->Metadata(&frozen).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1900));
  // ...and one after the undo ({ms} = 0 thaws it).
  ASSERT_TRUE(target.UndoFault(rtt).ok());
  auto again = NewRdKafkaAdmin(node2, o.client, 10000, &error);
  ASSERT_TRUE(again) << error;
  ClusterMetadata thawed;
  Status st = again->Metadata(&thawed);
  EXPECT_TRUE(st.ok()) << st.message();
}

// The partition's leader as the cluster's metadata gives it, once every broker agrees (they
// apply the election one after another), or -1 after 10 s.
// The partition's leader as the cluster's metadata gives it, once every broker agrees (they
// apply the election one after another), or -1 after 10 s.
int32_t AgreedLeader(AdminClient& admin, const std::string& topic, int32_t partition) {
  int32_t agreed = -1;
  real_kafka::Eventually(10, [&] {
    std::set<int32_t> seen;
    for (int32_t broker : {1, 2, 3}) {
      ClusterMetadata md;
      if (!admin.BrokerMetadata(broker, &md).ok()) return false;
      auto it = md.leaders.find({topic, partition});
      seen.insert(it == md.leaders.end() ? -1 : it->second);
    }
    agreed = seen.size() == 1 ? *seen.begin() : -1;
    return agreed >= 0;
  });
  return agreed;
}

TEST(LocalKafkaFaults, LeaderMovesThePartitionsLeadershipToTheBroker) {
  KS_REQUIRE_REAL_KAFKA();
  ExternalOptions o = Options(RunId("leader"));
  auto admin = Admin(o);
  ASSERT_TRUE(admin);
  Scenario s;
  s.name = "leader-fault";
  s.cluster.brokers = 3;
  TopicSpec single;
  single.name = "single-copy";
  single.partitions = 2;
  single.replication_factor = 1;
  TopicSpec replicated;
  replicated.name = "three-copies";
  replicated.partitions = 1;
  replicated.replication_factor = 3;
  s.topics = {single, replicated};
  ExternalTarget target(o);
  ASSERT_TRUE(target.Setup(s).ok());
  for (const auto& [topic, broker] : std::vector<std::pair<std::string, int32_t>>{
           {"single-copy", 1}, {"single-copy", 3}, {"three-copies", 2}, {"three-copies", 3}}) {
    FaultSpec leader = Fault(FaultSpec::Kind::kLeader, broker);
    leader.topic = topic;
    leader.partition = 0;
    Status st = target.InjectFault(leader);
    ASSERT_TRUE(st.ok()) << st.message();
    EXPECT_EQ(AgreedLeader(*admin, target.TopicName(topic), 0), broker) << topic;
  }
}

TEST(LocalKafkaFaults, RequestErrorsHaveNoCommandSoSuchScenariosAreSkipped) {
  KS_REQUIRE_REAL_KAFKA();
  ExternalOptions o = Options(RunId("errors"));
  EXPECT_EQ(o.fault_commands.count("request_errors"), 0u);
  for (const char* kind : {"broker_down", "broker_up", "leader", "rtt"}) {
    EXPECT_EQ(o.fault_commands.count(kind), 1u) << kind;
  }
  Scenario s;
  s.name = "request-errors";
  s.cluster.brokers = 3;
  StepSpec step;
  step.kind = StepSpec::Kind::kFault;
  step.fault.kind = FaultSpec::Kind::kRequestErrors;
  step.fault.api = "Produce";
  step.fault.count = 3;
  s.steps.push_back(step);
  ExternalTarget target(o);
  EXPECT_NE(target.CannotRun(s).find("request_errors"), std::string::npos) << target.CannotRun(s);
}

}  // namespace
}  // namespace ks
