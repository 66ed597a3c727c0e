#pragma once

// The lines of a stream, read in large blocks, each followed by readable bytes for simdjson
// (runner/history only).

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <string_view>

namespace ks::jsonl_detail {

/// Splits a stream into lines ('\n' ends a line and is not part of it; a last line without one
/// counts), reading it in blocks of at most kBlockBytes. Memory stays bounded whatever the input:
/// a buffer of kFirstBytes, grown to at most `max_line` + kBlockBytes bytes. Each line returned is
/// followed by at least kPadding readable bytes (Readable()), which simdjson's parsers need past a
/// document's end.
class PaddedLines {
 public:
  /// Bytes asked of the stream at a time, at most: 1 MiB, few reads, little memory.
  static constexpr size_t kBlockBytes = size_t{1} << 20;
  /// The buffer's first size, grown as the input needs: loading a short history stays cheap.
  static constexpr size_t kFirstBytes = size_t{64} << 10;
  /// simdjson::SIMDJSON_PADDING (64 in simdjson 3.0), rounded up.
  static constexpr size_t kPadding = 64;

  /// `in` must outlive this reader; `max_line`: the longest line in bytes that Next() returns;
  /// `limit`: how many bytes to read from `in` at most (a part of a file), by default all; a
  /// line the limit cuts comes back as a last line without its '\n'.
  PaddedLines(std::istream& in, size_t max_line, uint64_t limit = UINT64_MAX);

  /// The next line in `*line` (valid until the next call); false at the end of the input. A
  /// line longer than `max_line` bytes is read and dropped: `*too_long` is set and `*line` is
  /// empty.
  bool Next(std::string_view* line, bool* too_long);

  /// How many bytes may be read from `line.data()` for a line Next() just returned: at least
  /// line.size() + kPadding.
  size_t Readable(std::string_view line) const {
    return static_cast<size_t>(buffer_.get() + capacity_ - line.data());
  }

 private:
  // Moves the unread bytes to the front and reads a block after them; false when nothing more
  // could be read (the end of the input, or an error: the stream says which).
  bool Fill();
  // Makes room for `data_bytes` bytes of data (and the padding), keeping the bytes read.
  void Grow(size_t data_bytes);

  std::istream& in_;
  const size_t max_line_;
  size_t capacity_;  // bytes allocated; data never comes within kPadding of it
  std::unique_ptr<char[]> buffer_;
  size_t begin_ = 0;     // the first unread byte
  size_t end_ = 0;       // one past the last byte read
  bool filled_ = false;  // the last read got all it asked for: more is likely to come
  uint64_t left_;        // bytes still to be read before the limit
};

}  // namespace ks::jsonl_detail
