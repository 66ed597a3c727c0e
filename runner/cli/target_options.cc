#include "cli/target_options.h"

#include "diag/secrets.h"
#include "target/target_file.h"

namespace ks {

bool LoadExternalOptions(const std::string& bootstrap_servers, const std::string& target_file,
                         ExternalOptions* out, std::ostream& err) {
  out->bootstrap_servers = bootstrap_servers;
  if (target_file.empty()) return true;
  TargetFileResult loaded = LoadTargetFile(target_file, ProcessEnv());
  if (!loaded.target) {
    err << Redact(FormatDiagnostics(loaded.diagnostics, loaded.source));
    return false;
  }
  const TargetFile& t = *loaded.target;
  if (out->bootstrap_servers.empty()) out->bootstrap_servers = t.bootstrap_servers;
  out->client = t.client;
  out->fault_commands = t.fault_commands;
  out->fault_directory = t.directory;
  out->fault_timeout_ms = t.fault_timeout_ms;
  out->name = t.name;
  return true;
}

}  // namespace ks
