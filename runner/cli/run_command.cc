#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fnmatch.h>
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <optional>

#include "checks/scenario_result.h"
#include "cli/commands.h"
#include "cli/load_all.h"
#include "cli/target_options.h"
#include "diag/allocator.h"
#include "diag/interrupt.h"
#include "diag/secrets.h"
#include "history/jsonl.h"
#include "report/console.h"
#include "report/explain.h"
#include "report/live_progress.h"
#include "report/terminal.h"
#include "run/scenario_pool.h"
#include "target/external_target.h"

namespace ks {
namespace {

// "012 parallel-workers": the file's number and the scenario's name.
std::string LessonLabel(const Scenario& s) {
  const std::string file = std::filesystem::path(s.path).filename().string();
  size_t digits = 0;
  while (digits < file.size() && std::isdigit(static_cast<unsigned char>(file[digits]))) ++digits;
  return digits > 0 ? file.substr(0, digits) + " " + s.name : s.name;
}

Outcome OutcomeOf(const std::vector<ScenarioResult>& results, bool fail_on_skip) {
  auto has = [&](ScenarioResult::Verdict v) {
    return std::any_of(results.begin(), results.end(),
                       [&](const ScenarioResult& r) { return r.verdict == v; });
  };
  if (has(ScenarioResult::Verdict::kError)) return Outcome::kClusterError;
  if (has(ScenarioResult::Verdict::kFailed)) return Outcome::kCheckFailed;
  if (fail_on_skip && has(ScenarioResult::Verdict::kSkipped)) return Outcome::kCheckFailed;
  return Outcome::kOk;
}

bool Selected(const Scenario& s, const RunSelection& sel) {
  if (!sel.tags.empty() && std::none_of(sel.tags.begin(), sel.tags.end(), [&](const auto& t) {
        return std::find(s.tags.begin(), s.tags.end(), t) != s.tags.end();
      })) {
    return false;
  }
  return sel.name_glob.empty() || fnmatch(sel.name_glob.c_str(), s.name.c_str(), 0) == 0;
}

// "--tag a --tag b --name 'x*'": the filters as they were given, for the message that says
// they selected nothing.
std::string FilterText(const RunSelection& sel) {
  std::vector<std::string> parts;
  for (const auto& t : sel.tags) parts.push_back("--tag " + t);
  if (!sel.name_glob.empty()) parts.push_back("--name '" + sel.name_glob + "'");
  return fmt::format("{}", fmt::join(parts, " "));
}

// Loads and validates every file of `paths` into `scenarios`, keeps those `selection` selects
// and checks `outputs` for them. kOk, or kInvalidInput once `err` says why.
Outcome LoadSelected(const std::vector<std::string>& paths, const RunSelection& selection,
                     const OutputPaths& outputs, std::vector<Scenario>* scenarios,
                     std::ostream& err) {
  LoadedScenarios loaded = LoadAll(paths, err);
  if (!loaded.ok) return Outcome::kInvalidInput;
  // Every file given is the user's, whether the filter keeps it or not.
  std::vector<std::string> inputs;
  for (const Scenario& s : loaded.scenarios) inputs.push_back(s.path);
  // Filtered after loading: an invalid file is an error even when the filter would skip it.
  std::erase_if(loaded.scenarios, [&](const Scenario& s) { return !Selected(s, selection); });
  if (loaded.scenarios.empty()) {
    err << "error: no scenario in the given paths matches " << FilterText(selection) << "\n";
    return Outcome::kInvalidInput;
  }
  for (auto problem : {CheckOutputPaths(outputs, loaded.scenarios.size()),
                       CheckOutputsSpareInputs(outputs, inputs)}) {
    if (problem) {
      err << "error: " << *problem << "\n";
      return Outcome::kInvalidInput;
    }
  }
  *scenarios = std::move(loaded.scenarios);
  return Outcome::kOk;
}

// The cluster the run uses: `pool->external` for --bootstrap-server or --target (a target
// file: a real cluster's servers, client properties and fault commands), left empty for the
// embedded cluster, whose clients get -X's and --client-config's properties in
// `pool->embedded_client`. False once `err` says why the target file or a property is invalid.
bool ChooseCluster(const RunSelection& selection, PoolOptions* pool, std::ostream& err) {
  ExternalOptions options;
  if (!LoadExternalOptions(selection.target, &options, err)) return false;
  options.existing_topics = selection.existing_topics;
  options.keep_topics = selection.keep_topics;
  if (options.bootstrap_servers.empty()) {
    pool->embedded_client = std::move(options.client);
  } else {
    // Asked once: unreachable, every scenario reports it at once instead of waiting its own
    // admin deadline (the reports still list them all, as errors).
    ReachCluster(&options, err);
    pool->external = std::move(options);
  }
  return true;
}

// "kafka-scenario: 3 scenario(s) on the embedded cluster (librdkafka 2.0.2 mock)", then a blank
// line.
void PrintHeader(size_t scenarios, const std::optional<ExternalOptions>& external,
                 const std::string& client, std::ostream& out) {
  if (external) {
    out << "kafka-scenario: " << scenarios << " scenario(s) on " << external->bootstrap_servers
        << " (" << client << ")\n\n";
  } else {
    out << "kafka-scenario: " << scenarios << " scenario(s) on the embedded cluster (" << client
        << " mock)\n\n";
  }
}

// The block `run` prints for `s` (its lesson with --explain, its result, in colour with
// `colour`, where its history went), saving the history asked for; a history that cannot be saved
// is the output's error.
ScenarioOutput FinishScenario(const Scenario& s, const ScenarioResult& r, bool explain, bool colour,
                              const OutputPaths& outputs, const RunInfo& info) {
  ScenarioOutput output;
  // Without a lesson the block would only repeat the name and path the result starts with.
  if (explain && !s.lesson.empty()) output.block += FormatLesson(s) + "\n";
  output.block += Redact(FormatResult(s, r, colour));
  if (std::string path = HistoryPath(outputs, s); !path.empty() && !r.history.ops.empty()) {
    // `check` on the saved file then reports when the run happened, not when it was checked.
    const std::string started =
        r.started == std::chrono::system_clock::time_point{} ? "" : IsoUtc(r.started);
    HistoryHeader header{s.name,     s.path,   s.seed, info.target, info.kafka_client,
                         r.problems, r.run_id, started};
    if (Status st = SaveHistoryJsonl(r.history, header, path); !st.ok()) {
      output.error = "error: " + st.message() + "\n";
    } else {
      output.block += "      history: " + path + "\n";
    }
  }
  return output;
}

// What running every scenario left: their results in order, and whether a file failed.
struct RunResults {
  std::vector<ScenarioResult> results;
  bool write_failed = false;
};

// Runs `scenarios` (ScenarioPool, --jobs at once) and prints each one's block as soon as it and
// every earlier one are done, so a scenario's lines stay together whatever --jobs is; with
// `style.live_line` a live line shows the running scenarios below them.
RunResults RunAll(const std::vector<Scenario>& scenarios, const RunSelection& selection,
                  PoolOptions options, const OutputPaths& outputs, const RunInfo& info,
                  const OutputStyle& style, std::ostream& out, std::ostream& err) {
  options.jobs = static_cast<size_t>(std::max(1, selection.jobs));
  options.run_prefix = NewRunPrefix();
  // Ctrl-C stops the running scenarios at their next tick; their targets still clean up.
  ClearInterrupt();
  InstallInterruptHandlers();
  RunResults run;
  run.results.resize(scenarios.size());
  // Each worker judges its own scenario's record, into its own element.
  ScenarioPool pool(scenarios, std::move(options), [&](size_t i, RunRecord record) {
    run.results[i] = JudgeRun(scenarios[i], std::move(record));
    return FinishScenario(scenarios[i], run.results[i], selection.explain, style.colour, outputs,
                          info);
  });
  const auto& progress = pool.progress();
  LiveProgressLine live(out, style.live_line, [&] {
    std::vector<ProgressEntry> running;
    for (size_t i = 0; i < scenarios.size(); ++i) {
      if (!progress[i]->running.load()) continue;
      running.push_back({LessonLabel(scenarios[i]), progress[i]->acknowledged.load(),
                         progress[i]->consumed.load(), progress[i]->step()});
    }
    return running;
  });
  for (size_t i = 0; i < scenarios.size(); ++i) {
    ScenarioOutput output = pool.Await(i);
    err << output.error;
    run.write_failed = run.write_failed || !output.error.empty();
    live.Print(output.block + "\n");
  }
  live.Stop();
  pool.Join();
  return run;
}

// Writes the reports asked for and prints the summary line. False when a report could not be
// written (`err` names it).
bool ReportAll(const std::vector<Scenario>& scenarios, const std::vector<ScenarioResult>& results,
               const OutputPaths& outputs, const RunInfo& info, bool colour, std::ostream& out,
               std::ostream& err) {
  std::vector<ReportEntry> entries;
  std::vector<ScenarioResult::Verdict> verdicts;
  for (size_t i = 0; i < results.size(); ++i) {
    entries.push_back({&scenarios[i], &results[i]});
    verdicts.push_back(results[i].verdict);
  }
  bool written = true;
  for (const auto& e : WriteReports(outputs, entries, info)) {
    err << "error: " << e << "\n";
    written = false;
  }
  out << FormatSummary(verdicts, colour) << "\n";
  return written;
}

// The run's outcome: the verdicts' (OutcomeOf), or kInterrupted once `err` says what an
// interrupted run leaves; a file that could not be written fails a run that passed, for CI.
Outcome ExitStatus(const std::vector<ScenarioResult>& results, bool fail_on_skip, bool write_failed,
                   std::ostream& err) {
  Outcome outcome = OutcomeOf(results, fail_on_skip);
  if (InterruptRequested()) {
    err << "interrupted: the run's topics were deleted and its faults undone, unless a warning "
           "above says otherwise (--keep-topics keeps the topics)\n";
    return Outcome::kInterrupted;
  }
  if (write_failed && outcome == Outcome::kOk) return Outcome::kCheckFailed;
  return outcome;
}

}  // namespace

Outcome ValidateCommand(const std::vector<std::string>& paths, std::ostream& out,
                        std::ostream& err) {
  LoadedScenarios loaded = LoadAll(paths, err);
  if (!loaded.ok) return Outcome::kInvalidInput;
  for (const auto& s : loaded.scenarios) out << "valid  " << s.path << "  (" << s.name << ")\n";
  return Outcome::kOk;
}

Outcome RunCommand(const std::vector<std::string>& paths, const RunSelection& selection,
                   const OutputPaths& outputs, const OutputStyle& style, std::ostream& out,
                   std::ostream& err) {
  std::vector<Scenario> scenarios;
  if (Outcome o = LoadSelected(paths, selection, outputs, &scenarios, err); o != Outcome::kOk) {
    return o;
  }
  PoolOptions cluster;
  if (!ChooseCluster(selection, &cluster, err)) return Outcome::kInvalidInput;
  // With no embedded cluster in the process, its clients' freed buffers and judging's tables
  // go back to the system; judging is slower for it (see diag/allocator.h).
  if (cluster.external) UseFixedMallocThresholds();
  const std::string client = std::string("librdkafka ") + rd_kafka_version_str();
  const RunInfo info{cluster.external ? cluster.external->name : "embedded", client,
                     IsoUtc(std::chrono::system_clock::now())};
  PrintHeader(scenarios.size(), cluster.external, client, out);
  RunResults run = RunAll(scenarios, selection, std::move(cluster), outputs, info, style, out, err);
  const bool reported = ReportAll(scenarios, run.results, outputs, info, style.colour, out, err);
  return ExitStatus(run.results, selection.fail_on_skip, run.write_failed || !reported, err);
}

}  // namespace ks
