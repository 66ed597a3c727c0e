#include "run/waits.h"

#include <fmt/format.h>

#include <thread>

namespace ks {

std::optional<std::string> WaitFor(const std::string& what, const WaitCondition& condition,
                                   std::chrono::steady_clock::time_point deadline,
                                   std::chrono::milliseconds interval) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    std::optional<std::string> missing = condition();
    if (!missing) return std::nullopt;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      double waited = std::chrono::duration<double>(now - start).count();
      return fmt::format("{} not met within {:.1f} s: {}", what, waited, *missing);
    }
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(interval, deadline - now));
  }
}

}  // namespace ks
