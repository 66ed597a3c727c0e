#include "diag/text_check.h"

#include <fmt/format.h>

#include "diag/line_index.h"

namespace ks {

namespace {}  // namespace

size_t Utf8SequenceAt(std::string_view text, size_t i, uint32_t* code_point) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = byte(0);
  if (c < 0x80) {
    if (code_point) *code_point = c;
    return 1;
  }
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range (RFC 3629, section 4)
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;   // overlong
    if (c == 0xED) high = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;   // overlong
    if (c == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size() || byte(1) < low || byte(1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;  // later bytes are plain continuations
  }
  if (code_point) {
    uint32_t value = c & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) value = (value << 6) | (byte(k) & 0x3F);
    *code_point = value;
  }
  return length;
}

std::optional<size_t> FirstInvalidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = Utf8SequenceAt(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

std::optional<size_t> FirstControlCharacter(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
  }
  return std::nullopt;
}

std::optional<Diagnostic> CheckText(std::string_view text, const std::string& file,
                                    uint64_t max_bytes, ControlCharacters controls, int line) {
  if (text.size() > max_bytes) {
    return Diagnostic{SourceLoc{file, 0, 0}, FileTooLargeText(text.size(), max_bytes), ""};
  }
  const auto at = [&](size_t offset) {
    const TextPosition p = LineIndex(text).PositionOf(offset);
    return SourceLoc{file, p.line + line, p.column};
  };
  if (const std::optional<size_t> bad = FirstInvalidUtf8(text)) {
    return Diagnostic{at(*bad),
                      fmt::format("invalid UTF-8: byte 0x{:02X} is not part of a valid character",
                                  static_cast<unsigned char>(text[*bad])),
                      "save the file as UTF-8"};
  }
  if (controls == ControlCharacters::kLeftToTheParser) return std::nullopt;
  if (const std::optional<size_t> control = FirstControlCharacter(text)) {
    return Diagnostic{at(*control),
                      fmt::format("control character 0x{:02X} is not allowed in the text",
                                  static_cast<unsigned char>(text[*control])),
                      "remove it, or write it as an escape (\\x01) in a double-quoted string"};
  }
  return std::nullopt;
}

std::string FileTooLargeText(std::optional<uint64_t> size, uint64_t max_bytes) {
  const std::string limit =
      fmt::format("the limit of {} for this kind of file", ByteSizeText(max_bytes));
  if (!size) return "the file holds more than " + limit;
  return fmt::format("the file is {}, over {}", ByteSizeText(*size), limit);
}

std::string CountText(uint64_t n) {
  std::string digits = std::to_string(n);
  for (int k = static_cast<int>(digits.size()) - 3; k > 0; k -= 3) digits.insert(k, ",");
  return digits;
}

std::string ByteSizeText(uint64_t bytes) {
  constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return CountText(bytes) + (bytes == 1 ? " byte" : " bytes");
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  if (value == static_cast<double>(static_cast<uint64_t>(value))) {
    return fmt::format("{} {}", static_cast<uint64_t>(value), kUnits[unit]);
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

}  // namespace ks
