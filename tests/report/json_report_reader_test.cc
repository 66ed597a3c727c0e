#include "report/json_report_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "report/json_report.h"
#include "report_fixtures.h"

namespace ks {
namespace {

using test_support::MakeSampleRun;
using test_support::SampleRun;

// The sample run as the runner writes it, with `edit` applied to the JSON first.
template <typename Edit>
std::string SampleText(Edit edit) {
  SampleRun s = MakeSampleRun();
  nlohmann::ordered_json j = JsonReport(s.Entries(), s.run);
  edit(j);
  return j.dump(2);
}

std::string SampleText() {
  return SampleText([](nlohmann::ordered_json&) {});
}

TEST(JsonReportReaderTest, ReadsWhatTheWriterWrites) {
  ParsedJsonReport p = ParseJsonReport(SampleText(), "out/embedded.json");
  ASSERT_TRUE(p.errors.empty()) << p.errors.front();
  ASSERT_TRUE(p.report);
  const SavedReport& r = *p.report;
  EXPECT_EQ(r.source, "out/embedded.json");
  EXPECT_EQ(r.target, "embedded");
  EXPECT_EQ(r.kafka_client, "librdkafka 2.0.2");
  EXPECT_EQ(r.started, "2024-05-01T12:34:56Z");
  ASSERT_EQ(r.scenarios.size(), 4u);

  const SavedScenario& loss = r.scenarios[1];
  EXPECT_EQ(loss.name, "lost-on-crash");
  EXPECT_EQ(loss.file, "scenarios/010-loss.yaml");
  EXPECT_EQ(loss.verdict, "fail");
  EXPECT_EQ(loss.reason, "");
  EXPECT_EQ(loss.seconds, 2.25);
  ASSERT_EQ(loss.deliveries.size(), 1u);
  EXPECT_EQ(loss.deliveries[0].group, "billing");
  EXPECT_EQ(loss.deliveries[0].acknowledged, 100);
  EXPECT_EQ(loss.deliveries[0].consumed, 99);
  EXPECT_EQ(loss.deliveries[0].lost, 1);
  EXPECT_EQ(loss.deliveries[0].duplicates, 0);
  ASSERT_TRUE(loss.deliveries[0].rebalances);
  EXPECT_EQ(loss.deliveries[0].rebalances->count, 0);
  ASSERT_EQ(loss.checks.size(), 2u);
  const SavedCheck& no_loss = loss.checks[1];
  EXPECT_EQ(no_loss.check, "no_loss");
  EXPECT_EQ(no_loss.scope, (std::map<std::string, std::string>{{"group", "billing"}}));
  EXPECT_FALSE(no_loss.passed);
  ASSERT_EQ(no_loss.bounds.size(), 2u);
  EXPECT_EQ(no_loss.bounds[0].figure, "lost");
  EXPECT_EQ(no_loss.bounds[0].value, 1.0);
  EXPECT_FALSE(no_loss.bounds[0].passed);
  EXPECT_TRUE(no_loss.bounds[1].passed);

  EXPECT_EQ(r.scenarios[2].verdict, "skip");
  EXPECT_EQ(r.scenarios[2].reason, test_support::kSkipReason);
}

TEST(JsonReportReaderTest, NullSecondsAndValuesAreAbsentNumbers) {
  ParsedJsonReport p = ParseJsonReport(SampleText([](nlohmann::ordered_json& j) {
                                         j["scenarios"][1]["seconds"] = nullptr;
                                         j["scenarios"][1]["checks"][1]["bounds"][0]["value"] =
                                             nullptr;
                                       }),
                                       "r.json");
  ASSERT_TRUE(p.report) << p.errors.front();
  EXPECT_EQ(p.report->scenarios[1].seconds, std::nullopt);
  EXPECT_EQ(p.report->scenarios[1].checks[1].bounds[0].value, std::nullopt);
}

TEST(JsonReportReaderTest, RebalancesAreReadAndOptional) {
  ParsedJsonReport p = ParseJsonReport(
      SampleText([](nlohmann::ordered_json& j) {
        j["scenarios"][1]["deliveries"][0]["rebalances"] = {
            {"count", 3}, {"total_ms", 4500}, {"longest_ms", 2012}, {"unfinished", true}};
        j["scenarios"][0]["deliveries"][0].erase("rebalances");  // an older report
      }),
      "r.json");
  ASSERT_TRUE(p.report) << p.errors.front();
  const std::optional<SavedRebalances>& b = p.report->scenarios[1].deliveries[0].rebalances;
  ASSERT_TRUE(b);
  EXPECT_EQ(b->count, 3);
  EXPECT_EQ(b->total_ms, 4500);
  EXPECT_EQ(b->longest_ms, 2012);
  EXPECT_TRUE(b->unfinished);
  EXPECT_EQ(p.report->scenarios[0].deliveries[0].rebalances, std::nullopt);

  ParsedJsonReport bad =
      ParseJsonReport(SampleText([](nlohmann::ordered_json& j) {
                        j["scenarios"][1]["deliveries"][0]["rebalances"]["longest_ms"] = 2.5;
                      }),
                      "r.json");
  EXPECT_EQ(bad.errors, (std::vector<std::string>{
                            "r.json: error: scenarios[1].deliveries[0].rebalances.longest_ms: "
                            "expected a whole number, 0 or more, got 2.5"}));
}

TEST(JsonReportReaderTest, InvalidJsonSaysWhereAndWhatWasExpected) {
  ParsedJsonReport p = ParseJsonReport("{\"kafka_scenario_report\": 1,\n  \"target\": }", "r.json");
  EXPECT_FALSE(p.report);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0],
            "r.json: error: invalid JSON (parse error at line 2, column 13: syntax error while "
            "parsing value - unexpected '}'; expected '[', '{', or a literal): expected a "
            "kafka-scenario JSON report (run --json, schemas/report.schema.json)");
}

// nlohmann::json throws out_of_range, not parse_error, for a number it cannot hold: `compare`
// ended in std::terminate (the history reader had the same defect; tests/fuzz found it there).
TEST(JsonReportReaderTest, ANumberBeyondADoubleIsInvalidJson) {
  ParsedJsonReport p = ParseJsonReport(R"({"kafka_scenario_report": 1e999})", "r.json");
  EXPECT_FALSE(p.report);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_TRUE(p.errors[0].starts_with("r.json: error: invalid JSON (number overflow parsing "))
      << p.errors[0];
}

TEST(JsonReportReaderTest, EmptyFileIsInvalidJson) {
  ParsedJsonReport p = ParseJsonReport("", "empty.json");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_TRUE(p.errors[0].starts_with("empty.json: error: invalid JSON (")) << p.errors[0];
}

TEST(JsonReportReaderTest, AnotherDocumentIsNotAReport) {
  ParsedJsonReport history = ParseJsonReport(R"({"kafka_scenario_history": 1})", "h.jsonl");
  ASSERT_EQ(history.errors.size(), 1u);
  EXPECT_EQ(history.errors[0],
            "h.jsonl: error: expected a kafka-scenario JSON report (run --json, "
            "schemas/report.schema.json): the object has no \"kafka_scenario_report\" field");
  ParsedJsonReport array = ParseJsonReport("[1, 2]", "a.json");
  ASSERT_EQ(array.errors.size(), 1u);
  EXPECT_EQ(array.errors[0],
            "a.json: error: expected a kafka-scenario JSON report (run --json, "
            "schemas/report.schema.json): the document, [1,2], has no \"kafka_scenario_report\" "
            "field");
}

TEST(JsonReportReaderTest, AnotherVersionIsRefusedBeforeAnyField) {
  ParsedJsonReport p =
      ParseJsonReport(R"({"kafka_scenario_report": 2, "scenarios": 7})", "v2.json");
  EXPECT_FALSE(p.report);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0],
            "v2.json: error: unsupported report format \"kafka_scenario_report\": 2 (this build "
            "reads 1)");
  ParsedJsonReport text = ParseJsonReport(R"({"kafka_scenario_report": "1"})", "s.json");
  ASSERT_EQ(text.errors.size(), 1u);
  EXPECT_EQ(text.errors[0],
            "s.json: error: unsupported report format \"kafka_scenario_report\": \"1\" (this "
            "build reads 1)");
}

TEST(JsonReportReaderTest, EveryMistypedOrMissingFieldIsNamedByItsPath) {
  ParsedJsonReport p = ParseJsonReport(SampleText([](nlohmann::ordered_json& j) {
                                         j.erase("target");
                                         auto& loss = j["scenarios"][1];
                                         loss["verdict"] = "maybe";
                                         loss["deliveries"][0]["lost"] = "one";
                                         loss["deliveries"][0]["consumed"] = -1;
                                         loss["checks"][1]["scope"]["group"] = 3;
                                         loss["checks"][1]["bounds"][0].erase("passed");
                                         j["scenarios"][2]["deliveries"] = "none";
                                         j["scenarios"][3]["seconds"] = "0.5";
                                       }),
                                       "r.json");
  EXPECT_FALSE(p.report);
  EXPECT_EQ(p.errors, (std::vector<std::string>{
                          "r.json: error: missing field \"target\" in the report (expected a "
                          "string)",
                          "r.json: error: scenarios[1].verdict: expected pass, fail, skip or "
                          "error, got \"maybe\"",
                          "r.json: error: scenarios[1].deliveries[0].consumed: expected a whole "
                          "number, 0 or more, got -1",
                          "r.json: error: scenarios[1].deliveries[0].lost: expected a whole "
                          "number, 0 or more, got \"one\"",
                          "r.json: error: scenarios[1].checks[1].scope.group: expected a string, "
                          "got 3",
                          "r.json: error: missing field \"passed\" in "
                          "scenarios[1].checks[1].bounds[0] (expected true or false)",
                          "r.json: error: scenarios[2].deliveries: expected an array, got \"none\"",
                          "r.json: error: scenarios[3].seconds: expected a number or null, got "
                          "\"0.5\"",
                      }));
}

TEST(JsonReportReaderTest, StopsAfterTenErrors) {
  ParsedJsonReport p = ParseJsonReport(SampleText([](nlohmann::ordered_json& j) {
                                         for (int i = 0; i < 12; ++i) j["scenarios"].push_back(i);
                                       }),
                                       "r.json");
  EXPECT_EQ(p.errors.size(), 10u);
  EXPECT_EQ(p.errors[0], "r.json: error: scenarios[4]: expected an object, got 0");
}

}  // namespace
}  // namespace ks
