#pragma once

// How the history reader reports a file's errors (runner/history only): "file:line[:column]:
// message", at most kMaxErrors of them, and the readers of fields that report as they read.

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "history/jsonl.h"
#include "history/jsonl_format.h"

namespace ks::jsonl_detail {

inline std::string Shorten(const Json& v) {
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  constexpr size_t kMax = 40;
  if (s.size() > kMax) s = s.substr(0, kMax) + "...";
  return s;
}

// Collects errors for one line; stops collecting at kMaxErrors.
class LineErrors {
 public:
  LineErrors(const std::string& path, std::vector<std::string>& errors)
      : path_(path), errors_(errors) {}
  void SetLine(size_t line) { line_ = line; }
  bool full() const { return errors_.size() >= kMaxErrors; }

  /// "file:line: message", for a problem with the line as a whole (a field, a value).
  void Error(std::string_view message) {
    if (!full()) errors_.push_back(fmt::format("{}:{}: {}", path_, line_, message));
  }

  /// "file:line:column: message" (column 1-based, in bytes), as every diagnostic
  /// (diag/source_loc.h), for a problem at one place in the line.
  void ErrorAt(size_t column, std::string_view message) {
    if (!full()) errors_.push_back(fmt::format("{}:{}:{}: {}", path_, line_, column, message));
  }

  /// A string field, or nullptr (with an error) when `v` is not a string.
  const std::string* String(const Json& v, std::string_view field) {
    if (v.is_string()) return v.get_ptr<const std::string*>();
    Error(fmt::format("field \"{}\" must be a string, got {}", field, Shorten(v)));
    return nullptr;
  }

  /// An integer field within [min, max]; floats and out-of-range values are errors.
  bool Int(const Json& v, std::string_view field, int64_t min, int64_t max, int64_t* out) {
    if (v.is_number_unsigned()) {
      uint64_t u = v.get<uint64_t>();
      if (u <= static_cast<uint64_t>(max)) {
        *out = static_cast<int64_t>(u);
        return true;
      }
    } else if (v.is_number_integer()) {
      int64_t i = v.get<int64_t>();
      if (i >= min && i <= max) {
        *out = i;
        return true;
      }
    }
    Error(fmt::format("field \"{}\" must be an integer from {} to {}, got {}", field, min, max,
                      Shorten(v)));
    return false;
  }

  bool Uint64(const Json& v, std::string_view field, uint64_t* out) {
    if (v.is_number_unsigned()) {
      *out = v.get<uint64_t>();
      return true;
    }
    Error(fmt::format("field \"{}\" must be an integer from 0 to {}, got {}", field,
                      std::numeric_limits<uint64_t>::max(), Shorten(v)));
    return false;
  }

  bool Int32(const Json& v, std::string_view field, int32_t min, int32_t* out) {
    return IntInto(v, field, min, std::numeric_limits<int32_t>::max(), out);
  }

  /// Int() into `*out`, of any type an integer within [min, max] converts to (an op's narrow
  /// fields: OpInt, OpPartition, uint32_t).
  template <typename T>
  bool IntInto(const Json& v, std::string_view field, int64_t min, int64_t max, T* out) {
    int64_t i;
    if (!Int(v, field, min, max, &i)) return false;
    *out = static_cast<T>(i);
    return true;
  }

  bool Object(const Json& v, std::string_view what) {
    if (v.is_object()) return true;
    Error(fmt::format("{} must be a JSON object, got {}", what, Shorten(v)));
    return false;
  }

  void Missing(std::string_view field, std::string_view where, std::string_view expected) {
    Error(fmt::format("missing field \"{}\" in {} (expected {})", field, where, expected));
  }

  void Unknown(std::string_view field, std::string_view where, std::string_view allowed) {
    Error(fmt::format("unknown field \"{}\" in {} (allowed: {})", field, where, allowed));
  }

 private:
  const std::string& path_;
  std::vector<std::string>& errors_;
  size_t line_ = 0;
};

// nlohmann's parse error of one line: its text without "parse error at line 1, column N: ",
// and N in `*column` (1-based: the last byte nlohmann read, so the end of a token it could not
// take, or one past the line's end); 0 when it names no column (out_of_range: "number overflow
// parsing '1e999'"). nlohmann parses one line at a time here, and the line that counts is the
// file's, which the caller reports.
inline std::string ParseErrorText(const char* what, size_t* column) {
  std::string s = JsonParseErrorText(what);
  *column = 0;
  constexpr std::string_view kPrefix = "parse error at line 1, column ";
  if (!s.starts_with(kPrefix)) return s;
  size_t i = kPrefix.size(), n = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    n = n * 10 + static_cast<size_t>(s[i] - '0');
  }
  if (i == kPrefix.size() || s.compare(i, 2, ": ") != 0) return s;
  *column = n;
  return s.substr(i + 2);
}

std::string_view EnumName(OpType t) { return ToString(t); }
std::string_view EnumName(OpKind k) { return ToString(k); }
std::string_view EnumName(ActorInfo::Role r) { return RoleName(r); }

template <typename Enum, size_t N>
bool ParseEnum(LineErrors& e, const Json& v, std::string_view field,
               const std::array<Enum, N>& values, Enum* out) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    for (Enum x : values) {
      if (EnumName(x) == s) {
        *out = x;
        return true;
      }
    }
  }
  std::string names;
  for (Enum x : values) names += fmt::format("{}{}", names.empty() ? "" : ", ", EnumName(x));
  e.Error(fmt::format("field \"{}\" must be one of {}; got {}", field, names, Shorten(v)));
  return false;
}

// Reads a JSON array of unique strings into `add`, reporting `field[i]` on errors.
template <typename Add>
void ReadNames(LineErrors& e, const Json& v, std::string_view field, Add add) {
  if (!v.is_array()) {
    e.Error(fmt::format("field \"{}\" must be an array of strings, got {}", field, Shorten(v)));
    return;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    std::string name = fmt::format("{}[{}]", field, i);
    if (const std::string* s = e.String(v[i], name); s && !add(*s)) {
      e.Error(fmt::format("{} \"{}\" is listed twice", name, *s));
    }
  }
}

}  // namespace ks::jsonl_detail
