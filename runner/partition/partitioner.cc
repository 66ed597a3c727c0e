#include "partition/partitioner.h"

#include <librdkafka/rdkafka.h>

namespace ks {

// Neither partitioner reads its topic handle (librdkafka src/rdkafka_msg.c), so a null one is safe:
// only the *_random variants, used for null keys, touch it.
int32_t Crc32Partition(std::string_view key, int32_t partition_count) {
  return rd_kafka_msg_partitioner_consistent(nullptr, key.data(), key.size(), partition_count,
                                             nullptr, nullptr);
}

int32_t Murmur2Partition(std::string_view key, int32_t partition_count) {
  return rd_kafka_msg_partitioner_murmur2(nullptr, key.data(), key.size(), partition_count, nullptr,
                                          nullptr);
}

}  // namespace ks
