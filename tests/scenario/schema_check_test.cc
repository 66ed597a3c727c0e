#include "scenario/schema_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scenario/model.h"

namespace ks {
namespace {

using OJson = nlohmann::ordered_json;

// Walks every subschema, calling f(fragment, where).
template <typename F>
void ForEachSubschema(const OJson& fragment, const std::string& where, F&& f) {
  if (!fragment.is_object()) return;
  f(fragment, where);
  if (fragment.contains("properties")) {
    for (auto it = fragment["properties"].begin(); it != fragment["properties"].end(); ++it) {
      ForEachSubschema(it.value(), where + "/" + it.key(), f);
    }
  }
  if (fragment.contains("definitions")) {
    for (auto it = fragment["definitions"].begin(); it != fragment["definitions"].end(); ++it) {
      ForEachSubschema(it.value(), "#" + it.key(), f);
    }
  }
  if (fragment.contains("items")) ForEachSubschema(fragment["items"], where + "[]", f);
  if (fragment.contains("additionalProperties")) {
    ForEachSubschema(fragment["additionalProperties"], where + "/*", f);
  }
  if (fragment.contains("oneOf")) {
    for (const OJson& branch : fragment["oneOf"]) ForEachSubschema(branch, where + "|", f);
  }
}

TEST(ScenarioSchema, IsDraft07AndCompiles) {
  const OJson& schema = ScenarioSchemaJson();
  EXPECT_EQ(schema["$schema"], "http://json-schema.org/draft-07/schema#");
  YamlJson doc;
  doc.value = nlohmann::json::object();
  // Compiles: a validation runs and reports the missing required keys, not an internal error.
  const std::vector<Diagnostic> ds = ValidateAgainstSchema(doc, nullptr);
  ASSERT_FALSE(ds.empty());
  EXPECT_EQ(ds[0].message.find("internal error"), std::string::npos) << ds[0].message;
}

TEST(ScenarioSchema, EveryPropertyHasADescriptionForEditors) {
  ForEachSubschema(ScenarioSchemaJson(), "", [](const OJson& fragment, const std::string& where) {
    if (!fragment.contains("properties")) return;
    for (auto it = fragment["properties"].begin(); it != fragment["properties"].end(); ++it) {
      EXPECT_TRUE(it.value().contains("description")) << where << "/" << it.key();
    }
  });
}

TEST(ScenarioSchema, EveryMapRejectsUnknownKeys) {
  ForEachSubschema(ScenarioSchemaJson(), "", [](const OJson& fragment, const std::string& where) {
    if (!fragment.contains("properties")) return;
    ASSERT_TRUE(fragment.contains("additionalProperties")) << where;
    EXPECT_EQ(fragment["additionalProperties"], false) << where;
  });
}

std::string Describe(const char* fragment) { return DescribeExpectation(OJson::parse(fragment)); }

TEST(DescribeExpectation, SaysWhatAFragmentAccepts) {
  EXPECT_EQ(Describe(R"({"type": "integer", "minimum": 1})"), "an integer >= 1");
  EXPECT_EQ(Describe(R"({"type": "integer", "minimum": 1, "maximum": 16})"),
            "an integer from 1 to 16");
  EXPECT_EQ(Describe(R"({"type": "number", "exclusiveMinimum": 0})"), "a number > 0");
  EXPECT_EQ(Describe(R"({"type": "string"})"), "a string");
  EXPECT_EQ(Describe(R"({"type": "string", "minLength": 1})"), "a non-empty string");
  EXPECT_EQ(Describe(R"({"type": "boolean"})"), "true or false");
  EXPECT_EQ(Describe(R"({"type": "array", "items": {"type": "string"}})"), "a list of strings");
  EXPECT_EQ(Describe(R"({"type": "object"})"), "a map");
  EXPECT_EQ(Describe(R"({"type": ["string", "boolean"]})"), "a string or true or false");
  EXPECT_EQ(Describe(R"({"enum": ["earliest", "latest"]})"), "one of earliest, latest");
  EXPECT_EQ(Describe(R"({"oneOf": [{"type": "integer"}, {"type": "string"}]})"),
            "an integer or a string");
  EXPECT_EQ(Describe(R"({"title": "duration", "examples": ["500ms", "20s", "2m"]})"),
            "a duration such as 500ms, 20s or 2m");
  EXPECT_EQ(Describe(R"({"title": "bound", "examples": [0, {"max": 600}]})"),
            "a bound such as 0 or {max: 600}");
  EXPECT_EQ(Describe(R"({"$ref": "#/definitions/duration"})"),
            "a duration such as 500ms, 20s or 2m");
}

// Validation in isolation: what reaches the user for a few shapes of mistake.
std::vector<Diagnostic> Validate(const char* json) {
  YamlJson doc;
  doc.value = nlohmann::json::parse(json);
  return ValidateAgainstSchema(doc, nullptr);
}

std::string Messages(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const Diagnostic& d : ds) out += d.message + (d.hint.empty() ? "" : " | " + d.hint) + "\n";
  return out;
}

constexpr char kValidHead[] = R"("name": "x", "title": "t", "lesson": "l", )";

TEST(ValidateAgainstSchema, ValidDocumentGivesNothing) {
  EXPECT_EQ(Messages(Validate((std::string("{") + kValidHead +
                               R"("topics": [{"name": "orders"}],
                                  "expect": [{"same_key_same_partition": {"topic": "orders"}}]})")
                                  .c_str())),
            "");
}

TEST(ValidateAgainstSchema, ReportsEveryUnknownKeyOfOneMap) {
  // valijson names only the first unknown key of a map; the user needs all of them.
  EXPECT_EQ(Messages(Validate((std::string("{") + kValidHead +
                               R"("topics": [{"name": "o", "partitons": 1, "replicas": 1}],
                                  "expect": [{"same_key_same_partition": {"topic": "o"}}]})")
                                  .c_str())),
            "unknown key 'partitons' | did you mean 'partitions'?\n"
            "unknown key 'replicas' | expected one of name, partitions, replication_factor, "
            "config\n");
}

TEST(ValidateAgainstSchema, OneOfNoiseIsReducedToTheMeantBranch) {
  // A map partitioner is judged only by the map branch; a misspelt key there is not also a
  // "missing required key" (it says which key it meant) nor a "not a string".
  EXPECT_EQ(Messages(Validate((std::string("{") + kValidHead + R"("topics": [{"name": "o"}],
        "producers": [{"name": "p", "topic": "o", "messages": 1, "partitioner": {"partiton": 1},
                       "rate": true}],
        "expect": [{"same_key_same_partition": {"topic": "o"}}]})")
                                  .c_str())),
            "unknown key 'partiton' | did you mean 'partition'?\n"
            "expected a rate such as 2000/s, 120/m or 500, got true\n");
}

TEST(ValidateAgainstSchema, AStepIsJudgedByTheBranchItsActionKeySelects) {
  // Every step shape is a oneOf branch; the other eight branches' complaints (missing 'stop',
  // unknown key 'start', ...) are noise once the action key says which shape was meant. Unknown
  // keys come first, as everywhere.
  EXPECT_EQ(Messages(Validate((std::string("{") + kValidHead + R"("topics": [{"name": "o"}],
        "steps": [{"start": "g/x"}, {"wait": {"drained": "g", "within": 5}},
                  {"fault": {"request_errors": {"api": "Fetch", "errors": ["REQUEST_TIMEDOUT"],
                                                "cont": 1}}}],
        "expect": [{"same_key_same_partition": {"topic": "o"}}]})")
                                  .c_str())),
            "unknown key 'cont' | did you mean 'count'?\n"
            "expected a group or member (group/index) such as billing or billing/2, got 'g/x'\n"
            "expected a duration such as 500ms, 20s or 2m, got 5\n"
            "unknown Kafka error 'REQUEST_TIMEDOUT' | did you mean 'REQUEST_TIMED_OUT'?\n");
}

TEST(ValidateAgainstSchema, AMapWithNoneOrTwoSelectingKeysIsOneDiagnostic) {
  EXPECT_EQ(Messages(Validate((std::string("{") + kValidHead + R"("topics": [{"name": "o"}],
        "steps": [{"after": {"acked": 1, "producer": "p"}}, {"stop": "g", "crash": "g"},
                  {"wait": {"group": "g", "within": "1s"}}, {"fault": {"rtt": {"brokr": 1}}}],
        "expect": [{"same_key_same_partition": {"topic": "o"}}]})")
                                  .c_str())),
            "this step has no action | a step is one of start, stop, crash, restart, produce, "
            "wait, sleep, seek, fault, lua, add_partitions, recreate_topic or alter_topic\n"
            // Without source locations both keys are at 0:0; the message names them in
            // the schema's order.
            "a step does one action, this one has 2 (crash, stop) | give each action its own "
            "step, starting with '- '\n"
            "this wait has no condition | a condition is one of consumed, drained, assigned, "
            "rebalanced, acked, lag or purged\n"
            "unknown key 'brokr' | did you mean 'broker'?\n"
            "missing required key 'ms' in this rtt fault\n");
}

// The action keys of the schema's step branches are the model's step kinds, in order.
TEST(ScenarioSchema, StepBranchesAreTheModelsStepKinds) {
  const OJson& branches = ScenarioSchemaJson()["definitions"]["step"]["oneOf"];
  std::vector<std::string> keys;
  for (const OJson& branch : branches) keys.push_back(branch["required"][0].get<std::string>());
  std::vector<std::string> kinds;
  for (StepSpec::Kind kind :
       {StepSpec::Kind::kStart, StepSpec::Kind::kStop, StepSpec::Kind::kCrash,
        StepSpec::Kind::kRestart, StepSpec::Kind::kProduce, StepSpec::Kind::kWait,
        StepSpec::Kind::kSleep, StepSpec::Kind::kSeek, StepSpec::Kind::kFault, StepSpec::Kind::kLua,
        StepSpec::Kind::kAddPartitions, StepSpec::Kind::kRecreateTopic,
        StepSpec::Kind::kAlterTopic}) {
    kinds.emplace_back(ToString(kind));
  }
  EXPECT_EQ(keys, kinds);
}

TEST(ValidateAgainstSchema, CollectsThePointersOfReportedNodes) {
  YamlJson doc;
  doc.value = nlohmann::json::parse(std::string("{") + kValidHead +
                                    R"("topics": [{"name": "o", "partitions": 0}],
                                       "expect": [{"no_loss": {}}]})");
  std::vector<std::string> pointers;
  const std::vector<Diagnostic> ds = ValidateAgainstSchema(doc, &pointers);
  std::sort(pointers.begin(), pointers.end());
  EXPECT_EQ(pointers, (std::vector<std::string>{"/expect/0/no_loss", "/topics/0/partitions"}))
      << Messages(ds);
}

}  // namespace
}  // namespace ks
