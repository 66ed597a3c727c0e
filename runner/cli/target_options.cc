#include "cli/target_options.h"

#include <librdkafka/rdkafka.h>

#include "diag/secrets.h"
#include "target/cluster_probe.h"
#include "target/embedded_target.h"
#include "target/properties_file.h"
#include "target/rdkafka_handles.h"
#include "target/target_file.h"

namespace ks {
namespace {

// Sets `e` on `conf`; false with librdkafka's reason in `error` when it refuses it.
bool Accepts(rd_kafka_conf_t* conf, const ConfigEntry& e, std::string* error) {
  if (IsSecretProperty(e.key)) RegisterSecret(e.value);
  if (SetConf(conf, e.key, e.value, error)) return true;
  if (error->find("No such configuration property") != std::string::npos) {
    *error += " (the properties are librdkafka's: its CONFIGURATION.md lists them)";
  }
  return false;
}

// --client-config's entries, checked on `conf`, appended to `out`.
bool LoadClientConfigFile(const std::string& path, rd_kafka_conf_t* conf,
                          std::vector<ConfigEntry>* out, std::ostream& err) {
  PropertiesResult file = LoadPropertiesFile(path);
  for (const ConfigEntry& e : file.entries) {
    std::string why;
    if (!Accepts(conf, e, &why)) file.diagnostics.push_back({e.loc, why, ""});
  }
  if (!file.diagnostics.empty()) {
    // Without the file's lines: a misspelt credential property or a malformed escape in a
    // password would show a value that was never registered as a secret.
    err << Redact(FormatDiagnostics(file.diagnostics, ""));
    return false;
  }
  out->insert(out->end(), file.entries.begin(), file.entries.end());
  return true;
}

}  // namespace

bool LoadClientProperties(const TargetArgs& args, std::vector<ConfigEntry>* out,
                          std::ostream& err) {
  ConfPtr conf(rd_kafka_conf_new());
  if (!args.client_config.empty() &&
      !LoadClientConfigFile(args.client_config, conf.get(), out, err)) {
    return false;
  }
  for (const std::string& property : args.properties) {
    // Errors name the key only: the value may be a credential under a misspelt key, which
    // IsSecretProperty cannot know to register.
    const size_t eq = property.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << "error: -X takes prop=value (e.g. -X security.protocol=SASL_SSL); an argument "
             "without '=' or without a property name was given (not shown: it may hold a "
             "credential)\n";
      return false;
    }
    ConfigEntry e{property.substr(0, eq), property.substr(eq + 1), {"-X", 0, 0}};
    if (e.key == "bootstrap.servers" || e.key == "metadata.broker.list") {
      err << "error: -X " << e.key
          << ": the cluster is chosen with --bootstrap-server or --target, not a client property\n";
      return false;
    }
    if (std::string why; !Accepts(conf.get(), e, &why)) {
      err << Redact("error: -X " + e.key + ": " + why + "\n");
      return false;
    }
    out->push_back(std::move(e));
  }
  return true;
}

bool LoadExternalOptions(const TargetArgs& args, ExternalOptions* out, std::ostream& err) {
  out->bootstrap_servers = args.bootstrap_servers;
  if (!args.target_file.empty()) {
    TargetFileResult loaded = LoadTargetFile(args.target_file, ProcessEnv());
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
  }
  return LoadClientProperties(args, &out->client, err);
}

bool ReachCluster(ExternalOptions* options, std::ostream& err) {
  options->unreachable = ProbeCluster(options->bootstrap_servers, options->client, kProbeTimeoutMs);
  if (options->unreachable.ok()) return true;
  err << Redact("error: " + options->unreachable.message() + "\n");
  return false;
}

std::unique_ptr<Target> QueryTarget(ExternalOptions external) {
  if (external.bootstrap_servers.empty()) return std::make_unique<EmbeddedTarget>();
  external.run_id = "list";
  return std::make_unique<ExternalTarget>(std::move(external));
}

}  // namespace ks
