#pragma once

// The one catalogue of checks: every name an `expect` entry may use, with its figures (the main
// one first), scope keys, the bounds its name implies or defaults to, and what it measures. It is
// written once, as the `expect` entries of schemas/scenario.schema.json (compiled in), where
// editors and validation read it too; the keywords JSON Schema has no word for are `x-` ones:
// `x-implied-bounds` and `x-default-bounds` ({figure: {min, max, equals}}), and `x-figures-of`
// (a shorthand such as no_loss reports the figures of the check it names). This file reads it
// into CheckEntry values; the checks layer dispatches on them (checks/check.h), and `explain`,
// `kafka-scenario checks` and the reports read them.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/model.h"

namespace ks {

/// One check as written in `expect`.
struct CheckEntry {
  std::string name;                         ///< e.g. "no_loss", "duplicates"
  std::string main_figure;                  ///< what top-level min/max/equals bound, e.g. "lost"
  std::vector<std::string> figures;         ///< every figure the check computes, the main first
  std::vector<std::string> required_scope;  ///< scope keys the entry must give, e.g. {"group"}
  std::vector<std::string> optional_scope;  ///< scope keys it may give, e.g. {"topic"}
  /// Bounds the name itself states, always applied: no_loss means lost max 0 and unseen max 0.
  /// A check with implied bounds takes no bounds of its own (the no_* shorthands).
  std::vector<FigureBound> implied_bounds;
  std::string description;  ///< one line, for `explain`, the reports and the docs
  /// Bounds used when the entry gives none: checks named for an invariant (`key_order`,
  /// `partition_order`, `same_key_same_partition`, ...) mean "it holds", i.e. main figure max 0.
  /// An entry with bounds of its own (`key_order: {min: 1}`, an expected anomaly) replaces them.
  std::vector<FigureBound> default_bounds = {};
  /// Scope keys of which the entry must give at least one (`produced` and `delivery_errors`
  /// measure a producer, a topic, or one producer's records on one topic); empty for most.
  std::vector<std::string> any_of_scope = {};

  /// False for the no_* shorthands, whose name is their bound.
  bool takes_bounds() const { return implied_bounds.empty(); }
};

/// Every check, in the schema's order (shorthands such as no_loss and their check, lost, are
/// separate entries that share figures). Throws std::logic_error on the first use when an entry
/// of the compiled-in schema is malformed (a defect of the build, which the tests catch).
const std::vector<CheckEntry>& CheckCatalogue();

/// Reads check `name` from its schema entry `entry` (`all`: every entry, for x-figures-of): scope
/// keys from `required` and the scope-key properties, figures from the bound properties in order
/// (or those of the entry x-figures-of names), "at least one of" from allOf/anyOf, and
/// x-implied-bounds / x-default-bounds. Throws std::logic_error naming the entry and what is
/// wrong with it: no description or figures, a bound on another figure or not a number, an
/// x-figures-of naming no entry, a shape other than described.
CheckEntry ReadCheckEntry(const std::string& name, const nlohmann::ordered_json& entry,
                          const nlohmann::ordered_json& all);

/// The entry for `name`, or nullptr when no check has that name.
const CheckEntry* FindCheckEntry(std::string_view name);

/// Every check name, in documentation order: the candidates for "did you mean".
std::vector<std::string> CheckNames();

/// The scope keys any check may use (group, topic, producer, member).
const std::vector<std::string>& ScopeKeys();

/// The bounds an entry of `check` is judged by, each naming its figure (the main figure where the
/// entry left it out): the implied bounds, then the entry's own bounds, or the check's default
/// bounds when it gave none. The one rule for the run (RunCheck) and `explain`.
std::vector<FigureBound> EffectiveBounds(const CheckEntry& check, const ExpectSpec& spec);

}  // namespace ks
