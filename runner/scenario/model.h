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
  kNever,         ///< nothing is committed: every restart starts again from offset_reset
};

/// A consumer group: `members` clients sharing one group.id, subscribed to `topics`.
struct GroupSpec {
  SourceLoc loc;
  std::string name;  ///< the group.id
  std::vector<std::string> topics;
  int members = 1;
  OffsetReset offset_reset = OffsetReset::kLatest;  ///< Kafka's default
  CommitMode commit = CommitMode::kAuto;
  /// `processing: {delay: 5ms}`: how long a member works on each record before it polls the
  /// next one (a slow consumer); 0 = no processing time.
  int64_t processing_delay_ms = 0;
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

/// A condition a `wait` step waits for, each bounded by `within_ms`.
struct WaitSpec {
  enum class Kind {
    kConsumed,    ///< `group` has consumed at least `count` distinct records
    kDrained,     ///< `group` has read up to every partition's acknowledged high watermark
    kAssigned,    ///< every live member of `group` has an assignment (possibly empty) and
                  ///< together they own every partition exactly once
    kRebalanced,  ///< kAssigned, reached through a rebalance that started after the step began
    kAcked,       ///< `producer` has had at least `count` records acknowledged
    kLagAtMost,   ///< `group`'s lag (acknowledged offsets not yet consumed) is at most `count`
  };
  Kind kind = Kind::kDrained;
  std::string group;
  std::string producer;
  int64_t count = 0;
  int64_t within_ms = 0;
};

/// Where a `seek` step moves a group's (or one member's) position: Kafka's seek / replay.
struct SeekSpec {
  enum class To { kBeginning, kEnd, kOffset, kTimestamp };
  std::string target;  ///< "group" or "group/i"
  To to = To::kBeginning;
  int64_t value = 0;  ///< the offset, or the timestamp in ms since the epoch
};

/// A fault injected into the cluster.
struct FaultSpec {
  enum class Kind {
    kBrokerDown,     ///< `broker` stops answering; its partitions' leadership moves away
    kBrokerUp,       ///< `broker` answers again
    kLeader,         ///< `topic`[`partition`]'s leader becomes `broker`
    kRequestErrors,  ///< the next `count` requests of `api` fail with `errors` (in turn)
    kRtt,            ///< `broker` answers `ms` late
  };
  Kind kind = Kind::kBrokerDown;
  int32_t broker = 0;
  std::string topic;
  int32_t partition = 0;
  std::string api;                  ///< Kafka API name, e.g. Produce, Fetch, OffsetCommit
  std::vector<std::string> errors;  ///< Kafka error names, e.g. NOT_LEADER_OR_FOLLOWER
  int32_t count = 0;
  int64_t ms = 0;
  int64_t for_ms = 0;  ///< undo the fault after this long (0: it stays)
};

/// What makes a step start instead of its place in the list: an event in the stream, so a fault
/// hits the same point of the stream in every run.
struct TriggerSpec {
  enum class Kind { kNone, kAcked, kConsumed };
  Kind kind = Kind::kNone;
  int64_t count = 0;
  std::string producer;  ///< for kAcked
  std::string group;     ///< for kConsumed
};

/// One step of the timeline.
struct StepSpec {
  enum class Kind { kStart, kStop, kCrash, kRestart, kProduce, kWait, kSleep, kSeek, kFault };
  SourceLoc loc;
  Kind kind = Kind::kStart;
  /// start/stop/crash/restart: a group or one member "group/i"; produce: a producer.
  std::string target;
  std::optional<int64_t> messages;  ///< produce: records to send (default: the producer's)
  bool wait = false;                ///< produce: block until every record is acknowledged
  WaitSpec wait_for;                ///< wait
  int64_t sleep_ms = 0;             ///< sleep
  SeekSpec seek;                    ///< seek
  FaultSpec fault;                  ///< fault
  TriggerSpec after;                ///< `after:`; kNone = run in list order
};

/// The scenario format's name for a step's action: "start", "stop", "crash", "restart",
/// "produce", "wait", "sleep", "seek" or "fault" (the key that starts the step).
std::string_view ToString(StepSpec::Kind kind);

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
  std::vector<StepSpec> steps;  ///< empty: the default timeline (run/scenario_runner.h)
  std::vector<ExpectSpec> expect;

  /// The topic declared as `name`, or nullptr. Names are unique in a loaded scenario.
  const TopicSpec* FindTopic(const std::string& name) const;
  /// The consumer group whose group.id is `name`, or nullptr.
  const GroupSpec* FindGroup(const std::string& name) const;
  /// The producer named `name`, or nullptr.
  const ProducerSpec* FindProducer(const std::string& name) const;
};

}  // namespace ks
