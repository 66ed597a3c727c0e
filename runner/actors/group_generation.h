#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>

namespace ks {

/// The consumer group generation id a member is in, or -1 when it cannot be told.
///
/// librdkafka 2.0.2 has no getter for it: the generation is only inside the opaque
/// rd_kafka_consumer_group_metadata_t (for send_offsets_to_transaction). Its serialized form
/// (rd_kafka_consumer_group_metadata_write) holds the id at a fixed place; that place is found
/// once by writing metadata made with a known generation (..._new_with_genid), so nothing here
/// assumes librdkafka's layout. Call from the thread that polls `rk`.
int32_t CurrentGeneration(rd_kafka_t* rk);

}  // namespace ks
