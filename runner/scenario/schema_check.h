#pragma once

// Validation of a converted scenario against schemas/scenario.schema.json (valijson, draft-07),
// with valijson's raw messages turned into plain words at the offending node.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "scenario/yaml_json.h"

namespace ks {

/// The scenario schema as JSON, parsed once from ScenarioSchemaText(); key order is the file's.
const nlohmann::ordered_json& ScenarioSchemaJson();

/// Which built-in schema a document is validated against.
enum class SchemaKind {
  kScenario,  ///< schemas/scenario.schema.json
  kTarget,    ///< schemas/target.schema.json (`run --target FILE`)
};

/// Validates `doc` against the scenario (or `kind`'s) schema (compiled once per process) and
/// returns every problem at once, one diagnostic per problem, located at the offending key or
/// value. Noise from oneOf branches the value plainly was not meant for is dropped.
/// `error_pointers`, when not null, receives the JSON pointer of each node a diagnostic is about (a
/// map for unknown or missing keys), so that later checks can skip what is already reported.
/// Strings too long for valijson's std::regex are reported instead of validated
/// (CheckPatternInputs, pattern_guard.h; this is the one place it runs, before any regex sees
/// the document); then nothing else is, and `complete`, when not null, is set to false (true
/// when the schema checked the whole document). Never throws.
std::vector<Diagnostic> ValidateAgainstSchema(const YamlJson& doc,
                                              std::vector<std::string>* error_pointers,
                                              SchemaKind kind = SchemaKind::kScenario,
                                              bool* complete = nullptr);

/// Plain-words description of what a schema fragment accepts, e.g. "an integer >= 1",
/// "a duration such as 500ms, 20s or 2m", "one of earliest, latest". Exposed for tests.
std::string DescribeExpectation(const nlohmann::ordered_json& fragment);

}  // namespace ks
