#pragma once

// The scenario model: plain data filled by the loader (scenario/loader.h) before anything runs.
// Every node keeps the SourceLoc that declared it, so run-time failures can point at their line.
// The shape follows schemas/scenario.schema.json, the one source of truth for the file format.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diag/source_loc.h"
#include "scenario/key_template.h"

namespace ks {

/// One client property passed through to librdkafka unchanged (CONFIGURATION.md names).
struct ConfigEntry {
  std::string key;
  std::string value;
  SourceLoc loc;
};

/// A topic the runner creates before any client starts.
struct TopicSpec {
  SourceLoc loc;
  std::string name;
  int partitions = 1;
  int replication_factor = 1;
  std::vector<ConfigEntry> config;  ///< topic configs, e.g. cleanup.policy
};

/// How a producer picks a record's partition.
enum class PartitionerKind {
  kCrc32,       ///< librdkafka's default `consistent_random`: CRC32(key) % n; no key -> random
  kMurmur2,     ///< the Java client's default: (murmur2(key) & 0x7fffffff) % n; no key -> random
  kRoundRobin,  ///< record i goes to partition i % n (Java's RoundRobinPartitioner)
  kRandom,      ///< librdkafka's `random`: a uniformly random partition per record
  kExplicit,    ///< every record to `PartitionerSpec::partition`
};

/// The scenario format's name for a partitioner ("crc32", "murmur2", "round_robin", "random";
/// "explicit" for `{partition: N}`).
std::string_view ToString(PartitionerKind kind);

struct PartitionerSpec {
  PartitionerKind kind = PartitionerKind::kCrc32;
  int partition = -1;  ///< only for kExplicit
  SourceLoc loc;
};

/// A producer actor: `messages` records to `topic`, at `rate_per_s` (0 = as fast as possible).
struct ProducerSpec {
  SourceLoc loc;
  std::string name;
  std::string topic;
  int64_t messages = 0;
  double rate_per_s = 0;
  std::optional<KeyTemplate> key;  ///< no key: records are produced with a null key
  int value_size = 100;            ///< bytes of seeded random payload per record
  PartitionerSpec partitioner;
  std::vector<ConfigEntry> config;  ///< librdkafka producer properties
};

/// auto.offset.reset: where a member starts when its group has no committed offset.
enum class OffsetReset { kEarliest, kLatest };

/// When a group's members commit their offsets.
enum class CommitMode {
  kAuto,          ///< enable.auto.commit=true (librdkafka commits what was polled, every interval)
  kAfterProcess,  ///< the member commits an offset only after the record was processed
};

/// A consumer group: `members` clients sharing one group.id, subscribed to `topics`.
struct GroupSpec {
  SourceLoc loc;
  std::string name;  ///< the group.id
  std::vector<std::string> topics;
  int members = 1;
  OffsetReset offset_reset = OffsetReset::kLatest;  ///< Kafka's default
  CommitMode commit = CommitMode::kAuto;
  std::vector<ConfigEntry> config;  ///< librdkafka consumer properties
};

/// A bound on one figure of a check: `min <= figure <= max` (equals sets both).
struct FigureBound {
  std::string figure;  ///< empty: the check's main figure
  std::optional<double> min;
  std::optional<double> max;
  SourceLoc loc;
};

/// One entry of `expect`: a check name as written (`no_loss`, `duplicates`, ...), its scope
/// (`group`, `topic`, `producer`, `member`) and the bounds on its figures.
struct ExpectSpec {
  SourceLoc loc;
  std::string check;
  std::map<std::string, std::string> scope;
  std::vector<FigureBound> bounds;
};

/// The embedded cluster's shape; a real cluster ignores it.
struct ClusterSpec {
  int brokers = 1;
  SourceLoc loc;
};

/// A whole scenario file after loading and validation.
struct Scenario {
  std::string path;    ///< as given on the command line
  std::string source;  ///< the file's text, for diagnostics at run time
  SourceLoc loc;
  std::string name;
  std::string title;
  std::string lesson;
  std::vector<std::string> tags;
  std::vector<std::string> requires_;  ///< capabilities the target must have (`requires`)
  uint64_t seed = 1;
  int64_t timeout_ms = 60000;  ///< bound on the whole scenario
  ClusterSpec cluster;
  std::vector<TopicSpec> topics;
  std::vector<ProducerSpec> producers;
  std::vector<GroupSpec> groups;
  std::vector<ExpectSpec> expect;

  /// The topic declared as `name`, or nullptr. Names are unique in a loaded scenario.
  const TopicSpec* FindTopic(const std::string& name) const;
  /// The consumer group whose group.id is `name`, or nullptr.
  const GroupSpec* FindGroup(const std::string& name) const;
  /// The producer named `name`, or nullptr.
  const ProducerSpec* FindProducer(const std::string& name) const;
};

}  // namespace ks
