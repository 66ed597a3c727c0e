#pragma once

#include <string>

namespace ks {

/// Reads the whole file at `path` into `text` (bytes as they are). Returns false with `error`
/// saying why ("cannot read the file: <strerror>") when it cannot be opened or read.
bool ReadWholeFile(const std::string& path, std::string* text, std::string* error);

}  // namespace ks
