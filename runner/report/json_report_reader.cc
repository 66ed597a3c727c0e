#include "report/json_report_reader.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "history/jsonl.h"

namespace ks {
namespace {

using Json = nlohmann::json;

constexpr int kFormatVersion = 1;
constexpr size_t kMaxErrors = 10;
constexpr std::string_view kWhatItIs =
    "a kafka-scenario JSON report (run --json, schemas/report.schema.json)";

// A value as an error message quotes it: short enough to keep the message on one line.
std::string Shorten(const Json& v) {
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

// "scenarios[2].lost"; a top-level field by its name alone.
std::string Path(const std::string& where, std::string_view key) {
  return where.empty() ? std::string(key) : fmt::format("{}.{}", where, key);
}

// Reads fields with their types checked; every problem becomes an error naming the field by its
// path in the document ("scenarios[2].deliveries[0].lost"; "" is the document itself), and
// reading goes on with a default so that one pass reports several problems.
class Reader {
 public:
  Reader(const std::string& source, std::vector<std::string>* errors)
      : source_(source), errors_(*errors) {}

  void Error(const std::string& message) {
    if (errors_.size() < kMaxErrors) errors_.push_back(source_ + ": error: " + message);
  }

  // The field `key` of `obj`, or nullptr (an error) when it is missing.
  const Json* Field(const Json& obj, const char* key, const std::string& where,
                    std::string_view expected) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      Error(fmt::format("missing field \"{}\" in {} (expected {})", key,
                        where.empty() ? "the report" : where, expected));
      return nullptr;
    }
    return &*it;
  }

  void WrongType(const Json& v, const std::string& where, std::string_view key,
                 std::string_view expected) {
    Error(fmt::format("{}: expected {}, got {}", Path(where, key), expected, Shorten(v)));
  }

  std::string String(const Json& obj, const char* key, const std::string& where) {
    const Json* v = Field(obj, key, where, "a string");
    if (v == nullptr) return "";
    if (!v->is_string()) {
      WrongType(*v, where, key, "a string");
      return "";
    }
    return v->get<std::string>();
  }

  int64_t Count(const Json& obj, const char* key, const std::string& where) {
    constexpr std::string_view kCount = "a whole number, 0 or more";
    const Json* v = Field(obj, key, where, kCount);
    if (v == nullptr) return 0;
    if (!v->is_number_integer() || v->get<int64_t>() < 0) {
      WrongType(*v, where, key, kCount);
      return 0;
    }
    return v->get<int64_t>();
  }

  // A number that the writer sets to null when it was not finite.
  std::optional<double> Number(const Json& obj, const char* key, const std::string& where) {
    constexpr std::string_view kNumber = "a number or null";
    const Json* v = Field(obj, key, where, kNumber);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (!v->is_number()) {
      WrongType(*v, where, key, kNumber);
      return std::nullopt;
    }
    return v->get<double>();
  }

  bool Bool(const Json& obj, const char* key, const std::string& where) {
    const Json* v = Field(obj, key, where, "true or false");
    if (v == nullptr) return false;
    if (!v->is_boolean()) {
      WrongType(*v, where, key, "true or false");
      return false;
    }
    return v->get<bool>();
  }

  // Calls `item(element, "<where>.<key>[i]")` for every element of the array `key`.
  template <typename Item>
  void Array(const Json& obj, const char* key, const std::string& where, Item item) {
    const Json* v = Field(obj, key, where, "an array");
    if (v == nullptr) return;
    if (!v->is_array()) {
      WrongType(*v, where, key, "an array");
      return;
    }
    for (size_t i = 0; i < v->size(); ++i)
      item((*v)[i], fmt::format("{}[{}]", Path(where, key), i));
  }

  bool Object(const Json& v, const std::string& where) {
    if (v.is_object()) return true;
    Error(fmt::format("{}: expected an object, got {}", where, Shorten(v)));
    return false;
  }

 private:
  const std::string& source_;
  std::vector<std::string>& errors_;
};

SavedCheck ReadCheck(Reader& r, const Json& j, const std::string& where) {
  SavedCheck c;
  if (!r.Object(j, where)) return c;
  c.check = r.String(j, "check", where);
  const Json* scope = r.Field(j, "scope", where, "an object of strings");
  if (scope != nullptr && !scope->is_object()) {
    r.WrongType(*scope, where, "scope", "an object of strings");
  } else if (scope != nullptr) {
    for (const auto& [k, v] : scope->items()) {
      if (v.is_string()) {
        c.scope[k] = v.get<std::string>();
      } else {
        r.WrongType(v, Path(where, "scope"), k, "a string");
      }
    }
  }
  c.passed = r.Bool(j, "passed", where);
  r.Array(j, "bounds", where, [&](const Json& b, const std::string& at) {
    if (!r.Object(b, at)) return;
    c.bounds.push_back(
        {r.String(b, "figure", at), r.Number(b, "value", at), r.Bool(b, "passed", at)});
  });
  return c;
}

SavedDelivery ReadDelivery(Reader& r, const Json& j, const std::string& where) {
  SavedDelivery d;
  if (!r.Object(j, where)) return d;
  d.group = r.String(j, "group", where);
  d.acknowledged = r.Count(j, "acknowledged", where);
  d.consumed = r.Count(j, "consumed", where);
  d.lost = r.Count(j, "lost", where);
  d.duplicates = r.Count(j, "duplicates", where);
  // Optional: reports written before the field was added have none.
  if (j.contains("rebalances")) {
    const std::string at = Path(where, "rebalances");
    const Json& b = j.at("rebalances");
    if (r.Object(b, at)) {
      d.rebalances = SavedRebalances{r.Count(b, "count", at), r.Count(b, "total_ms", at),
                                     r.Count(b, "longest_ms", at), r.Bool(b, "unfinished", at)};
    }
  }
  return d;
}

SavedScenario ReadScenario(Reader& r, const Json& j, const std::string& where) {
  SavedScenario s;
  if (!r.Object(j, where)) return s;
  s.name = r.String(j, "name", where);
  s.file = r.String(j, "file", where);
  s.verdict = r.String(j, "verdict", where);
  if (!s.verdict.empty() && s.verdict != "pass" && s.verdict != "fail" && s.verdict != "skip" &&
      s.verdict != "error") {
    r.WrongType(j.at("verdict"), where, "verdict", "pass, fail, skip or error");
  }
  if (j.contains("reason")) s.reason = r.String(j, "reason", where);
  s.seconds = r.Number(j, "seconds", where);
  r.Array(j, "deliveries", where, [&](const Json& d, const std::string& at) {
    s.deliveries.push_back(ReadDelivery(r, d, at));
  });
  r.Array(j, "checks", where,
          [&](const Json& c, const std::string& at) { s.checks.push_back(ReadCheck(r, c, at)); });
  return s;
}

}  // namespace

ParsedJsonReport ParseJsonReport(std::string_view text, const std::string& source) {
  ParsedJsonReport out;
  Reader r(source, &out.errors);
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::exception& e) {
    // Not only parse_error: a number beyond a double ("1e999") is out_of_range (406).
    r.Error(fmt::format("invalid JSON ({}): expected {}", JsonParseErrorText(e.what()), kWhatItIs));
    return out;
  }
  if (!j.is_object() || !j.contains("kafka_scenario_report")) {
    r.Error(fmt::format("expected {}: {} has no \"kafka_scenario_report\" field", kWhatItIs,
                        j.is_object() ? "the object" : "the document, " + Shorten(j) + ","));
    return out;
  }
  if (j["kafka_scenario_report"] != kFormatVersion) {
    r.Error(
        fmt::format("unsupported report format \"kafka_scenario_report\": {} (this build reads {})",
                    Shorten(j["kafka_scenario_report"]), kFormatVersion));
    return out;
  }
  SavedReport report;
  report.source = source;
  report.target = r.String(j, "target", "");
  report.kafka_client = r.String(j, "kafka_client", "");
  report.started = r.String(j, "started", "");
  r.Array(j, "scenarios", "", [&](const Json& s, const std::string& at) {
    report.scenarios.push_back(ReadScenario(r, s, at));
  });
  if (out.errors.empty()) out.report = std::move(report);
  return out;
}

}  // namespace ks
