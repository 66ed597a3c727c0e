#include "report/report_entry.h"

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

}  // namespace ks
