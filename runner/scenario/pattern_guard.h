#pragma once

// valijson 1.0 matches a schema's `pattern` with std::regex, which recurses at least once per
// character and overflows the stack on long strings (input_limits.h, kMaxPatternInputBytes), and
// it offers no other regex engine. So no string longer than that may reach a pattern: this finds
// them before valijson runs.

#include <nlohmann/json.hpp>
#include <vector>

#include "diag/diagnostic.h"
#include "scenario/yaml_json.h"

namespace ks {

/// Every string of `doc` longer than kMaxPatternInputBytes at a place where `schema` (the root of
/// a JSON schema; `$ref`s are resolved within it) may check it with a `pattern` (in any oneOf,
/// anyOf or allOf branch), one diagnostic each at the value. `pointers`, when not null, receives
/// each one's JSON pointer. Empty when valijson may safely validate `doc`.
std::vector<Diagnostic> CheckPatternInputs(const YamlJson& doc,
                                           const nlohmann::ordered_json& schema,
                                           std::vector<std::string>* pointers = nullptr);

}  // namespace ks
