#pragma once

// Every limit on what kafka-scenario reads, in one place: bad or hostile input is refused with a
// diagnostic (exit 2) before it can crash a library, hang a run or exhaust memory. Each limit is
// far above anything a real scenario, target file or history needs (the bundled lessons are
// under 5 KB, 6 levels deep and 210 YAML nodes) and sized so that the worst input within all of
// them still fits a 24 GiB machine and the embedded cluster (librdkafka's mock cluster).
// The README's "Limits" section lists them for users; keep the two in step.

#include <cstdint>

namespace ks::limits {

inline constexpr uint64_t kKiB = 1024;
inline constexpr uint64_t kMiB = 1024 * kKiB;
inline constexpr uint64_t kGiB = 1024 * kMiB;

// ---- YAML files (scenarios and target files) -------------------------------------------------

/// Bytes in a scenario or target file. yaml-cpp's node tree costs about 6.5 bytes of memory per
/// byte of text and loads about 4 MB/s (a 100 MB file took 23 s and 640 MB to validate); 4 MiB
/// is ~26 MB and one second, and 800 times the largest lesson.
inline constexpr uint64_t kMaxYamlFileBytes = 4 * kMiB;

/// Nesting of maps and lists. yaml-cpp refuses deeper documents only with "bad file" (its own
/// recursion guard), and the converter and schema validator recurse once per level; a scenario
/// needs about 6.
inline constexpr int kMaxYamlDepth = 64;

/// Nodes (maps, lists, scalars; keys included) after aliases are expanded: each costs a source-map
/// entry of about 300 bytes besides the JSON value. Counting expanded nodes is what stops an
/// alias expansion bomb (a few lines of nested anchors that expand to billions of nodes).
inline constexpr uint64_t kMaxYamlNodes = 100'000;

/// Bytes of one scalar: the longest texts are `lesson:` and inline Lua, a few KB.
inline constexpr uint64_t kMaxYamlScalarBytes = 1 * kMiB;

/// Bytes of all scalars together after aliases are expanded: an alias of a 1 MiB scalar repeated
/// 100,000 times stays within the node count but would need 100 GB.
inline constexpr uint64_t kMaxYamlExpandedBytes = 16 * kMiB;

/// Characters of a string that the schema checks with a `pattern` (names, durations, rates,
/// topic and group names). valijson 1.0 matches patterns with std::regex, whose matcher recurses
/// once or more per character: 30,000 characters overflow an 8 MiB stack. 1,024 characters need
/// under 300 KiB of stack, and Kafka topic names stop at 249.
inline constexpr uint64_t kMaxPatternInputBytes = 1024;

// ---- what a scenario asks the cluster for ----------------------------------------------------

/// Partitions of all topics together (declared, or raised by add_partitions steps). The embedded
/// cluster builds every partition's log and leader up front and walks them all on each metadata
/// and group request: 10,000 partitions (1,000 records, one member) ran in 16 s and 72 MB;
/// 20,000 did not finish in 240 s, and 100,000 hung at 714 MB. A real cluster is advised to keep
/// under ~4,000 per broker.
inline constexpr int64_t kMaxPartitions = 10'000;

/// Kafka clients a scenario starts at once: group members, producers and processors' producers.
/// Each librdkafka client has a thread per broker plus two, and a consumer buffers up to 64 MiB
/// (queued.max.messages.kbytes); 256 clients stay within 16 GiB and 5,000 threads.
inline constexpr int64_t kMaxClients = 256;

/// Records all producers send (their `messages`, or the produce steps'). 10M, so that a run of
/// 10M records fits in 2 GB against a cluster outside the process (#18): measured 1,125 MiB, 118
/// bytes a record (three ops of 32 bytes, judging, the clients' buffers); on the embedded
/// cluster, whose copy of every record is in the process too, 2,458 MiB (bench/README.md,
/// "Memory of a 3M- and a 10M-record run", bench/throughput-10m.yaml).
inline constexpr int64_t kMaxRecords = 10'000'000;

/// Payload bytes all producers send (records x value size): the embedded cluster keeps every
/// record in memory for the whole run.
inline constexpr uint64_t kMaxPayloadBytes = 4 * kGiB;

// ---- other files ---------------------------------------------------------------------------

/// Bytes of one history line (JSON Lines): an op is ~170 bytes; the longest is a record key
/// written as hex, and a key is at most ~1 MB (Kafka's message.max.bytes). Not a bound on what
/// a run writes: a key byte costs up to 6 (a control character is written as a JSON escape, a
/// backslash, u and 4 hex digits), so a key of 700,000 such bytes, within message.max.bytes,
/// makes a line of 4,200,107 bytes (measured with SaveHistoryJsonl; the reader refuses it).
inline constexpr uint64_t kMaxHistoryLineBytes = 4 * kMiB;

/// Bytes of a history file. Not a bound on what a run within kMaxRecords writes: no such bound
/// follows from the limits above. The ops of a record grow with the groups that read it (a
/// poll, process attempts and commits each) and with every re-delivery (seek, crash,
/// rebalance), and a line's length with its names (up to 249 bytes each) and its key. Measured
/// with SaveHistoryJsonl (249-byte names, 19-digit numbers, no key): a record's send invoke and
/// completion take 956 and 952 bytes, a poll 1,220, a commit 917; so 10,000,000 records read by
/// one group write 31.3 GB, 40.5 GB if it commits each. What the limit does bound is the
/// reader's memory: 1.9 to 3.2 bytes per byte of file (measured with ops of 56 bytes, 24 more
/// than now: 92 bytes per op for the shortest lines, 49 bytes; 372 per op when every line adds
/// a new key, topic and producer, which kMaxHistoryIds now stops at 65,535 lines), about 15
/// to 26 GiB for a file of this size.
inline constexpr uint64_t kMaxHistoryFileBytes = 8 * kGiB;

/// Actors, topics and producers one history file names, each table on its own (a topic's count is
/// its header's and its ops' together): an op holds each id in 16 bits (history/op.h, OpId), and
/// a run names at most kMaxPartitions topics and kMaxClients producers and members.
inline constexpr uint32_t kMaxHistoryIds = 65'535;

/// Bytes of a JSON report read by `compare`: ~1 KB per scenario and check.
inline constexpr uint64_t kMaxReportFileBytes = 256 * kMiB;

/// Bytes of a client properties file (--client-config): a Kafka client.properties is a few
/// hundred bytes; a PEM certificate inline, a few KB.
inline constexpr uint64_t kMaxPropertiesFileBytes = 1 * kMiB;

// ---- where results are written -----------------------------------------------------------------

/// Free bytes the disk of --history, --junit or --json must have before a run starts, so that a
/// full disk is reported at once rather than after the whole run.
inline constexpr uint64_t kMinFreeOutputBytes = 1 * kMiB;

}  // namespace ks::limits
