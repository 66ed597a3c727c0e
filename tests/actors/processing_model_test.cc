#include "actors/processing_model.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ks {
namespace {

ProcessingSpec Delay(DelaySpec::Distribution d, double a, double b = 0) {
  ProcessingSpec spec;
  spec.delay.distribution = d;
  switch (d) {
    case DelaySpec::Distribution::kFixed:
      spec.delay.fixed_ms = a;
      break;
    case DelaySpec::Distribution::kUniform:
      spec.delay.min_ms = a;
      spec.delay.max_ms = b;
      break;
    case DelaySpec::Distribution::kExponential:
      spec.delay.mean_ms = a;
      break;
    case DelaySpec::Distribution::kNormal:
      spec.delay.mean_ms = a;
      spec.delay.stddev_ms = b;
      break;
  }
  return spec;
}

// Mean and extremes of the delays of 20000 records, in ms.
struct Stats {
  double mean = 0, min = 1e18, max = 0, stddev = 0;
};
Stats Draw(const ProcessingModel& m) {
  constexpr int kN = 20000;
  double sum = 0, sq = 0;
  Stats s;
  for (int i = 0; i < kN; ++i) {
    double ms = static_cast<double>(m.DelayUs(i % 7, i, 0)) / 1000.0;
    sum += ms;
    sq += ms * ms;
    s.min = std::min(s.min, ms);
    s.max = std::max(s.max, ms);
  }
  s.mean = sum / kN;
  s.stddev = std::sqrt(sq / kN - s.mean * s.mean);
  return s;
}

TEST(ProcessingModel, FixedDelayIsExact) {
  ProcessingModel m(Delay(DelaySpec::Distribution::kFixed, 2), 1);
  EXPECT_EQ(m.DelayUs(0, 0, 0), 2000);
  EXPECT_EQ(m.DelayUs(3, 99, 4), 2000);
}

TEST(ProcessingModel, SameSeedSameDraws) {
  ProcessingSpec spec = Delay(DelaySpec::Distribution::kUniform, 1, 50);
  spec.failure_rate = 0.3;
  ProcessingModel a(spec, 7), b(spec, 7), c(spec, 8);
  int differ = 0;
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(a.DelayUs(1, i, 0), b.DelayUs(1, i, 0));
    EXPECT_EQ(a.Fails(1, i, 2), b.Fails(1, i, 2));
    differ += a.DelayUs(1, i, 0) != c.DelayUs(1, i, 0);
  }
  EXPECT_GT(differ, 90);  // another seed draws other delays
  // A retry is a new draw, not the same delay again.
  EXPECT_NE(a.DelayUs(1, 5, 0), a.DelayUs(1, 5, 1));
}

TEST(ProcessingModel, UniformStaysInItsRange) {
  Stats s = Draw(ProcessingModel(Delay(DelaySpec::Distribution::kUniform, 10, 30), 3));
  EXPECT_GE(s.min, 10);
  EXPECT_LE(s.max, 30);
  EXPECT_NEAR(s.mean, 20, 0.5);
}

TEST(ProcessingModel, ExponentialHasItsMean) {
  Stats s = Draw(ProcessingModel(Delay(DelaySpec::Distribution::kExponential, 5), 3));
  EXPECT_NEAR(s.mean, 5, 0.25);
  EXPECT_NEAR(s.stddev, 5, 0.4);  // an exponential's stddev equals its mean
  EXPECT_GE(s.min, 0);
}

TEST(ProcessingModel, NormalHasItsMeanAndSpreadAndNoNegativeDelay) {
  Stats s = Draw(ProcessingModel(Delay(DelaySpec::Distribution::kNormal, 20, 4), 3));
  EXPECT_NEAR(s.mean, 20, 0.3);
  EXPECT_NEAR(s.stddev, 4, 0.3);
  Stats wide = Draw(ProcessingModel(Delay(DelaySpec::Distribution::kNormal, 1, 5), 3));
  EXPECT_GE(wide.min, 0);  // truncated at 0
}

TEST(ProcessingModel, FailureRateIsTheFractionOfFailedAttempts) {
  ProcessingSpec spec;
  spec.failure_rate = 0.1;
  ProcessingModel m(spec, 13);
  int failed = 0;
  for (int i = 0; i < 20000; ++i) failed += m.Fails(i % 3, i / 3, 0);
  EXPECT_NEAR(failed / 20000.0, 0.1, 0.01);
  ProcessingModel never(ProcessingSpec{}, 13);
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(never.Fails(0, i, 0));
}

}  // namespace
}  // namespace ks
