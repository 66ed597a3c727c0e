#pragma once

#include <string>
#include <string_view>

#include "diag/status.h"

namespace ks {

/// Writes `content` to `path` through a temporary file in the same folder that is then renamed
/// over `path`, so that a CI job reading the report sees either the previous file or the whole
/// new one, never a truncated one. Missing parent folders are created. The temporary file is
/// created exclusively (an existing file is never overwritten or removed) and is removed again
/// if anything fails.
Status WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace ks
