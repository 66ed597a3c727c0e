#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "diag/status.h"
#include "scenario/model.h"

namespace ks {

/// What a cluster can show, in the scenario format's `requires` vocabulary, and for each
/// capability it lacks, why (for the skip message).
struct LearnedCapabilities {
  std::set<std::string> has;                 ///< capabilities the cluster has
  std::map<std::string, std::string> lacks;  ///< capability -> reason
};

/// Derives a real cluster's capabilities from one broker's configs (a DescribeConfigs answer,
/// KIP-133), its broker count and the client properties the runner uses:
/// - an answer at all means a real broker (librdkafka's mock answers no DescribeConfigs), of
///   Kafka 0.11 or later (the request's first version): real_cluster, retention,
///   idempotent_dedup (KIP-98 sequence numbers), alter_configs, java_client (Kafka's own client
///   speaks to every Kafka broker); add_partitions when
///   inter.broker.protocol.version is 1.0 or later (KIP-195);
/// - transactions and read_committed when transaction.state.log.replication.factor (default 3)
///   is at most the broker count, or the transaction coordinator cannot create its log;
/// - compaction unless log.cleaner.enable is false; delete_topics unless delete.topic.enable is
///   false;
/// - sasl when the client's security.protocol is SASL_PLAINTEXT or SASL_SSL, ssl when it is SSL
///   or SASL_SSL (the listener the runner talks to is the one these clients reach).
/// - transactions and read_committed also need transaction.state.log.min.isr (default 2) at most
///   that replication factor, or writes to the transaction log fail with NOT_ENOUGH_REPLICAS.
/// `described` is the DescribeConfigs outcome. When it failed unanswered (librdkafka's mock, a
/// timeout), only sasl/ssl are learned and every other capability lacks with that error as the
/// reason; when a broker `refused` it (an ACL), the cluster is real_cluster and the rest lack,
/// with that reason.
LearnedCapabilities LearnCapabilities(const Status& described, bool refused,
                                      const std::map<std::string, std::string>& broker_configs,
                                      int brokers, const std::vector<ConfigEntry>& client);

}  // namespace ks
