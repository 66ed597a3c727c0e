#include "report/report_file.h"

#include <fmt/format.h>

#include "diag/atomic_file.h"
#include "diag/secrets.h"

namespace ks {

Status WriteReportFile(const std::string& path, std::string_view raw) {
  // Reports quote scenario text and client errors: no credential may show there.
  return WriteFileAtomically(path, Redact(std::string(raw)),
                             fmt::format("cannot write report '{}'", path));
}

}  // namespace ks
