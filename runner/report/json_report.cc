#include "report/json_report.h"

#include <cmath>
#include <cstdint>

#include "history/jsonl.h"
#include "report/report_file.h"
#include "report/text.h"

namespace ks {
namespace {

using OJson = nlohmann::ordered_json;
using Verdict = ScenarioResult::Verdict;

// Counts are doubles inside the checks; written as integers when they are whole so that a
// consumer compares 3 with 3, not with 3.0. JSON has no NaN or infinity: those become null.
OJson Number(double v) {
  if (!std::isfinite(v)) return nullptr;
  if (v == std::trunc(v) && std::fabs(v) < 9.0e15) return static_cast<int64_t>(v);
  return v;
}

OJson Strings(const std::vector<std::string>& lines) {
  OJson a = OJson::array();
  for (const auto& l : lines) a.push_back(ValidUtf8(l));
  return a;
}

OJson Location(const SourceLoc& loc) {
  return {{"file", ValidUtf8(loc.file)}, {"line", loc.line}, {"column", loc.column}};
}

OJson Delivery(const GroupDelivery& d) {
  return {{"group", ValidUtf8(d.group)},
          {"acknowledged", d.acknowledged},
          {"consumed", d.consumed},
          {"lost", d.lost},
          {"unseen", d.unseen},
          {"duplicates", d.duplicates},
          {"aborted_visible", d.aborted_visible},
          {"verdict", ValidUtf8(d.verdict)},
          {"events", Strings(d.events)},
          {"rebalances",
           {{"count", d.rebalances.count},
            {"total_ms", d.rebalances.total_ms},
            {"longest_ms", d.rebalances.longest_ms},
            {"unfinished", d.rebalances.unfinished}}}};
}

OJson ClientErrorJson(const ClientError& e) {
  OJson j;
  j["actor"] = ValidUtf8(e.actor);
  j["error"] = ValidUtf8(e.error);
  if (!e.broker.empty()) j["broker"] = ValidUtf8(e.broker);
  j["reason"] = ValidUtf8(e.reason);
  j["count"] = e.count;
  j["fatal"] = e.fatal;
  return j;
}

OJson Check(const History& history, const CheckResult& c) {
  OJson j;
  j["check"] = ValidUtf8(c.check);
  OJson scope = OJson::object();
  for (const auto& [k, v] : c.scope) scope[ValidUtf8(k)] = ValidUtf8(v);
  j["scope"] = std::move(scope);
  j["location"] = Location(c.loc);
  j["passed"] = c.passed;
  j["summary"] = ValidUtf8(c.summary);
  OJson figures = OJson::object();
  for (const auto& f : c.figures) figures[ValidUtf8(f.name)] = Number(f.value);
  j["figures"] = std::move(figures);
  OJson bounds = OJson::array();
  for (const auto& b : c.bounds) {
    OJson jb;
    // RunCheck names the main figure in every bound; a hand-built result may leave it empty.
    std::string figure = b.bound.figure;
    if (figure.empty() && !c.figures.empty()) figure = c.figures.front().name;
    jb["figure"] = ValidUtf8(figure);
    if (b.bound.min) jb["min"] = Number(*b.bound.min);
    if (b.bound.max) jb["max"] = Number(*b.bound.max);
    jb["value"] = Number(b.value);
    jb["passed"] = b.passed;
    bounds.push_back(std::move(jb));
  }
  j["bounds"] = std::move(bounds);
  j["evidence"] = Strings(c.evidence_text);
  OJson ops = OJson::array();
  for (const Op& op : c.evidence) {
    // OpToJson writes a key that is not UTF-8 as key_hex, so its strings are already clean.
    ops.push_back(OJson(OpToJson(history, op)));
  }
  j["evidence_ops"] = std::move(ops);
  return j;
}

OJson ScenarioJson(const Scenario& s, const ScenarioResult& r) {
  OJson j;
  j["name"] = ValidUtf8(s.name);
  j["title"] = ValidUtf8(s.title);
  j["file"] = ValidUtf8(s.path);
  j["verdict"] = std::string(ToString(r.verdict));
  if (!r.reason.empty()) j["reason"] = ValidUtf8(r.reason);
  j["seconds"] = Number(r.seconds);
  j["problems"] = Strings(ReportedProblems(r));
  OJson deliveries = OJson::array();
  for (const auto& d : r.deliveries) deliveries.push_back(Delivery(d));
  j["deliveries"] = std::move(deliveries);
  OJson client_errors = OJson::array();
  for (const auto& e : r.client_errors) client_errors.push_back(ClientErrorJson(e));
  j["client_errors"] = std::move(client_errors);
  OJson checks = OJson::array();
  for (const auto& c : r.checks) checks.push_back(Check(r.history, c));
  j["checks"] = std::move(checks);
  return j;
}

}  // namespace

OJson JsonReport(const std::vector<ReportEntry>& entries, const RunInfo& run) {
  int passed = 0, failed = 0, skipped = 0, errors = 0;
  OJson scenarios = OJson::array();
  for (const auto& e : entries) {
    switch (e.result->verdict) {
      case Verdict::kPassed:
        ++passed;
        break;
      case Verdict::kFailed:
        ++failed;
        break;
      case Verdict::kSkipped:
        ++skipped;
        break;
      case Verdict::kError:
        ++errors;
        break;
    }
    scenarios.push_back(ScenarioJson(*e.scenario, *e.result));
  }
  OJson j;
  j["kafka_scenario_report"] = 1;
  j["target"] = ValidUtf8(run.target);
  j["kafka_client"] = ValidUtf8(run.kafka_client);
  j["started"] = ValidUtf8(run.started);
  j["summary"] = {{"passed", passed}, {"failed", failed}, {"skipped", skipped}, {"errors", errors}};
  j["scenarios"] = std::move(scenarios);
  return j;
}

Status WriteJsonReport(const std::vector<ReportEntry>& entries, const RunInfo& run,
                       const std::string& path) {
  // The replace handler covers names taken from the history's tables by OpToJson: a report
  // with one odd character beats no report.
  return WriteReportFile(
      path, JsonReport(entries, run).dump(2, ' ', false, OJson::error_handler_t::replace) + "\n");
}

}  // namespace ks
