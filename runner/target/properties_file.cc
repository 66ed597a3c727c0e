#include "target/properties_file.h"

#include <charconv>
#include <optional>

#include "diag/input_limits.h"
#include "diag/read_file.h"

namespace ks {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// Appends code point `cp` as UTF-8.
void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// One logical line: its text with continuations joined, and for each of its bytes the line and
// column it came from, so that an error points into the file.
struct LogicalLine {
  std::string text;
  std::vector<std::pair<int, int>> where;  ///< (line, column), 1-based, per byte of `text`
};

// Splits `text` into logical lines (Properties.load's LineReader): comments and blank lines
// dropped, continuation lines joined without their leading blanks.
std::vector<LogicalLine> LogicalLines(const std::string& text) {
  std::vector<LogicalLine> lines;
  LogicalLine current;
  bool continuing = false;
  int line = 1;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find_first_of("\r\n", at);
    if (end == std::string::npos) end = text.size();
    size_t start = at;
    while (start < end && IsBlank(text[start])) ++start;
    const bool comment = !continuing && start < end && (text[start] == '#' || text[start] == '!');
    size_t backslashes = 0;
    while (backslashes < end - start && text[end - 1 - backslashes] == '\\') ++backslashes;
    const bool continues = !comment && backslashes % 2 == 1;
    if (!comment) {
      for (size_t i = start; i < end - (continues ? 1 : 0); ++i) {
        current.text.push_back(text[i]);
        current.where.emplace_back(line, static_cast<int>(i - at) + 1);
      }
    }
    continuing = continues;
    if (!continuing && !current.text.empty()) lines.push_back(std::move(current));
    if (!continuing) current = {};
    // "\r\n" is one line break, as are "\r" and "\n" alone.
    at = end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
    ++line;
  }
  if (!current.text.empty()) lines.push_back(std::move(current));
  return lines;
}

// The four hexadecimal digits after the "\\u" whose 'u' is at `u` in `text[.., to)`, or
// nullopt.
std::optional<uint32_t> Hex4(const std::string& text, size_t u, size_t to) {
  if (u + 4 >= to) return std::nullopt;
  uint32_t cp = 0;
  const char* first = text.data() + u + 1;
  const auto [ptr, ec] = std::from_chars(first, first + 4, cp, 16);
  if (ec != std::errc() || ptr != first + 4) return std::nullopt;
  return cp;
}

// Reads the \uXXXX escape whose 'u' is at `*i` (a surrogate pair as one code point, as Java's
// UTF-16 strings hold it) into `out` and moves `*i` to its last digit; false with `why` set when
// it is malformed or a character librdkafka cannot take.
bool UnicodeEscape(const LogicalLine& line, size_t* i, size_t to, std::string* out,
                   std::string* why) {
  std::optional<uint32_t> cp = Hex4(line.text, *i, to);
  if (!cp) {
    *why = "malformed \\uXXXX escape: expected four hexadecimal digits after \\u";
    return false;
  }
  *i += 4;
  if (*cp >= 0xD800 && *cp <= 0xDBFF && *i + 2 < to && line.text[*i + 1] == '\\' &&
      line.text[*i + 2] == 'u') {
    std::optional<uint32_t> low = Hex4(line.text, *i + 2, to);
    if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
      *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
      *i += 6;
    }
  }
  if (*cp >= 0xD800 && *cp <= 0xDFFF) {
    *why = "\\u escape of half a surrogate pair: no character";
    return false;
  }
  if (*cp == 0) {
    *why = "\\u0000 (NUL) cannot be passed to librdkafka, whose properties are C strings";
    return false;
  }
  AppendUtf8(*cp, out);
  return true;
}

// Unescapes `line.text[from, to)` into `out`; false with `d` set at a \u escape that
// UnicodeEscape() refuses.
bool Unescape(const LogicalLine& line, size_t from, size_t to, const std::string& path,
              std::string* out, Diagnostic* d) {
  for (size_t i = from; i < to; ++i) {
    const char c = line.text[i];
    if (c != '\\' || i + 1 >= to) {
      if (c != '\\') out->push_back(c);
      continue;
    }
    const size_t at = i;
    const char e = line.text[++i];
    if (e == 'u') {
      std::string why;
      if (!UnicodeEscape(line, &i, to, out, &why)) {
        *d = {{path, line.where[at].first, line.where[at].second},
              why,
              "write a backslash itself as \\\\"};
        return false;
      }
      continue;
    }
    out->push_back(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 'f' ? '\f' : e);
  }
  return true;
}

}  // namespace

PropertiesResult ParseProperties(const std::string& text, const std::string& path) {
  PropertiesResult result;
  // A UTF-8 byte order mark (editors on Windows write one) would become part of the first key.
  const bool bom = text.starts_with("\xEF\xBB\xBF");
  for (const LogicalLine& line : LogicalLines(bom ? text.substr(3) : text)) {
    const std::string& s = line.text;
    // The key ends at the first '=', ':' or blank that no backslash escapes.
    size_t key_end = 0;
    while (key_end < s.size() && !(s[key_end] == '=' || s[key_end] == ':' || IsBlank(s[key_end]))) {
      key_end += s[key_end] == '\\' ? 2 : 1;
    }
    key_end = std::min(key_end, s.size());
    size_t value = key_end;
    while (value < s.size() && IsBlank(s[value])) ++value;
    if (value < s.size() && (s[value] == '=' || s[value] == ':')) ++value;
    while (value < s.size() && IsBlank(s[value])) ++value;
    ConfigEntry entry;
    entry.loc = {path, line.where[0].first, line.where[0].second};
    Diagnostic d;
    if (!Unescape(line, 0, key_end, path, &entry.key, &d) ||
        !Unescape(line, value, s.size(), path, &entry.value, &d)) {
      result.diagnostics.push_back(std::move(d));
      continue;
    }
    result.entries.push_back(std::move(entry));
  }
  return result;
}

PropertiesResult LoadPropertiesFile(const std::string& path) {
  std::string text, error;
  if (ReadWholeFile(path, &text, &error, limits::kMaxPropertiesFileBytes)) {
    return ParseProperties(text, path);
  }
  Diagnostic d;
  d.loc.file = path;
  d.message = error;
  d.hint = "--client-config takes a Java-style .properties file (key=value lines)";
  PropertiesResult result;
  result.diagnostics.push_back(std::move(d));
  return result;
}

namespace {

// The code point of the well-formed UTF-8 sequence (RFC 3629: no overlong form, no surrogate)
// that starts at `text[i]`, a byte from 0x80, and its length in `*length`; 0 when there is none.
uint32_t DecodeUtf8(std::string_view text, size_t i, size_t* length) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = b(0);
  size_t n = 0;
  uint32_t cp = 0, min = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2, cp = lead & 0x1Fu, min = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3, cp = lead & 0x0Fu, min = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4, cp = lead & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *length = n;
  return cp;
}

void AppendUnicodeEscape(uint32_t unit, std::string* out) {
  constexpr char kHex[] = "0123456789abcdef";
  *out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out->push_back(kHex[(unit >> shift) & 0xF]);
}

// `key` true: '=', ':' and every blank end a key, so they are escaped; in a value only leading
// blanks would be dropped. Characters beyond ASCII are \uXXXX escapes (a UTF-16 surrogate pair
// for those beyond U+FFFF): Properties.load(InputStream), which Kafka's tools use, reads bytes
// as ISO-8859-1. Bytes that are not UTF-8 are written as they are.
void AppendEscaped(std::string_view text, bool key, std::string* out) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      size_t length = 0;
      const uint32_t cp = DecodeUtf8(text, i, &length);
      if (cp == 0) {
        *out += c;
      } else if (cp < 0x10000) {
        AppendUnicodeEscape(cp, out);
      } else {
        AppendUnicodeEscape(0xD800 + ((cp - 0x10000) >> 10), out);
        AppendUnicodeEscape(0xDC00 + ((cp - 0x10000) & 0x3FF), out);
      }
      if (cp != 0) i += length - 1;
      continue;
    }
    switch (c) {
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '=':
      case ':':
        if (key) *out += '\\';
        *out += c;
        break;
      case '#':
      case '!':
        if (key && i == 0) *out += '\\';
        *out += c;
        break;
      case ' ':
        if (key || i == 0) *out += '\\';
        *out += c;
        break;
      default:
        *out += c;
    }
  }
}

}  // namespace

std::string FormatProperties(const std::vector<ConfigEntry>& entries) {
  std::string out;
  for (const ConfigEntry& e : entries) {
    AppendEscaped(e.key, true, &out);
    out += '=';
    AppendEscaped(e.value, false, &out);
    out += '\n';
  }
  return out;
}

}  // namespace ks
