#include "report/junit.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <pugixml.hpp>

#include "diag/utc_time.h"
#include "report/console.h"
#include "report/report_file.h"
#include "report/text.h"

namespace ks {
namespace {

using Verdict = ScenarioResult::Verdict;

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;

  void Add(const ScenarioResult& r) {
    ++tests;
    failures += r.verdict == Verdict::kFailed;
    errors += r.verdict == Verdict::kError;
    skipped += r.verdict == Verdict::kSkipped;
    seconds += r.seconds;
  }
};

std::string Seconds(double s) { return fmt::format("{:.3f}", s < 0 ? 0.0 : s); }

// Every attribute and text goes through here: pugixml escapes markup but passes bytes through,
// and one invalid byte makes an XML parser reject the whole report.
void SetAttr(pugi::xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(XmlSafe(value).c_str());
}

void SetAttr(pugi::xml_node node, const char* name, int value) {
  node.append_attribute(name).set_value(value);
}

// A message attribute is shown as a one-line headline by every reporter.
std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

void AddText(pugi::xml_node node, const std::string& text) {
  if (!text.empty()) node.append_child(pugi::node_pcdata).set_value(XmlSafe(text).c_str());
}

// junit-10.xsd: <testsuites> may carry tests, failures and errors but not skipped; <testsuite>
// must carry tests, failures and errors and may carry skipped.
void SetCounts(pugi::xml_node node, const Counts& c, bool with_skipped) {
  SetAttr(node, "tests", c.tests);
  SetAttr(node, "failures", c.failures);
  SetAttr(node, "errors", c.errors);
  if (with_skipped) SetAttr(node, "skipped", c.skipped);
  SetAttr(node, "time", Seconds(c.seconds));
}

// The Ant schema's timestamp is an xs:dateTime without a zone ("2024-05-01T12:34:56"), and some
// consumers reject anything else; the times are UTC, so only the zone suffix is lost.
std::string JUnitTimestamp(const std::string& iso) {
  std::string t = iso.substr(0, 19);
  return t.size() == 19 && t[10] == 'T' ? t : iso;
}

// The suite's own start: its earliest scenario's (with --jobs a later scenario of the file may
// start first), else the run's; empty when neither is known.
std::string SuiteTimestamp(const std::vector<const ScenarioResult*>& results, const RunInfo& run) {
  std::optional<std::chrono::system_clock::time_point> first;
  for (const ScenarioResult* r : results) {
    if (r->started == std::chrono::system_clock::time_point{}) continue;  // never started
    if (!first || r->started < *first) first = r->started;
  }
  if (first) return JUnitTimestamp(IsoUtc(*first));
  return run.started.empty() ? "" : JUnitTimestamp(run.started);
}

// Reporters split classname at its last dot into package and class, so the tags become one class
// under the package "kafka-scenario" rather than a hierarchy of one package per tag.
std::string ClassName(const Scenario& s) {
  std::string cls;
  if (s.tags.empty()) {
    cls = std::filesystem::path(s.path).stem().string();
  } else {
    for (const auto& tag : s.tags) cls += (cls.empty() ? "" : "-") + tag;
  }
  for (char& c : cls) {
    if (c == '.') c = '_';
  }
  return "kafka-scenario." + cls;
}

std::string CheckLine(const CheckResult& c) {
  return fmt::format("{} at {}: {}", FormatExpect(c.check, c.scope), c.loc.ToString(), c.summary);
}

// Failed checks with their counter-examples, then the waits that were not met: the text a
// developer reads in the CI's test view to see why without opening the log.
std::string FailureText(const ScenarioResult& r) {
  std::string text;
  for (const auto& c : r.checks) {
    if (c.passed) continue;
    text += CheckLine(c) + "\n";
    for (const auto& line : c.evidence_text) text += "    " + line + "\n";
  }
  for (const auto& p : ReportedProblems(r)) text += p + "\n";
  return text;
}

std::string FailureMessage(const ScenarioResult& r) {
  for (const auto& c : r.checks) {
    if (!c.passed) return fmt::format("{}: {}", FormatExpect(c.check, c.scope), c.summary);
  }
  if (!r.problems.empty()) return r.problems.front();
  return "failed";
}

std::string SystemOut(const ScenarioResult& r) {
  std::string out;
  for (const auto& c : r.checks) {
    if (c.passed) out += "ok " + CheckLine(c) + "\n";
  }
  for (const auto& d : r.deliveries) {
    out += "delivery " + FormatDelivery(d) + "\n";
  }
  // All of them, also those the console sums up in a run with faults: this is the log view.
  for (const auto& e : r.client_errors) out += FormatClientError(e) + "\n";
  return out;
}

void AddTestCase(pugi::xml_node suite, const Scenario& s, const ScenarioResult& r) {
  pugi::xml_node tc = suite.append_child("testcase");
  SetAttr(tc, "classname", ClassName(s));
  SetAttr(tc, "name", s.name);
  SetAttr(tc, "time", Seconds(r.seconds));
  switch (r.verdict) {
    case Verdict::kPassed:
      break;
    case Verdict::kFailed: {
      pugi::xml_node f = tc.append_child("failure");
      SetAttr(f, "message", OneLine(FailureMessage(r)));
      SetAttr(f, "type", "check");
      AddText(f, FailureText(r));
      break;
    }
    case Verdict::kError: {
      pugi::xml_node e = tc.append_child("error");
      std::string reason = r.reason.empty() ? "error" : r.reason;
      SetAttr(e, "message", OneLine(reason));
      SetAttr(e, "type", "error");
      AddText(e, reason + "\n" + FailureText(r));
      break;
    }
    case Verdict::kSkipped:
      SetAttr(tc.append_child("skipped"), "message", OneLine(r.reason));
      break;
  }
  std::string out = SystemOut(r);
  if (!out.empty()) AddText(tc.append_child("system-out"), out);
}

class StringWriter : public pugi::xml_writer {
 public:
  void write(const void* data, size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
  std::string out;
};

}  // namespace

std::string JUnitXml(const std::vector<ReportEntry>& entries, const RunInfo& run) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");

  pugi::xml_node root = doc.append_child("testsuites");
  SetAttr(root, "name", "kafka-scenario");
  Counts total;
  for (const auto& e : entries) total.Add(*e.result);
  SetCounts(root, total, /*with_skipped=*/false);

  // One suite per file, in order of first appearance, even if a file's scenarios are not adjacent.
  std::vector<std::string> files;
  for (const auto& e : entries) {
    if (std::find(files.begin(), files.end(), e.scenario->path) == files.end()) {
      files.push_back(e.scenario->path);
    }
  }
  for (const auto& file : files) {
    pugi::xml_node suite = root.append_child("testsuite");
    SetAttr(suite, "name", file);
    Counts counts;
    std::vector<const ScenarioResult*> results;
    for (const auto& e : entries) {
      if (e.scenario->path != file) continue;
      counts.Add(*e.result);
      results.push_back(e.result);
    }
    SetCounts(suite, counts, /*with_skipped=*/true);
    if (std::string t = SuiteTimestamp(results, run); !t.empty()) SetAttr(suite, "timestamp", t);
    pugi::xml_node props = suite.append_child("properties");
    auto prop = [&](const char* name, const std::string& value) {
      pugi::xml_node p = props.append_child("property");
      SetAttr(p, "name", name);
      SetAttr(p, "value", value);
    };
    prop("target", run.target);
    prop("kafka_client", run.kafka_client);
    if (!run.started.empty()) prop("started", run.started);
    for (const auto& e : entries) {
      if (e.scenario->path == file) AddTestCase(suite, *e.scenario, *e.result);
    }
  }

  StringWriter w;
  doc.save(w, "  ", pugi::format_default, pugi::encoding_utf8);
  return std::move(w.out);
}

Status WriteJUnit(const std::vector<ReportEntry>& entries, const RunInfo& run,
                  const std::string& path) {
  return WriteReportFile(path, JUnitXml(entries, run));
}

}  // namespace ks
