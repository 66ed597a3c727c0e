#pragma once

// Why a client delivered nothing: librdkafka reports a failed TLS handshake, a refused SASL
// login or an unreachable cluster only through its error callback (rd_kafka_conf_set_error_cb),
// while the records themselves just time out ("Local: Message timed out"). Each actor collects
// what its clients reported there, so that the run can say why.

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "history/client_error.h"

namespace ks {

/// ClientError::error of the entry that counts an actor's reports of further kinds once
/// ClientErrors::kMaxKinds are kept.
inline constexpr std::string_view kOtherClientErrors = "(other kinds)";

/// An error callback's reason split into the broker it names and the rest, with librdkafka's
/// variable suffix dropped, so that repeats of one failure compare equal.
struct ClientErrorReason {
  /// The leading broker name and ": " (rd_kafka_broker_set_error writes "<broker name>:
  /// <error>"), without the ": ": "ssl://127.0.0.1:9093/bootstrap", "127.0.0.1:9092/2", or a
  /// logical broker with its address, "GroupCoordinator: 127.0.0.1:9092". "" when the reason
  /// starts with no broker name ("3/3 brokers are down").
  std::string broker;
  /// The rest, without a trailing " (after 12ms in state SSL_HANDSHAKE[, N identical error(s)
  /// suppressed])": librdkafka appends that to every broker error and it differs every time.
  std::string text;
};

/// Splits and normalises an error callback's `reason` (see ClientErrorReason).
ClientErrorReason SplitClientErrorReason(std::string_view reason);

/// The errors one actor's clients reported, each kind once with a count. At most kMaxKinds
/// kinds are kept; reports of further kinds are only counted (under kOtherClientErrors), so a
/// client that fails in ever new words cannot grow the run's memory. Thread-safe: librdkafka
/// calls the error callback from whichever thread serves the client's queue (rd_kafka_poll,
/// rd_kafka_consumer_poll, rd_kafka_flush), and a processor's member has two clients.
class ClientErrors {
 public:
  /// Kinds kept per actor.
  static constexpr size_t kMaxKinds = 8;

  /// Counts one report: `error` as rd_kafka_err2name names it, `reason` as the callback gave it.
  /// A report equal to a kept kind after SplitClientErrorReason (same error, text and
  /// fatality, from any broker) adds to that kind's count.
  void Add(std::string_view error, std::string_view reason, bool fatal = false);

  /// What an actor's error callback calls (rd_kafka_conf_set_error_cb: `err` and `reason` as
  /// given). For RD_KAFKA_RESP_ERR__FATAL it asks rd_kafka_fatal_error(rk) for the underlying
  /// error, as librdkafka's documentation of the callback says to, and counts that as fatal.
  void OnError(rd_kafka_t* rk, int err, const char* reason);

  /// The kinds so far in the order they first came, each with `actor` set; then, when some
  /// were not kept, one kOtherClientErrors entry with their count.
  std::vector<ClientError> Snapshot(const std::string& actor) const;

 private:
  mutable std::mutex mu_;
  std::vector<ClientError> kinds_;  // guarded by mu_
  int64_t other_ = 0;               // guarded by mu_: reports of kinds not kept
};

}  // namespace ks
