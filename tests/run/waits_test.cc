#include "run/waits.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

using namespace std::chrono_literals;

TEST(WaitFor, ReturnsNothingOnceTheConditionHolds) {
  int calls = 0;
  auto missing = WaitFor(
      "three calls",
      [&]() -> std::optional<std::string> {
        if (++calls < 3) return "only " + std::to_string(calls);
        return std::nullopt;
      },
      std::chrono::steady_clock::now() + 5s, 1ms);
  EXPECT_FALSE(missing);
  EXPECT_EQ(calls, 3);
}

TEST(WaitFor, GivesUpAtItsDeadlineAndSaysWhatWasMissing) {
  const auto start = std::chrono::steady_clock::now();
  auto missing = WaitFor(
      "group billing drained",
      []() -> std::optional<std::string> { return "billing has read orders[1] up to 3 of 9"; },
      start + 100ms, 5ms);
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("group billing drained not met within 0.1 s"), std::string::npos)
      << *missing;
  EXPECT_NE(missing->find("orders[1] up to 3 of 9"), std::string::npos);
  EXPECT_GE(took, 100ms);
  EXPECT_LT(took, 2s);  // bounded: it does not wait on past its deadline
}

}  // namespace
}  // namespace ks
