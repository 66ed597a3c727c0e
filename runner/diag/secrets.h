#pragma once

#include <string>
#include <string_view>

namespace ks {

/// True when a client property (or an environment variable) holds a credential whose value must
/// never be shown: librdkafka's sasl.password, ssl.key.password, ssl.keystore.password,
/// ssl.key.pem, sasl.oauthbearer.client.secret, sasl.oauthbearer.config, sasl.jaas.config, ...
/// (CONFIGURATION.md), matched case-insensitively by the words password, secret, token,
/// credential and jaas, the suffix ".pem", and sasl.oauthbearer.config; so KS_SASL_PASSWORD too.
bool IsSecretProperty(std::string_view key);

/// Whether RegisterSecret() takes `value`: at least 4 characters and not digits alone (shorter
/// values or numbers would also match ordinary text and figures and corrupt every report).
bool IsRedactable(const std::string& value);

/// Remembers `value` as a secret for the rest of the process: every later Redact() replaces it,
/// as written and in its JSON- and XML-escaped forms (reports are redacted once serialized).
/// Values IsRedactable() refuses are not registered. Thread-safe.
void RegisterSecret(const std::string& value);

/// `text` with every registered secret replaced by "***". Thread-safe.
std::string Redact(std::string text);

/// The number of registered secrets (tests).
size_t RegisteredSecrets();

}  // namespace ks
