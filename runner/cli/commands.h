#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "cli/outputs.h"
#include "cli/target_options.h"
#include "report/terminal.h"

namespace ks {

/// Which of the given scenarios `run` runs, and what it prints before each.
struct RunSelection {
  std::vector<std::string> tags;  ///< `--tag`: run scenarios having any of these; empty: all
  std::string name_glob;          ///< `--name`: fnmatch(3) pattern on the name; empty: all
  /// `--explain`: print each scenario's lesson before running it (nothing for one without).
  bool explain = false;
  /// `--jobs`: scenarios run at once, each on its own embedded cluster; output stays in order.
  int jobs = 1;
  /// `--bootstrap-server(s)`, `--target`: run on that cluster (ExternalTarget) instead of an
  /// embedded one; `-X`, `--client-config`: properties for every client, on either.
  TargetArgs target;
  bool existing_topics = false;  ///< `--existing-topics`: use the scenario's topics as they are
  bool keep_topics = false;      ///< `--keep-topics`: do not delete the topics a run created
  /// `--fail-on-skip`: a scenario the target cannot run fails the run (exit 1), for CI that must
  /// show every lesson ran.
  bool fail_on_skip = false;
};

/// `kafka-scenario run`: loads and validates every file, keeps the scenarios `selection` selects
/// (none selected is a usage error naming the filter), then runs each on a fresh embedded
/// cluster, prints its result, and writes the histories and reports asked for. `style` says
/// whether `out` gets colour and the live progress line (OutputStyleFor).
Outcome RunCommand(const std::vector<std::string>& paths, const RunSelection& selection,
                   const OutputPaths& outputs, const OutputStyle& style, std::ostream& out,
                   std::ostream& err);

/// `kafka-scenario broker`: starts an embedded cluster of `brokers` brokers with `topics`
/// ("name:partitions", replication factor min(brokers, 3)), prints "bootstrap.servers=..." as its
/// first line, and serves until SIGINT or SIGTERM (exit 0). A malformed topic is a usage error
/// (exit 2); a cluster that cannot start, exit 3.
Outcome BrokerCommand(int brokers, const std::vector<std::string>& topics, std::ostream& out,
                      std::ostream& err);

/// `kafka-scenario validate`: loads and validates only.
Outcome ValidateCommand(const std::vector<std::string>& paths, std::ostream& out,
                        std::ostream& err);

/// `kafka-scenario list [PATH...] [--bootstrap-server HOSTS | --target FILE]`: one line per
/// lesson (number, name, title, tags, and whether the target can run it: the embedded cluster,
/// or the external cluster given, whose capabilities are asked once). Without PATHs, the
/// `scenarios` folder of the current directory. Invalid files are reported as `validate` does
/// (kInvalidInput), after the valid ones are listed; an invalid target file or client property
/// is kInvalidInput.
Outcome ListCommand(const std::vector<std::string>& paths, const TargetArgs& target,
                    std::ostream& out, std::ostream& err);

/// `kafka-scenario explain FILE... [--bootstrap-server HOSTS | --target FILE]`: describes each
/// scenario without running anything: its lesson, topology, timeline, checks and required
/// capabilities, with whether the target (the embedded cluster, or the external cluster given,
/// asked once) has them. Invalid files and targets as in `list`.
Outcome ExplainCommand(const std::vector<std::string>& paths, const TargetArgs& target,
                       std::ostream& out, std::ostream& err);

/// `kafka-scenario checks [--format text|markdown]`: every check an `expect` entry can name, with
/// its scope keys, figures and meaning (FormatCheckTable). Always kOk.
Outcome ChecksCommand(bool markdown, std::ostream& out);

/// `kafka-scenario check HISTORY --scenario FILE`: judges a saved history with the scenario's
/// checks, without any cluster; the verdict is the one the recording run gave. With `colour`, the
/// verdict words on `out` are in colour (FormatResult). The reports are dated by the history's
/// `started` (when it was recorded), else by the time of the check.
Outcome CheckCommand(const std::string& history_path, const std::string& scenario_path,
                     const OutputPaths& outputs, bool colour, std::ostream& out, std::ostream& err);

/// `kafka-scenario report HISTORY... --scenario PATH... [--html F] [--junit F] [--json F]`: judges
/// saved histories as `check` does (JudgeSavedHistory), each by the scenario named in its header
/// among those PATHs give (files or folders; with one scenario, that one for all), and writes the
/// reports for them all: one HTML page (report/html_report.h), JUnit, JSON. At least one report
/// must be asked for. A history or scenario file that cannot be read, or a history whose
/// scenario is not given, is kInvalidInput; otherwise the verdicts decide, as in `check`.
Outcome ReportCommand(const std::vector<std::string>& history_paths,
                      const std::vector<std::string>& scenario_paths, const OutputPaths& outputs,
                      bool colour, std::ostream& out, std::ostream& err);

/// `kafka-scenario compare LEFT RIGHT [RIGHT...] [--format markdown|text]`: JSON reports (run
/// --json) side by side, one row per scenario (CompareReports), printed to `out` in `format`
/// ("markdown" or "text"). Several right-hand reports are one side (MergeReports): the runs of
/// one cluster with different target files. kOk whatever the verdicts: a comparison is not a
/// judgment. A file that is missing, not JSON, not a report, or a report of another format
/// version, or a scenario that ran in two right-hand reports, is kInvalidInput, with errors
/// naming the file or the scenario on `err`.
Outcome CompareCommand(const std::string& left_path, const std::vector<std::string>& right_paths,
                       const std::string& format, std::ostream& out, std::ostream& err);

}  // namespace ks
