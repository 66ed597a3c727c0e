#pragma once

// Quantities written in scenario files: durations ("250ms", "20s", "2m", "1h") and rates
// ("2000/s", "120/m", or a bare number meaning per second). Units are spelt out in the file so
// that a reader never has to guess whether `timeout: 60` means seconds or milliseconds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ks {

/// The message every duration error uses, so the schema's wording and the loader's agree.
inline constexpr std::string_view kDurationExpectation = "a duration such as 500ms, 20s or 2m";
/// The message every rate error uses.
inline constexpr std::string_view kRateExpectation = "a rate such as 2000/s, 120/m or 500";

/// Parses a duration: a non-negative integer followed by one of ms, s, m, h, with no space.
/// Returns milliseconds, or nothing with `*error` set to "expected a duration such as 500ms, 20s
/// or 2m, got '...'" (or a range message when the value does not fit in int64 milliseconds).
/// `error` may be null.
std::optional<int64_t> ParseDurationMs(std::string_view text, std::string* error);

/// Parses a rate written as "<number>/<unit>" (unit s, m or h; the number may have a fraction,
/// e.g. "0.5/s") or as a bare number, which means per second. Returns records per second (> 0),
/// or nothing with `*error` set to "expected a rate such as 2000/s, 120/m or 500, got '...'".
/// `error` may be null.
std::optional<double> ParseRatePerSecond(std::string_view text, std::string* error);

/// Renders milliseconds in the largest unit that divides them exactly: 120000 -> "2m",
/// 1500 -> "1500ms", 0 -> "0ms". The inverse of ParseDurationMs for non-negative values.
std::string FormatDurationMs(int64_t ms);

}  // namespace ks
