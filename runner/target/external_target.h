#pragma once

#include <set>
#include <string>
#include <vector>

#include "target/target.h"

namespace ks {

/// How to use a cluster the runner does not own (`run --bootstrap-servers`).
struct ExternalOptions {
  std::string bootstrap_servers;  ///< "host:port,..."
  /// Use topics that already exist under the scenario's names: check their partition counts,
  /// create and delete nothing (for clusters where the user may not create topics).
  bool existing_topics = false;
  bool keep_topics = false;  ///< do not delete the topics this run created
  std::string run_id;        ///< names this run's topics "ks-<run_id>-<name>"
};

/// A Kafka cluster reached at `bootstrap_servers` (a developer's docker-compose cluster, a CI
/// service, `kafka-scenario broker`). Topics are created through the Admin API under a prefix
/// unique to the run and deleted when the target is destroyed (only those it created), unless
/// `existing_topics` or `keep_topics`.
///
/// Not yet: learning capabilities from the cluster (ApiVersions, broker configs), so it declares
/// none and a scenario that `requires` anything is skipped with that reason; and fault commands
/// (a target file), so a scenario with fault steps is skipped too. Never passes by assumption.
class ExternalTarget : public Target {
 public:
  explicit ExternalTarget(ExternalOptions options);
  ~ExternalTarget() override;

  std::string name() const override { return "external"; }
  const std::set<std::string>& capabilities() const override { return capabilities_; }
  std::string CannotRun(const Scenario& scenario) const override;
  /// Creates the topics (waiting until their metadata has propagated, at most 30 s), or with
  /// existing_topics checks that each exists with the scenario's partition count.
  Status Setup(const Scenario& scenario) override;
  std::string bootstrap_servers() const override { return options_.bootstrap_servers; }
  std::string TopicName(const std::string& logical) const override;
  /// Session 10 s and heartbeat 1 s: within a real broker's default group.min.session.timeout.ms
  /// (6 s), yet a crashed member is noticed in seconds.
  std::vector<ConfigEntry> ClientDefaults(ClientRole role) const override;
  Status InjectFault(const FaultSpec& fault) override;
  Status UndoFault(const FaultSpec& fault) override;
  Status QueryOffsets(const Scenario& scenario, int timeout_ms,
                      std::vector<PartitionOffsets>* out) override;

  /// The topics this run created (physical names), deleted at destruction.
  const std::vector<std::string>& created_topics() const { return created_; }

 private:
  ExternalOptions options_;
  std::set<std::string> capabilities_;
  std::vector<std::string> created_;
};

}  // namespace ks
