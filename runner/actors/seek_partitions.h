#pragma once

#include <librdkafka/rdkafka.h>

#include "diag/status.h"

namespace ks {

/// How long a seek waits for librdkafka to apply it: a local operation (its fetcher threads
/// acknowledge the new positions), not a request to the cluster.
inline constexpr int kSeekWaitMs = 5000;

/// Moves a consumer's positions to the offsets of `partitions` (rd_kafka_seek_partitions) and
/// waits up to `wait_ms` for each partition still pending. Before librdkafka 2.1.0 that function
/// waited the given number of microseconds, not milliseconds (confluentinc/librdkafka#4230): 5,000
/// was 5 ms, and on a busy machine a seek that did happen "timed out" (lesson 019 failed 1 run in
/// 20). The argument is scaled by rd_kafka_version(). Errors: librdkafka's (e.g. a timeout); a
/// partition's own error is left in its `.err`.
Status SeekPartitions(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions,
                      int wait_ms = kSeekWaitMs);

}  // namespace ks
