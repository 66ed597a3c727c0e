#include "diag/secrets.h"

#include <algorithm>
#include <cctype>
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

void RegisterSecret(const std::string& value) {
  if (value.size() < 4) return;
  std::lock_guard lock(Mu());
  auto& s = Secrets();
  if (std::find(s.begin(), s.end(), value) != s.end()) return;
  s.push_back(value);
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
