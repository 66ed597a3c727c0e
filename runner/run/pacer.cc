#include "run/pacer.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "diag/interrupt.h"

namespace ks {

int64_t SteadyTimelineClock::NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void SteadyTimelineClock::Pass(int64_t ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

Pacer::Outcome Pacer::WaitUntil(const std::function<std::optional<std::string>()>& missing,
                                int64_t within_ms) {
  Outcome out;
  const int64_t start = clock_.NowMs();
  out.cut = start + within_ms > deadline_ms_;
  const int64_t until = out.cut ? deadline_ms_ : start + within_ms;
  for (;;) {
    if (tick_) tick_();
    std::optional<std::string> m = missing();
    out.waited_ms = clock_.NowMs() - start;
    if (!m) return out;
    out.missing = std::move(*m);
    if (InterruptRequested()) {
      out.end = Outcome::End::kInterrupted;
      return out;
    }
    const int64_t now = clock_.NowMs();
    if (now >= until) {
      out.end = Outcome::End::kTimedOut;
      return out;
    }
    clock_.Pass(std::min(tick_ms_, until - now));
  }
}

Pacer::Outcome Pacer::Sleep(int64_t ms) {
  Outcome out;
  const int64_t start = clock_.NowMs();
  out.cut = start + ms > deadline_ms_;
  const int64_t until = out.cut ? deadline_ms_ : start + ms;
  for (int64_t now = start; now < until; now = clock_.NowMs()) {
    if (InterruptRequested()) {
      out.end = Outcome::End::kInterrupted;
      break;
    }
    if (tick_) tick_();
    const int64_t left = until - clock_.NowMs();
    if (left > 0) clock_.Pass(std::min(tick_ms_, left));
  }
  out.waited_ms = clock_.NowMs() - start;
  return out;
}

}  // namespace ks
