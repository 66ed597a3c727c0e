// The one wait loop: deadline, Ctrl-C, and the tick that keeps the timeline going.
#include "run/pacer.h"

#include <gtest/gtest.h>

#include "diag/interrupt.h"
#include "support/interrupt_guard.h"
#include "support/manual_clock.h"

namespace ks {
namespace {

using test_support::ManualClock;

TEST(Pacer, AWaitTicksUntilItsConditionHolds) {
  ManualClock clock;
  Pacer pacer(clock, clock.NowMs() + 60000, 10);
  int ticks = 0;
  pacer.SetTick([&] { ++ticks; });
  const int64_t start = clock.NowMs();
  const Pacer::Outcome out = pacer.WaitUntil(
      [&]() -> std::optional<std::string> {
        if (clock.NowMs() - start >= 100) return std::nullopt;
        return "not yet";
      },
      5000);
  EXPECT_TRUE(out.met());
  EXPECT_EQ(out.waited_ms, 100);
  EXPECT_EQ(ticks, 11);  // before each of the 11 checks, at 0, 10, ..., 100 ms
  EXPECT_FALSE(out.cut);
}

TEST(Pacer, AWaitEndsAtItsWithinOrAtTheDeadlineAndSaysWhatWasMissing) {
  ManualClock clock;
  Pacer pacer(clock, clock.NowMs() + 300, 10);
  auto never = []() -> std::optional<std::string> { return "p has 0 of 10"; };
  Pacer::Outcome out = pacer.WaitUntil(never, 100);
  EXPECT_EQ(out.end, Pacer::Outcome::End::kTimedOut);
  EXPECT_EQ(out.waited_ms, 100);
  EXPECT_EQ(out.missing, "p has 0 of 10");
  EXPECT_FALSE(out.cut);
  out = pacer.WaitUntil(never, 5000);  // the deadline, 200 ms away, comes first
  EXPECT_EQ(out.end, Pacer::Outcome::End::kTimedOut);
  EXPECT_EQ(out.waited_ms, 200);
  EXPECT_TRUE(out.cut);
}

TEST(Pacer, ASleepTicksAndIsCutByTheDeadline) {
  ManualClock clock;
  Pacer pacer(clock, clock.NowMs() + 250, 10);
  int ticks = 0;
  pacer.SetTick([&] { ++ticks; });
  Pacer::Outcome out = pacer.Sleep(100);
  EXPECT_TRUE(out.met());
  EXPECT_EQ(out.waited_ms, 100);
  EXPECT_EQ(ticks, 10);
  EXPECT_FALSE(out.cut);
  out = pacer.Sleep(1000);
  EXPECT_TRUE(out.met());
  EXPECT_EQ(out.waited_ms, 150);
  EXPECT_TRUE(out.cut);
}

TEST(Pacer, AnInterruptEndsAWaitAndASleep) {
  ManualClock clock;
  Pacer pacer(clock, clock.NowMs() + 60000, 10);
  test_support::InterruptGuard guard;
  RequestInterrupt();
  const Pacer::Outcome wait =
      pacer.WaitUntil([]() -> std::optional<std::string> { return "nothing yet"; }, 5000);
  const Pacer::Outcome sleep = pacer.Sleep(5000);
  EXPECT_EQ(wait.end, Pacer::Outcome::End::kInterrupted);
  EXPECT_EQ(wait.missing, "nothing yet");
  EXPECT_EQ(sleep.end, Pacer::Outcome::End::kInterrupted);
  EXPECT_EQ(sleep.waited_ms, 0);
}

}  // namespace
}  // namespace ks
