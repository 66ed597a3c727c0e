#pragma once

// A timeline clock that moves only when the timeline passes time: tests without real time.
#include <algorithm>
#include <cstdint>

#include "run/pacer.h"

namespace ks::test_support {

/// Starts at 1000 ms; Pass(ms) moves it by ms (at least 1, so loops always progress).
class ManualClock : public TimelineClock {
 public:
  int64_t NowMs() override { return now_; }
  void Pass(int64_t ms) override { now_ += std::max<int64_t>(ms, 1); }
  int64_t now_ = 1000;
};

}  // namespace ks::test_support
