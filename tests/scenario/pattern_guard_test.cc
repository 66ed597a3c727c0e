// Strings too long for valijson's std::regex (input_limits.h, kMaxPatternInputBytes) stop the
// load before the schema runs: a 30,000-character name and a 400,000-digit timeout overflowed
// the stack (~78,000 recursive frames).
#include "scenario/pattern_guard.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "scenario/loader.h"
#include "scenario/schema_check.h"
#include "support/scenario_text.h"

namespace ks {
namespace {

// The minimal scenario after its name line: a test puts its own name first.
const std::string kRest = std::string(test_support::kMinimalScenario)
                              .substr(std::string_view(test_support::kMinimalScenario).find('\n'));

const char kTooLong[] =
    " bytes long; a name, duration, rate or other value checked against a pattern may be at most "
    "1,024";

TEST(PatternGuard, LongNameIsRefusedBeforeTheSchemaRuns) {
  const LoadResult r = LoadScenarioText("name: " + std::string(30000, 'a') + kRest, "f.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << FormatLoadErrors(r).substr(0, 1000);
  EXPECT_EQ(r.diagnostics[0].loc.ToString(), "f.yaml:1:7");
  EXPECT_EQ(r.diagnostics[0].message, "this value is 30,000" + std::string(kTooLong));
}

TEST(PatternGuard, LongNumberThatReadsAsTextIsRefused) {
  // 400,000 digits do not fit a number: the value stays a string that a duration pattern checks.
  const LoadResult r = LoadScenarioText(
      std::string("name: x") + kRest + "timeout: " + std::string(400000, '9'), "f.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << FormatLoadErrors(r).substr(0, 1000);
  EXPECT_EQ(r.diagnostics[0].loc.ToString(), "f.yaml:15:10");
  EXPECT_EQ(r.diagnostics[0].message, "this value is 400,000" + std::string(kTooLong));
}

TEST(PatternGuard, LongTextWithoutAPatternIsLeftToTheSchema) {
  // `lesson` has no pattern: a long lesson is fine.
  std::string text = std::string("name: x") + kRest;
  const std::string lesson = "lesson: Defaults fill the rest.";
  text.replace(text.find(lesson), lesson.size(), "lesson: " + std::string(100000, 'l'));
  const LoadResult r = LoadScenarioText(text, "f.yaml");
  EXPECT_TRUE(r.diagnostics.empty()) << FormatLoadErrors(r).substr(0, 1000);
}

TEST(PatternGuard, FindsPatternsThroughRefsAndBranches) {
  // A group's name through $ref, and a duration inside a step's oneOf branch; a produce step's
  // producer has no pattern.
  YamlJson doc;
  std::vector<Diagnostic> diagnostics;
  const std::string long_name(2000, 'n');
  ASSERT_TRUE(YamlToJson("consumer_groups:\n  - name: " + long_name + "\nsteps:\n  - sleep: " +
                             long_name + "s\n  - produce: " + long_name + "\n",
                         "f.yaml", &doc, &diagnostics));
  std::vector<std::string> pointers;
  const std::vector<Diagnostic> ds = CheckPatternInputs(doc, ScenarioSchemaJson(), &pointers);
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(pointers[0], "/consumer_groups/0/name");
  EXPECT_EQ(ds[0].loc.ToString(), "f.yaml:2:11");
  EXPECT_EQ(pointers[1], "/steps/0/sleep");
  EXPECT_EQ(ds[1].loc.ToString(), "f.yaml:4:12");
  // The schema check itself refuses to hand them to valijson, and says it checked nothing else.
  bool complete = true;
  EXPECT_EQ(ValidateAgainstSchema(doc, nullptr, SchemaKind::kScenario, &complete).size(), 2u);
  EXPECT_FALSE(complete);
}

TEST(PatternGuard, TargetFilesAreGuardedByTheSameSchemaCheck) {
  // faults.timeout is a duration, checked with a pattern.
  YamlJson doc;
  std::vector<Diagnostic> diagnostics;
  ASSERT_TRUE(
      YamlToJson("bootstrap_servers: b:9092\nfaults:\n  timeout: " + std::string(2000, '9') + "s\n",
                 "t.yaml", &doc, &diagnostics));
  bool complete = true;
  const std::vector<Diagnostic> ds =
      ValidateAgainstSchema(doc, nullptr, SchemaKind::kTarget, &complete);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].loc.ToString(), "t.yaml:3:12");
  EXPECT_EQ(ds[0].message, "this value is 2,001" + std::string(kTooLong));
  EXPECT_FALSE(complete);
}

TEST(PatternGuard, ValuesWithinTheBoundPass) {
  YamlJson doc;
  std::vector<Diagnostic> diagnostics;
  ASSERT_TRUE(YamlToJson("name: " + std::string(1024, 'a') + "\n", "f.yaml", &doc, &diagnostics));
  EXPECT_TRUE(CheckPatternInputs(doc, ScenarioSchemaJson()).empty());
  // The schema goes on to check the rest (the missing keys).
  bool complete = false;
  EXPECT_FALSE(ValidateAgainstSchema(doc, nullptr, SchemaKind::kScenario, &complete).empty());
  EXPECT_TRUE(complete);
}

}  // namespace
}  // namespace ks
