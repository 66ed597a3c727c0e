#include "diag/utc_time.h"

#include <gtest/gtest.h>

#include <chrono>

namespace ks {
namespace {

using std::chrono::system_clock;

TEST(IsoUtc, WritesUtcToTheSecond) {
  // 1714566896 s after the epoch is 2024-05-01 12:34:56 UTC.
  const auto t = system_clock::from_time_t(1714566896) + std::chrono::milliseconds(999);
  EXPECT_EQ(IsoUtc(t), "2024-05-01T12:34:56Z");
  EXPECT_EQ(IsoUtc(system_clock::time_point{}), "1970-01-01T00:00:00Z");
}

TEST(ParseIsoUtc, ReadsWhatIsoUtcWrites) {
  const auto t = ParseIsoUtc("2024-05-01T12:34:56Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(system_clock::to_time_t(*t), 1714566896);
  EXPECT_EQ(ParseIsoUtc("2024-02-29T23:59:59Z"), system_clock::from_time_t(1709251199));
}

TEST(ParseIsoUtc, RefusesOtherSpellingsAndImpossibleTimes) {
  for (const char* bad : {"", "2024-05-01T12:34:56", "2024-05-01T12:34:56+00:00",
                          "2024-05-01T12:34:56.5Z", "2024-05-01 12:34:56Z", "2024-5-01T12:34:56Z",
                          "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z",
                          "2024-05-01T12:60:00Z", "2024-05-01T12:34:60Z", "2024-05-01T12:34:5aZ"}) {
    EXPECT_FALSE(ParseIsoUtc(bad).has_value()) << bad;
  }
}

TEST(ParseIsoUtc, RefusesYearsATimePointCannotHold) {
  // Nanoseconds in 64 bits reach 2262-04-11 (found by the history fuzzer: UB in from_time_t).
  EXPECT_FALSE(ParseIsoUtc("2724-05-01T12:34:56Z").has_value());
  EXPECT_FALSE(ParseIsoUtc("9999-12-31T23:59:59Z").has_value());
  EXPECT_FALSE(ParseIsoUtc("1000-01-01T00:00:00Z").has_value());
  EXPECT_TRUE(ParseIsoUtc("2262-01-01T00:00:00Z").has_value());
}

}  // namespace
}  // namespace ks
