#pragma once

// The scenario model: plain data filled by the loader (scenario/loader.h) before anything runs.
// Every node keeps the SourceLoc that declared it, so run-time failures can point at their line.
// The shape follows schemas/scenario.schema.json, the one source of truth for the file format.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

/// `{lua: name}`: a Lua function from the scenario's `lua:` modules ("fn", "module.fn") or a short
/// inline function ("function(i) return ... end"). `loc` is the YAML field that named it, so a Lua
/// error can point there.
struct LuaRef {
  std::string function;
  SourceLoc loc;
};

/// How a producer picks a record's partition.
enum class PartitionerKind {
  kCrc32,       ///< librdkafka's default `consistent_random`: CRC32(key) % n; no key -> random
  kMurmur2,     ///< the Java client's default: (murmur2(key) & 0x7fffffff) % n; no key -> random
  kRoundRobin,  ///< record i goes to partition i % n (Java's RoundRobinPartitioner)
  kRandom,      ///< librdkafka's `random`: a uniformly random partition per record
  kExplicit,    ///< every record to `PartitionerSpec::partition`
  kLua,         ///< `PartitionerSpec::lua`(key, partition count) -> partition (0-based)
};

/// The scenario format's name for a partitioner ("crc32", "murmur2", "round_robin", "random";
/// "explicit" for `{partition: N}`).
std::string_view ToString(PartitionerKind kind);

struct PartitionerSpec {
  PartitionerKind kind = PartitionerKind::kCrc32;
  int partition = -1;  ///< only for kExplicit
  LuaRef lua;          ///< only for kLua
  SourceLoc loc;
};

/// `transactional: {id, batch, abort_every}`: the producer sends in transactions of `batch`
/// records under transactional.id `id` (KIP-98), and aborts every `abort_every`-th one.
struct TransactionSpec {
  SourceLoc loc;
  std::string id;           ///< transactional.id; the producer's name when omitted
  int64_t batch = 100;      ///< records per transaction
  int64_t abort_every = 0;  ///< abort transactions number k * abort_every (1-based); 0 = never
};

/// Which Kafka client plays an actor (`client:`; docs/process-actors.md).
struct ClientSpec {
  enum class Kind {
    kLibrdkafka,  ///< the runner's own librdkafka clients (the default)
    kJava,     ///< Kafka's VerifiableProducer / VerifiableConsumer (org.apache.kafka:kafka-tools)
    kCommand,  ///< any program that speaks the verifiable clients' JSON lines on stdout
  };
  SourceLoc loc;
  Kind kind = Kind::kLibrdkafka;
  /// kCommand: argv with {placeholders} (actors/process_command.h replaces them at start).
  std::vector<std::string> command;
  /// kCommand: environment entries added to the runner's, placeholders replaced too.
  std::vector<std::pair<std::string, std::string>> env;
  int64_t startup_timeout_ms = 30000;  ///< bound on the wait for startup_complete

  /// True for java and command clients: actors that are processes of their own.
  bool is_process() const { return kind != Kind::kLibrdkafka; }
};

/// The scenario format's name of a client kind: "librdkafka", "java" or "command".
std::string_view ToString(ClientSpec::Kind kind);

/// A producer actor: `messages` records to `topic`, at `rate_per_s` (0 = as fast as possible).
struct ProducerSpec {
  SourceLoc loc;
  std::string name;
  std::string topic;
  int64_t messages = 0;
  double rate_per_s = 0;
  std::optional<KeyTemplate> key;     ///< no key: records are produced with a null key
  std::optional<LuaRef> key_lua;      ///< `key: {lua: fn}`: fn(i) -> string or nil (null key)
  int value_size = 100;               ///< bytes of seeded random payload per record
  std::optional<LuaRef> value_lua;    ///< `value: {lua: fn}`: fn(i) -> string
  std::optional<LuaRef> headers_lua;  ///< `headers: {lua: fn}`: fn(i) -> {name = value, ...}
  PartitionerSpec partitioner;
  std::optional<TransactionSpec> transactional;  ///< absent: a plain (non-transactional) producer
  std::vector<ConfigEntry> config;               ///< librdkafka producer properties
  ClientSpec client;  ///< java/command: `config` is written to a properties file for it
};

/// auto.offset.reset: where a member starts when its group has no committed offset.
enum class OffsetReset { kEarliest, kLatest };

/// When a group's members commit their offsets.
enum class CommitMode {
  kAuto,          ///< enable.auto.commit=true (librdkafka commits what was polled, every interval)
  kAfterProcess,  ///< the member commits an offset only after the record was processed
  kNever,         ///< nothing is committed: every restart starts again from offset_reset
  kLowWatermark,  ///< parallel workers: commit the offset below which every record is processed
  kHighestDone,   ///< parallel workers: commit past the highest processed offset (unsafe: a
                  ///< crash loses the records below it that were still being processed)
};

/// The scenario format's name for a commit mode ("auto", "after_process", ...).
std::string_view ToString(CommitMode mode);

/// `commit: MODE` or `commit: {mode, every, interval, async}`. For the modes that commit
/// processed offsets (after_process, low_watermark, highest_done) a member commits once `every`
/// records were processed or `interval_ms` passed since its last commit, whichever comes first,
/// plus before it gives up partitions in a rebalance and when it stops cleanly.
struct CommitSpec {
  CommitMode mode = CommitMode::kAuto;
  int64_t every = 1000;       ///< records processed between commits
  int64_t interval_ms = 100;  ///< at most this long between commits while records are processed
  bool async = false;         ///< rd_kafka_commit async: the member does not wait for the result
};

/// How long a member works on one record: fixed, or drawn per record from a distribution seeded
/// by the scenario's seed and the record's position, so every run draws the same delays.
struct DelaySpec {
  enum class Distribution { kFixed, kUniform, kExponential, kNormal };
  Distribution distribution = Distribution::kFixed;
  double fixed_ms = 0;  ///< kFixed
  double min_ms = 0;    ///< kUniform: [min_ms, max_ms]
  double max_ms = 0;
  double mean_ms = 0;    ///< kExponential (mean), kNormal (mean, truncated at 0)
  double stddev_ms = 0;  ///< kNormal
};

/// `processing:` what a member does with each record after polling it. When present, a record
/// counts as consumed by the group only once its processing succeeded (a process op in the
/// history); without it, a record is consumed when it is polled.
struct ProcessingSpec {
  SourceLoc loc;
  DelaySpec delay;
  double failure_rate = 0;  ///< probability that one processing attempt fails, in [0, 1)
  enum class OnFailure { kRetry, kSkip };
  OnFailure on_failure = OnFailure::kRetry;  ///< retry the record, or skip it (never processed)
  int workers = 1;  ///< parallel processing threads per member; 1 = on the poll thread
  /// `lua: fn`: fn(record) decides each attempt instead of delay and failure_rate: "ok",
  /// "fail", or a number of ms to spend before succeeding. record = {topic, partition, offset,
  /// key, value, headers, attempt}.
  std::optional<LuaRef> lua;
};

/// What makes a consumer group a processor (the `processors:` section): a consume-transform-
/// produce stage. Each member calls the group's processing.lua(record) for every record and
/// produces what it returns (nil, one output {topic, key, value, headers} or a list) to the `to`
/// topics with its own producer, whose records carry the identity "name/i#seq". A member commits
/// an input offset only after the outputs of the records before it were acknowledged
/// (at-least-once), or with `transactional` commits outputs and input offsets in one transaction
/// (KIP-98's consume-transform-produce: exactly-once for read_committed readers).
struct TransformSpec {
  std::vector<std::string> to;  ///< topics it may write; an output without a topic goes to to[0]
  std::vector<ConfigEntry> producer_config;  ///< librdkafka producer properties
  bool transactional = false;  ///< transactional.id "<name>-<i>", offsets sent in the transaction
};

/// A consumer group: `members` clients sharing one group.id, subscribed to `topics`.
struct GroupSpec {
  SourceLoc loc;
  std::string name;  ///< the group.id
  std::vector<std::string> topics;
  int members = 1;
  OffsetReset offset_reset = OffsetReset::kLatest;  ///< Kafka's default
  CommitSpec commit;
  std::optional<ProcessingSpec> processing;  ///< absent: a record is consumed when polled
  /// Set for a processor (declared under `processors:`, whose `from` are the topics).
  std::optional<TransformSpec> transform;
  /// `priority: true`: `topics` in priority order; a member reads a later topic only while the
  /// earlier ones have nothing waiting (it pauses the later topics' partitions meanwhile).
  bool priority = false;
  std::vector<ConfigEntry> config;  ///< librdkafka consumer properties
  ClientSpec client;  ///< java/command: `config` is written to a properties file for it
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
  std::string check;  ///< "lua" for `- lua: fn`: a custom check, `lua` names the function
  LuaRef lua;
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
    kPurged,      ///< every partition of `topic` has log start offset == high watermark
    /// Every producer has a delivery report for every record it sent. Not a scenario-file
    /// wait: the default timeline (scenario/default_timeline.h) uses it.
    kProducersFinished,
  };
  Kind kind = Kind::kDrained;
  std::string group;
  std::string producer;
  int64_t count = 0;
  int64_t within_ms = 0;
  std::string topic;  ///< kPurged
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
  enum class Kind {
    kStart,
    kStop,
    kCrash,
    kRestart,
    kProduce,
    kWait,
    kSleep,
    kSeek,
    kFault,
    kLua,
    kAddPartitions,  ///< raise `target` topic's partition count to `partitions` (real clusters)
    kRecreateTopic,  ///< delete topic `target` and create it again as declared (real clusters)
    kAlterTopic,     ///< set `topic_config` on topic `target` (real clusters)
  };
  SourceLoc loc;
  Kind kind = Kind::kStart;
  /// start/stop/crash/restart: a group or one member "group/i"; produce: a producer;
  /// add_partitions, recreate_topic, alter_topic: a topic.
  std::string target;
  int32_t partitions = 0;                 ///< add_partitions: the new total
  std::vector<ConfigEntry> topic_config;  ///< alter_topic: the configs to set
  std::optional<int64_t> messages;        ///< produce: records to send (default: the producer's)
  bool wait = false;                      ///< produce: block until every record is acknowledged
  WaitSpec wait_for;                      ///< wait
  int64_t sleep_ms = 0;                   ///< sleep
  SeekSpec seek;                          ///< seek
  FaultSpec fault;                        ///< fault
  LuaRef lua;         ///< lua: fn(ks) orchestrates with ks.produce, ks.sleep, ks.wait and ks.fault
  TriggerSpec after;  ///< `after:`; kNone = run in list order
};

/// The scenario format's name for a step's action: "start", "stop", "crash", "restart",
/// "produce", "wait", "sleep", "seek", "fault", "lua", "add_partitions", "recreate_topic" or
/// "alter_topic" (the key that starts the step).
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
  std::string title;   ///< one line; `name` when the file has none
  std::string lesson;  ///< Markdown; empty when the file has none
  std::vector<std::string> tags;
  std::vector<std::string> requires_;  ///< capabilities the target must have (`requires`)
  uint64_t seed = 1;
  int64_t timeout_ms = 60000;  ///< bound on the whole scenario
  ClusterSpec cluster;
  std::vector<TopicSpec> topics;
  std::vector<ProducerSpec> producers;
  std::vector<GroupSpec> groups;  ///< consumer groups, then processors (GroupSpec::transform)
  /// `lua:` module files as written (relative to the scenario's folder, then the project's lua/
  /// folder), each with the line that named it.
  std::vector<std::pair<std::string, SourceLoc>> lua_modules;
  std::vector<StepSpec> steps;  ///< empty: the default timeline (run/scenario_runner.h)
  std::vector<ExpectSpec> expect;

  /// The topic declared as `name`, or nullptr. Names are unique in a loaded scenario.
  const TopicSpec* FindTopic(const std::string& name) const;
  /// The consumer group whose group.id is `name`, or nullptr.
  const GroupSpec* FindGroup(const std::string& name) const;
  /// The producer named `name`, or nullptr.
  const ProducerSpec* FindProducer(const std::string& name) const;
};

/// Records a scenario's producers send as written, and their value bytes (records x
/// `value_size`).
struct DeclaredSends {
  int64_t records = 0;
  uint64_t payload_bytes = 0;
};

/// What `s` sends as written: each produce step's `messages` (or its producer's), or, without
/// steps, each producer's `messages` once (the default timeline). Steps naming no producer and
/// negative counts add nothing. The sum that loading bounds by limits::kMaxRecords and
/// kMaxPayloadBytes (scenario/size_limits.cc); lua steps' ks.produce sends on top of it, within
/// what those limits leave (run/lua_step.h).
DeclaredSends SendsAsWritten(const Scenario& s);

/// SendsAsWritten per producer: the records each of `s.producers` sends as written (same
/// index), its produce steps' `messages` summed, or without steps its own `messages`.
std::vector<int64_t> SendsByProducer(const Scenario& s);

}  // namespace ks
