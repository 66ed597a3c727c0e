#include "actors/processing_model.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ks {
namespace {

// SplitMix64's finalizer (Steele, Lea, Flood 2014): a cheap, well-mixed 64-bit hash.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Streams keep the draws for the delay, its second normal variate and the failure independent.
constexpr uint64_t kDelayStream = 1;
constexpr uint64_t kNormalStream = 2;
constexpr uint64_t kFailureStream = 3;

}  // namespace

double ProcessingModel::Uniform(int slot, int64_t offset, int attempt, uint64_t stream) const {
  uint64_t h = Mix(seed_ ^ Mix(stream));
  h = Mix(h ^ static_cast<uint64_t>(slot));
  h = Mix(h ^ static_cast<uint64_t>(offset));
  h = Mix(h ^ static_cast<uint64_t>(attempt));
  return static_cast<double>(h >> 11) * 0x1.0p-53;  // 53 random bits
}

int64_t ProcessingModel::DelayUs(int slot, int64_t offset, int attempt) const {
  const DelaySpec& d = spec_.delay;
  double ms = 0;
  switch (d.distribution) {
    case DelaySpec::Distribution::kFixed:
      ms = d.fixed_ms;
      break;
    case DelaySpec::Distribution::kUniform:
      ms = d.min_ms + (d.max_ms - d.min_ms) * Uniform(slot, offset, attempt, kDelayStream);
      break;
    case DelaySpec::Distribution::kExponential:
      ms = -d.mean_ms * std::log1p(-Uniform(slot, offset, attempt, kDelayStream));
      break;
    case DelaySpec::Distribution::kNormal: {
      // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
      const double u1 = 1.0 - Uniform(slot, offset, attempt, kDelayStream);
      const double u2 = Uniform(slot, offset, attempt, kNormalStream);
      const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
      ms = d.mean_ms + d.stddev_ms * z;
      break;
    }
  }
  return static_cast<int64_t>(std::max(0.0, ms) * 1000.0);
}

bool ProcessingModel::Fails(int slot, int64_t offset, int attempt) const {
  return spec_.failure_rate > 0 &&
         Uniform(slot, offset, attempt, kFailureStream) < spec_.failure_rate;
}

}  // namespace ks
