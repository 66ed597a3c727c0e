#pragma once

// What a client said went wrong, as the run keeps it: one kind of error from librdkafka's error
// callback and how often it came (actors/client_errors.h collects them).

#include <cstdint>
#include <string>
#include <string_view>

namespace ks {

/// One kind of error a client reported through librdkafka's error callback, and how often.
struct ClientError {
  std::string actor;   ///< the producer, or the member ("group/i"), whose client reported it
  std::string error;   ///< librdkafka's name (rd_kafka_err2name): "_SSL", "_AUTHENTICATION", ...
  std::string broker;  ///< the broker of the first report, "ssl://host:port/1"; "" for none
  std::string reason;  ///< librdkafka's words, without the broker and the "(after ...)" suffix
  /// Error callbacks with this error and reason, from any broker. librdkafka itself holds back
  /// an identical error of the same broker for 30 s, so this counts reports, not attempts.
  int64_t count = 0;
  /// A fatal error (error_cb's _FATAL, resolved with rd_kafka_fatal_error): the client can do
  /// nothing more; `error` and `reason` are the underlying error's.
  bool fatal = false;
};

/// True for the errors that say a client failed to encrypt, authenticate or be authorised,
/// whatever the cluster's health: _SSL, _AUTHENTICATION, SASL_AUTHENTICATION_FAILED,
/// ILLEGAL_SASL_STATE, UNSUPPORTED_SASL_MECHANISM and the *_AUTHORIZATION_FAILED errors
/// (librdkafka's rd_kafka_resp_err_t names, as rd_kafka_err2name spells them). Connection errors
/// (_TRANSPORT, _ALL_BROKERS_DOWN, _RESOLVE, ...) are not: a broker taken down causes them too.
bool IsSecurityError(std::string_view error);

}  // namespace ks
