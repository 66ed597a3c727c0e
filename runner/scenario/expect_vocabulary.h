#pragma once

// The words an `expect` entry may use: check names, their figures and their scope keys. The
// schema (schemas/scenario.schema.json) spells the same vocabulary for editors; a unit test
// (tests/scenario/expect_vocabulary_test.cc) keeps the two from drifting apart.

#include <string>
#include <string_view>
#include <vector>

namespace ks {

/// One check name as written in `expect`, with what it measures and what it may be scoped by.
struct CheckVocabulary {
  std::string name;                         ///< e.g. "no_loss", "duplicates"
  std::string main_figure;                  ///< what top-level min/max/equals bound, e.g. "lost"
  std::vector<std::string> figures;         ///< every figure, the main one first
  std::vector<std::string> required_scope;  ///< scope keys the entry must give, e.g. {"group"}
  std::vector<std::string> optional_scope;  ///< scope keys it may give, e.g. {"topic"}
  bool takes_bounds = true;                 ///< false for the no_* shorthands (main figure == 0)
  std::string description;                  ///< one line, shown by editors and `explain`
  /// Scope keys of which the entry must give at least one, e.g. {"producer", "topic"} for
  /// `produced`; empty for most checks. The schema says the same with allOf/anyOf of required.
  std::vector<std::string> any_of_scope = {};
};

/// Every check name the loader accepts, in documentation order (aliases such as no_loss and
/// lost are separate entries that share figures).
const std::vector<CheckVocabulary>& ExpectVocabulary();

/// The entry for `name`, or nullptr when no check has that name.
const CheckVocabulary* FindCheckVocabulary(std::string_view name);

/// Every check name, in documentation order: the candidates for "did you mean".
std::vector<std::string> CheckNames();

/// The scope keys any check may use (group, topic, producer, member).
const std::vector<std::string>& ScopeKeys();

}  // namespace ks
