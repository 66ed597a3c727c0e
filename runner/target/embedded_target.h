#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "target/rdkafka_handles.h"
#include "target/target.h"

namespace ks {

/// The embedded cluster: librdkafka's mock cluster (rdkafka_mock.h), real Kafka protocol on
/// loopback, in this process. Each instance owns one cluster with `cluster.brokers` brokers.
///
/// What it cannot show, measured on librdkafka 2.0.2 (embedded-cluster-facts.md): read_committed
/// isolation (no transaction markers: capability "read_committed" only from librdkafka 2.15,
/// detected at run time), compaction, retention, adding partitions, deleting topics,
/// broker-side de-duplication for idempotent (non-transactional) producers. Each mock partition
/// keeps at most 5 MiB or 100,000 batches and silently drops the oldest: CannotRun() refuses a
/// scenario that could exceed that, and the runner checks log start offsets after the run.
class EmbeddedTarget : public Target {
 public:
  /// `run_id` is Target::run_id(): each cluster is new, so only its records' identities use it.
  /// `client`: properties for every client (`-X`, `--client-config`), set after this target's
  /// own defaults (ClientDefaults), before the scenario's.
  explicit EmbeddedTarget(std::string run_id = ScenarioRunId(NewRunPrefix(), 0),
                          std::vector<ConfigEntry> client = {});
  ~EmbeddedTarget() override;

  /// The first librdkafka version (rd_kafka_version() encoding, 0xMMmmrrpp) whose mock writes
  /// transaction markers (EndTxn) and filters aborted records out of read_committed fetches.
  static constexpr int kReadCommittedVersion = 0x020f0000;  // 2.15.0
  /// The capabilities of the mock of librdkafka `librdkafka_version` (as rd_kafka_version()
  /// returns it): "transactions" always (the mock coordinates transactions: InitProducerId,
  /// AddPartitionsToTxn, EndTxn), "read_committed" from kReadCommittedVersion on.
  static std::set<std::string> DetectCapabilities(int librdkafka_version);

  std::string name() const override { return "embedded"; }
  const std::string& run_id() const override { return run_id_; }
  const std::set<std::string>& capabilities() const override { return capabilities_; }
  std::string CannotRun(const Scenario& scenario) const override;
  Status Setup(const Scenario& scenario) override;
  std::string bootstrap_servers() const override { return bootstraps_; }
  std::vector<ConfigEntry> ClientDefaults(ClientRole role) const override;
  bool drops_old_records() const override { return true; }
  /// Faults through rdkafka_mock.h. The mock does not fail over by itself: when a broker goes
  /// down, the runner moves leadership of its partitions to the next broker that is up, as
  /// Kafka's controller would elect a new leader from the ISR, and moves the group coordinators
  /// it hosted likewise (a real cluster elects a new leader for their __consumer_offsets
  /// partition). The mock's replicas share one log,
  /// so no failover here can lose acknowledged records (an unclean election cannot be shown).
  Status InjectFault(const FaultSpec& fault) override;
  Status UndoFault(const FaultSpec& fault) override;
  Status QueryOffsets(const Scenario& scenario, int timeout_ms,
                      std::vector<PartitionOffsets>* out) override;

  /// The mock's per-partition limits in librdkafka 2.0.2 (rd_kafka_mock_partition_init):
  /// bytes and batches kept before the oldest are dropped.
  static constexpr int64_t kPartitionMaxBytes = 5 * 1024 * 1024;
  static constexpr int64_t kPartitionMaxBatches = 100000;

  /// A conservative estimate of the bytes one record of `producer` takes in the mock's log:
  /// value, key, identity header (which holds the run id) and record overhead.
  int64_t EstimatedRecordBytes(const ProducerSpec& producer) const;

 private:
  /// Why the fullest partition of a topic of `s` could pass kPartitionMaxBytes or
  /// kPartitionMaxBatches, or "" when none could.
  std::string FullestPartition(const Scenario& s) const;
  Status PinLeaders(const Scenario& scenario);
  Status SetLeader(const std::string& topic, int32_t partition, int32_t broker);
  Status BrokerDown(int32_t broker);
  Status SetCoordinator(const std::string& group, int32_t broker);

  std::string run_id_;
  std::vector<ConfigEntry> client_;
  std::set<std::string> capabilities_;
  KafkaPtr handle_;  // the client the mock cluster hangs off; destroyed after the cluster
  MockClusterPtr cluster_;
  std::string bootstraps_;
  int brokers_ = 0;
  std::map<std::pair<std::string, int32_t>, int32_t> leaders_;  // (topic, partition) -> broker
  /// (topic, partition) -> the brokers that hold a copy, preferred leader first: only these can
  /// take over when the leader goes down (Kafka elects leaders from the ISR).
  std::map<std::pair<std::string, int32_t>, std::vector<int32_t>> replicas_;
  std::map<std::pair<std::string, int32_t>, int32_t> leaders_before_;  // for undoing `leader`
  std::set<int32_t> down_;
  std::map<std::string, int32_t> coordinators_;  // group id -> its coordinator broker
};

}  // namespace ks
