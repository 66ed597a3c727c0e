#include "scenario/env_interpolation.h"

#include <cctype>
#include <cstdlib>

#include "diag/secrets.h"

namespace ks {
namespace {

bool NameChar(char c, bool first) {
  const auto u = static_cast<unsigned char>(c);
  return c == '_' || std::isalpha(u) || (!first && std::isdigit(u));
}

}  // namespace

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    return std::nullopt;
  };
}

bool InterpolateEnv(const std::string& text, const EnvLookup& env, std::string* out,
                    std::string* error) {
  out->clear();
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      *out += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      *out += text[i++];
      continue;
    }
    const size_t close = text.find('}', i);
    if (close == std::string::npos) {
      *error = "unterminated '${' (write ${env:NAME}, or $${ for a literal ${)";
      return false;
    }
    const std::string ref = text.substr(i + 2, close - i - 2);
    if (!ref.starts_with("env:")) {
      *error = "'${" + ref + "}' is not an environment reference: write ${env:NAME}";
      return false;
    }
    std::string name = ref.substr(4);
    std::optional<std::string> fallback;
    if (size_t dash = name.find(":-"); dash != std::string::npos) {
      fallback = name.substr(dash + 2);
      name.resize(dash);
    }
    bool valid = !name.empty();
    for (size_t k = 0; valid && k < name.size(); ++k) valid = NameChar(name[k], k == 0);
    if (!valid) {
      *error = "'" + name + "' is not an environment variable name (letters, digits and _)";
      return false;
    }
    std::optional<std::string> value = env(name);
    if (!value || (value->empty() && fallback)) {
      if (!fallback) {
        *error = "environment variable " + name + " is not set";
        return false;
      }
      value = fallback;
    }
    *out += *value;
    i = close + 1;
  }
  return true;
}

EnvLookup RegisteringCredentialVariables(EnvLookup env) {
  return [env = std::move(env)](const std::string& name) {
    std::optional<std::string> value = env(name);
    if (value && IsSecretProperty(name)) RegisterSecret(*value);
    return value;
  };
}

bool InterpolateProperty(const std::string& key, const std::string& raw, const EnvLookup& env,
                         std::string* out, std::string* error) {
  const bool secret = IsSecretProperty(key);
  if (!InterpolateEnv(raw, RegisteringCredentialVariables(env), out, error)) {
    if (secret) RegisterSecret(raw);
    return false;
  }
  if (secret) RegisterSecret(*out);
  return true;
}

}  // namespace ks
