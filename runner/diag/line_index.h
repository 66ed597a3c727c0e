#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace ks {

/// A 1-based line and byte column in a text.
struct TextPosition {
  int line = 1;
  int column = 1;
};

/// Where each line of a text starts, computed once (one pass over the text) so that a line, or
/// the line and column of an offset, is found by binary search: finding each diagnostic's source
/// line by rescanning from line 1 made a file with 100,000 errors take minutes. The text must
/// outlive the index.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  /// The 1-based `line` without its line break (or a '\r' before it); nothing for line <= 0 or
  /// past the end (an empty last line after a final newline counts as past the end).
  std::optional<std::string_view> Line(int line) const;

  /// The line and byte column of byte `offset` (an offset past the end is placed after the last
  /// byte).
  TextPosition PositionOf(size_t offset) const;

 private:
  std::string_view text_;
  std::vector<size_t> starts_;  // offset of each line's first byte; starts_[0] == 0
};

}  // namespace ks
