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
  return ScenarioSchemaJson().at("properties").at("expect").at("items").at("properties");
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
// "x-default-bounds"), each on one of `figures`.
std::vector<FigureBound> ReadBounds(const std::string& check, const OJson& bounds,
                                    const std::vector<std::string>& figures) {
  if (!bounds.is_object()) Malformed(check, "bounds are not a map of figures");
  std::vector<FigureBound> out;
  for (auto it = bounds.begin(); it != bounds.end(); ++it) {
    FigureBound b;
    b.figure = it.key();
    if (std::find(figures.begin(), figures.end(), b.figure) == figures.end()) {
      Malformed(check, "a bound on '" + b.figure + "', which is not one of its figures");
    }
    const OJson& limits = it.value();
    if (!limits.is_object() || limits.empty()) {
      Malformed(check, "bounds of '" + b.figure + "' are not a map of min, max or equals");
    }
    for (auto limit = limits.begin(); limit != limits.end(); ++limit) {
      if (!limit.value().is_number()) {
        Malformed(check, "bound '" + limit.key() + "' of '" + b.figure + "' is not a number");
      }
      const double value = limit.value().get<double>();
      if (limit.key() == "min") {
        b.min = value;
      } else if (limit.key() == "max") {
        b.max = value;
      } else if (limit.key() == "equals" && limits.size() == 1) {
        b.min = b.max = value;
      } else {
        Malformed(check, "bounds of '" + b.figure + "' take min and max, or equals alone");
      }
    }
    out.push_back(std::move(b));
  }
  return out;
}

// The figures an entry bounds: its properties that are bounds, in order (the main one first).
std::vector<std::string> BoundFigures(const OJson& entry) {
  std::vector<std::string> figures;
  const OJson& properties = entry.at("properties");
  for (auto it = properties.begin(); it != properties.end(); ++it) {
    if (it.value().is_object() && it.value().value("$ref", "") == "#/definitions/bound") {
      figures.push_back(it.key());
    }
  }
  return figures;
}

// "At least one of" from allOf: [{anyOf: [{required: [a]}, {required: [b]}]}].
std::vector<std::string> AnyOfScope(const std::string& name, const OJson& entry) {
  std::vector<std::string> keys;
  const OJson& all_of = entry.at("allOf");
  if (!all_of.is_array() || all_of.size() != 1) Malformed(name, "allOf holds one anyOf");
  for (const OJson& branch : all_of.at(0).at("anyOf")) {
    const OJson& required = branch.at("required");
    if (required.size() != 1) Malformed(name, "each anyOf branch requires one scope key");
    keys.push_back(required.at(0).get<std::string>());
  }
  return keys;
}

CheckEntry ReadEntryOrThrow(const std::string& name, const OJson& entry, const OJson& all) {
  CheckEntry e;
  e.name = name;
  e.description = entry.value("description", "");
  if (e.description.empty()) Malformed(name, "no description");
  if (entry.contains("required")) {
    e.required_scope = entry.at("required").get<std::vector<std::string>>();
  }
  const OJson& properties = entry.at("properties");
  for (auto it = properties.begin(); it != properties.end(); ++it) {
    const bool required = std::find(e.required_scope.begin(), e.required_scope.end(), it.key()) !=
                          e.required_scope.end();
    if (IsScopeKey(it.key()) && !required) e.optional_scope.push_back(it.key());
  }
  const std::string figures_of = entry.value("x-figures-of", "");
  if (!figures_of.empty() && !all.contains(figures_of)) {
    Malformed(name, "x-figures-of names no check: '" + figures_of + "'");
  }
  e.figures = BoundFigures(figures_of.empty() ? entry : all.at(figures_of));
  if (e.figures.empty()) Malformed(name, "no figures (bound properties or x-figures-of)");
  e.main_figure = e.figures.front();
  if (entry.contains("x-implied-bounds")) {
    e.implied_bounds = ReadBounds(name, entry.at("x-implied-bounds"), e.figures);
  }
  if (entry.contains("x-default-bounds")) {
    e.default_bounds = ReadBounds(name, entry.at("x-default-bounds"), e.figures);
  }
  if (entry.contains("allOf")) e.any_of_scope = AnyOfScope(name, entry);
  return e;
}

}  // namespace

CheckEntry ReadCheckEntry(const std::string& name, const nlohmann::ordered_json& entry,
                          const nlohmann::ordered_json& all) {
  try {
    return ReadEntryOrThrow(name, entry, all);
  } catch (const nlohmann::json::exception& e) {
    Malformed(name, e.what());
  }
}

namespace {

// Every built-in check, in the file's order; `lua` is the one entry that is not one.
std::vector<CheckEntry> MakeCatalogue() {
  std::vector<CheckEntry> entries;
  const OJson& all = SchemaEntries();
  for (auto it = all.begin(); it != all.end(); ++it) {
    if (it.key() != "lua") entries.push_back(ReadCheckEntry(it.key(), it.value(), all));
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
