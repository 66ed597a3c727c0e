// The expect vocabulary lives twice: in schemas/scenario.schema.json (for editors and
// validation) and in expect_vocabulary.cc (for cross-references and "did you mean"). These tests
// fail as soon as the two disagree.

#include "scenario/expect_vocabulary.h"

#include <gtest/gtest.h>

#include <set>

#include "scenario/schema_check.h"

namespace ks {
namespace {

std::set<std::string> Keys(const nlohmann::ordered_json& object) {
  std::set<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.insert(it.key());
  return keys;
}

const nlohmann::ordered_json& SchemaChecks() {
  return ScenarioSchemaJson()["properties"]["expect"]["items"]["properties"];
}

TEST(ExpectVocabulary, SchemaHasExactlyTheTablesChecks) {
  std::set<std::string> table;
  for (const CheckVocabulary& check : ExpectVocabulary()) table.insert(check.name);
  EXPECT_EQ(Keys(SchemaChecks()), table);
}

TEST(ExpectVocabulary, EachCheckAcceptsTheSameKeysInBoth) {
  for (const CheckVocabulary& check : ExpectVocabulary()) {
    SCOPED_TRACE(check.name);
    const nlohmann::ordered_json& entry = SchemaChecks()[check.name];
    std::set<std::string> expected(check.required_scope.begin(), check.required_scope.end());
    expected.insert(check.optional_scope.begin(), check.optional_scope.end());
    if (check.takes_bounds) {
      expected.insert({"min", "max", "equals"});
      expected.insert(check.figures.begin(), check.figures.end());
    }
    EXPECT_EQ(Keys(entry["properties"]), expected);
    const std::vector<std::string> required =
        entry.contains("required") ? entry["required"].get<std::vector<std::string>>()
                                   : std::vector<std::string>{};
    EXPECT_EQ(required, check.required_scope);
    EXPECT_EQ(entry["additionalProperties"], false);
  }
}

TEST(ExpectVocabulary, TableIsConsistent) {
  std::set<std::string> names;
  for (const CheckVocabulary& check : ExpectVocabulary()) {
    SCOPED_TRACE(check.name);
    EXPECT_TRUE(names.insert(check.name).second) << "duplicate check name";
    ASSERT_FALSE(check.figures.empty());
    EXPECT_EQ(check.figures.front(), check.main_figure);
    for (const std::string& key : check.required_scope) {
      EXPECT_NE(std::find(ScopeKeys().begin(), ScopeKeys().end(), key), ScopeKeys().end());
    }
    for (const std::string& key : check.optional_scope) {
      EXPECT_NE(std::find(ScopeKeys().begin(), ScopeKeys().end(), key), ScopeKeys().end());
    }
    EXPECT_FALSE(check.description.empty());
    EXPECT_EQ(FindCheckVocabulary(check.name), &check);
  }
  EXPECT_EQ(FindCheckVocabulary("no_such_check"), nullptr);
  EXPECT_EQ(CheckNames().size(), ExpectVocabulary().size());
}

}  // namespace
}  // namespace ks
