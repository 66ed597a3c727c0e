#include "target/target.h"

namespace ks {

std::string MissingCapability(const std::vector<std::string>& requires_,
                              const std::set<std::string>& has) {
  for (const auto& r : requires_) {
    if (!has.count(r)) return r;
  }
  return "";
}

}  // namespace ks
