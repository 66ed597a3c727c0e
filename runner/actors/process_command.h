#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/status.h"
#include "scenario/model.h"

namespace ks {

/// Placeholder names and their values for one process client: "bootstrap", "topic", ...
using Placeholders = std::vector<std::pair<std::string, std::string>>;

/// `text` with every `{name}` of `values` replaced by its value; other braces are kept as they
/// are (a program's own arguments may hold some, around a placeholder too: "{ echo {topic}; }").
std::string SubstitutePlaceholders(std::string_view text, const Placeholders& values);

/// A program to start: argv (argv[0] looked up in PATH) and environment entries to add.
struct ProcessLaunch {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
};

/// The class path of Apache Kafka's jars for `client: java`: $KS_KAFKA_CLASSPATH as given;
/// else "<dir>/libs/*" for $KS_KAFKA_DIR, or else for kafka-cluster/ beside the running
/// executable (build/kafka-cluster, where scripts/kafka-cluster resolves
/// org.apache.kafka:kafka-tools with Maven). An error, saying how to get them, when no
/// kafka-tools jar is there.
Status FindKafkaClasspath(std::string* classpath);

/// How producer `p` is started for one batch, placeholders replaced: Kafka's VerifiableProducer
/// (--max-messages {messages}, --value-prefix {value_prefix}, --throughput from `rate`,
/// --repeating-keys K for key "{i % K}", --producer.config {client_config}) or the command.
/// `classpath` is used for java only.
ProcessLaunch ProducerLaunch(const ProducerSpec& p, const std::string& classpath,
                             const Placeholders& values);

/// How a member of group `g` is started, placeholders replaced: Kafka's VerifiableConsumer
/// (--verbose so that it prints every record, --group-id {group}, --reset-policy
/// {offset_reset}, --enable-autocommit for commit: auto, --consumer.config {client_config};
/// session.timeout.ms, group.instance.id and partition.assignment.strategy of `config` (what
/// the properties file holds) as its own flags, which override the file) or the command.
ProcessLaunch MemberLaunch(const GroupSpec& g, const std::string& classpath,
                           const std::vector<ConfigEntry>& config, const Placeholders& values);

/// Everything a process client's {client_config} holds: the target's connection settings
/// (`target`: in Java's names for java, JavaConnectionConfig; as given for a command), then
/// ProcessClientConfig of the actor's `config`; for a member (`member_index` >= 0) its own
/// group.instance.id (MemberInstanceId). Errors: JavaConnectionConfig's.
Status ProcessClientProperties(const ClientSpec& client, const std::vector<ConfigEntry>& target,
                               const std::vector<ConfigEntry>& config, bool producer,
                               int member_index, std::vector<ConfigEntry>* out);

/// The properties a process client gets in {client_config}: the scenario's `config`; for a
/// java producer Java's default retries (2147483647) unless `config` sets retries, since
/// VerifiableProducer sets 0 of its own.
std::vector<ConfigEntry> ProcessClientConfig(const ClientSpec& client,
                                             const std::vector<ConfigEntry>& config, bool producer);

/// The Java client's properties for a target's librdkafka client properties (its connection
/// and security settings, ClientDefaults): security.protocol and sasl.mechanism as they are;
/// sasl.username and sasl.password as sasl.jaas.config (PlainLoginModule or ScramLoginModule;
/// another mechanism is an error); ssl.ca.location as a PEM trust store;
/// ssl.certificate.location and ssl.key.location, both or neither, as a PEM key store (their
/// contents inline: KIP-651); session.timeout.ms and heartbeat.interval.ms as they are. Any
/// other property is an error naming it: the runner does not guess a Java name.
Status JavaConnectionConfig(const std::vector<ConfigEntry>& librdkafka,
                            std::vector<ConfigEntry>* java);

/// A client properties file written for one process client, removed when destroyed (it is the
/// run's own file, in a folder of the system's temporary directory made for it).
class ClientConfigFile {
 public:
  ClientConfigFile() = default;
  ClientConfigFile(const ClientConfigFile&) = delete;
  ClientConfigFile& operator=(const ClientConfigFile&) = delete;
  ~ClientConfigFile();
  /// Writes `entries` (FormatProperties) to a new file; errors name the file and the cause.
  Status Write(const std::vector<ConfigEntry>& entries);
  /// Removes the file and its folder now (path() stays, for messages): a client has read it by
  /// the time it prints startup_complete, and it may hold a password and a private key.
  void Remove();
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
  bool removed_ = false;
};

}  // namespace ks
