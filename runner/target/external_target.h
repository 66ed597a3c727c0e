#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "target/admin_client.h"
#include "target/cluster_capabilities.h"
#include "target/target.h"

namespace ks {

/// How to use a cluster the runner does not own (`run --bootstrap-servers` or `--target FILE`).
struct ExternalOptions {
  std::string bootstrap_servers;  ///< "host:port,..."
  /// librdkafka properties for every client (a target file's `client:`: security settings).
  std::vector<ConfigEntry> client;
  /// Fault kind ("broker_down", "broker_up", "leader", "request_errors", "rtt") -> shell command
  /// with {broker}, {topic}, {partition}, {ms}, {api}, {count} placeholders.
  std::map<std::string, std::string> fault_commands;
  std::string fault_directory = ".";  ///< where fault commands run (the target file's folder)
  int64_t fault_timeout_ms = 120000;  ///< each fault command's deadline
  std::string name = "external";      ///< for messages: the target file's name
  /// Use topics that already exist under the scenario's names: check their partition counts,
  /// create and delete nothing (for clusters where the user may not create topics).
  bool existing_topics = false;
  bool keep_topics = false;  ///< do not delete the topics this run created
  /// Target::run_id(): names this run's topics and groups "ks-<run_id>-<name>" and is in its
  /// records' identities.
  std::string run_id;
  /// ProbeCluster()'s error when the invocation's one probe found the cluster unreachable: every
  /// scenario then errors with it at once (Setup), and nothing asks the cluster again.
  Status unreachable = Status::Ok();
  /// Makes the admin client (default: librdkafka's, NewRdKafkaAdmin). Tests pass fakes.
  std::function<std::unique_ptr<AdminClient>(std::string* error)> admin;
  /// Runs a fault command (default: RunShellCommand). Tests record instead.
  std::function<Status(const std::string& command, const std::string& directory,
                       int64_t timeout_ms)>
      run_command;
};

/// A Kafka cluster reached at `bootstrap_servers` (a developer's docker-compose cluster, a CI
/// service, `kafka-scenario broker`). Topics are created through the Admin API as
/// "ks-<run id>-<name>" and group ids get the same prefix; the topics it created, and only
/// those, are deleted when the target is destroyed (also after a failed or interrupted run)
/// unless `keep_topics`. With `existing_topics` nothing is created or deleted.
///
/// Capabilities are learned once, before the first scenario is judged runnable, from a
/// DescribeConfigs answer of one broker (LearnCapabilities); a cluster that does not answer
/// (librdkafka's mock served by `kafka-scenario broker`) lacks every broker-side capability. A
/// fault step runs the command configured for its kind; a scenario with a fault step whose kind
/// has none, or with a broker_down/broker_up step and a `cluster.brokers` other than the
/// cluster's broker count, is skipped with that reason.
class ExternalTarget : public Target {
 public:
  explicit ExternalTarget(ExternalOptions options);
  /// Brings back brokers the run left down or slowed (broker_up, rtt at 0), then deletes the
  /// topics this run created (unless keep_topics), each bounded by its own deadline.
  ~ExternalTarget() override;

  std::string name() const override { return options_.name; }
  /// ExternalOptions::run_id.
  const std::string& run_id() const override { return options_.run_id; }
  /// Empty until CannotRun() has learned them.
  const std::set<std::string>& capabilities() const override { return learned_.has; }
  /// Learns the capabilities at its first call (one Metadata and one DescribeConfigs request,
  /// each bounded by 30 s), then says why `scenario` cannot run here: a capability its
  /// `requires` or its steps need, a topic step with existing_topics, a broker fault on a
  /// cluster of another shape, a fault kind without a command; or "" when it can, and when the
  /// cluster did not answer (an error Setup reports, not a reason to skip).
  std::string CannotRun(const Scenario& scenario) const override;
  /// Creates the topics (waiting until their metadata has propagated, at most 30 s), or with
  /// existing_topics checks that each exists with the scenario's partition count. An error at
  /// once when the cluster did not answer, or when its metadata names a controller that is none
  /// of its brokers (librdkafka's mock, as `kafka-scenario broker` serves it, which cannot create
  /// topics: the error says to create them with `broker --topics` and run with --existing-topics).
  Status Setup(const Scenario& scenario) override;
  std::string bootstrap_servers() const override { return options_.bootstrap_servers; }
  /// "ks-<run id>-<logical>", or `logical` itself with existing_topics.
  std::string TopicName(const std::string& logical) const override;
  /// "ks-<run id>-<logical>", also with `existing_topics` (transactional ids belong to runs).
  std::string TransactionalId(const std::string& logical) const override;
  /// "ks-<run id>-<logical>", also with existing_topics: no run resumes another's offsets.
  std::string GroupId(const std::string& logical) const override;
  /// The target's client properties, then (consumers) session 10 s and heartbeat 1 s: within a
  /// real broker's default group.min.session.timeout.ms (6 s), yet a crashed member is noticed in
  /// seconds.
  std::vector<ConfigEntry> ClientDefaults(ClientRole role) const override;
  /// Runs the fault's command; an error when none is configured or it fails.
  Status InjectFault(const FaultSpec& fault) override;
  /// broker_down is undone with broker_up's command, rtt with rtt's at {ms} = 0.
  Status UndoFault(const FaultSpec& fault) override;
  /// ListOffsets per partition with the target's client properties, `timeout_ms` in all.
  Status QueryOffsets(const Scenario& scenario, int timeout_ms,
                      std::vector<PartitionOffsets>* out) override;
  /// CreatePartitions on the run's topic; refused with existing_topics.
  Status AddPartitions(const std::string& topic, int total) override;
  /// Deletes the topic, waits until it is gone, creates it again and waits for its metadata.
  Status RecreateTopic(const TopicSpec& topic) override;
  /// Sends the topic's whole config set (scenario configs, earlier alterations, these):
  /// AlterConfigs replaces what it is not given (librdkafka 2.0.2 has no IncrementalAlterConfigs).
  /// Refused with existing_topics: it would reset the user's own overrides.
  Status AlterTopic(const std::string& topic, const std::vector<ConfigEntry>& configs) override;

  /// The topics this run created (cluster names), deleted at destruction.
  const std::vector<std::string>& created_topics() const { return created_; }

 private:
  /// "ks-<run id>-<logical>": this run's name for a topic, group or transactional.id.
  std::string RunScoped(const std::string& logical) const;
  AdminClient* Admin(Status* error) const;
  void Learn() const;
  /// Waits until `names` all are (present = true) or none is (false) in the metadata.
  Status AwaitTopics(const std::vector<std::string>& names, bool present) const;
  Status RunFault(const std::string& kind, const FaultSpec& fault, int64_t ms) const;
  /// An error naming `step` when existing_topics: the topic is the user's, not the run's.
  Status RefuseOnExistingTopics(const char* step, const std::string& topic) const;

  ExternalOptions options_;
  mutable std::unique_ptr<AdminClient> admin_;
  mutable bool learned_once_ = false;
  mutable LearnedCapabilities learned_;
  mutable Status unreachable_ = Status::Ok();  ///< Learn()'s metadata request failed: why
  mutable int brokers_ = 0;                    ///< brokers in the cluster's metadata
  std::vector<std::string> created_;
  std::set<int32_t> down_;    ///< brokers a broker_down fault stopped and nothing restarted yet
  std::set<int32_t> slowed_;  ///< brokers an rtt fault slowed and nothing restored yet
  std::map<std::string, std::vector<ConfigEntry>> topic_configs_;  ///< logical -> current configs
};

/// The fault kind's name in target files and in the scenario format: "broker_down", ...
const char* FaultKindName(FaultSpec::Kind kind);

}  // namespace ks
