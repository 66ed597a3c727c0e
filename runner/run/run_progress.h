#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace ks {

/// What a running scenario has done so far, for a live progress line. Written by the run,
/// read by anyone (the live progress line, report/live_progress.h) while it runs.
class RunProgress {
 public:
  std::atomic<int64_t> acknowledged{0};  ///< records acknowledged to all producers so far
  std::atomic<int64_t> consumed{0};      ///< records polled by all groups so far
  std::atomic<bool> running{false};      ///< between the start of the timeline and its end

  /// The step the timeline is on, as DescribeStep() words it.
  void SetStep(std::string step) {
    std::lock_guard lock(mu_);
    step_ = std::move(step);
  }
  std::string step() const {
    std::lock_guard lock(mu_);
    return step_;
  }

 private:
  mutable std::mutex mu_;
  std::string step_;
};

}  // namespace ks
