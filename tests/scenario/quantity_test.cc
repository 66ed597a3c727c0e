#include "scenario/quantity.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

TEST(ParseDurationMs, AcceptsEveryUnit) {
  EXPECT_EQ(ParseDurationMs("250ms", nullptr), 250);
  EXPECT_EQ(ParseDurationMs("20s", nullptr), 20'000);
  EXPECT_EQ(ParseDurationMs("2m", nullptr), 120'000);
  EXPECT_EQ(ParseDurationMs("1h", nullptr), 3'600'000);
  EXPECT_EQ(ParseDurationMs("0s", nullptr), 0);
}

TEST(ParseDurationMs, RejectsAnythingElseWithTheStandardMessage) {
  for (const char* bad : {"", "60", "s", "ms", "5 s", " 5s", "5s ", "1.5s", "-1s", "+1s", "5sec",
                          "5S", "5d", "5us", "1e3ms", "m5"}) {
    std::string error;
    EXPECT_FALSE(ParseDurationMs(bad, &error)) << bad;
    EXPECT_EQ(error,
              "expected a duration such as 500ms, 20s or 2m, got '" + std::string(bad) + "'");
  }
}

TEST(ParseDurationMs, ReportsOverflowInsteadOfWrapping) {
  std::string error;
  EXPECT_FALSE(ParseDurationMs("9223372036854775807h", &error));
  EXPECT_EQ(error, "duration '9223372036854775807h' is too long");
  EXPECT_FALSE(ParseDurationMs("99999999999999999999ms", &error));
  EXPECT_EQ(ParseDurationMs("9223372036854775807ms", nullptr), INT64_MAX);
}

TEST(ParseRatePerSecond, ReadsUnitsAndBareNumbers) {
  EXPECT_DOUBLE_EQ(*ParseRatePerSecond("2000/s", nullptr), 2000);
  EXPECT_DOUBLE_EQ(*ParseRatePerSecond("120/m", nullptr), 2);
  EXPECT_DOUBLE_EQ(*ParseRatePerSecond("7200/h", nullptr), 2);
  EXPECT_DOUBLE_EQ(*ParseRatePerSecond("0.5/s", nullptr), 0.5);
  EXPECT_DOUBLE_EQ(*ParseRatePerSecond("500", nullptr), 500);
  EXPECT_DOUBLE_EQ(*ParseRatePerSecond("2.5", nullptr), 2.5);
}

TEST(ParseRatePerSecond, RejectsZeroNegativeAndOtherForms) {
  for (const char* bad : {"", "0", "0/s", "0.0/s", "-5/s", "fast", "5/d", "5 /s", "/s", "1e3/s",
                          "5/", ".5/s", "5./s", "inf", "nan/s"}) {
    std::string error;
    EXPECT_FALSE(ParseRatePerSecond(bad, &error)) << bad;
    EXPECT_EQ(error,
              "expected a rate such as 2000/s, 120/m or 500, got '" + std::string(bad) + "'");
  }
}

TEST(FormatDurationMs, UsesTheLargestExactUnit) {
  EXPECT_EQ(FormatDurationMs(0), "0ms");
  EXPECT_EQ(FormatDurationMs(1500), "1500ms");
  EXPECT_EQ(FormatDurationMs(20'000), "20s");
  EXPECT_EQ(FormatDurationMs(120'000), "2m");
  EXPECT_EQ(FormatDurationMs(7'200'000), "2h");
  for (int64_t ms : {1, 999, 1000, 61'000, 3'600'000}) {
    EXPECT_EQ(ParseDurationMs(FormatDurationMs(ms), nullptr), ms);
  }
}

}  // namespace
}  // namespace ks
