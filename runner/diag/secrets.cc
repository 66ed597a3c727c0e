#include "diag/secrets.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <mutex>
#include <vector>

namespace ks {
namespace {

std::mutex& Mu() {
  static std::mutex mu;
  return mu;
}

// Longest first, so that a secret containing another is replaced whole.
std::vector<std::string>& Secrets() {
  static std::vector<std::string> secrets;
  return secrets;
}

// `value` as a JSON string's contents (RFC 8259 escapes) and as XML text (& < > " '): reports
// are redacted after serialization, where a secret with such characters appears escaped.
std::string JsonEscaped(const std::string& value) {
  std::string out;
  for (unsigned char c : value) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string XmlEscaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

bool IsSecretProperty(std::string_view key) {
  std::string k(key);
  std::transform(k.begin(), k.end(), k.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view word : {"password", "secret", "token", "credential", "jaas"}) {
    if (k.find(word) != std::string::npos) return true;
  }
  return k.ends_with(".pem") || k == "sasl.oauthbearer.config";
}

bool IsRedactable(const std::string& value) {
  // Digits alone would also match figures (offsets, counts) and corrupt every report.
  return value.size() >= 4 &&
         !std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); });
}

void RegisterSecret(const std::string& value) {
  if (!IsRedactable(value)) return;
  std::lock_guard lock(Mu());
  auto& s = Secrets();
  for (const std::string& form : {value, JsonEscaped(value), XmlEscaped(value)}) {
    if (std::find(s.begin(), s.end(), form) == s.end()) s.push_back(form);
  }
  std::sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Redact(std::string text) {
  std::lock_guard lock(Mu());
  for (const std::string& secret : Secrets()) {
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

size_t RegisteredSecrets() {
  std::lock_guard lock(Mu());
  return Secrets().size();
}

}  // namespace ks
