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

/// One map-shaped branch of a oneOf whose map branches are told apart by a key: a step by its
/// action (start, wait, fault, ...), a wait by its condition.
struct KeyedBranch {
  std::string key;      ///< the first of the branch's `required`: present only in its maps
  const OJson* branch;  ///< the branch, dereferenced
};

/// The map branches of `fragment`'s oneOf, each with the key that selects it, in schema order;
/// empty unless there are two or more and each requires a distinct first key.
std::vector<KeyedBranch> KeyedBranches(const OJson* fragment);

/// The oneOf/anyOf branch meant for `v`: the one for v's type (the scenario schema's branches
/// differ by type) or, among map branches told apart by a key (KeyedBranches), the one whose key
/// `v` has. The fragment itself when it has no branches; nullptr when no branch takes v's type,
/// or when a map has none or several of the selecting keys.
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
