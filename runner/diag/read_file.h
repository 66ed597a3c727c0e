#pragma once

#include <cstdint>
#include <string>

namespace ks {

/// Reads the whole file at `path` into `text` (bytes as they are), refusing files of more than
/// `max_bytes` (a limit from diag/input_limits.h) before reading them whole: a regular file by its
/// size, anything else (a pipe, /dev/zero) once `max_bytes` + 1 bytes have come. Returns false
/// with `error` saying why ("cannot read the file: <strerror>", "the file is 100 MiB, more than
/// the 4 MiB ...") when it cannot be opened or read, or is too large.
bool ReadWholeFile(const std::string& path, std::string* text, std::string* error,
                   uint64_t max_bytes);

}  // namespace ks
