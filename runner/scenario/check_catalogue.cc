#include "scenario/check_catalogue.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "scenario/schema_check.h"

namespace ks {

namespace {

using OJson = nlohmann::ordered_json;

// Where the catalogue is written: one entry per check under `expect`'s items.
const OJson& SchemaEntries() {
  return ScenarioSchemaJson()["properties"]["expect"]["items"]["properties"];
}

// The catalogue is the project's own file, compiled in: a malformed entry is a defect of the
// build, found by tests/scenario/check_catalogue_test.cc, never a user's input.
[[noreturn]] void Malformed(const std::string& check, const std::string& what) {
  throw std::logic_error("schemas/scenario.schema.json: expect entry '" + check + "': " + what);
}

bool IsScopeKey(const std::string& key) {
  return std::find(ScopeKeys().begin(), ScopeKeys().end(), key) != ScopeKeys().end();
}

// {figure: {min, max, equals}, ...} as bounds, in the file's order ("x-implied-bounds",
// "x-default-bounds").
std::vector<FigureBound> ReadBounds(const std::string& check, const OJson& bounds) {
  std::vector<FigureBound> out;
  for (auto it = bounds.begin(); it != bounds.end(); ++it) {
    FigureBound b;
    b.figure = it.key();
    const OJson& limits = it.value();
    if (!limits.is_object()) Malformed(check, "bounds of '" + b.figure + "' are not a map");
    if (limits.contains("min")) b.min = limits["min"].get<double>();
    if (limits.contains("max")) b.max = limits["max"].get<double>();
    if (limits.contains("equals")) b.min = b.max = limits["equals"].get<double>();
    out.push_back(std::move(b));
  }
  return out;
}

// The figures an entry bounds: its properties that are bounds, in order (the main one first).
std::vector<std::string> BoundFigures(const OJson& entry) {
  std::vector<std::string> figures;
  const OJson& properties = entry["properties"];
  for (auto it = properties.begin(); it != properties.end(); ++it) {
    if (it.value().value("$ref", "") == "#/definitions/bound") figures.push_back(it.key());
  }
  return figures;
}

// One check from its schema entry: scope keys from `required` and `properties`, figures from
// the bound properties (or, for a shorthand, those of the check "x-figures-of" names), "at
// least one of" from allOf/anyOf, and the bounds its name implies or defaults to.
CheckEntry ReadEntry(const std::string& name, const OJson& entry) {
  CheckEntry e;
  e.name = name;
  e.description = entry.value("description", "");
  if (entry.contains("required"))
    e.required_scope = entry["required"].get<std::vector<std::string>>();
  for (auto it = entry["properties"].begin(); it != entry["properties"].end(); ++it) {
    const bool required = std::find(e.required_scope.begin(), e.required_scope.end(), it.key()) !=
                          e.required_scope.end();
    if (IsScopeKey(it.key()) && !required) e.optional_scope.push_back(it.key());
  }
  const std::string figures_of = entry.value("x-figures-of", "");
  e.figures = BoundFigures(figures_of.empty() ? entry : SchemaEntries()[figures_of]);
  if (e.figures.empty()) Malformed(name, "no figures (bound properties or x-figures-of)");
  e.main_figure = e.figures.front();
  if (entry.contains("x-implied-bounds")) {
    e.implied_bounds = ReadBounds(name, entry["x-implied-bounds"]);
  }
  if (entry.contains("x-default-bounds")) {
    e.default_bounds = ReadBounds(name, entry["x-default-bounds"]);
  }
  if (entry.contains("allOf")) {
    for (const OJson& branch : entry["allOf"][0]["anyOf"]) {
      e.any_of_scope.push_back(branch["required"][0].get<std::string>());
    }
  }
  return e;
}

// Every built-in check, in the file's order; `lua` is the one entry that is not one.
std::vector<CheckEntry> MakeCatalogue() {
  std::vector<CheckEntry> entries;
  const OJson& all = SchemaEntries();
  for (auto it = all.begin(); it != all.end(); ++it) {
    if (it.key() != "lua") entries.push_back(ReadEntry(it.key(), it.value()));
  }
  return entries;
}

}  // namespace

const std::vector<CheckEntry>& CheckCatalogue() {
  static const std::vector<CheckEntry> kCatalogue = MakeCatalogue();
  return kCatalogue;
}

const CheckEntry* FindCheckEntry(std::string_view name) {
  for (const CheckEntry& check : CheckCatalogue()) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

std::vector<std::string> CheckNames() {
  std::vector<std::string> names;
  for (const CheckEntry& check : CheckCatalogue()) names.push_back(check.name);
  return names;
}

const std::vector<std::string>& ScopeKeys() {
  static const std::vector<std::string> kKeys = {"group", "topic", "producer", "member"};
  return kKeys;
}

std::vector<FigureBound> EffectiveBounds(const CheckEntry& check, const ExpectSpec& spec) {
  std::vector<FigureBound> bounds = check.implied_bounds;
  const std::vector<FigureBound>& own = spec.bounds.empty() ? check.default_bounds : spec.bounds;
  bounds.insert(bounds.end(), own.begin(), own.end());
  for (FigureBound& b : bounds) {
    if (b.figure.empty()) b.figure = check.main_figure;
  }
  return bounds;
}

}  // namespace ks
