#pragma once

#include <cstdint>
#include <string_view>

namespace ks {

/// The partition librdkafka's `consistent` partitioner gives `key` among `partition_count`
/// partitions: CRC32(key) % partition_count. This is librdkafka's default for keyed records
/// (`partitioner=consistent_random`, CONFIGURATION.md). Computed by librdkafka's own exported
/// rd_kafka_msg_partitioner_consistent(), so it can never drift from the client.
/// Requires partition_count >= 1.
int32_t Crc32Partition(std::string_view key, int32_t partition_count);

/// The partition the Java client's default partitioner gives `key`:
/// (murmur2(key) & 0x7fffffff) % partition_count (Kafka's Utils.murmur2 and
/// BuiltInPartitioner.partitionForKey; librdkafka's `murmur2_random`).
/// Computed by librdkafka's exported rd_kafka_msg_partitioner_murmur2().
/// Requires partition_count >= 1.
int32_t Murmur2Partition(std::string_view key, int32_t partition_count);

}  // namespace ks
