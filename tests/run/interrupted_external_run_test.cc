// A whole run through the external target, its topics made on an in-process mock cluster by a
// fake admin client: an interrupt (SIGINT) ends the run as an error, and the topics the run
// created, and only those, are deleted.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "diag/interrupt.h"
#include "run/scenario_runner.h"
#include "scenario/loader.h"
#include "target/fake_admin.h"
#include "target/rdkafka_handles.h"

namespace ks {
namespace {

using fakes::FakeCluster;
using fakes::Options;

// A whole run through the external target, its topics made on an in-process mock cluster by the
// fake admin: an interrupt ends the run as an error and the topics it created are deleted.
TEST(ExternalTarget, AnInterruptedRunStillDeletesItsTopicsAndOnlyThose) {
  ConfPtr conf(rd_kafka_conf_new());
  std::string error;
  KafkaPtr handle = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
  ASSERT_TRUE(handle) << error;
  conf.release();
  MockClusterPtr mock(rd_kafka_mock_cluster_new(handle.get(), 1));
  ASSERT_TRUE(mock);
  auto cluster = std::make_shared<FakeCluster>();
  cluster->brokers = {1};
  cluster->mock = mock.get();
  ExternalOptions o = Options(cluster);
  o.bootstrap_servers = rd_kafka_mock_cluster_bootstraps(mock.get());
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
  ClearInterrupt();
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    RequestInterrupt();
  });
  const auto start = std::chrono::steady_clock::now();
  ScenarioResult r;
  {
    ExternalTarget t(o);
    r = RunScenario(*loaded.scenario, t, nullptr);
    EXPECT_EQ(t.created_topics(), std::vector<std::string>{"ks-18c2f-0-orders"});
  }
  interrupter.join();
  ClearInterrupt();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kError);
  EXPECT_NE(r.reason.find("interrupted"), std::string::npos) << r.reason;
  EXPECT_LT(seconds, 60.0);  // far from the 500 s the producer's records would take
  EXPECT_EQ(cluster->deleted, std::vector<std::string>{"ks-18c2f-0-orders"});
  EXPECT_EQ(cluster->topics.count("orders"), 1u);
}

}  // namespace
}  // namespace ks
