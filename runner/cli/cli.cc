#include "cli/cli.h"

#include <librdkafka/rdkafka.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "cli/scenario_paths.h"
#include "report/console.h"
#include "run/scenario_runner.h"
#include "scenario/loader.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

struct Loaded {
  std::vector<Scenario> scenarios;
  bool ok = true;
};

// Loads every file before anything runs, so a typo in the last file is reported before the
// first scenario starts a client.
Loaded LoadAll(const std::vector<std::string>& paths, std::ostream& err) {
  Loaded loaded;
  std::vector<std::string> missing;
  std::vector<std::string> files = ExpandScenarioPaths(paths, &missing);
  for (const auto& m : missing) {
    err << m << ": error: no such file or folder\n";
    loaded.ok = false;
  }
  if (files.empty() && missing.empty()) {
    err << "error: no scenario files (*.yaml) found in the given paths\n";
    loaded.ok = false;
  }
  for (const auto& f : files) {
    LoadResult r = LoadScenarioFile(f);
    if (!r.diagnostics.empty()) {
      err << FormatLoadErrors(r);
      loaded.ok = false;
    }
    if (r.scenario) loaded.scenarios.push_back(std::move(*r.scenario));
  }
  return loaded;
}

Outcome Validate(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err) {
  Loaded loaded = LoadAll(paths, err);
  if (!loaded.ok) return Outcome::kInvalidInput;
  for (const auto& s : loaded.scenarios) out << "valid  " << s.path << "  (" << s.name << ")\n";
  return Outcome::kOk;
}

Outcome Run(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err) {
  Loaded loaded = LoadAll(paths, err);
  if (!loaded.ok) return Outcome::kInvalidInput;
  out << "kafka-scenario: " << loaded.scenarios.size()
      << " scenario(s) on the embedded cluster (librdkafka " << rd_kafka_version_str()
      << " mock)\n\n";
  std::vector<ScenarioResult::Verdict> verdicts;
  for (const auto& s : loaded.scenarios) {
    EmbeddedTarget target;  // each scenario gets a fresh cluster: no state leaks between lessons
    ScenarioResult r = RunScenario(s, target);
    out << FormatResult(s, r) << "\n" << std::flush;
    verdicts.push_back(r.verdict);
  }
  out << FormatSummary(verdicts) << "\n";
  auto has = [&](ScenarioResult::Verdict v) {
    return std::find(verdicts.begin(), verdicts.end(), v) != verdicts.end();
  };
  if (has(ScenarioResult::Verdict::kError)) return Outcome::kClusterError;
  if (has(ScenarioResult::Verdict::kFailed)) return Outcome::kCheckFailed;
  return Outcome::kOk;
}

}  // namespace

Outcome RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "kafka-scenario: runs declarative Kafka scenarios (YAML) on an embedded Kafka cluster and "
      "judges what happened: loss, duplicates, ordering, partitioning, consumer groups."};
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log client and runner details to stderr");

  std::vector<std::string> run_paths;
  CLI::App* run = app.add_subcommand(
      "run", "Validate every file first, then run each scenario and judge its expectations");
  run->add_option("PATH", run_paths, "Scenario files, or folders searched for *.yaml")->required();

  std::vector<std::string> validate_paths;
  CLI::App* validate =
      app.add_subcommand("validate", "Load and validate scenario files without running them");
  validate->add_option("PATH", validate_paths, "Scenario files, or folders searched for *.yaml")
      ->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints help (for the right subcommand) on --help, and the error otherwise.
    return app.exit(e, out, err) == 0 ? Outcome::kOk : Outcome::kInvalidInput;
  }

  if (!spdlog::get("kafka-scenario")) {
    spdlog::set_default_logger(spdlog::stderr_logger_mt("kafka-scenario"));
  }
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);

  if (*run) return Run(run_paths, out, err);
  return Validate(validate_paths, out, err);
}

}  // namespace ks
