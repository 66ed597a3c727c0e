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
  // `lua: fn` is the one entry that is not a built-in check: a custom check in Lua.
  table.insert("lua");
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
    // "At least one of" is spelt allOf: [{anyOf: [{required: [a]}, {required: [b]}]}], so that
    // the top of the entry keeps its properties for editors and for unknown-key diagnostics.
    std::vector<std::string> any_of;
    if (entry.contains("allOf")) {
      ASSERT_EQ(entry["allOf"].size(), 1u);
      for (const nlohmann::ordered_json& branch : entry["allOf"][0]["anyOf"]) {
        ASSERT_EQ(branch["required"].size(), 1u);
        any_of.push_back(branch["required"][0].get<std::string>());
      }
    }
    EXPECT_EQ(any_of, check.any_of_scope);
  }
}

TEST(ExpectVocabulary, AnyOfScopeKeysAreOptionalScopeKeys) {
  for (const CheckVocabulary& check : ExpectVocabulary()) {
    SCOPED_TRACE(check.name);
    for (const std::string& key : check.any_of_scope) {
      EXPECT_NE(std::find(check.optional_scope.begin(), check.optional_scope.end(), key),
                check.optional_scope.end());
    }
  }
  ASSERT_NE(FindCheckVocabulary("produced"), nullptr);
  EXPECT_EQ(FindCheckVocabulary("produced")->any_of_scope,
            (std::vector<std::string>{"producer", "topic"}));
}

std::string Messages(const std::vector<Diagnostic>& ds) {
  std::string all;
  for (const Diagnostic& d : ds) {
    all += d.message + (d.hint.empty() ? "" : " (" + d.hint + ")") + "\n";
  }
  return all;
}

YamlJson Document(const char* expect) {
  YamlJson doc;
  doc.value = nlohmann::json::parse(std::string(R"({"name": "n", "title": "t", "lesson": "l",
      "topics": [{"name": "orders"}], "expect": [)") +
                                    expect + "]}");
  return doc;
}

TEST(ExpectVocabulary, AProducerSideCheckNeedsAProducerOrATopic) {
  EXPECT_EQ(
      Messages(ValidateAgainstSchema(Document(R"({"produced": {"producer": "p"}})"), nullptr)), "");
  EXPECT_EQ(
      Messages(ValidateAgainstSchema(Document(R"({"delivery_errors": {"topic": "o"}})"), nullptr)),
      "");
  EXPECT_EQ(Messages(ValidateAgainstSchema(
                Document(R"({"produced": {"producer": "p", "topic": "o", "sent": 5}})"), nullptr)),
            "");
  const std::string neither =
      Messages(ValidateAgainstSchema(Document(R"({"produced": {"max": 5}})"), nullptr));
  EXPECT_NE(neither.find("check 'produced' needs the scope key 'producer'"), std::string::npos)
      << neither;
  EXPECT_NE(neither.find("check 'produced' needs the scope key 'topic'"), std::string::npos)
      << neither;
  // The entry's own keys are still checked by name.
  const std::string misspelt = Messages(
      ValidateAgainstSchema(Document(R"({"produced": {"producer": "p", "sendt": 1}})"), nullptr));
  EXPECT_NE(misspelt.find(
                "'sendt' is not a figure or scope key of check 'produced' (did you mean 'sent'?)"),
            std::string::npos)
      << misspelt;
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
