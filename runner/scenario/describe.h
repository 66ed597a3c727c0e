#pragma once

// The model's steps and faults in words, for the timeline's problems, `explain` and the progress
// line alike.

#include <string>

#include "scenario/model.h"

namespace ks {

/// "broker_down 1", "rtt broker 2 2500 ms", "leader orders[0] -> broker 3": a fault in words.
std::string DescribeFault(const FaultSpec& fault);

/// "crash billing/1", "wait {drained: billing}": a step as a user would recognise it.
std::string DescribeStep(const StepSpec& step);

}  // namespace ks
