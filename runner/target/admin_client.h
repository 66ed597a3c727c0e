#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "diag/status.h"
#include "scenario/model.h"

namespace ks {

/// What the cluster's metadata says: its brokers, and its topics that are ready (every partition
/// has a leader) with their partition counts.
struct ClusterMetadata {
  std::vector<int32_t> brokers;              ///< broker ids
  std::map<int32_t, std::string> addresses;  ///< broker id -> "host:port" it advertises
  std::map<std::string, int> topics;         ///< ready topic -> partitions
  /// Every topic the metadata names, ready or not (a topic being deleted may still be listed,
  /// leaderless or with an error).
  std::set<std::string> listed;
  /// (topic, partition) -> its leader's broker id (-1: none), for every listed partition.
  std::map<std::pair<std::string, int32_t>, int32_t> leaders;
  /// The broker the metadata names as controller (Metadata v1+, KIP-4; rd_kafka_controllerid),
  /// which admin requests such as CreateTopics go to; -1 when it names none.
  int32_t controller = -1;
};

/// A topic to create (Kafka's CreateTopics request).
struct NewTopic {
  std::string name;                 ///< the name on the cluster
  int partitions = 1;               ///< partition count
  int replication_factor = 1;       ///< replicas per partition
  std::vector<ConfigEntry> config;  ///< topic configs, e.g. cleanup.policy
};

/// The Admin API requests the external target makes. One seam, two implementations: librdkafka's
/// admin client (NewRdKafkaAdmin) and the fakes the tests use, so that topic naming, cleanup and
/// capability learning are tested without a broker that answers admin requests. Every call is
/// bounded by the timeout the implementation was made with.
class AdminClient {
 public:
  virtual ~AdminClient() = default;

  /// Reads the cluster's brokers and ready topics (Metadata request, all topics).
  virtual Status Metadata(ClusterMetadata* out) = 0;

  /// The same, as broker `broker` itself knows it: the request goes to that broker alone. Brokers
  /// apply topic changes one after another (KRaft's metadata log, ZooKeeper's UpdateMetadata),
  /// so for a moment after CreateTopics one broker may list a topic that another still calls
  /// UNKNOWN_TOPIC_OR_PARTITION; a client that asks that one caches "no such topic". Waits at
  /// most 5 s (or the client's timeout, if shorter): callers ask again until their deadline.
  virtual Status BrokerMetadata(int32_t broker, ClusterMetadata* out) = 0;

  /// Creates `topics` (CreateTopics, KIP-4). `created` receives the names the cluster created,
  /// also when others failed, so that the caller deletes exactly those. Errors name each topic
  /// that could not be created and why, with Kafka's error name (e.g. TOPIC_ALREADY_EXISTS).
  virtual Status CreateTopics(const std::vector<NewTopic>& topics,
                              std::vector<std::string>* created) = 0;

  /// Deletes `names` (DeleteTopics). The caller passes only topics it created.
  virtual Status DeleteTopics(const std::vector<std::string>& names) = 0;

  /// Raises `topic`'s partition count to `total` (CreatePartitions, KIP-195).
  virtual Status CreatePartitions(const std::string& topic, int total) = 0;

  /// Sets `topic`'s dynamic configs to exactly `configs` (AlterConfigs, KIP-133: what is not
  /// listed returns to the broker's default, so the caller passes the whole set).
  virtual Status AlterTopicConfigs(const std::string& topic,
                                   const std::vector<ConfigEntry>& configs) = 0;

  /// Broker `broker`'s configs, name -> value (DescribeConfigs, KIP-133). Sensitive values come
  /// back empty, as the broker sends them. On an error, `refused` says whether a broker answered
  /// with it (e.g. CLUSTER_AUTHORIZATION_FAILED: a real cluster that would not say) rather than
  /// the request never being answered (unsupported by the broker, as by librdkafka's mock, or
  /// timed out).
  virtual Status DescribeBrokerConfigs(int32_t broker, std::map<std::string, std::string>* out,
                                       bool* refused) = 0;
};

/// An AdminClient over librdkafka's admin API (rd_kafka_CreateTopics, ...) for the cluster at
/// `bootstrap_servers`, with `client` properties (security settings) set first. Each request
/// waits at most `timeout_ms`. Returns nullptr with `error` when the client cannot be created.
std::unique_ptr<AdminClient> NewRdKafkaAdmin(const std::string& bootstrap_servers,
                                             const std::vector<ConfigEntry>& client, int timeout_ms,
                                             std::string* error);

}  // namespace ks
