#include "history/padded_lines.h"

#include <algorithm>
#include <cstring>

namespace ks::jsonl_detail {

PaddedLines::PaddedLines(std::istream& in, size_t max_line, uint64_t limit)
    : in_(in),
      max_line_(max_line),
      capacity_(std::min(kFirstBytes, max_line + 1 + kBlockBytes) + kPadding),
      // Zeroed: padding bytes that a parser may look at are never uninitialized memory.
      buffer_(std::make_unique<char[]>(capacity_)),
      left_(limit) {}

void PaddedLines::Grow(size_t data_bytes) {
  if (data_bytes + kPadding <= capacity_) return;
  auto bigger = std::make_unique<char[]>(data_bytes + kPadding);  // zeroed, as above
  std::memcpy(bigger.get(), buffer_.get(), end_);
  buffer_ = std::move(bigger);
  capacity_ = data_bytes + kPadding;
}

bool PaddedLines::Fill() {
  if (!in_.good() || left_ == 0) return false;
  const size_t unread = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, unread);
    begin_ = 0;
    end_ = unread;
  }
  // The buffer starts small (a history of a few ops costs kFirstBytes) and doubles while a line
  // fills half of it, up to the longest line plus a block, or while the input fills every read,
  // up to a block. Whatever the input, it never holds more than that.
  const size_t data = capacity_ - kPadding;
  if (end_ * 2 > data || (filled_ && data < kBlockBytes)) {
    Grow(std::min(data * 2, max_line_ + 1 + kBlockBytes));
  }
  const size_t ask = static_cast<size_t>(
      std::min<uint64_t>(std::min(capacity_ - kPadding - end_, kBlockBytes), left_));
  in_.read(buffer_.get() + end_, static_cast<std::streamsize>(ask));
  const auto got = static_cast<size_t>(in_.gcount());
  end_ += got;
  left_ -= got;
  filled_ = got == ask;
  return got > 0;
}

bool PaddedLines::Next(std::string_view* line, bool* too_long) {
  *too_long = false;
  bool dropping = false;  // in a line past max_line_: its bytes are read and dropped
  while (true) {
    const char* begin = buffer_.get() + begin_;
    const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', end_ - begin_));
    const size_t length = newline ? static_cast<size_t>(newline - begin) : end_ - begin_;
    if (length > max_line_) dropping = true;
    if (newline) {
      begin_ += length + 1;
      *too_long = dropping;
      *line = dropping ? std::string_view() : std::string_view(begin, length);
      return true;
    }
    if (dropping) {  // keep memory bounded: forget what was read of the line so far
      begin_ = end_;
    }
    if (!Fill()) {
      if (end_ == begin_ && !dropping) return false;
      // The last line, without a '\n'.
      *too_long = dropping;
      *line =
          dropping ? std::string_view() : std::string_view(buffer_.get() + begin_, end_ - begin_);
      begin_ = end_;
      return true;
    }
  }
}

}  // namespace ks::jsonl_detail
