#pragma once

// Reading the scenario schema and saying in plain words what it accepts: the vocabulary that
// schema_check.cc uses to turn valijson's errors into messages. Internal to the loading layer,
// hence the nested namespace for its generic names.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/yaml_json.h"

namespace ks::schema {

using OJson = nlohmann::ordered_json;

/// Follows `$ref`s ("#/definitions/x", within the scenario schema) from `fragment`; returns the
/// fragment they lead to, `fragment` itself without a `$ref`, or nullptr for a dangling one.
const OJson* Deref(const OJson* fragment);

/// `fragment[key]` when `fragment` is an object that has `key`, else nullptr.
const OJson* Member(const OJson* fragment, std::string_view key);

/// Whether `fragment`'s `type` keyword (a name or a list of names) admits `v`; true without one.
/// "integer" admits only JSON integers, as valijson's strong type checking does.
bool TypeAdmits(const OJson* fragment, const nlohmann::json& v);

/// The oneOf/anyOf branch meant for a value of v's type (the scenario schema's branches differ by
/// type), the fragment itself when it has no branches, or nullptr when no branch takes v's type.
const OJson* SelectBranch(const OJson* fragment, const nlohmann::json& v);

/// "a, b or c".
std::string JoinOr(const std::vector<std::string>& items);

/// "a, b, c".
std::string JoinComma(const std::vector<std::string>& items);

/// A schema value (an example, an enum member) as it would be written in a scenario, in YAML
/// flow style: strings bare, maps as {k: v}.
std::string RenderExample(const OJson& v);

/// What the user wrote, for "got ...": strings quoted (first line, at most 40 characters), numbers
/// and booleans as written in the file (from `source` when given), "nothing" for an empty value,
/// "a map" / "a list" for containers.
std::string DescribeValue(const nlohmann::json& v, const NodeSource* source);

/// What `fragment` accepts, in plain words (see DescribeExpectation in schema_check.h).
std::string Expectation(const OJson& fragment);

/// The unescaped member names and indices of an RFC 6901 pointer: "/a~1b/0" -> {"a/b", "0"}.
std::vector<std::string> JsonPointerSegments(const std::string& pointer);

}  // namespace ks::schema
