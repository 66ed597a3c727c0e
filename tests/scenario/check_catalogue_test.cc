// The check catalogue (scenario/check_catalogue.cc) against the schema editors and validation
// read (schemas/scenario.schema.json): these tests fail as soon as the two disagree. And the
// one rule of which bounds judge an entry.

#include "scenario/check_catalogue.h"

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

TEST(CheckCatalogue, SchemaHasExactlyTheTablesChecks) {
  std::set<std::string> table;
  for (const CheckEntry& check : CheckCatalogue()) table.insert(check.name);
  // `lua: fn` is the one entry that is not a built-in check: a custom check in Lua.
  table.insert("lua");
  EXPECT_EQ(Keys(SchemaChecks()), table);
}

TEST(CheckCatalogue, EachCheckAcceptsTheSameKeysInBoth) {
  for (const CheckEntry& check : CheckCatalogue()) {
    SCOPED_TRACE(check.name);
    const nlohmann::ordered_json& entry = SchemaChecks()[check.name];
    std::set<std::string> expected(check.required_scope.begin(), check.required_scope.end());
    expected.insert(check.optional_scope.begin(), check.optional_scope.end());
    if (check.takes_bounds()) {
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

TEST(CheckCatalogue, AnyOfScopeKeysAreOptionalScopeKeys) {
  for (const CheckEntry& check : CheckCatalogue()) {
    SCOPED_TRACE(check.name);
    for (const std::string& key : check.any_of_scope) {
      EXPECT_NE(std::find(check.optional_scope.begin(), check.optional_scope.end(), key),
                check.optional_scope.end());
    }
  }
  ASSERT_NE(FindCheckEntry("produced"), nullptr);
  EXPECT_EQ(FindCheckEntry("produced")->any_of_scope,
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

TEST(CheckCatalogue, AProducerSideCheckNeedsAProducerOrATopic) {
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

TEST(CheckCatalogue, TableIsConsistent) {
  std::set<std::string> names;
  for (const CheckEntry& check : CheckCatalogue()) {
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
    EXPECT_EQ(FindCheckEntry(check.name), &check);
  }
  EXPECT_EQ(FindCheckEntry("no_such_check"), nullptr);
  EXPECT_EQ(CheckNames().size(), CheckCatalogue().size());
}

ExpectSpec Entry(const std::string& check, std::vector<FigureBound> bounds = {}) {
  ExpectSpec e;
  e.check = check;
  e.bounds = std::move(bounds);
  return e;
}

FigureBound Bound(const std::string& figure, std::optional<double> min, std::optional<double> max) {
  FigureBound b;
  b.figure = figure;
  b.min = min;
  b.max = max;
  return b;
}

std::vector<std::string> Texts(const std::vector<FigureBound>& bounds) {
  std::vector<std::string> out;
  for (const FigureBound& b : bounds) {
    out.push_back(b.figure + (b.min ? " min " + std::to_string(*b.min) : "") +
                  (b.max ? " max " + std::to_string(*b.max) : ""));
  }
  return out;
}

TEST(EffectiveBounds, ImpliedThenOwnOrDefaultEachNamingItsFigure) {
  const CheckEntry& no_loss = *FindCheckEntry("no_loss");
  EXPECT_EQ(Texts(EffectiveBounds(no_loss, Entry("no_loss"))),
            (std::vector<std::string>{"lost max 0.000000", "unseen max 0.000000"}));
  const CheckEntry& key_order = *FindCheckEntry("key_order");
  EXPECT_EQ(Texts(EffectiveBounds(key_order, Entry("key_order"))),
            (std::vector<std::string>{"keys_out_of_order max 0.000000"}));
  // Bounds of the entry's own replace the default; a main-figure bound gets its figure's name.
  EXPECT_EQ(Texts(EffectiveBounds(key_order, Entry("key_order", {Bound("", 1, std::nullopt)}))),
            (std::vector<std::string>{"keys_out_of_order min 1.000000"}));
  const CheckEntry& lag = *FindCheckEntry("lag");
  EXPECT_TRUE(EffectiveBounds(lag, Entry("lag")).empty());  // no bound: the check fails
}

}  // namespace
}  // namespace ks
