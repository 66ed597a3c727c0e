#include "report/text.h"

#include <cstdint>

namespace ks {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF) and its code point, or 0 when there is none.
size_t SequenceAt(std::string_view s, size_t i, uint32_t* cp) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = b(0);
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // overlong
    if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (!IsContinuation(b(k))) return 0;
  }
  uint32_t value = c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) value = (value << 6) | (b(k) & 0x3F);
  *cp = value;
  return len;
}

template <typename Allowed>
std::string Clean(std::string_view s, Allowed allowed) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp = 0;
    size_t len = SequenceAt(s, i, &cp);
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
