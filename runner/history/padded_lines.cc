#include "history/padded_lines.h"

#include <algorithm>
#include <cstring>

namespace ks::jsonl_detail {

PaddedLines::PaddedLines(std::istream& in, size_t max_line)
    : in_(in),
      max_line_(max_line),
      capacity_(max_line + kBlockBytes + 1 + kPadding),
      // Zeroed: padding bytes that a parser may look at are never uninitialized memory.
      buffer_(std::make_unique<char[]>(capacity_)) {}

bool PaddedLines::Fill() {
  if (!in_.good()) return false;
  const size_t unread = end_ - begin_;
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, unread);
    begin_ = 0;
    end_ = unread;
  }
  const size_t room = capacity_ - kPadding - end_;
  in_.read(buffer_.get() + end_, static_cast<std::streamsize>(std::min(room, kBlockBytes)));
  const auto got = static_cast<size_t>(in_.gcount());
  end_ += got;
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
