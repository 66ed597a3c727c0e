#pragma once

// Checks on raw input text that run before any parser sees it (input_limits.h says why).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "diag/diagnostic.h"

namespace ks {

/// The length in bytes (1 to 4) of the well-formed UTF-8 sequence at `text[i]` (`i` <
/// text.size()), with its code point in `*code_point` when that is not null; 0 when the bytes
/// there are not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
/// U+10FFFF).
size_t Utf8SequenceAt(std::string_view text, size_t i, uint32_t* code_point = nullptr);

/// The offset of the first byte of `text` that is not part of well-formed UTF-8 (RFC 3629:
/// no overlong forms, no surrogates, nothing above U+10FFFF), or nothing when all of it is.
std::optional<size_t> FirstInvalidUtf8(std::string_view text);

/// The offset of the first control character other than tab, line feed and carriage return
/// (U+0000 to U+001F, U+007F), which YAML 1.2 (5.1, c-printable) and JSON strings do not allow
/// as written, or nothing.
std::optional<size_t> FirstControlCharacter(std::string_view text);

/// Whether CheckText refuses control characters: YAML does (5.1); JSON's parser reports them
/// itself where they are not allowed (a raw DEL is valid JSON).
enum class ControlCharacters { kRefused, kLeftToTheParser };

/// The first reason `text` (the contents of `file`) cannot be read as text: more than
/// `max_bytes` bytes (located at the file alone), invalid UTF-8 or a refused control character
/// (located at the offending byte, `line` added to every line number, so that one line of a
/// larger file can be checked). Nothing when the text is fine.
std::optional<Diagnostic> CheckText(std::string_view text, const std::string& file,
                                    uint64_t max_bytes, ControlCharacters controls, int line = 0);

/// "the file is 100 MiB, over the limit of 4 MiB for this kind of file"; without `size` (a pipe
/// that went on past the limit), "the file holds more than the limit of ...".
std::string FileTooLargeText(std::optional<uint64_t> size, uint64_t max_bytes);

/// `n` with thousands separators: 100000 -> "100,000".
std::string CountText(uint64_t n);

/// A byte count for people: "512 bytes", "4 MiB", "1.5 GiB".
std::string ByteSizeText(uint64_t bytes);

}  // namespace ks
