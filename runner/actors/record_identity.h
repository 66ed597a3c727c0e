#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "history/op.h"

namespace ks {

/// The record header that carries a record's identity: the producer's name, its sequence number
/// and the id of the run that wrote it (Target::run_id()), as "<producer>#<seq>@<run id>" (e.g.
/// "order-service#17@18c2f9a1b2c3d-0"). Every check tells records apart by it, as Jepsen's unique
/// values and librdkafka's test msgid do. The run id keeps identities unique across runs: a topic
/// used again (`--existing-topics`) still holds earlier runs' records, with the same
/// "<producer>#<seq>".
inline constexpr std::string_view kIdentityHeader = "ks.id";

/// Writes "<producer>#<seq>@<run_id>" into `out` (replacing its contents) without allocating when
/// `out` already has the capacity. `run_id` must not contain '@' (run ids never do).
void FormatIdentity(std::string_view producer, uint64_t seq, std::string_view run_id,
                    std::string* out);

/// Reads a header value that FormatIdentity wrote for run `run_id`: splits it at its last '@',
/// then the part before at its last '#'. Returns false, leaving `producer` and `seq` unspecified,
/// for a value that is not "<name>#<decimal seq>@<run id>" and for one written by another run
/// (another run id, or none: versions before run ids wrote "<producer>#<seq>"). A record with
/// such a value, or a seq above kMaxOpSeq (no actor of a run sends more), is not this run's: it is
/// recorded as a foreign record, which every check ignores.
bool ParseIdentity(std::string_view value, std::string_view run_id, std::string_view* producer,
                   uint64_t* seq);

/// A new header list for a produced record: the identity header, then `extra` in order. The
/// caller passes it to produce (which takes ownership on success) or destroys it.
rd_kafka_headers_t* RecordHeaders(const std::string& identity,
                                  const std::vector<std::pair<std::string, std::string>>& extra);

/// A delivery report's outcome in Jepsen's terms (rd_kafka_message_status): PERSISTED -> ok,
/// POSSIBLY_PERSISTED -> info (may be in the log), NOT_PERSISTED -> fail (certainly not).
OpType DeliveryType(const rd_kafka_message_t* msg);

}  // namespace ks
