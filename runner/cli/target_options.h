#pragma once

#include <ostream>
#include <string>

#include "target/external_target.h"

namespace ks {

/// The external target `--bootstrap-servers` and `--target FILE` describe: the file's servers,
/// client properties, fault commands and name, then `bootstrap_servers` over its servers when
/// both are given. Returns false after printing the file's diagnostics (redacted) to `err` when
/// the target file is invalid. `out->bootstrap_servers` stays empty when neither is given (the
/// embedded cluster).
bool LoadExternalOptions(const std::string& bootstrap_servers, const std::string& target_file,
                         ExternalOptions* out, std::ostream& err);

}  // namespace ks
