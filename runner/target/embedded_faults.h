#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <optional>
#include <string>

namespace ks {

/// The Kafka ApiKey of an API name ("Produce" -> 0, "OffsetCommit" -> 8, ...), for the APIs the
/// embedded cluster implements (librdkafka 2.0.2's mock: 17 APIs). rdkafka_mock.h takes ApiKeys
/// but the public headers do not define them; the numbers are Kafka's protocol constants.
std::optional<int16_t> ApiKeyOf(const std::string& api);

/// librdkafka's error code for a Kafka error name ("NOT_LEADER_OR_FOLLOWER", "REQUEST_TIMED_OUT"),
/// from rd_kafka_get_err_descs(); NOT_LEADER_OR_FOLLOWER is Kafka's newer name for
/// NOT_LEADER_FOR_PARTITION.
std::optional<rd_kafka_resp_err_t> ErrorCodeOf(const std::string& name);

}  // namespace ks
