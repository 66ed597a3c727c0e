#include "diag/utc_time.h"

#include <ctime>

namespace ks {

std::string IsoUtc(std::chrono::system_clock::time_point t) {
  // gmtime_r rather than fmt's chrono formatting: fmt 9 formats time points in local time.
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

std::optional<std::chrono::system_clock::time_point> ParseIsoUtc(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return std::nullopt;
  }
  auto number = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(5, 2) - 1;
  tm.tm_mday = number(8, 2);
  tm.tm_hour = number(11, 2);
  tm.tm_min = number(14, 2);
  tm.tm_sec = number(17, 2);
  const std::time_t secs = timegm(&tm);
  // A time_point counts nanoseconds in 64 bits: years after 2262 (or before 1677) do not fit,
  // and from_time_t would overflow.
  using Clock = std::chrono::system_clock;
  constexpr auto kMost = std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::max());
  constexpr auto kLeast = std::chrono::duration_cast<std::chrono::seconds>(Clock::duration::min());
  if (secs > kMost.count() || secs < kLeast.count()) return std::nullopt;
  const auto t = Clock::from_time_t(secs);
  // timegm normalizes February 30 to March 2: only a time that reads back the same is real.
  if (IsoUtc(t) != text) return std::nullopt;
  return t;
}

}  // namespace ks
