#include "actors/seek_partitions.h"

#include <string>

namespace ks {

Status SeekPartitions(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions, int wait_ms) {
  const int argument = rd_kafka_version() < 0x020100ff ? wait_ms * 1000 : wait_ms;
  rd_kafka_error_t* error = rd_kafka_seek_partitions(rk, partitions, argument);
  if (error == nullptr) return Status::Ok();
  const std::string message = rd_kafka_error_string(error);
  rd_kafka_error_destroy(error);
  return Status::Error(message);
}

}  // namespace ks
