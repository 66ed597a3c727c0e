#pragma once

#include <functional>
#include <optional>
#include <string>

namespace ks {

/// Looks up an environment variable: its value, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// The process environment (getenv).
EnvLookup ProcessEnv();

/// Replaces every `${env:NAME}` in `text` with the variable's value, and `${env:NAME:-default}`
/// with the value or, when NAME is unset or empty, `default` (the shell's `:-`). NAME is
/// [A-Za-z_][A-Za-z0-9_]*. `$${` writes a literal `${`. Returns false with `error` saying what is
/// wrong (an unset variable without a default, an unterminated or malformed reference) and
/// leaves `out` unspecified. Text without `${` is copied unchanged.
bool InterpolateEnv(const std::string& text, const EnvLookup& env, std::string* out,
                    std::string* error);

/// `env`, registering (RegisterSecret) the value of every variable named like a credential
/// (IsSecretProperty: KS_SASL_PASSWORD, API_TOKEN, ...) that is read through it.
EnvLookup RegisteringCredentialVariables(EnvLookup env);

/// InterpolateEnv() for the value of client property `key`, through
/// RegisteringCredentialVariables(env). When `key` names a credential, the result is registered
/// as a secret, and so is `raw` itself when it is not a valid reference (the diagnostic will
/// quote it, and it may be a literal password).
bool InterpolateProperty(const std::string& key, const std::string& raw, const EnvLookup& env,
                         std::string* out, std::string* error);

}  // namespace ks
