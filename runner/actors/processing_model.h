#pragma once

#include <cstdint>

#include "scenario/model.h"

namespace ks {

/// A group's processing model as pure, seeded decisions: the delay and the outcome of one
/// processing attempt are functions of (seed, partition slot, offset, attempt), so every run of a
/// scenario draws the same delays and fails the same records, whichever member processes them.
class ProcessingModel {
 public:
  /// `spec` is copied; `seed` is the scenario's seed.
  ProcessingModel(const ProcessingSpec& spec, uint64_t seed) : spec_(spec), seed_(seed) {}

  /// The delay of attempt `attempt` (0-based) on the record at `offset` of partition slot `slot`,
  /// in microseconds, >= 0. Uniform: [min, max]; exponential: mean; normal: mean and stddev,
  /// truncated at 0.
  int64_t DelayUs(int slot, int64_t offset, int attempt) const;
  /// True when that attempt fails (probability spec.failure_rate).
  bool Fails(int slot, int64_t offset, int attempt) const;
  const ProcessingSpec& spec() const { return spec_; }

 private:
  /// A uniform double in [0, 1) from the record's coordinates and a stream number.
  double Uniform(int slot, int64_t offset, int attempt, uint64_t stream) const;

  ProcessingSpec spec_;
  uint64_t seed_;
};

}  // namespace ks
