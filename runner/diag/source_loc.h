#pragma once

#include <string>

namespace ks {

/// A place in a scenario file. `line` and `column` are 1-based; 0 means unknown
/// (for example a value that was never written and took its default).
struct SourceLoc {
  std::string file;
  int line = 0;
  int column = 0;

  /// "file:line:col", or "file" when the line is unknown.
  std::string ToString() const;
};

}  // namespace ks
