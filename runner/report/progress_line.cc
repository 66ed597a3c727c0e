#include "report/progress_line.h"

#include <fmt/format.h>

namespace ks {

std::string FormatProgressLine(const std::vector<ProgressEntry>& running, size_t width) {
  std::string line;
  for (const ProgressEntry& e : running) {
    if (!line.empty()) line += " | ";
    line += fmt::format("{}: {} acked, {} consumed", e.label, e.acknowledged, e.consumed);
    if (!e.step.empty()) line += ", " + e.step;
  }
  if (width >= 4 && line.size() > width) line = line.substr(0, width - 3) + "...";
  return line;
}

}  // namespace ks
