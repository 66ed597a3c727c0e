#include "diag/line_index.h"

#include <algorithm>

namespace ks {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
    starts_.push_back(nl + 1);
  }
}

std::optional<std::string_view> LineIndex::Line(int line) const {
  if (line <= 0 || static_cast<size_t>(line) > starts_.size()) return std::nullopt;
  const size_t start = starts_[line - 1];
  if (start >= text_.size()) return std::nullopt;
  size_t end = static_cast<size_t>(line) < starts_.size() ? starts_[line] - 1 : text_.size();
  std::string_view out = text_.substr(start, end - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

TextPosition LineIndex::PositionOf(size_t offset) const {
  offset = std::min(offset, text_.size());
  // The last line starting at or before `offset`.
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset) - 1;
  return {static_cast<int>(it - starts_.begin()) + 1, static_cast<int>(offset - *it) + 1};
}

}  // namespace ks
