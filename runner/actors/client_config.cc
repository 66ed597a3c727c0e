#include "actors/client_config.h"

#include <fmt/format.h>

namespace ks {

bool ClientConfig::Set(const std::string& key, const std::string& value, const SourceLoc& loc) {
  std::string reason;
  if (SetConf(conf_, key, value, &reason)) return true;
  error_ = loc.line > 0 ? fmt::format("{}: {}: {}", loc.ToString(), who_, reason)
                        : fmt::format("{}: {}", who_, reason);
  return false;
}

bool ClientConfig::SetAll(const std::vector<ConfigEntry>& entries) {
  for (const ConfigEntry& e : entries) {
    if (!Set(e.key, e.value, e.loc)) return false;
  }
  return true;
}

std::string MemberInstanceId(const std::string& value, int index) {
  return fmt::format("{}-{}", value, index);
}

}  // namespace ks
