#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "scenario/env_interpolation.h"
#include "scenario/model.h"

namespace ks {

/// A target file (`run --target FILE`, schemas/target.schema.json) after loading: how to reach a
/// cluster the runner does not own and how to make faults on it. Every string has had its
/// `${env:NAME}` references replaced.
struct TargetFile {
  std::string path;               ///< as given
  std::string directory;          ///< the file's folder: fault commands run there
  std::string name;               ///< `name`, or the file's stem
  std::string bootstrap_servers;  ///< "host:port,..." (librdkafka's bootstrap.servers)
  /// librdkafka properties for every client; a relative path in a property that names a file
  /// (`ssl.ca.location`, `*.location`, `sasl.kerberos.keytab`) is resolved against `directory`.
  std::vector<ConfigEntry> client;
  /// Fault kind ("broker_down", "broker_up", "leader", "request_errors", "rtt") -> command.
  std::map<std::string, std::string> fault_commands;
  int64_t fault_timeout_ms = 120000;  ///< each command's deadline
};

/// What LoadTargetFile() found: the target, or every problem (file:line:col) at once.
struct TargetFileResult {
  std::optional<TargetFile> target;
  std::vector<Diagnostic> diagnostics;
  std::string source;  ///< the file's text, for FormatDiagnostics
};

/// Reads, validates (schemas/target.schema.json) and interpolates the target file at `path`.
/// An unset environment variable without a default is a diagnostic at the value that names it.
/// Values of credential properties (IsSecretProperty) are registered with RegisterSecret() as
/// soon as they are known, so no later output can show them. Never throws.
TargetFileResult LoadTargetFile(const std::string& path, const EnvLookup& env);

/// LoadTargetFile() over `text` as if read from `path` (tests).
TargetFileResult LoadTargetText(const std::string& text, const std::string& path,
                                const EnvLookup& env);

}  // namespace ks
