#include "report/text.h"

#include <cstdint>

#include "diag/text_check.h"

namespace ks {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

template <typename Allowed>
std::string Clean(std::string_view s, Allowed allowed) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp = 0;
    size_t len = Utf8SequenceAt(s, i, &cp);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (allowed(cp)) {
      out.append(s.substr(i, len));
    } else {
      out += kReplacement;
    }
    i += len;
  }
  return out;
}

}  // namespace

std::string ValidUtf8(std::string_view s) {
  return Clean(s, [](uint32_t) { return true; });
}

std::string XmlSafe(std::string_view s) {
  return Clean(s, [](uint32_t cp) {
    if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
    return cp != 0xFFFE && cp != 0xFFFF;
  });
}

}  // namespace ks
