#include "scenario/loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "diag/input_limits.h"
#include "diag/read_file.h"
#include "scenario/load_context.h"
#include "scenario/schema_check.h"
#include "scenario/yaml_json.h"

namespace ks {

void LoadContext::Error(const std::string& pointer, const SourceLoc& loc, std::string message,
                        std::string hint) {
  diagnostics->push_back({loc, std::move(message), std::move(hint)});
  error_pointers.push_back(pointer);
}

bool LoadContext::ReportedWithin(const std::string& pointer) const {
  for (const std::string& p : error_pointers) {
    if (p.starts_with(pointer) && (p.size() == pointer.size() || p[pointer.size()] == '/')) {
      return true;
    }
  }
  return false;
}

bool LoadContext::ReportedAt(const std::string& pointer) const {
  return std::find(error_pointers.begin(), error_pointers.end(), pointer) != error_pointers.end();
}

bool LoadContext::NamesComplete(const std::string& list_pointer) const {
  const nlohmann::json::json_pointer ptr(list_pointer);
  if (!doc->value.contains(ptr)) return true;
  const nlohmann::json& list = doc->value.at(ptr);
  if (!list.is_array()) return false;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string item = JsonPointerChild(list_pointer, i);
    const auto name = list[i].is_object() ? list[i].find("name") : list[i].end();
    if (!list[i].is_object() || name == list[i].end() || !name->is_string() ||
        ReportedWithin(JsonPointerChild(item, "name"))) {
      return false;
    }
  }
  return true;
}

LoadResult LoadScenarioText(const std::string& text, const std::string& path) {
  LoadResult result;
  result.source = text;
  YamlJson doc;
  if (!YamlToJson(text, path, &doc, &result.diagnostics)) return result;

  if (doc.value.is_null()) {
    result.diagnostics.push_back({SourceLoc{path, 1, 1}, "the file holds no scenario",
                                  "a scenario is a map with at least name, topics and expect"});
    return result;
  }

  Scenario scenario;
  scenario.path = path;
  scenario.source = text;
  LoadContext ctx;
  ctx.doc = &doc;
  ctx.scenario = &scenario;
  ctx.diagnostics = &result.diagnostics;
  bool complete = false;
  std::vector<Diagnostic> schema =
      ValidateAgainstSchema(doc, &ctx.error_pointers, SchemaKind::kScenario, &complete);
  result.diagnostics.insert(result.diagnostics.end(), schema.begin(), schema.end());
  // A value too long for the schema's patterns (pattern_guard.h) ends the load with that alone:
  // the schema could not check the file, and the later stages rely on what it checked.
  if (complete && doc.value.is_object()) {
    BuildModel(&ctx);
    CheckSizes(&ctx);
    CrossReference(&ctx);
    CheckProcessClients(&ctx);
  }
  SortByLocation(&result.diagnostics);
  if (result.diagnostics.empty()) result.scenario = std::move(scenario);
  return result;
}

LoadResult LoadScenarioFile(const std::string& path) {
  std::string text, error;
  if (!ReadWholeFile(path, &text, &error, limits::kMaxYamlFileBytes)) {
    LoadResult result;
    result.diagnostics.push_back({SourceLoc{path, 0, 0}, error, ""});
    return result;
  }
  return LoadScenarioText(text, path);
}

std::string FormatLoadErrors(const LoadResult& result) {
  return FormatDiagnostics(result.diagnostics, result.source);
}

}  // namespace ks
