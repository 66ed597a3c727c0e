#include "scenario/schema_check.h"

#include <string>
#include <vector>

// Library errors must become exceptions that this file catches: valijson's default prints and
// aborts. (valijson's CMake target defines this too.)
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "scenario/pattern_guard.h"
#include "scenario/schema_errors.h"
#include "scenario/schema_text.h"
#include "scenario/schema_words.h"

namespace ks {

namespace {

using schema::OJson;

struct CompiledSchema {
  OJson ordered;            // walked to explain errors; keeps the file's key order for hints
  nlohmann::json plain;     // what valijson's adapter reads
  valijson::Schema schema;  // compiled once: parsing the schema costs more than a validation
  std::string error;        // set when the built-in schema does not compile (a build defect)
};

CompiledSchema* Compile(const char* text) {
  auto* c = new CompiledSchema;
  try {
    c->ordered = OJson::parse(text);
    c->plain = nlohmann::json::parse(text);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(c->plain);
    parser.populateSchema(adapter, c->schema);
  } catch (const std::exception& e) {
    c->error = e.what();
  }
  return c;
}

// Compiled once per process, on first use; never freed (valijson schemas hold raw pointers).
const CompiledSchema& Compiled(SchemaKind kind) {
  static const CompiledSchema* scenario = Compile(ScenarioSchemaText());
  static const CompiledSchema* target = Compile(TargetSchemaText());
  return kind == SchemaKind::kTarget ? *target : *scenario;
}

}  // namespace

const nlohmann::ordered_json& ScenarioSchemaJson() {
  return Compiled(SchemaKind::kScenario).ordered;
}

std::vector<Diagnostic> ValidateAgainstSchema(const YamlJson& doc,
                                              std::vector<std::string>* error_pointers,
                                              SchemaKind kind, bool* complete) {
  if (complete != nullptr) *complete = false;
  std::vector<Diagnostic> out;
  const CompiledSchema& compiled = Compiled(kind);
  if (!compiled.error.empty()) {
    out.push_back({doc.sources.ValueLoc(""),
                   "internal error: a built-in schema does not compile: " + compiled.error, ""});
    return out;
  }
  // valijson must not see what its std::regex cannot match (pattern_guard.h).
  out = CheckPatternInputs(doc, compiled.ordered, error_pointers);
  if (!out.empty()) return out;
  if (complete != nullptr) *complete = true;
  valijson::ValidationResults results;
  try {
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::adapters::NlohmannJsonAdapter target(doc.value);
    if (validator.validate(compiled.schema, target, &results)) return out;
  } catch (const std::exception& e) {
    out.push_back({doc.sources.ValueLoc(""), std::string("internal error: ") + e.what(), ""});
    return out;
  }
  std::vector<SchemaError> errors;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) errors.push_back({error.context, error.description});
  return ExplainSchemaErrors(doc, compiled.ordered, errors, error_pointers);
}

}  // namespace ks
