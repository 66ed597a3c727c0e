// The external target through fakes of the admin client: topic and group naming, cleanup (never a
// foreign topic, also after a failure or an interrupt), capability gating and fault commands.
#include "target/external_target.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "target/fake_admin.h"

namespace ks {
namespace {

using fakes::Entry;
using fakes::FakeAdmin;
using fakes::FakeCluster;
using fakes::Options;
using fakes::Topic;

Scenario OrdersAndAudit() {
  Scenario s;
  s.name = "t";
  s.topics.push_back(Topic("orders", 6, 3, {Entry("retention.ms", "60000")}));
  s.topics.push_back(Topic("audit", 2, 7));
  return s;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(ExternalTarget, TopicsAndGroupsOfARunCarryItsId) {
  auto cluster = std::make_shared<FakeCluster>();
  ExternalTarget created(Options(cluster));
  EXPECT_EQ(created.TopicName("orders"), "ks-18c2f-0-orders");
  EXPECT_EQ(created.GroupId("billing"), "ks-18c2f-0-billing");
  // Two runs on one cluster never fence each other's transactional producers.
  EXPECT_EQ(created.TransactionalId("enricher"), "ks-18c2f-0-enricher");
  ExternalOptions o = Options(cluster);
  o.existing_topics = true;
  ExternalTarget existing(o);
  EXPECT_EQ(existing.TopicName("orders"), "orders");
  // No run resumes from another run's committed offsets, even on existing topics.
  EXPECT_EQ(existing.GroupId("billing"), "ks-18c2f-0-billing");
  EXPECT_EQ(existing.TransactionalId("enricher"), "ks-18c2f-0-enricher");
}

TEST(ExternalTarget, DeletesExactlyTheTopicsItCreatedNeverTheUsersOwn) {
  auto cluster = std::make_shared<FakeCluster>();
  {
    ExternalTarget t(Options(cluster));
    ASSERT_TRUE(t.Setup(OrdersAndAudit()).ok());
    ASSERT_EQ(cluster->create_requests.size(), 2u);
    EXPECT_EQ(cluster->create_requests[0].name, "ks-18c2f-0-orders");
    EXPECT_EQ(cluster->create_requests[0].partitions, 6);
    EXPECT_EQ(cluster->create_requests[0].replication_factor, 3);
    ASSERT_EQ(cluster->create_requests[0].config.size(), 1u);
    EXPECT_EQ(cluster->create_requests[0].config[0].key, "retention.ms");
    EXPECT_TRUE(cluster->deleted.empty());
  }
  EXPECT_EQ(Sorted(cluster->deleted), Sorted({"ks-18c2f-0-orders", "ks-18c2f-0-audit"}));
  EXPECT_EQ(cluster->topics.count("orders"), 1u);  // the user's topic of the same name stays
  EXPECT_EQ(cluster->topics.count("payments"), 1u);
}

TEST(ExternalTarget, SetupWaitsUntilEveryBrokerKnowsTheNewTopics) {
  auto cluster = std::make_shared<FakeCluster>();
  // Broker 3 has not applied the CreateTopics for its first two answers.
  cluster->lagging = {{3, 2}};
  ExternalTarget t(Options(cluster));
  ASSERT_TRUE(t.Setup(OrdersAndAudit()).ok());
  const auto& calls = cluster->broker_metadata_calls;
  for (int32_t b : {1, 2}) EXPECT_EQ(std::count(calls.begin(), calls.end(), b), 1) << b;
  // Asked until it knew them: twice without, once with.
  EXPECT_EQ(std::count(calls.begin(), calls.end(), 3), 3);
  EXPECT_EQ(cluster->lagging[3], 0);
}

TEST(ExternalTarget, AfterAFailedSetupDeletesOnlyWhatWasCreated) {
  auto cluster = std::make_shared<FakeCluster>();
  cluster->fail_create = "ks-18c2f-0-audit";
  {
    ExternalTarget t(Options(cluster));
    Status st = t.Setup(OrdersAndAudit());
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.message().find("ks-18c2f-0-audit"), std::string::npos) << st.message();
  }
  EXPECT_EQ(cluster->deleted, std::vector<std::string>{"ks-18c2f-0-orders"});
}

TEST(ExternalTarget, RefusesATopicNameThatIsNotThisRunsAndDeletesNothing) {
  auto cluster = std::make_shared<FakeCluster>();
  cluster->topics["ks-18c2f-0-audit"] = 2;  // someone else's, by chance or by a stale run
  {
    ExternalTarget t(Options(cluster));
    Status st = t.Setup(OrdersAndAudit());
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("already exists"), std::string::npos) << st.message();
  }
  EXPECT_TRUE(cluster->created.empty());
  EXPECT_TRUE(cluster->deleted.empty());
  EXPECT_EQ(cluster->topics.count("ks-18c2f-0-audit"), 1u);
}

TEST(ExternalTarget, KeepTopicsDeletesNothing) {
  auto cluster = std::make_shared<FakeCluster>();
  ExternalOptions o = Options(cluster);
  o.keep_topics = true;
  {
    ExternalTarget t(o);
    ASSERT_TRUE(t.Setup(OrdersAndAudit()).ok());
  }
  EXPECT_EQ(cluster->created.size(), 2u);
  EXPECT_TRUE(cluster->deleted.empty());
}

TEST(ExternalTarget, ExistingTopicsAreCheckedAndNeverCreatedOrDeleted) {
  auto cluster = std::make_shared<FakeCluster>();
  ExternalOptions o = Options(cluster);
  o.existing_topics = true;
  Scenario s;
  s.topics.push_back(Topic("orders", 6, 3));
  {
    ExternalTarget t(o);
    EXPECT_TRUE(t.Setup(s).ok());
    s.topics[0].partitions = 4;
    Status shape = t.Setup(s);
    ASSERT_FALSE(shape.ok());
    EXPECT_NE(shape.message().find("s.yaml:3:5: topic 'orders' has 6 partitions on the cluster, "
                                   "the scenario says 4"),
              std::string::npos)
        << shape.message();
    s.topics[0].name = "missing";
    EXPECT_FALSE(t.Setup(s).ok());
    // Steps that change a topic would change the user's: skipped, never run.
    StepSpec recreate;
    recreate.kind = StepSpec::Kind::kRecreateTopic;
    recreate.target = "orders";
    Scenario changes;
    changes.steps = {recreate};
    EXPECT_NE(t.CannotRun(changes).find("would change a topic this run did not create"),
              std::string::npos)
        << t.CannotRun(changes);
    EXPECT_FALSE(t.RecreateTopic(Topic("orders", 6, 3)).ok());
    // So would a leader fault: a reassignment of the user's partition, never undone.
    StepSpec leader;
    leader.kind = StepSpec::Kind::kFault;
    leader.fault.kind = FaultSpec::Kind::kLeader;
    leader.fault.topic = "orders";
    changes.steps = {leader};
    EXPECT_NE(t.CannotRun(changes).find("a leader fault step would change a topic"),
              std::string::npos)
        << t.CannotRun(changes);
  }
  EXPECT_TRUE(cluster->create_requests.empty());
  EXPECT_TRUE(cluster->deleted.empty());
}

TEST(ExternalTarget, RecreatesOnlyItsOwnTopicAndAltersWithTheWholeConfigSet) {
  auto cluster = std::make_shared<FakeCluster>();
  Scenario s = OrdersAndAudit();
  {
    ExternalTarget t(Options(cluster));
    ASSERT_TRUE(t.Setup(s).ok());
    ASSERT_TRUE(t.AddPartitions("orders", 12).ok());
    ASSERT_EQ(cluster->partition_requests.size(), 1u);
    EXPECT_EQ(cluster->partition_requests[0], std::make_pair(std::string("ks-18c2f-0-orders"), 12));

    ASSERT_TRUE(t.AlterTopic("orders", {Entry("cleanup.policy", "compact")}).ok());
    ASSERT_TRUE(t.AlterTopic("orders", {Entry("retention.ms", "1000")}).ok());
    ASSERT_EQ(cluster->alter_requests.size(), 2u);
    EXPECT_EQ(cluster->alter_requests[1].first, "ks-18c2f-0-orders");
    // AlterConfigs replaces what it is not given: the declared and earlier configs go along.
    const auto& set = cluster->alter_requests[1].second;
    ASSERT_EQ(set.size(), 2u);
    EXPECT_EQ(set[0].key, "retention.ms");
    EXPECT_EQ(set[0].value, "1000");
    EXPECT_EQ(set[1].key, "cleanup.policy");

    ASSERT_TRUE(t.RecreateTopic(s.topics[0]).ok());
    EXPECT_EQ(cluster->deleted, std::vector<std::string>{"ks-18c2f-0-orders"});
    EXPECT_EQ(cluster->topics.at("ks-18c2f-0-orders"), 6);
    cluster->deleted.clear();
  }
  // Deleted once more at the end: the recreated topic is this run's too. Nothing else.
  EXPECT_EQ(Sorted(cluster->deleted), Sorted({"ks-18c2f-0-orders", "ks-18c2f-0-audit"}));
  EXPECT_EQ(cluster->topics.count("orders"), 1u);
}

TEST(ExternalTarget, LearnsCapabilitiesFromTheBrokersConfigs) {
  auto cluster = std::make_shared<FakeCluster>();
  cluster->broker_configs["log.cleaner.enable"] = "false";
  ExternalTarget t(Options(cluster));
  Scenario plain;
  EXPECT_EQ(t.CannotRun(plain), "");
  for (const char* c : {"real_cluster", "transactions", "read_committed", "retention",
                        "idempotent_dedup", "add_partitions", "delete_topics", "alter_configs"}) {
    EXPECT_TRUE(t.capabilities().count(c)) << c;
  }
  Scenario compaction;
  compaction.requires_ = {"compaction"};
  EXPECT_NE(t.CannotRun(compaction)
                .find("requires 'compaction', which external lacks: "
                      "log.cleaner.enable is false"),
            std::string::npos)
      << t.CannotRun(compaction);
  // A step implies its capability: recreate_topic needs delete_topics, which this cluster has.
  Scenario recreate;
  StepSpec step;
  step.kind = StepSpec::Kind::kRecreateTopic;
  recreate.steps = {step};
  EXPECT_EQ(t.CannotRun(recreate), "");
  Scenario sasl;
  sasl.requires_ = {"sasl"};
  EXPECT_NE(t.CannotRun(sasl).find("security.protocol PLAINTEXT"), std::string::npos);
}

TEST(ExternalTarget, AClusterThatDoesNotDescribeItselfShowsNothingBeyondTheBasics) {
  auto cluster = std::make_shared<FakeCluster>();
  cluster->describe = Status::Error("Broker does not support DescribeConfigs");
  cluster->brokers = {1};
  ExternalOptions o = Options(cluster);
  o.client = {Entry("security.protocol", "sasl_ssl")};
  ExternalTarget t(o);
  Scenario txn;
  txn.requires_ = {"transactions"};
  EXPECT_NE(t.CannotRun(txn).find("did not answer DescribeConfigs (Broker does not support"),
            std::string::npos)
      << t.CannotRun(txn);
  EXPECT_TRUE(t.capabilities().count("sasl"));
  EXPECT_TRUE(t.capabilities().count("ssl"));
  EXPECT_FALSE(t.capabilities().count("real_cluster"));
  Scenario add;
  StepSpec step;
  step.kind = StepSpec::Kind::kAddPartitions;
  add.steps = {step};
  EXPECT_NE(t.CannotRun(add).find("requires 'add_partitions'"), std::string::npos);
}

TEST(ExternalTarget, ABrokerThatRefusesToDescribeItselfIsRealButTellsNothingMore) {
  auto cluster = std::make_shared<FakeCluster>();
  cluster->describe = Status::Error("Broker: Cluster authorization failed");
  cluster->describe_refused = true;
  ExternalTarget t(Options(cluster));
  Scenario real;
  real.requires_ = {"real_cluster"};
  EXPECT_EQ(t.CannotRun(real), "");
  Scenario compaction;
  compaction.requires_ = {"compaction"};
  EXPECT_NE(t.CannotRun(compaction)
                .find("the brokers refused DescribeConfigs (Broker: Cluster "
                      "authorization failed)"),
            std::string::npos)
      << t.CannotRun(compaction);
}

TEST(ExternalTarget, TransactionsNeedATransactionLogThatCanBeWritten) {
  Scenario txn;
  txn.requires_ = {"transactions"};
  auto isr = std::make_shared<FakeCluster>();
  isr->broker_configs["transaction.state.log.replication.factor"] = "1";  // min.isr 2 by default
  ExternalTarget t(Options(isr));
  EXPECT_NE(t.CannotRun(txn).find("transaction.state.log.min.isr is 2 but its replication factor "
                                  "is 1"),
            std::string::npos)
      << t.CannotRun(txn);
  auto small = std::make_shared<FakeCluster>();
  small->brokers = {1};  // replication factor 3 (the default) on one broker
  ExternalTarget one(Options(small));
  EXPECT_NE(one.CannotRun(txn).find("the cluster has 1 broker(s)"), std::string::npos)
      << one.CannotRun(txn);
}

TEST(ExternalTarget, FaultStepsRunTheTargetsCommandsOrAreSkippedWithTheReason) {
  auto cluster = std::make_shared<FakeCluster>();
  std::vector<std::string> ran;
  ExternalOptions o = Options(cluster);
  o.fault_commands = {{"broker_down", "docker compose stop kafka-{broker}"},
                      {"rtt", "delay {broker} {ms}"}};
  o.fault_directory = "/etc/targets";
  o.fault_timeout_ms = 5000;
  o.run_command = [&](const std::string& cmd, const std::string& dir, int64_t ms) {
    ran.push_back(cmd + " @" + dir + " " + std::to_string(ms));
    return Status::Ok();
  };
  ExternalTarget t(o);
  Scenario s;
  s.cluster.brokers = 3;  // the fake cluster's shape
  StepSpec down;
  down.kind = StepSpec::Kind::kFault;
  down.loc = {"f.yaml", 9, 5};
  down.fault.kind = FaultSpec::Kind::kBrokerDown;
  down.fault.broker = 2;
  s.steps = {down};
  EXPECT_EQ(t.CannotRun(s), "");
  // Undone after `for`: needs broker_up, which this target lacks.
  s.steps[0].fault.for_ms = 4000;
  EXPECT_NE(t.CannotRun(s).find("f.yaml:9:5: a broker_up fault needs a command"), std::string::npos)
      << t.CannotRun(s);
  s.steps[0].fault.kind = FaultSpec::Kind::kLeader;
  EXPECT_NE(t.CannotRun(s).find("a leader fault needs a command"), std::string::npos);
  // A broker outage written for one broker means something else on three.
  s.steps[0].fault.kind = FaultSpec::Kind::kBrokerDown;
  s.steps[0].fault.for_ms = 0;
  s.cluster.brokers = 1;
  EXPECT_NE(t.CannotRun(s).find("f.yaml:9:5: a broker_down fault in a scenario written for 1 "
                                "broker(s) (cluster.brokers), and external has 3"),
            std::string::npos)
      << t.CannotRun(s);

  ASSERT_TRUE(t.InjectFault(down.fault).ok());
  FaultSpec rtt;
  rtt.kind = FaultSpec::Kind::kRtt;
  rtt.broker = 1;
  rtt.ms = 300;
  ASSERT_TRUE(t.InjectFault(rtt).ok());
  ASSERT_TRUE(t.UndoFault(rtt).ok());
  EXPECT_FALSE(t.UndoFault(down.fault).ok());  // no broker_up command
  EXPECT_EQ(ran, (std::vector<std::string>{"docker compose stop kafka-2 @/etc/targets 5000",
                                           "delay 1 300 @/etc/targets 5000",
                                           "delay 1 0 @/etc/targets 5000"}));
}

TEST(ExternalTarget, ABrokerLeftDownOrSlowIsBroughtBackAtTheEnd) {
  auto cluster = std::make_shared<FakeCluster>();
  std::vector<std::string> ran;
  ExternalOptions o = Options(cluster);
  o.fault_commands = {{"broker_down", "stop {broker}"},
                      {"broker_up", "start {broker}"},
                      {"rtt", "delay {broker} {ms}"}};
  o.run_command = [&](const std::string& cmd, const std::string&, int64_t) {
    ran.push_back(cmd);
    return Status::Ok();
  };
  {
    ExternalTarget t(o);
    FaultSpec down;
    down.kind = FaultSpec::Kind::kBrokerDown;
    down.broker = 2;
    ASSERT_TRUE(t.InjectFault(down).ok());
    down.broker = 3;
    ASSERT_TRUE(t.InjectFault(down).ok());
    FaultSpec up;
    up.kind = FaultSpec::Kind::kBrokerUp;
    up.broker = 3;
    ASSERT_TRUE(t.InjectFault(up).ok());
    FaultSpec rtt;
    rtt.kind = FaultSpec::Kind::kRtt;
    rtt.broker = 1;
    rtt.ms = 500;
    ASSERT_TRUE(t.InjectFault(rtt).ok());
  }
  EXPECT_EQ(ran, (std::vector<std::string>{"stop 2", "stop 3", "start 3", "delay 1 500", "start 2",
                                           "delay 1 0"}));
}

TEST(ExternalTarget, AClusterTheRunFoundUnreachableIsAnErrorAtOnceNotASkip) {
  auto cluster = std::make_shared<FakeCluster>();
  ExternalOptions o = Options(cluster);
  o.unreachable = Status::Error("cannot reach the Kafka cluster at h:1 within 10 s: refused");
  ExternalTarget t(o);
  Scenario s = OrdersAndAudit();
  s.requires_ = {"transactions"};
  // Skipping would let a run on a cluster that is down pass.
  EXPECT_EQ(t.CannotRun(s), "");
  Status st = t.Setup(s);
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "cannot reach the Kafka cluster at h:1 within 10 s: refused");
  EXPECT_TRUE(cluster->create_requests.empty());
  EXPECT_TRUE(cluster->broker_metadata_calls.empty());
}

TEST(ExternalTarget, AClusterWhoseControllerIsNoneOfItsBrokersIsToldToUseExistingTopics) {
  auto cluster = std::make_shared<FakeCluster>();
  cluster->controller = 0;  // as librdkafka's mock: brokers 1..N, controller 0
  ExternalTarget t(Options(cluster));
  Status st = t.Setup(OrdersAndAudit());
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("names controller 0, which is none of its brokers (1, 2, 3)"),
            std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("kafka-scenario broker --topics orders:6,audit:2"), std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("--existing-topics"), std::string::npos) << st.message();
  EXPECT_TRUE(cluster->create_requests.empty());
  // A cluster that answered no DescribeConfigs but names a controller still gets CreateTopics:
  // an unanswered request does not make a cluster the mock.
  auto silent = std::make_shared<FakeCluster>();
  silent->describe = Status::Error("Local: Timed out");
  ExternalTarget real(Options(silent));
  EXPECT_TRUE(real.Setup(OrdersAndAudit()).ok());
  EXPECT_EQ(silent->create_requests.size(), 2u);
}

}  // namespace
}  // namespace ks
