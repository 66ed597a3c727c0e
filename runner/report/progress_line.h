#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ks {

/// One running scenario as the live progress line shows it.
struct ProgressEntry {
  std::string label;  ///< "012 parallel-workers"
  int64_t acknowledged = 0;
  int64_t consumed = 0;
  std::string step;  ///< the current step, as DescribeStep() words it
};

/// "012 parallel-workers: 1200 acked, 950 consumed, wait until safe drained | ...": every running
/// scenario on one line, cut to `width` columns (a terminal's width) with "..." when longer.
std::string FormatProgressLine(const std::vector<ProgressEntry>& running, size_t width);

}  // namespace ks
