// The check catalogue as read from the schema's `expect` entries (scenario/check_catalogue.cc),
// its consistency, and the one rule of which bounds judge an entry.

#include "scenario/check_catalogue.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <string>

#include "scenario/schema_check.h"

namespace ks {
namespace {

std::vector<std::string> Texts(const std::vector<FigureBound>& bounds);

TEST(CheckCatalogue, ReadFromTheSchemasExpectEntries) {
  const CheckEntry* lost = FindCheckEntry("lost");
  ASSERT_NE(lost, nullptr);
  EXPECT_EQ(lost->figures, (std::vector<std::string>{"lost", "unseen"}));
  EXPECT_EQ(lost->main_figure, "lost");
  EXPECT_EQ(lost->required_scope, std::vector<std::string>{"group"});
  EXPECT_EQ(lost->optional_scope, std::vector<std::string>{"topic"});
  EXPECT_TRUE(lost->takes_bounds());
  EXPECT_TRUE(lost->default_bounds.empty());
  EXPECT_EQ(lost->description.rfind("acknowledged records the group never consumed", 0), 0u);
  // A shorthand: the figures of the check it names, and the bounds its name states.
  const CheckEntry* no_loss = FindCheckEntry("no_loss");
  ASSERT_NE(no_loss, nullptr);
  EXPECT_EQ(no_loss->figures, lost->figures);
  EXPECT_FALSE(no_loss->takes_bounds());
  EXPECT_EQ(Texts(no_loss->implied_bounds),
            (std::vector<std::string>{"lost max 0.000000", "unseen max 0.000000"}));
  // Named for an invariant: "it holds" unless the entry bounds it.
  const CheckEntry* key_order = FindCheckEntry("key_order");
  ASSERT_NE(key_order, nullptr);
  EXPECT_EQ(Texts(key_order->default_bounds),
            std::vector<std::string>{"keys_out_of_order max 0.000000"});
  const CheckEntry* partition_order = FindCheckEntry("partition_order");
  ASSERT_NE(partition_order, nullptr);
  EXPECT_EQ(partition_order->optional_scope, (std::vector<std::string>{"member", "topic"}));
  // `lua: fn` is an entry of the schema's but not a built-in check.
  EXPECT_EQ(FindCheckEntry("lua"), nullptr);
}

// What ReadCheckEntry says of `entry` (JSON text) when it refuses it, or "" when it reads it.
std::string Refusal(const char* entry) {
  const nlohmann::ordered_json all = nlohmann::ordered_json::parse(
      std::string(R"({"real": {"description": "d", "properties": {"f": )"
                  R"({"$ref": "#/definitions/bound"}}}, "e": )") +
      entry + "}");
  try {
    ReadCheckEntry("e", all["e"], all);
    return "";
  } catch (const std::logic_error& e) {
    return e.what();
  }
}

TEST(CheckCatalogue, AMalformedEntryIsRefusedWithWhatIsWrong) {
  const std::string figure = R"("properties": {"g": {"$ref": "#/definitions/bound"}})";
  EXPECT_EQ(Refusal(("{\"description\": \"d\", " + figure + "}").c_str()), "");
  EXPECT_NE(Refusal(R"({"description": "d", "properties": {}})").find("no figures"),
            std::string::npos);
  EXPECT_NE(Refusal(R"({"description": "d"})").find("expect entry 'e'"), std::string::npos);
  EXPECT_NE(Refusal(R"({"description": "d", "properties": {}, "x-figures-of": "nope"})")
                .find("x-figures-of names no check: 'nope'"),
            std::string::npos);
  EXPECT_EQ(Refusal(R"({"description": "d", "properties": {}, "x-figures-of": "real"})"), "");
  EXPECT_NE(
      Refusal(("{\"description\": \"d\", " + figure + R"(, "x-default-bounds": {"h": {"max": 0}}})")
                  .c_str())
          .find("a bound on 'h', which is not one of its figures"),
      std::string::npos);
  EXPECT_NE(Refusal(("{\"description\": \"d\", " + figure +
                     R"(, "x-default-bounds": {"g": {"max": "0"}}})")
                        .c_str())
                .find("not a number"),
            std::string::npos);
  EXPECT_NE(Refusal(("{\"description\": \"d\", " + figure +
                     R"(, "x-implied-bounds": {"g": {"equals": 0, "max": 1}}})")
                        .c_str())
                .find("min and max, or equals alone"),
            std::string::npos);
  EXPECT_NE(Refusal(("{" + figure + "}").c_str()).find("no description"), std::string::npos);
}

TEST(CheckCatalogue, EveryEntryTakesExactlyItsScopeKeysAndIfBoundedItsFigures) {
  const nlohmann::ordered_json& entries =
      ScenarioSchemaJson()["properties"]["expect"]["items"]["properties"];
  for (const CheckEntry& check : CheckCatalogue()) {
    SCOPED_TRACE(check.name);
    const nlohmann::ordered_json& entry = entries[check.name];
    std::set<std::string> expected(check.required_scope.begin(), check.required_scope.end());
    expected.insert(check.optional_scope.begin(), check.optional_scope.end());
    if (check.takes_bounds()) {
      expected.insert({"min", "max", "equals"});
      expected.insert(check.figures.begin(), check.figures.end());
    }
    std::set<std::string> keys;
    for (auto it = entry["properties"].begin(); it != entry["properties"].end(); ++it) {
      keys.insert(it.key());
    }
    EXPECT_EQ(keys, expected) << "a key that is neither a scope key, a bound nor a figure";
    EXPECT_EQ(entry["additionalProperties"], false);
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
