#pragma once

// RAII owners for librdkafka's C handles. Every handle the runner creates lives in one of these.

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <cstdint>
#include <memory>
#include <string>

namespace ks {

struct KafkaDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct ConfDeleter {
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
struct MessageDeleter {
  void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};
struct TopicDeleter {
  void operator()(rd_kafka_topic_t* t) const { rd_kafka_topic_destroy(t); }
};
struct MetadataDeleter {
  void operator()(const rd_kafka_metadata_t* m) const { rd_kafka_metadata_destroy(m); }
};
struct MockClusterDeleter {
  void operator()(rd_kafka_mock_cluster_t* m) const { rd_kafka_mock_cluster_destroy(m); }
};

using KafkaPtr = std::unique_ptr<rd_kafka_t, KafkaDeleter>;
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;
using TopicPtr = std::unique_ptr<rd_kafka_topic_t, TopicDeleter>;
using MetadataPtr = std::unique_ptr<const rd_kafka_metadata_t, MetadataDeleter>;
using MockClusterPtr = std::unique_ptr<rd_kafka_mock_cluster_t, MockClusterDeleter>;

/// Creates a librdkafka client (rd_kafka_new) and counts it. On success the client owns `conf`;
/// on failure `conf` is still the caller's and `error` says why.
KafkaPtr NewClient(rd_kafka_type_t type, rd_kafka_conf_t* conf, std::string* error);

/// How many clients NewClient() has created in this process: lets tests prove that loading and
/// validating a file never creates one.
int64_t ClientsCreated();

/// Sets one librdkafka property; returns false and fills `error` with librdkafka's own message
/// (which names the property) when it is unknown or its value is invalid.
bool SetConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value,
             std::string* error);

}  // namespace ks
