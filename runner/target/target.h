#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "diag/status.h"
#include "scenario/model.h"

namespace ks {

/// The kind of client a property set is for.
enum class ClientRole { kProducer, kConsumer, kAdmin };

/// A partition's offsets as the cluster reports them.
struct PartitionOffsets {
  std::string topic;  ///< the logical (scenario) name
  int32_t partition = 0;
  int64_t log_start = -1;       ///< the earliest offset still in the log
  int64_t high_watermark = -1;  ///< the next offset to be written
};

/// Where a scenario runs: a cluster the runner can create topics on and point clients at.
/// Implementations: EmbeddedTarget (librdkafka's mock cluster, in process).
class Target {
 public:
  virtual ~Target() = default;

  /// A short name for messages: "embedded", "external".
  virtual std::string name() const = 0;

  /// The id of this scenario run (ScenarioRunId), unique among runs: a real cluster names the
  /// run's topics and groups with it, and every record the run produces carries it in its identity
  /// (kIdentityHeader), so that records an earlier run left in a topic are not taken for this
  /// run's. Fixed at construction.
  virtual const std::string& run_id() const = 0;

  /// The capabilities (scenario `requires` vocabulary) this target has.
  virtual const std::set<std::string>& capabilities() const = 0;

  /// Why this target cannot run `scenario` (a capability it lacks, a size beyond what it can hold),
  /// or an empty string when it can. Called before any client is created.
  virtual std::string CannotRun(const Scenario& scenario) const = 0;

  /// Brings up the cluster (if the target owns one) and creates the scenario's topics. Errors say
  /// what could not be set up.
  virtual Status Setup(const Scenario& scenario) = 0;

  /// "host:port,..." for clients, valid after Setup().
  virtual std::string bootstrap_servers() const = 0;

  /// The name a scenario topic has on this cluster (a real cluster prefixes it per run).
  virtual std::string TopicName(const std::string& logical) const { return logical; }

  /// The group.id a scenario's consumer group uses on this cluster (a real cluster prefixes it per
  /// run, so no run resumes from another run's committed offsets).
  virtual std::string GroupId(const std::string& logical) const { return logical; }

  /// The transactional.id a scenario's `logical` id uses on this cluster (a real cluster prefixes
  /// it per run like groups: two runs sharing a cluster, or --jobs, never fence each other's
  /// producers, KIP-98, nor wait out a transaction another run left open).
  virtual std::string TransactionalId(const std::string& logical) const { return logical; }

  /// Raises scenario topic `topic`'s partition count to `total` (add_partitions step).
  virtual Status AddPartitions(const std::string& topic, int total);

  /// Deletes `topic` and creates it again as declared (recreate_topic step).
  virtual Status RecreateTopic(const TopicSpec& topic);

  /// Sets `configs` on scenario topic `topic`, other configs keeping their values
  /// (alter_topic step).
  virtual Status AlterTopic(const std::string& topic, const std::vector<ConfigEntry>& configs);

  /// Properties this target sets on every client of `role` before the scenario's own
  /// (which override them), e.g. the embedded cluster's fast group timings.
  virtual std::vector<ConfigEntry> ClientDefaults(ClientRole role) const = 0;

  /// True when the cluster drops a partition's oldest records on its own, beyond any topic
  /// config (the embedded cluster's fixed per-partition cap): a log start offset above 0 after a
  /// run then means the run cannot be judged.
  virtual bool drops_old_records() const { return false; }

  /// Injects `fault` (broker down or up, a partition's leader, request errors, response delay).
  /// Errors say why the fault cannot be made on this target.
  virtual Status InjectFault(const FaultSpec& fault) = 0;

  /// Undoes a fault injected with `for:`: a broker back up, the delay back to 0, the leader back.
  virtual Status UndoFault(const FaultSpec& fault) = 0;

  /// The log start offset and high watermark of every partition of the scenario's topics, all
  /// of them read within `timeout_ms`.
  virtual Status QueryOffsets(const Scenario& scenario, int timeout_ms,
                              std::vector<PartitionOffsets>* out) = 0;
};

/// A fresh run id prefix: the wall-clock time in milliseconds since the Unix epoch, then 16
/// random bits, both in lowercase hex (e.g. "18c2f9a1b2c3d7f0a"). The random bits keep apart two
/// invocations that start in the same millisecond (CI jobs sharing a cluster).
std::string NewRunPrefix();

/// "<prefix>-<index>": the run id of scenario `index` of the invocation whose prefix is `prefix`
/// (NewRunPrefix), so one invocation's topics share a prefix. Never contains '@' or '#', which
/// record identities use as separators, nor anything a topic name cannot hold.
std::string ScenarioRunId(std::string_view prefix, size_t index);

}  // namespace ks
