#include "actors/record_identity.h"

#include <charconv>

namespace ks {

void FormatIdentity(std::string_view producer, uint64_t seq, std::string* out) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, seq);
  (void)ec;  // 24 chars always hold a uint64_t
  out->assign(producer);
  out->push_back('#');
  out->append(digits, end);
}

bool ParseIdentity(std::string_view value, std::string_view* producer, uint64_t* seq) {
  size_t hash = value.rfind('#');
  if (hash == std::string_view::npos || hash == 0 || hash + 1 == value.size()) return false;
  const char* first = value.data() + hash + 1;
  const char* last = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(first, last, *seq);
  if (ec != std::errc() || ptr != last) return false;
  *producer = value.substr(0, hash);
  return true;
}

}  // namespace ks
