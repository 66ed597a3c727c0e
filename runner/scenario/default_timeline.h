#pragma once

#include <vector>

#include "scenario/model.h"

namespace ks {

/// The timeline of a scenario without `steps`, as steps for RunTimeline: start every group's
/// members; wait until each group owns every partition exactly once (the first record must not
/// be sent before anyone reads); run every producer in the background; wait for every delivery
/// report; wait until each group has consumed up to every acknowledged offset. Each wait is
/// bounded by the scenario's timeout; each step points at the group or producer it concerns.
std::vector<StepSpec> DefaultTimeline(const Scenario& scenario);

}  // namespace ks
