#include "report/html_report.h"

#include <cmath>

#include "checks/anomalies.h"
#include "history/jsonl.h"
#include "report/html_assets.h"
#include "report/json_report.h"
#include "report/report_file.h"
#include "report/text.h"

namespace ks {
namespace {

using OJson = nlohmann::ordered_json;

// A time in ms to 0.1 ms: what a chart can show, in fewer bytes than a double's 17 digits.
double Tenth(double ms) { return std::round(ms * 10) / 10; }

OJson Points(const StepPoints& points) {
  OJson a = OJson::array();
  for (const auto& [t, v] : points) a.push_back(OJson::array({Tenth(t), v}));
  return a;
}

OJson PartitionJson(const Timeline::Partition& p) {
  OJson groups = OJson::array();
  for (const auto& g : p.groups) {
    groups.push_back({{"group", ValidUtf8(g.group)},
                      {"position", Points(g.position)},
                      {"committed", Points(g.committed)}});
  }
  return {{"topic", ValidUtf8(p.topic)},
          {"partition", p.partition},
          {"log_end", Points(p.log_end)},
          {"groups", std::move(groups)}};
}

OJson OwnershipJson(const Timeline::Ownership& o) {
  OJson spans = OJson::array();
  for (const auto& s : o.spans) {
    spans.push_back({{"topic", ValidUtf8(s.topic)},
                     {"partition", s.partition},
                     {"from", Tenth(s.from_ms)},
                     {"to", Tenth(s.to_ms)}});
  }
  return {{"member", ValidUtf8(o.member)}, {"group", ValidUtf8(o.group)}, {"spans", spans}};
}

OJson LatencyJson(const Timeline::Latency& l) {
  return {{"group", ValidUtf8(l.group)},
          {"edges", l.edges_ms},
          {"counts", l.counts},
          {"records", l.records},
          {"p50", l.p50_ms},
          {"p99", l.p99_ms},
          {"max", l.max_ms}};
}

OJson TimelineJson(const Timeline& t) {
  OJson j;
  j["end"] = Tenth(t.end_ms);
  j["bucket"] = t.bucket_ms;
  j["rates"] = OJson::array();
  for (const auto& r : t.rates) {
    j["rates"].push_back({{"name", ValidUtf8(r.name)}, {"kind", r.kind}, {"counts", r.counts}});
  }
  j["partitions"] = OJson::array();
  for (const auto& p : t.partitions) j["partitions"].push_back(PartitionJson(p));
  j["lag"] = OJson::array();
  for (const auto& l : t.lag) {
    j["lag"].push_back({{"group", ValidUtf8(l.group)}, {"points", Points(l.points)}});
  }
  j["ownership"] = OJson::array();
  for (const auto& o : t.ownership) j["ownership"].push_back(OwnershipJson(o));
  j["spans_dropped"] = t.spans_dropped;
  j["latency"] = OJson::array();
  for (const auto& l : t.latency) j["latency"].push_back(LatencyJson(l));
  j["events"] = OJson::array();
  for (const auto& e : t.events) {
    j["events"].push_back({{"t", Tenth(e.t_ms)},
                           {"kind", e.kind},
                           {"actor", ValidUtf8(e.actor)},
                           {"label", ValidUtf8(e.label)}});
  }
  return j;
}

OJson AnomaliesJson(const History& history, size_t limit) {
  OJson a = OJson::array();
  for (const AnomalyList& list : FindAnomalies(history, limit)) {
    OJson lines = OJson::array();
    for (const auto& l : list.lines) lines.push_back(ValidUtf8(l));
    OJson ops = OJson::array();
    // OpToJson writes a key that is not UTF-8 as key_hex, so its strings are already clean.
    for (const Op& op : list.ops) ops.push_back(OJson(OpToJson(history, op)));
    a.push_back({{"group", ValidUtf8(list.group)},
                 {"kind", list.kind},
                 {"total", list.total},
                 {"headline", ValidUtf8(list.headline)},
                 {"lines", std::move(lines)},
                 {"ops", std::move(ops)}});
  }
  return a;
}

}  // namespace

OJson HtmlReportData(const std::vector<ReportEntry>& entries, const RunInfo& run,
                     const HtmlLimits& limits) {
  OJson data;
  data["kafka_scenario_html"] = 1;
  OJson report = JsonReport(entries, run);
  for (auto& [key, value] : report.items()) data[key] = std::move(value);
  OJson& scenarios = data["scenarios"];
  for (size_t i = 0; i < entries.size(); ++i) {
    const Scenario& s = *entries[i].scenario;
    const History& history = entries[i].result->history;
    OJson& j = scenarios[i];
    j["id"] = "s" + std::to_string(i);
    j["lesson"] = ValidUtf8(s.lesson);
    j["anomalies"] = AnomaliesJson(history, limits.anomalies);
    j["timeline"] = history.ops.empty() ? OJson(nullptr)
                                        : TimelineJson(BuildTimeline(history, limits.timeline));
  }
  return data;
}

std::string HtmlReport(const std::vector<ReportEntry>& entries, const RunInfo& run,
                       const HtmlLimits& limits) {
  const std::string json =
      HtmlReportData(entries, run, limits).dump(-1, ' ', false, OJson::error_handler_t::replace);
  std::string page;
  page.reserve(json.size() + EchartsScript().size() + PageScript().size() + 4096);
  page += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  page += "<title>kafka-scenario report</title>\n<style>\n";
  page += PageStyle();
  page += "</style>\n<script>\n";
  page += EchartsScript();
  page += "\n</script>\n</head><body>\n<div id=\"ks-report\"></div>\n";
  page += "<script type=\"application/json\" id=\"ks-data\">";
  // '<' only occurs inside JSON strings, where \u003c means the same character.
  for (char c : json) {
    if (c == '<') {
      page += "\\u003c";
    } else {
      page += c;
    }
  }
  page += "</script>\n<script>\n";
  page += PageScript();
  page += "\n</script>\n</body></html>\n";
  return page;
}

Status WriteHtmlReport(const std::vector<ReportEntry>& entries, const RunInfo& run,
                       const std::string& path) {
  return WriteReportFile(path, HtmlReport(entries, run));
}

}  // namespace ks
