#pragma once

#include <string>
#include <string_view>

namespace ks {

/// True when a client property holds a credential whose value must never be shown: librdkafka's
/// sasl.password, ssl.key.password, ssl.keystore.password, ssl.key.pem,
/// sasl.oauthbearer.client.secret, sasl.oauthbearer.config, ... (CONFIGURATION.md), matched by
/// the words password, secret, token, credential and the suffix ".pem"/"key.pem" on the name.
bool IsSecretProperty(std::string_view key);

/// Remembers `value` as a secret for the rest of the process: every later Redact() replaces it.
/// Values shorter than 4 characters are not registered (redacting "a" would mangle every text);
/// their property is still never printed by the runner itself. Thread-safe.
void RegisterSecret(const std::string& value);

/// `text` with every registered secret replaced by "***". Thread-safe.
std::string Redact(std::string text);

/// The number of registered secrets (tests).
size_t RegisteredSecrets();

}  // namespace ks
