#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "scenario/model.h"
#include "target/external_target.h"

namespace ks {

/// The options that choose a cluster and set its clients' properties, as `run`, `list` and
/// `explain` take them.
struct TargetArgs {
  /// `--bootstrap-server` (Kafka's tools' spelling) or `--bootstrap-servers`: "host:port,...".
  std::string bootstrap_servers;
  std::string target_file;              ///< `--target`: a target file (schemas/target.schema.json)
  std::string client_config;            ///< `--client-config`: a Java-style .properties file
  std::vector<std::string> properties;  ///< `-X prop=value` (as kcat), in the order given
};

/// The client properties `args` gives, for every client: --client-config's, then -X's, in order
/// (a later one wins when they are set in order). Each is set on a fresh librdkafka
/// configuration first, so an unknown property or invalid value is an error here, naming where
/// it was written (file:line:column, or the -X argument), not when the first client starts.
/// Credential values (IsSecretProperty) are registered with RegisterSecret() at once. Returns
/// false once `err` says what is wrong (redacted); `out` is then incomplete.
bool LoadClientProperties(const TargetArgs& args, std::vector<ConfigEntry>* out, std::ostream& err);

/// The external target `args` describe: the target file's servers, client properties, fault
/// commands and name; `args.bootstrap_servers` over its servers when both are given; then
/// LoadClientProperties() after the file's client properties (before any scenario's own).
/// Returns false after printing the problems (redacted) to `err` when the target file or a
/// client property is invalid. `out->bootstrap_servers` stays empty when neither servers nor a
/// target file is given (the embedded cluster); `out->client` then holds only -X's and
/// --client-config's properties.
bool LoadExternalOptions(const TargetArgs& args, ExternalOptions* out, std::ostream& err);

/// How long the one probe of an external cluster waits for its answer: 10 s (issue 15), then
/// the invocation says the cluster is unreachable instead of each scenario waiting its own
/// 30 s admin deadline.
inline constexpr int kProbeTimeoutMs = 10000;

/// Asks the external cluster of `options` once whether it answers (ProbeCluster() within
/// kProbeTimeoutMs), keeping the answer in `options->unreachable` so its targets ask no more.
/// False once `err` says which address did not answer and what was tried (redacted).
bool ReachCluster(ExternalOptions* options, std::ostream& err);

/// The target `list` and `explain` ask what they can run: an external one for `external` with
/// servers (named "list" in its run id; it learns the cluster's capabilities at its first
/// CannotRun() and is never set up, so nothing is created), else the embedded cluster, which
/// answers without starting.
std::unique_ptr<Target> QueryTarget(ExternalOptions external);

}  // namespace ks
