#pragma once

// A fake admin client over an in-memory cluster (and optionally an in-process mock cluster that
// really gets the topics), for the external target's tests.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "target/external_target.h"
#include "target/rdkafka_handles.h"  // rdkafka.h, then rdkafka_mock.h

namespace ks::fakes {

/// A cluster in memory: the topics it has and every admin request made of it.
struct FakeCluster {
  std::vector<int32_t> brokers = {1, 2, 3};
  int32_t controller = 1;  // the metadata's controller (librdkafka's mock names 0)
  std::map<std::string, int> topics = {{"orders", 6}, {"payments", 3}};  // the user's own
  std::vector<std::string> created, deleted;
  std::vector<NewTopic> create_requests;
  std::vector<std::pair<std::string, int>> partition_requests;
  std::vector<std::pair<std::string, std::vector<ConfigEntry>>> alter_requests;
  std::string fail_create;  // CreateTopics refuses this name
  Status describe = Status::Ok();
  bool describe_refused = false;  // with an error `describe`: a broker answered it
  std::map<std::string, std::string> broker_configs = {
      {"inter.broker.protocol.version", "3.7-IV4"},
      {"transaction.state.log.replication.factor", "3"}};
  // Broker id -> how many more BrokerMetadata answers from it still lack the topics this run
  // created (a broker that has not applied CreateTopics yet).
  std::map<int32_t, int> lagging;
  std::vector<int32_t> broker_metadata_calls;
  // Optional: a mock cluster that really gets the topics, for runs with real clients.
  rd_kafka_mock_cluster_t* mock = nullptr;
};

/// An AdminClient over a FakeCluster.
class FakeAdmin : public AdminClient {
 public:
  explicit FakeAdmin(std::shared_ptr<FakeCluster> c) : c_(std::move(c)) {}
  Status Metadata(ClusterMetadata* out) override {
    out->brokers = c_->brokers;
    out->controller = c_->controller;
    out->topics = c_->topics;
    for (const auto& [name, partitions] : c_->topics) out->listed.insert(name);
    return Status::Ok();
  }
  Status BrokerMetadata(int32_t broker, ClusterMetadata* out) override {
    c_->broker_metadata_calls.push_back(broker);
    Metadata(out);
    if (auto it = c_->lagging.find(broker); it != c_->lagging.end() && it->second > 0) {
      --it->second;
      for (const auto& name : c_->created) {
        out->topics.erase(name);
        out->listed.erase(name);
      }
    }
    return Status::Ok();
  }
  Status CreateTopics(const std::vector<NewTopic>& topics,
                      std::vector<std::string>* created) override {
    Status st = Status::Ok();
    for (const NewTopic& t : topics) {
      c_->create_requests.push_back(t);
      if (t.name == c_->fail_create || c_->topics.count(t.name)) {
        st = Status::Error("cannot create topic " + t.name + ": refused");
        continue;
      }
      if (c_->mock) {
        rd_kafka_mock_topic_create(c_->mock, t.name.c_str(), t.partitions, t.replication_factor);
      }
      c_->topics[t.name] = t.partitions;
      c_->created.push_back(t.name);
      created->push_back(t.name);
    }
    return st;
  }
  Status DeleteTopics(const std::vector<std::string>& names) override {
    for (const auto& n : names) {
      c_->deleted.push_back(n);
      c_->topics.erase(n);
    }
    return Status::Ok();
  }
  Status CreatePartitions(const std::string& topic, int total) override {
    c_->partition_requests.emplace_back(topic, total);
    return Status::Ok();
  }
  Status AlterTopicConfigs(const std::string& topic,
                           const std::vector<ConfigEntry>& configs) override {
    c_->alter_requests.emplace_back(topic, configs);
    return Status::Ok();
  }
  Status DescribeBrokerConfigs(int32_t, std::map<std::string, std::string>* out,
                               bool* refused) override {
    *refused = c_->describe_refused;
    if (!c_->describe.ok()) return c_->describe;
    *out = c_->broker_configs;
    return Status::Ok();
  }

 private:
  std::shared_ptr<FakeCluster> c_;
};

/// Options for an external target at "kafka-1:9092", run id "18c2f-0", admin = FakeAdmin.
inline ExternalOptions Options(const std::shared_ptr<FakeCluster>& cluster) {
  ExternalOptions o;
  o.bootstrap_servers = "kafka-1:9092";
  o.run_id = "18c2f-0";
  o.admin = [cluster](std::string*) { return std::make_unique<FakeAdmin>(cluster); };
  return o;
}

/// A config entry without a source location.
inline ConfigEntry Entry(const std::string& key, const std::string& value) {
  ConfigEntry e;
  e.key = key;
  e.value = value;
  return e;
}

/// A topic declared at s.yaml:`line`:5 with replication factor 3.
inline TopicSpec Topic(const std::string& name, int partitions, int line,
                       std::vector<ConfigEntry> config = {}) {
  TopicSpec t;
  t.loc.file = "s.yaml";
  t.loc.line = line;
  t.loc.column = 5;
  t.name = name;
  t.partitions = partitions;
  t.replication_factor = 3;
  t.config = std::move(config);
  return t;
}

}  // namespace ks::fakes
