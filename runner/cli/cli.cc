#include "cli/cli.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>

#include "cli/commands.h"
#include "cli/redacting_log.h"
#include "cli/version.h"
#include "diag/spelling.h"
#include "report/terminal.h"

namespace ks {
namespace {

void AddOutputOptions(CLI::App* cmd, OutputPaths* outputs, bool history) {
  if (history) {
    cmd->add_option("--history", outputs->history,
                    "Save each scenario's history as JSON Lines (schemas/history.schema.json): a "
                    "file for one scenario, or a folder (ending in '/') for many");
  }
  cmd->add_option("--junit", outputs->junit,
                  "Write a JUnit XML report (one testsuite per file, one testcase per scenario)");
  cmd->add_option("--json", outputs->json, "Write a JSON report (schemas/report.schema.json)");
  cmd->add_option("--html", outputs->html,
                  "Write one self-contained HTML page: each scenario's verdict, lesson, checks, "
                  "anomalies and timeline charts (opens offline in any browser)");
}

// --bootstrap-server(s), --target, -X and --client-config into `args`: the cluster and its
// clients' properties, the same on every command that talks to a cluster.
void AddTargetOptions(CLI::App* cmd, TargetArgs* args) {
  cmd->add_option("--bootstrap-server,--bootstrap-servers", args->bootstrap_servers,
                  "A Kafka cluster (host:port,...) instead of an embedded one; a run creates its "
                  "topics as ks-<run id>-<name> and deletes them afterwards");
  cmd->add_option("--target", args->target_file,
                  "The cluster a target file describes (schemas/target.schema.json): bootstrap "
                  "servers, client properties such as SASL/SSL, fault commands; "
                  "--bootstrap-server overrides its servers");
  cmd->add_option("-X", args->properties,
                  "A librdkafka property for every client, prop=value (repeatable, as kcat's "
                  "-X): after the target file's and --client-config's, before the scenario's")
      ->type_name("PROP=VALUE")
      ->expected(1)
      ->allow_extra_args(false);
  cmd->add_option("--client-config", args->client_config,
                  "A Java-style .properties file of client properties for every client (as "
                  "Kafka's tools' --command-config), in librdkafka's names")
      ->type_name("FILE");
}

// The arguments of `run`.
struct RunArgs {
  std::vector<std::string> paths;
  OutputPaths outputs;
  RunSelection selection;
};

// `run PATH... [--tag T]... [--name GLOB] [--explain] [--jobs N] [--bootstrap-server HOSTS]
// [--target FILE] [-X PROP=VALUE]... [--client-config FILE] [--existing-topics] [--keep-topics]
// [--fail-on-skip]` and the output options, parsed into `args`.
CLI::App* AddRun(CLI::App& app, RunArgs* args) {
  RunSelection& selection = args->selection;
  CLI::App* run = app.add_subcommand(
      "run", "Validate every file first, then run each scenario and judge its expectations");
  run->add_option("PATH", args->paths, "Scenario files, or folders searched for *.yaml")
      ->required();
  run->add_option("--tag", selection.tags,
                  "Run only scenarios with this tag (repeatable: any of the tags)");
  run->add_option("--name", selection.name_glob,
                  "Run only scenarios whose name matches this glob, e.g. 'transactions-*'");
  run->add_flag("--explain", selection.explain, "Print each scenario's lesson before running it");
  run->add_option("--jobs,-j", selection.jobs,
                  "Run this many scenarios at once, each on its own embedded cluster; each "
                  "scenario's output is printed together, in order")
      ->check(CLI::Range(1, 64));
  AddTargetOptions(run, &selection.target);
  run->add_flag(
      "--existing-topics", selection.existing_topics,
      "With --bootstrap-server or --target: use topics that already exist under the scenario's "
      "names (partition counts are checked); create and delete nothing");
  run->add_flag("--keep-topics", selection.keep_topics,
                "With --bootstrap-server or --target: keep the topics a run created");
  run->add_flag(
      "--fail-on-skip", selection.fail_on_skip,
      "A scenario the target cannot run (skipped, with its reason) fails the run: exit 1");
  AddOutputOptions(run, &args->outputs, true);
  return run;
}

// `validate PATH...`, parsed into `paths`.
CLI::App* AddValidate(CLI::App& app, std::vector<std::string>* paths) {
  CLI::App* validate =
      app.add_subcommand("validate", "Load and validate scenario files without running them");
  validate->add_option("PATH", *paths, "Scenario files, or folders searched for *.yaml")
      ->required();
  return validate;
}

// The arguments of `broker`.
struct BrokerArgs {
  int brokers = 1;
  std::vector<std::string> topics;
};

// `broker [--brokers N] [--topics name:partitions,...]`, parsed into `args`.
CLI::App* AddBroker(CLI::App& app, BrokerArgs* args) {
  CLI::App* broker = app.add_subcommand(
      "broker",
      "Serve an embedded Kafka cluster until interrupted, for any Kafka client (kcat, "
      "kafka-python, the seeds' programs); prints its bootstrap servers first");
  broker->add_option("--brokers", args->brokers, "Number of brokers")->check(CLI::Range(1, 16));
  broker
      ->add_option("--topics", args->topics,
                   "Topics to create, name:partitions (comma-separated or repeated)")
      ->delimiter(',');
  return broker;
}

// The arguments of `list` and `explain`.
struct ListArgs {
  std::vector<std::string> paths;
  TargetArgs target;
};

// `list [PATH...]` and the target options, parsed into `args`.
CLI::App* AddList(CLI::App& app, ListArgs* args) {
  CLI::App* list = app.add_subcommand(
      "list", "List the lessons: number, name, title, tags, and whether this target runs them");
  list->add_option("PATH", args->paths,
                   "Scenario files, or folders searched for *.yaml (default: ./scenarios)");
  AddTargetOptions(list, &args->target);
  list->footer("With --bootstrap-server or --target: whether that cluster can run each lesson.");
  return list;
}

// `explain FILE...` and the target options, parsed into `args`.
CLI::App* AddExplain(CLI::App& app, ListArgs* args) {
  CLI::App* explain = app.add_subcommand(
      "explain",
      "Describe scenarios without running them: lesson, topology, timeline, checks, requires");
  explain->add_option("FILE", args->paths, "Scenario files, or folders searched for *.yaml")
      ->required();
  AddTargetOptions(explain, &args->target);
  explain->footer(
      "With --bootstrap-server or --target: whether that cluster has what each "
      "scenario requires.");
  return explain;
}

// `checks [--format text|markdown]`, parsed into `format`.
CLI::App* AddChecks(CLI::App& app, std::string* format) {
  CLI::App* checks = app.add_subcommand(
      "checks", "List the checks an expect entry can name: scope keys, figures, meaning");
  checks
      ->add_option("--format", *format,
                   "text: a block per check for a terminal; markdown: a GitHub table")
      ->check(CLI::IsMember({"markdown", "text"}))
      ->capture_default_str();
  return checks;
}

// The arguments of `check`.
struct CheckArgs {
  std::string history_path, scenario_path;
  OutputPaths outputs;
};

// `check HISTORY --scenario FILE [--junit F] [--json F]`, parsed into `args`.
CLI::App* AddCheck(CLI::App& app, CheckArgs* args) {
  CLI::App* check = app.add_subcommand(
      "check", "Judge a saved history (from run --history) with a scenario's checks, offline");
  check
      ->add_option("HISTORY", args->history_path, "A history saved by 'run --history' (JSON Lines)")
      ->required();
  check->add_option("--scenario", args->scenario_path, "The scenario whose expect entries judge it")
      ->required();
  AddOutputOptions(check, &args->outputs, false);
  return check;
}

// The arguments of `report`.
struct ReportArgs {
  std::vector<std::string> history_paths, scenario_paths;
  OutputPaths outputs;
};

// `report HISTORY... --scenario PATH... [--html F] [--junit F] [--json F]`, parsed into `args`.
CLI::App* AddReport(CLI::App& app, ReportArgs* args) {
  CLI::App* report = app.add_subcommand(
      "report",
      "Judge saved histories (run --history) and write their reports, e.g. the HTML page with "
      "timeline charts, offline");
  report->add_option("HISTORY", args->history_paths, "Histories saved by 'run --history'")
      ->required();
  report
      ->add_option("--scenario", args->scenario_paths,
                   "Scenario files or folders; each history is judged by the scenario its header "
                   "names (with one scenario given, by that one)")
      ->required();
  AddOutputOptions(report, &args->outputs, false);
  return report;
}

// The arguments of `compare`.
struct CompareArgs {
  std::string left, format = "text";
  std::vector<std::string> right;
};

// `compare LEFT RIGHT... [--format markdown|text]`, parsed into `args`.
CLI::App* AddCompare(CLI::App& app, CompareArgs* args) {
  CLI::App* compare = app.add_subcommand(
      "compare", "Show JSON reports (run --json) side by side, one row per scenario");
  compare->footer(
      "Scenarios are matched by name. Each side shows its verdict (with the reason for a skip or "
      "an error), wall seconds, each consumer group's acknowledged/consumed/lost/duplicates "
      "records, and the figures each expect entry bounds; rows whose verdicts or figures differ "
      "(wall time aside) are marked, and a scenario in one side only gets a row that says so. "
      "Several RIGHT reports are one side, e.g. the runs of one cluster with different target "
      "files: a scenario comes from the report that ran it rather than one that skipped it, and "
      "a scenario run in two of them is an error. Columns are named by the targets (several "
      "joined by commas). Exit status: 0 whatever the verdicts; 2 when a file is missing, is not "
      "JSON, or is not a version 1 report, or a scenario ran in two RIGHT reports.");
  compare->add_option("LEFT", args->left, "A JSON report, e.g. from the embedded cluster")
      ->required();
  compare
      ->add_option("RIGHT", args->right,
                   "One or more JSON reports, e.g. from runs on a real Kafka cluster")
      ->required();
  compare
      ->add_option("--format", args->format,
                   "markdown: a GitHub table with a paragraph naming both reports (what "
                   "scripts/fidelity writes to docs/fidelity.md); text: aligned blocks for a "
                   "terminal")
      ->check(CLI::IsMember({"markdown", "text"}))
      ->capture_default_str();
  return compare;
}

// " (did you mean 'run'?)" for the candidate closest to `word`, or "": within ninja's 3 edits
// and within half the word's letters (dashes aside), so that a one-letter option or an
// unrelated word is not "corrected" into another.
std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  const size_t letters = word.size() - std::min(word.find_first_not_of('-'), word.size());
  if (letters < 2) return "";
  const int most = std::min(3, static_cast<int>(letters + 1) / 2);
  std::optional<std::string> near = ClosestMatch(word, candidates, most);
  return near ? " (did you mean '" + *near + "'?)" : "";
}

// The option names `cmd` takes: "--jobs", "-j", ...
std::vector<std::string> OptionNames(const CLI::App& cmd) {
  std::vector<std::string> names;
  for (const CLI::Option* o : cmd.get_options()) {
    for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
    for (const std::string& sn : o->get_snames()) names.push_back("-" + sn);
  }
  return names;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// What is wrong with option `name`, which `scope` (the command given, or the app) does not
// take: "unknown option '--jbos' for 'run' (did you mean '--jobs'?)", or, for an option of a
// command written before it, where it goes.
std::string UnknownOption(const CLI::App& app, const CLI::App& scope, const std::string& name) {
  const bool command = &scope != &app;
  std::vector<std::string> owners;
  for (const CLI::App* sub : app.get_subcommands({})) {
    if (Contains(OptionNames(*sub), name)) owners.push_back(sub->get_name());
  }
  if (command && Contains(owners, scope.get_name())) {
    return fmt::format(
        "error: '{}' is an option of '{}': write it after the command "
        "(kafka-scenario {} {} ...)\n",
        name, scope.get_name(), scope.get_name(), name);
  }
  if (!command && !owners.empty()) {
    return fmt::format(
        "error: '{}' is an option of {}: write it after the command, e.g. "
        "kafka-scenario {} {} ...\n",
        name, fmt::join(owners, ", "), owners.front(), name);
  }
  std::vector<std::string> known = OptionNames(scope);
  if (command) {
    for (const std::string& n : OptionNames(app)) known.push_back(n);
  }
  return fmt::format("error: unknown option '{}'{}{} (kafka-scenario {}--help)\n", name,
                     command ? " for '" + scope.get_name() + "'" : "", DidYouMean(name, known),
                     command ? scope.get_name() + " " : "");
}

// "unknown command 'rnu' (did you mean 'run'?)", an unknown option (UnknownOption), or "a
// command is required", each with where to read more; "" when `app` (parsed, with extras
// allowed) has its one command and no word it does not know.
std::string UsageProblem(const CLI::App& app) {
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  const CLI::App* scope = chosen.empty() ? &app : chosen.front();
  // An option a command does not know falls through to the app (for --color after the
  // command), so its extras are the app's as well as the command's.
  std::vector<std::string> extras = scope->remaining();
  if (scope != &app) {
    for (const std::string& word : app.remaining()) extras.push_back(word);
  }
  if (chosen.empty()) {
    std::vector<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
    const std::string list = fmt::format("{}", fmt::join(commands, ", "));
    for (const std::string& word : extras) {
      if (word.starts_with("-")) continue;
      return fmt::format("error: unknown command '{}'{}; the commands are {} ({})\n", word,
                         DidYouMean(word, commands), list, "kafka-scenario --help");
    }
    if (extras.empty()) {
      return fmt::format("error: a command is required: {} (kafka-scenario --help)\n", list);
    }
  }
  for (const std::string& word : extras) {
    if (word.starts_with("-")) return UnknownOption(app, *scope, word.substr(0, word.find('=')));
  }
  if (!extras.empty()) {
    return fmt::format("error: unexpected argument{} {} ({} --help)\n",
                       extras.size() > 1 ? "s" : "", fmt::format("{}", fmt::join(extras, " ")),
                       chosen.empty() ? "kafka-scenario" : "kafka-scenario " + scope->get_name());
  }
  return "";
}

// `--color auto|always|never` (report/terminal.h) into `mode`. Call it before adding the
// subcommands: they inherit the fallthrough, which lets an option of the app such as --color come
// after the subcommand too, where one is added to a `run` line.
void AddColorOption(CLI::App& app, std::string* mode) {
  app.add_option(
         "--color", *mode,
         "Colour of the verdicts: auto (on a terminal, unless NO_COLOR is set or TERM is "
         "dumb or unset), always (even into a pipe or a file, whatever NO_COLOR says), never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.fallthrough();
}

// Client and runner logs go to stderr through a logger that redacts secrets; debug with
// --verbose, warnings otherwise.
void SetUpLogging(bool verbose) {
  if (!spdlog::get("kafka-scenario")) {
    auto logger = NewRedactingStderrLogger();
    spdlog::register_logger(logger);
    spdlog::set_default_logger(logger);
  }
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
}

}  // namespace

Outcome RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "kafka-scenario: runs declarative Kafka scenarios (YAML) on an embedded Kafka cluster and "
      "judges what happened: loss, duplicates, ordering, partitioning, consumer groups."};
  // At most one command; none is reported by UsageProblem, which can name a misspelt one.
  app.require_subcommand(0, 1);
  app.set_version_flag(
      "-V,--version", [] { return VersionText(); },
      "Print kafka-scenario's and librdkafka's versions and what the embedded "
      "cluster can show, then exit");
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Log client and runner details to stderr");
  std::string color = "auto";
  AddColorOption(app, &color);
  // Added in this order, the order `--help` lists them in.
  RunArgs run_args;
  CLI::App* run = AddRun(app, &run_args);
  std::vector<std::string> validate_paths;
  AddValidate(app, &validate_paths);
  BrokerArgs broker_args;
  CLI::App* broker = AddBroker(app, &broker_args);
  ListArgs list_args;
  CLI::App* list = AddList(app, &list_args);
  ListArgs explain_args;
  CLI::App* explain = AddExplain(app, &explain_args);
  std::string checks_format = "text";
  CLI::App* checks = AddChecks(app, &checks_format);
  CheckArgs check_args;
  CLI::App* check = AddCheck(app, &check_args);
  ReportArgs report_args;
  CLI::App* report = AddReport(app, &report_args);
  CompareArgs compare_args;
  CLI::App* compare = AddCompare(app, &compare_args);

  // Words that are no option of the command line are extras, for UsageProblem to name.
  app.allow_extras();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForVersion& version) {
    out << version.what();  // VersionText() ends its own lines; app.exit would add one
    return Outcome::kOk;
  } catch (const CLI::ParseError& e) {
    // --help throws too (exit code 0): it needs no command.
    if (std::string problem = e.get_exit_code() == 0 ? "" : UsageProblem(app); !problem.empty()) {
      err << problem;
      return Outcome::kInvalidInput;
    }
    // CLI11 prints help (for the right subcommand) on --help, and the error otherwise.
    return app.exit(e, out, err) == 0 ? Outcome::kOk : Outcome::kInvalidInput;
  }
  if (std::string problem = UsageProblem(app); !problem.empty()) {
    err << problem;
    return Outcome::kInvalidInput;
  }

  SetUpLogging(verbose);
  const OutputStyle style = OutputStyleFor(ParseColorMode(color).value_or(ColorMode::kAuto), out);
  if (*run) {
    return RunCommand(run_args.paths, run_args.selection, run_args.outputs, style, out, err);
  }
  if (*list) return ListCommand(list_args.paths, list_args.target, out, err);
  if (*explain) return ExplainCommand(explain_args.paths, explain_args.target, out, err);
  if (*checks) return ChecksCommand(checks_format == "markdown", out);
  if (*broker) return BrokerCommand(broker_args.brokers, broker_args.topics, out, err);
  if (*check) {
    return CheckCommand(check_args.history_path, check_args.scenario_path, check_args.outputs,
                        style.colour, out, err);
  }
  if (*report) {
    return ReportCommand(report_args.history_paths, report_args.scenario_paths, report_args.outputs,
                         style.colour, out, err);
  }
  if (*compare) {
    return CompareCommand(compare_args.left, compare_args.right, compare_args.format, out, err);
  }
  return ValidateCommand(validate_paths, out, err);
}

}  // namespace ks
