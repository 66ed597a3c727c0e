#pragma once

#include <string>
#include <string_view>

#include "diag/status.h"

namespace ks {

/// Writes a report's `content` to `path`, credentials redacted (diag/secrets.h), through an
/// AtomicFile (diag/atomic_file.h): a CI job reading the report sees either the previous file or
/// the whole new one. Errors start "cannot write report 'PATH'".
Status WriteReportFile(const std::string& path, std::string_view content);

}  // namespace ks
