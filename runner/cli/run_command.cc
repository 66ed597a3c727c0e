#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fnmatch.h>
#include <librdkafka/rdkafka.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include "cli/commands.h"
#include "cli/load_all.h"
#include "cli/target_options.h"
#include "diag/interrupt.h"
#include "diag/secrets.h"
#include "history/jsonl.h"
#include "report/console.h"
#include "report/explain.h"
#include "report/progress_line.h"
#include "run/bounded_run.h"
#include "target/embedded_target.h"
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

// The terminal's columns (TIOCGWINSZ), or 80.
size_t TerminalWidth() {
  winsize w{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
  return 80;
}

std::string NowUtc() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
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

// Whether `s` may inject faults: a fault step, or a Lua step (ks.fault).
bool MakesFaults(const Scenario& s) {
  return std::any_of(s.steps.begin(), s.steps.end(), [](const StepSpec& step) {
    return step.kind == StepSpec::Kind::kFault || step.kind == StepSpec::Kind::kLua;
  });
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

}  // namespace

Outcome ValidateCommand(const std::vector<std::string>& paths, std::ostream& out,
                        std::ostream& err) {
  LoadedScenarios loaded = LoadAll(paths, err);
  if (!loaded.ok) return Outcome::kInvalidInput;
  for (const auto& s : loaded.scenarios) out << "valid  " << s.path << "  (" << s.name << ")\n";
  return Outcome::kOk;
}

Outcome RunCommand(const std::vector<std::string>& paths, const RunSelection& selection,
                   const OutputPaths& outputs, std::ostream& out, std::ostream& err) {
  LoadedScenarios loaded = LoadAll(paths, err);
  if (!loaded.ok) return Outcome::kInvalidInput;
  // Filtered after loading: an invalid file is an error even when the filter would skip it.
  std::erase_if(loaded.scenarios, [&](const Scenario& s) { return !Selected(s, selection); });
  if (loaded.scenarios.empty()) {
    err << "error: no scenario in the given paths matches " << FilterText(selection) << "\n";
    return Outcome::kInvalidInput;
  }
  if (auto problem = CheckOutputPaths(outputs, loaded.scenarios.size())) {
    err << "error: " << *problem << "\n";
    return Outcome::kInvalidInput;
  }
  // A target file: a real cluster's servers, client properties and fault commands.
  ExternalOptions external_options;
  if (!LoadExternalOptions(selection.bootstrap_servers, selection.target_file, &external_options,
                           err)) {
    return Outcome::kInvalidInput;
  }
  external_options.existing_topics = selection.existing_topics;
  external_options.keep_topics = selection.keep_topics;
  const std::string client = std::string("librdkafka ") + rd_kafka_version_str();
  const bool external = !external_options.bootstrap_servers.empty();
  const std::string target_name = external ? external_options.name : "embedded";
  RunInfo info{target_name, client, NowUtc()};
  if (external) {
    out << "kafka-scenario: " << loaded.scenarios.size() << " scenario(s) on "
        << external_options.bootstrap_servers << " (" << client << ")\n\n";
  } else {
    out << "kafka-scenario: " << loaded.scenarios.size() << " scenario(s) on the embedded cluster ("
        << client << " mock)\n\n";
  }
  // Each scenario runs under its own run id, which names its topics on an external cluster and is
  // in its records' identities.
  const std::string run_prefix = NewRunPrefix();
  // Each scenario runs on its own cluster and writes its own block of output; blocks are printed
  // in the scenarios' order as soon as every earlier one is done, so a scenario's lines stay
  // together whatever --jobs is.
  const size_t n = loaded.scenarios.size();
  std::vector<ScenarioResult> results(n);
  std::vector<std::string> blocks(n), errors(n);
  std::vector<char> done(n, 0), failed_write(n, 0);
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0;
  // Shared with each run's thread, which an abandoned run keeps (run/bounded_run.h).
  std::vector<std::shared_ptr<RunProgress>> progress;
  for (size_t i = 0; i < n; ++i) progress.push_back(std::make_shared<RunProgress>());
  // Ctrl-C stops the running scenarios at their next tick; their targets still clean up.
  ClearInterrupt();
  InstallInterruptHandlers();
  // Scenarios share an external cluster: one that makes faults on it (or may, from Lua) runs
  // alone, or its broker outage would decide the others' verdicts too.
  std::shared_mutex cluster_mu;
  auto run_one = [&](size_t i) {
    const Scenario& s = loaded.scenarios[i];
    std::string block;
    if (selection.explain) block += FormatLesson(s) + "\n";
    ScenarioResult r;
    if (InterruptRequested()) {
      r.verdict = ScenarioResult::Verdict::kSkipped;
      r.reason = "not run: the run was interrupted";
    } else {
      std::unique_lock<std::shared_mutex> alone(cluster_mu, std::defer_lock);
      std::shared_lock<std::shared_mutex> shared(cluster_mu, std::defer_lock);
      if (external && MakesFaults(s)) {
        alone.lock();
      } else if (external) {
        shared.lock();
      }
      TargetFactory make_target;
      if (external) {
        ExternalOptions options = external_options;
        options.run_id = ScenarioRunId(run_prefix, i);
        make_target = [options = std::move(options)]() mutable -> std::unique_ptr<Target> {
          return std::make_unique<ExternalTarget>(std::move(options));
        };
      } else {
        // Each scenario gets a fresh cluster: no state leaks between lessons.
        make_target = [run_id = ScenarioRunId(run_prefix, i)]() -> std::unique_ptr<Target> {
          return std::make_unique<EmbeddedTarget>(run_id);
        };
      }
      // Ends by the scenario's deadline whatever librdkafka does; an external target deletes
      // the topics it created when the run's thread destroys it.
      r = RunScenarioBounded(s, std::move(make_target), progress[i]);
    }
    // Nothing printed or saved may show a credential (a client error can quote a property).
    r.reason = Redact(r.reason);
    for (auto& p : r.problems) p = Redact(std::move(p));
    for (auto& e : r.client_errors) {
      e.broker = Redact(std::move(e.broker));
      e.reason = Redact(std::move(e.reason));
    }
    block += Redact(FormatResult(s, r));
    if (std::string path = HistoryPath(outputs, s); !path.empty() && !r.history.ops.empty()) {
      HistoryHeader header{s.name, s.path, s.seed, target_name, client, r.problems, r.run_id};
      if (Status st = SaveHistoryJsonl(r.history, header, path); !st.ok()) {
        errors[i] = "error: " + st.message() + "\n";
        failed_write[i] = 1;
      } else {
        block += "      history: " + path + "\n";
      }
    }
    std::lock_guard lock(mu);
    results[i] = std::move(r);
    blocks[i] = std::move(block);
    done[i] = 1;
    cv.notify_all();
  };
  std::vector<std::thread> workers;
  const size_t jobs = std::min<size_t>(static_cast<size_t>(std::max(1, selection.jobs)), n);
  for (size_t w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      for (;;) {
        size_t i;
        {
          std::lock_guard lock(mu);
          if (next >= n) return;
          i = next++;
        }
        run_one(i);
      }
    });
  }
  // On a terminal, one live line shows every running scenario, rewritten in place; results
  // are printed above it. Elsewhere (a file, a pipe, CI) only the plain result blocks appear.
  const bool terminal = &out == &std::cout && ::isatty(STDOUT_FILENO) != 0;
  std::mutex print_mu;
  std::atomic<bool> all_printed{false};
  std::thread printer;
  if (terminal) {
    printer = std::thread([&] {
      while (!all_printed.load()) {
        std::vector<ProgressEntry> running;
        for (size_t i = 0; i < n; ++i) {
          if (!progress[i]->running.load()) continue;
          running.push_back({LessonLabel(loaded.scenarios[i]), progress[i]->acknowledged.load(),
                             progress[i]->consumed.load(), progress[i]->step()});
        }
        {
          std::lock_guard lock(print_mu);
          out << "\r\033[K" << FormatProgressLine(running, TerminalWidth()) << std::flush;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      }
    });
  }
  bool write_failed = false;
  for (size_t i = 0; i < n; ++i) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done[i] != 0; });
    err << errors[i];
    write_failed = write_failed || failed_write[i] != 0;
    std::lock_guard print(print_mu);
    if (terminal) out << "\r\033[K";
    out << blocks[i] << "\n" << std::flush;
  }
  all_printed.store(true);
  if (printer.joinable()) printer.join();
  if (terminal) out << "\r\033[K" << std::flush;
  for (auto& w : workers) w.join();
  std::vector<ReportEntry> entries;
  std::vector<ScenarioResult::Verdict> verdicts;
  for (size_t i = 0; i < results.size(); ++i) {
    entries.push_back({&loaded.scenarios[i], &results[i]});
    verdicts.push_back(results[i].verdict);
  }
  for (const auto& e : WriteReports(outputs, entries, info)) {
    err << "error: " << e << "\n";
    write_failed = true;
  }
  out << FormatSummary(verdicts) << "\n";
  Outcome outcome = OutcomeOf(results, selection.fail_on_skip);
  if (InterruptRequested()) {
    err << "interrupted: the run's topics were deleted and its faults undone, unless a warning "
           "above says otherwise (--keep-topics keeps the topics)\n";
    return Outcome::kInterrupted;
  }
  // A report that could not be written is a failed run for CI, whatever the verdicts said.
  if (write_failed && outcome == Outcome::kOk) return Outcome::kCheckFailed;
  return outcome;
}

}  // namespace ks
