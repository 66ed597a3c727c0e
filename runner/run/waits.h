#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace ks {

/// A condition the timeline waits for. It returns nothing when met, or a description of what
/// is still missing ("member billing/1 has no assignment"), used when the wait gives up.
using WaitCondition = std::function<std::optional<std::string>()>;

/// Polls `condition` every `interval` until it is met or `deadline` passes.
/// Returns nothing when met, else "<what> not met within <N> s: <what was missing>".
std::optional<std::string> WaitFor(
    const std::string& what, const WaitCondition& condition,
    std::chrono::steady_clock::time_point deadline,
    std::chrono::milliseconds interval = std::chrono::milliseconds(10));

}  // namespace ks
