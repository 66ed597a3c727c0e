#include "scenario/quantity.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace ks {

namespace {

struct Unit {
  std::string_view suffix;
  int64_t ms;
};

// Longest suffix first, so that "ms" is not read as "m" followed by junk.
constexpr Unit kDurationUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};

void SetError(std::string* error, std::string_view expectation, std::string_view text) {
  if (error == nullptr) return;
  *error = "expected ";
  *error += expectation;
  *error += ", got '";
  *error += text;
  *error += "'";
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A plain decimal number: digits with at most one '.', digits on both sides of it. Rejects the
// forms strtod also accepts (hex, exponents, "inf", leading '+') so that the format stays small.
std::optional<double> ParseDecimal(std::string_view s) {
  const size_t dot = s.find('.');
  if (dot == std::string_view::npos) {
    if (!AllDigits(s)) return std::nullopt;
  } else if (!AllDigits(s.substr(0, dot)) || !AllDigits(s.substr(dot + 1))) {
    return std::nullopt;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<int64_t> ParseDurationMs(std::string_view text, std::string* error) {
  for (const Unit& unit : kDurationUnits) {
    if (text.size() <= unit.suffix.size() || !text.ends_with(unit.suffix)) continue;
    const std::string_view digits = text.substr(0, text.size() - unit.suffix.size());
    if (!AllDigits(digits)) break;
    int64_t count = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (ec != std::errc() || count > std::numeric_limits<int64_t>::max() / unit.ms) {
      if (error != nullptr) *error = "duration '" + std::string(text) + "' is too long";
      return std::nullopt;
    }
    (void)end;
    return count * unit.ms;
  }
  SetError(error, kDurationExpectation, text);
  return std::nullopt;
}

std::optional<double> ParseRatePerSecond(std::string_view text, std::string* error) {
  std::string_view number = text;
  double per_second = 1;
  const size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    const std::string_view unit = text.substr(slash + 1);
    number = text.substr(0, slash);
    if (unit == "s") {
      per_second = 1;
    } else if (unit == "m") {
      per_second = 60;
    } else if (unit == "h") {
      per_second = 3600;
    } else {
      SetError(error, kRateExpectation, text);
      return std::nullopt;
    }
  }
  const std::optional<double> value = ParseDecimal(number);
  if (!value || !std::isfinite(*value) || *value <= 0) {
    SetError(error, kRateExpectation, text);
    return std::nullopt;
  }
  return *value / per_second;
}

std::string FormatDurationMs(int64_t ms) {
  if (ms != 0) {
    for (int u = 3; u >= 1; --u) {
      if (ms % kDurationUnits[u].ms == 0) {
        return std::to_string(ms / kDurationUnits[u].ms) + std::string(kDurationUnits[u].suffix);
      }
    }
  }
  return std::to_string(ms) + "ms";
}

}  // namespace ks
