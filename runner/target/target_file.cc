#include "target/target_file.h"

#include <algorithm>
#include <filesystem>
#include <tuple>

#include "diag/input_limits.h"
#include "diag/read_file.h"
#include "scenario/quantity.h"
#include "scenario/schema_check.h"
#include "scenario/yaml_json.h"

namespace ks {
namespace {

// A scalar as the client sees it: strings as written, numbers and booleans as their text.
std::string ScalarText(const nlohmann::json& v, const NodeSource* source) {
  if (v.is_string()) return v.get<std::string>();
  if (source != nullptr && !source->text.empty()) return source->text;
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}

// librdkafka's properties that name a file (CONFIGURATION.md): `*.location` and the Kerberos
// keytab. "probe" is ssl.ca.location's word for the system's CA paths, not a file.
bool NamesAFile(const std::string& key, const std::string& value) {
  const bool location = key.size() > 9 && key.compare(key.size() - 9, 9, ".location") == 0;
  return (location || key == "sasl.kerberos.keytab") && !value.empty() && value != "probe";
}

}  // namespace

TargetFileResult LoadTargetText(const std::string& text, const std::string& path,
                                const EnvLookup& env) {
  TargetFileResult result;
  result.source = text;
  YamlJson doc;
  if (!YamlToJson(text, path, &doc, &result.diagnostics)) return result;
  if (!doc.value.is_object()) {
    result.diagnostics.push_back({SourceLoc{path, 1, 1}, "the file holds no target",
                                  "a target file is a map with at least bootstrap_servers"});
    return result;
  }
  std::vector<std::string> pointers;
  result.diagnostics = ValidateAgainstSchema(doc, &pointers, SchemaKind::kTarget);
  if (!result.diagnostics.empty()) {
    SortByLocation(&result.diagnostics);
    return result;
  }
  TargetFile t;
  t.path = path;
  const std::filesystem::path fs_path(path);
  t.directory = fs_path.has_parent_path() ? fs_path.parent_path().string() : ".";
  t.name = fs_path.stem().string();
  // Every string value goes through the environment; errors point at the value. A variable
  // named like a credential (KS_SASL_PASSWORD) is a secret wherever it is used, commands too;
  // a client property named like one (`key`) is a secret itself.
  auto expand = [&](const std::string& pointer, const std::string& raw, std::string* out,
                    const std::string& key = "") {
    std::string error;
    if (InterpolateProperty(key, raw, env, out, &error)) return true;
    result.diagnostics.push_back({doc.sources.ValueLoc(pointer), error,
                                  "set the variable, or give a default: ${env:NAME:-default}"});
    return false;
  };
  const nlohmann::json& v = doc.value;
  if (v.contains("name")) expand("/name", v["name"].get<std::string>(), &t.name);
  expand("/bootstrap_servers", v["bootstrap_servers"].get<std::string>(), &t.bootstrap_servers);
  if (v.contains("client")) {
    for (auto it = v["client"].begin(); it != v["client"].end(); ++it) {
      const std::string pointer = JsonPointerChild("/client", it.key());
      ConfigEntry e{it.key(), {}, doc.sources.KeyLoc(pointer)};
      if (!expand(pointer, ScalarText(it.value(), doc.sources.Find(pointer)), &e.value, e.key)) {
        continue;
      }
      // A relative file is relative to the target file, as fault commands are: the same file
      // works from any working directory.
      if (NamesAFile(e.key, e.value) && std::filesystem::path(e.value).is_relative()) {
        e.value = (std::filesystem::path(t.directory) / e.value).lexically_normal().string();
      }
      t.client.push_back(std::move(e));
    }
    // In the file's order (the JSON map is sorted): a later property may refine an earlier one.
    std::stable_sort(t.client.begin(), t.client.end(), [](const auto& a, const auto& b) {
      return std::tie(a.loc.line, a.loc.column) < std::tie(b.loc.line, b.loc.column);
    });
  }
  if (v.contains("faults")) {
    for (auto it = v["faults"].begin(); it != v["faults"].end(); ++it) {
      const std::string pointer = JsonPointerChild("/faults", it.key());
      std::string value;
      if (!expand(pointer, it.value().get<std::string>(), &value)) continue;
      if (it.key() == "timeout") {
        std::string error;
        if (auto ms = ParseDurationMs(value, &error)) {
          t.fault_timeout_ms = *ms;
        } else {
          result.diagnostics.push_back({doc.sources.ValueLoc(pointer), error, ""});
        }
        continue;
      }
      t.fault_commands[it.key()] = std::move(value);
    }
  }
  SortByLocation(&result.diagnostics);
  if (result.diagnostics.empty()) result.target = std::move(t);
  return result;
}

TargetFileResult LoadTargetFile(const std::string& path, const EnvLookup& env) {
  std::string text, error;
  if (!ReadWholeFile(path, &text, &error, limits::kMaxYamlFileBytes)) {
    TargetFileResult result;
    result.diagnostics.push_back({SourceLoc{path, 0, 0}, error, ""});
    return result;
  }
  return LoadTargetText(text, path, env);
}

}  // namespace ks
