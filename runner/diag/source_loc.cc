#include "diag/source_loc.h"

#include <fmt/format.h>

namespace ks {

std::string SourceLoc::ToString() const {
  if (line <= 0) return file;
  if (column <= 0) return fmt::format("{}:{}", file, line);
  return fmt::format("{}:{}:{}", file, line, column);
}

}  // namespace ks
