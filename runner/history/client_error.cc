#include "history/client_error.h"

#include <algorithm>
#include <array>

namespace ks {

bool IsSecurityError(std::string_view error) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "_SSL", "_AUTHENTICATION", "SASL_AUTHENTICATION_FAILED", "ILLEGAL_SASL_STATE",
      "UNSUPPORTED_SASL_MECHANISM"};
  return std::find(kNames.begin(), kNames.end(), error) != kNames.end() ||
         error.ends_with("_AUTHORIZATION_FAILED");
}

}  // namespace ks
