#pragma once

// valijson's errors in plain words: each at the offending key or value (file:line:column), with
// what was expected and a suggestion ("unknown key 'nme' (did you mean 'name'?)").

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "scenario/schema_words.h"
#include "scenario/yaml_json.h"

namespace ks {

/// One error as valijson reports it: where (its context path) and its English description.
struct SchemaError {
  std::vector<std::string> context;
  std::string description;
};

/// Turns the `errors` valijson found validating `doc` against `schema` (the ordered schema,
/// walked to explain) into diagnostics, in valijson's order: unknown keys first, with "did you
/// mean"; one diagnostic per node, noise from oneOf branches the value plainly was not meant for
/// dropped. `error_pointers`, when not null, receives the JSON pointer of each node a diagnostic
/// is about (see ValidateAgainstSchema).
std::vector<Diagnostic> ExplainSchemaErrors(const YamlJson& doc, const schema::OJson& schema,
                                            const std::vector<SchemaError>& errors,
                                            std::vector<std::string>* error_pointers);

}  // namespace ks
