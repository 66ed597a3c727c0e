#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "history/op.h"

namespace ks {

/// The record header that carries a record's identity: the producer's name and its sequence
/// number, as "<producer>#<seq>" (e.g. "order-service#17"). Every check tells records apart by it,
/// as Jepsen's unique values and librdkafka's test msgid do.
inline constexpr std::string_view kIdentityHeader = "ks.id";

/// Writes "<producer>#<seq>" into `out` (replacing its contents) without allocating when `out`
/// already has the capacity.
void FormatIdentity(std::string_view producer, uint64_t seq, std::string* out);

/// Splits a header value at its last '#'. Returns false for a value that is not
/// "<name>#<decimal seq>".
bool ParseIdentity(std::string_view value, std::string_view* producer, uint64_t* seq);

/// A new header list for a produced record: the identity header, then `extra` in order. The
/// caller passes it to produce (which takes ownership on success) or destroys it.
rd_kafka_headers_t* RecordHeaders(const std::string& identity,
                                  const std::vector<std::pair<std::string, std::string>>& extra);

/// A delivery report's outcome in Jepsen's terms (rd_kafka_message_status): PERSISTED -> ok,
/// POSSIBLY_PERSISTED -> info (may be in the log), NOT_PERSISTED -> fail (certainly not).
OpType DeliveryType(const rd_kafka_message_t* msg);

}  // namespace ks
