// AdminClient over librdkafka's admin API (rdkafka.h, "Admin API").
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>

#include "target/admin_client.h"
#include "target/rdkafka_handles.h"
#include "target/runner_client.h"

namespace ks {
namespace {

struct QueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
struct OptionsDeleter {
  void operator()(rd_kafka_AdminOptions_t* o) const { rd_kafka_AdminOptions_destroy(o); }
};
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;
using OptionsPtr = std::unique_ptr<rd_kafka_AdminOptions_t, OptionsDeleter>;

// The per-topic results of CreateTopics, DeleteTopics and CreatePartitions, as one status.
Status TopicResults(const char* request, const rd_kafka_topic_result_t** results, size_t n,
                    std::vector<std::string>* ok_names) {
  Status status = Status::Ok();
  for (size_t i = 0; i < n; ++i) {
    if (rd_kafka_topic_result_error(results[i]) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (ok_names) ok_names->push_back(rd_kafka_topic_result_name(results[i]));
    } else if (status.ok()) {
      status = Status::Error(
          fmt::format("{} {}: {} ({})", request, rd_kafka_topic_result_name(results[i]),
                      rd_kafka_topic_result_error_string(results[i]),
                      rd_kafka_err2name(rd_kafka_topic_result_error(results[i]))));
    }
  }
  return status;
}

// A client (a producer: it needs no group) for admin requests, `client` properties first.
KafkaPtr NewAdminHandle(const std::string& bootstrap_servers,
                        const std::vector<ConfigEntry>& client, std::string* error) {
  return NewRunnerClient(RD_KAFKA_PRODUCER, bootstrap_servers, client, "kafka-scenario-admin",
                         error);
}

// One Metadata request (all topics) on `rk`, within `timeout_ms`.
Status ReadMetadata(rd_kafka_t* rk, int timeout_ms, ClusterMetadata* out) {
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, timeout_ms)) {
    return Status::Error(
        fmt::format("cannot read the cluster's metadata: {}", rd_kafka_err2str(err)));
  }
  MetadataPtr owned(md);
  *out = {};
  for (int i = 0; i < md->broker_cnt; ++i) {
    out->brokers.push_back(md->brokers[i].id);
    out->addresses[md->brokers[i].id] =
        fmt::format("{}:{}", md->brokers[i].host, md->brokers[i].port);
  }
  for (int i = 0; i < md->topic_cnt; ++i) {
    const auto& t = md->topics[i];
    if (t.err != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) out->listed.insert(t.topic);
    if (t.err) continue;
    bool led = true;
    for (int p = 0; p < t.partition_cnt; ++p) {
      led = led && t.partitions[p].leader >= 0;
      out->leaders[{t.topic, t.partitions[p].id}] = t.partitions[p].leader;
    }
    if (led) out->topics[t.topic] = t.partition_cnt;
  }
  return Status::Ok();
}

class RdKafkaAdmin : public AdminClient {
 public:
  RdKafkaAdmin(KafkaPtr rk, std::vector<ConfigEntry> client, int timeout_ms)
      : rk_(std::move(rk)), client_(std::move(client)), timeout_ms_(timeout_ms) {}

  Status Metadata(ClusterMetadata* out) override {
    Status st = ReadMetadata(rk_.get(), timeout_ms_, out);
    if (!st.ok()) return st;
    addresses_ = out->addresses;
    // Cached from the answer just read: no wait.
    out->controller = rd_kafka_controllerid(rk_.get(), 0);
    return st;
  }

  Status BrokerMetadata(int32_t broker, ClusterMetadata* out) override {
    if (!addresses_.count(broker)) {
      ClusterMetadata all;
      if (Status st = Metadata(&all); !st.ok()) return st;
      if (!addresses_.count(broker)) {
        return Status::Error(fmt::format("broker {} is not in the cluster's metadata", broker));
      }
    }
    // A fresh client bootstrapped at that broker alone: until it has connected to others, the
    // only broker it can ask is that one.
    std::string error;
    KafkaPtr rk = NewAdminHandle(addresses_.at(broker), client_, &error);
    if (!rk) return Status::Error(error);
    // Short: the caller asks again until its own deadline, so one silent broker (frozen,
    // restarting) costs seconds, not the whole wait.
    if (Status st = ReadMetadata(rk.get(), std::min(timeout_ms_, 5000), out); !st.ok()) {
      return Status::Error(fmt::format("broker {}: {}", broker, st.message()));
    }
    return Status::Ok();
  }

  Status CreateTopics(const std::vector<NewTopic>& topics,
                      std::vector<std::string>* created) override {
    std::vector<rd_kafka_NewTopic_t*> list;
    auto destroy = [&] { rd_kafka_NewTopic_destroy_array(list.data(), list.size()); };
    char errstr[512];
    for (const NewTopic& t : topics) {
      rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(t.name.c_str(), t.partitions,
                                                      t.replication_factor, errstr, sizeof errstr);
      if (!nt) {
        destroy();
        return Status::Error(fmt::format("topic {}: {}", t.name, errstr));
      }
      list.push_back(nt);
      for (const ConfigEntry& c : t.config) {
        if (rd_kafka_NewTopic_set_config(nt, c.key.c_str(), c.value.c_str())) {
          destroy();
          return Status::Error(fmt::format("topic {}: config {} refused", t.name, c.key));
        }
      }
    }
    QueuePtr queue(rd_kafka_queue_new(rk_.get()));
    rd_kafka_CreateTopics(rk_.get(), list.data(), list.size(),
                          Options(RD_KAFKA_ADMIN_OP_CREATETOPICS).get(), queue.get());
    destroy();
    EventPtr ev;
    if (Status st = Await("CreateTopics", queue.get(), &ev); !st.ok()) return st;
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev.get()), &n);
    return TopicResults("cannot create topic", results, n, created);
  }

  Status DeleteTopics(const std::vector<std::string>& names) override {
    std::vector<rd_kafka_DeleteTopic_t*> list;
    for (const auto& name : names) list.push_back(rd_kafka_DeleteTopic_new(name.c_str()));
    QueuePtr queue(rd_kafka_queue_new(rk_.get()));
    rd_kafka_DeleteTopics(rk_.get(), list.data(), list.size(),
                          Options(RD_KAFKA_ADMIN_OP_DELETETOPICS).get(), queue.get());
    rd_kafka_DeleteTopic_destroy_array(list.data(), list.size());
    EventPtr ev;
    if (Status st = Await("DeleteTopics", queue.get(), &ev); !st.ok()) return st;
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(ev.get()), &n);
    return TopicResults("cannot delete topic", results, n, nullptr);
  }

  Status CreatePartitions(const std::string& topic, int total) override {
    char errstr[512];
    rd_kafka_NewPartitions_t* np = rd_kafka_NewPartitions_new(
        topic.c_str(), static_cast<size_t>(total), errstr, sizeof errstr);
    if (!np) return Status::Error(fmt::format("topic {}: {}", topic, errstr));
    QueuePtr queue(rd_kafka_queue_new(rk_.get()));
    rd_kafka_CreatePartitions(rk_.get(), &np, 1, Options(RD_KAFKA_ADMIN_OP_CREATEPARTITIONS).get(),
                              queue.get());
    rd_kafka_NewPartitions_destroy(np);
    EventPtr ev;
    if (Status st = Await("CreatePartitions", queue.get(), &ev); !st.ok()) return st;
    size_t n = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreatePartitions_result_topics(
        rd_kafka_event_CreatePartitions_result(ev.get()), &n);
    return TopicResults("cannot add partitions to", results, n, nullptr);
  }

  Status AlterTopicConfigs(const std::string& topic,
                           const std::vector<ConfigEntry>& configs) override {
    rd_kafka_ConfigResource_t* res =
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
    for (const ConfigEntry& c : configs) {
      rd_kafka_ConfigResource_set_config(res, c.key.c_str(), c.value.c_str());
    }
    QueuePtr queue(rd_kafka_queue_new(rk_.get()));
    rd_kafka_AlterConfigs(rk_.get(), &res, 1, Options(RD_KAFKA_ADMIN_OP_ALTERCONFIGS).get(),
                          queue.get());
    rd_kafka_ConfigResource_destroy(res);
    EventPtr ev;
    if (Status st = Await("AlterConfigs", queue.get(), &ev); !st.ok()) return st;
    size_t n = 0;
    const rd_kafka_ConfigResource_t** out =
        rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(ev.get()), &n);
    for (size_t i = 0; i < n; ++i) {
      if (rd_kafka_ConfigResource_error(out[i])) {
        return Status::Error(fmt::format("cannot alter the configs of {}: {}", topic,
                                         rd_kafka_ConfigResource_error_string(out[i])));
      }
    }
    return Status::Ok();
  }

  Status DescribeBrokerConfigs(int32_t broker, std::map<std::string, std::string>* out,
                               bool* refused) override {
    *refused = false;
    const std::string id = std::to_string(broker);
    rd_kafka_ConfigResource_t* res =
        rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER, id.c_str());
    QueuePtr queue(rd_kafka_queue_new(rk_.get()));
    rd_kafka_DescribeConfigs(rk_.get(), &res, 1, Options(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS).get(),
                             queue.get());
    rd_kafka_ConfigResource_destroy(res);
    EventPtr ev;
    if (Status st = Await("DescribeConfigs", queue.get(), &ev); !st.ok()) {
      // librdkafka's own errors are negative (__UNSUPPORTED_FEATURE, __TIMED_OUT); a broker's are
      // Kafka error codes.
      *refused = ev && rd_kafka_event_error(ev.get()) > 0;
      return st;
    }
    size_t n = 0;
    const rd_kafka_ConfigResource_t** resources = rd_kafka_DescribeConfigs_result_resources(
        rd_kafka_event_DescribeConfigs_result(ev.get()), &n);
    out->clear();
    for (size_t i = 0; i < n; ++i) {
      if (rd_kafka_ConfigResource_error(resources[i])) {
        *refused = true;
        return Status::Error(fmt::format("DescribeConfigs for broker {}: {}", broker,
                                         rd_kafka_ConfigResource_error_string(resources[i])));
      }
      size_t count = 0;
      const rd_kafka_ConfigEntry_t** entries =
          rd_kafka_ConfigResource_configs(resources[i], &count);
      for (size_t k = 0; k < count; ++k) {
        const char* value = rd_kafka_ConfigEntry_value(entries[k]);
        (*out)[rd_kafka_ConfigEntry_name(entries[k])] = value ? value : "";
      }
    }
    return Status::Ok();
  }

 private:
  OptionsPtr Options(rd_kafka_admin_op_t op) const {
    OptionsPtr options(rd_kafka_AdminOptions_new(rk_.get(), op));
    char errstr[256];
    rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms_, errstr, sizeof errstr);
    return options;
  }

  // Waits for the request's result event, a little past the request's own timeout.
  Status Await(const char* request, rd_kafka_queue_t* queue, EventPtr* ev) const {
    ev->reset(rd_kafka_queue_poll(queue, timeout_ms_ + 1000));
    if (!*ev) {
      return Status::Error(fmt::format("no answer to {} within {} ms", request, timeout_ms_));
    }
    if (rd_kafka_event_error(ev->get())) {
      return Status::Error(
          fmt::format("{} failed: {}", request, rd_kafka_event_error_string(ev->get())));
    }
    return Status::Ok();
  }

  KafkaPtr rk_;
  std::vector<ConfigEntry> client_;
  int timeout_ms_;
  std::map<int32_t, std::string> addresses_;  // from the last Metadata
};

}  // namespace

std::unique_ptr<AdminClient> NewRdKafkaAdmin(const std::string& bootstrap_servers,
                                             const std::vector<ConfigEntry>& client, int timeout_ms,
                                             std::string* error) {
  KafkaPtr rk = NewAdminHandle(bootstrap_servers, client, error);
  if (!rk) return nullptr;
  return std::make_unique<RdKafkaAdmin>(std::move(rk), client, timeout_ms);
}

}  // namespace ks
