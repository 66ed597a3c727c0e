#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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

}  // namespace ks
