#include "report/json_report.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "diag/secrets.h"
#include "history/jsonl.h"
#include "history/op.h"
#include "report_fixtures.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using nlohmann::ordered_json;
using test_support::MakeSampleRun;
using test_support::SampleRun;

const valijson::Schema& ReportSchema() {
  static const valijson::Schema* schema = [] {
    std::ifstream in(std::string(KS_SOURCE_DIR) + "/schemas/report.schema.json");
    json doc = json::parse(in);
    auto* s = new valijson::Schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *schema;
}

// The schema's complaints, one per line; empty when `report` conforms.
std::string SchemaErrors(const ordered_json& report) {
  json plain = json::parse(report.dump());
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(plain);
  validator.validate(ReportSchema(), adapter, &results);
  std::string out;
  valijson::ValidationResults::Error e;
  while (results.popError(e)) {
    for (const auto& c : e.context) out += c;
    out += ": " + e.description + "\n";
  }
  return out;
}

const ordered_json& ScenarioNamed(const ordered_json& report, const std::string& name) {
  for (const auto& s : report["scenarios"]) {
    if (s["name"] == name) return s;
  }
  static const ordered_json none;
  ADD_FAILURE() << "no scenario " << name;
  return none;
}

TEST(JsonReportTest, HeaderAndSummary) {
  SampleRun s = MakeSampleRun();
  ordered_json r = JsonReport(s.Entries(), s.run);
  EXPECT_EQ(r["kafka_scenario_report"], 1);
  EXPECT_EQ(r["target"], "embedded");
  EXPECT_EQ(r["kafka_client"], "librdkafka 2.0.2");
  EXPECT_EQ(r["started"], "2024-05-01T12:34:56Z");
  EXPECT_EQ(r["summary"],
            ordered_json::parse(R"({"passed": 1, "failed": 1, "skipped": 1, "errors": 1})"));
  ASSERT_EQ(r["scenarios"].size(), 4u);
  std::vector<std::string> keys;
  for (const auto& [k, v] : r.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"kafka_scenario_report", "target", "kafka_client",
                                            "started", "summary", "scenarios"}));
}

TEST(JsonReportTest, VerdictsAndReasons) {
  SampleRun s = MakeSampleRun();
  ordered_json r = JsonReport(s.Entries(), s.run);
  const ordered_json& hello = ScenarioNamed(r, "hello");
  EXPECT_EQ(hello["verdict"], "pass");
  EXPECT_FALSE(hello.contains("reason"));
  EXPECT_EQ(hello["title"], "One producer, one group");
  EXPECT_EQ(hello["file"], "scenarios/001-hello.yaml");
  EXPECT_EQ(hello["seconds"], 1.5);
  EXPECT_EQ(hello["deliveries"], ordered_json::parse(R"([{"group": "billing", "acknowledged": 100,
      "consumed": 100, "lost": 0, "unseen": 0, "duplicates": 0, "aborted_visible": 0,
      "verdict": "exactly-once", "events": [],
      "rebalances": {"count": 0, "total_ms": 0, "longest_ms": 0, "unfinished": false}}])"));
  EXPECT_EQ(ScenarioNamed(r, "lost-on-crash")["verdict"], "fail");
  EXPECT_EQ(ScenarioNamed(r, "needs-restart")["verdict"], "skip");
  EXPECT_EQ(ScenarioNamed(r, "needs-restart")["reason"], test_support::kSkipReason);
  EXPECT_EQ(ScenarioNamed(r, "broken-cluster")["verdict"], "error");
  EXPECT_EQ(ScenarioNamed(r, "broken-cluster")["reason"], test_support::kErrorReason);
}

TEST(JsonReportTest, FailedCheckCarriesFiguresBoundsAndEvidence) {
  SampleRun s = MakeSampleRun();
  ordered_json r = JsonReport(s.Entries(), s.run);
  const ordered_json& loss = ScenarioNamed(r, "lost-on-crash");
  EXPECT_EQ(loss["problems"], ordered_json::array({test_support::kUnmetWait}));
  ASSERT_EQ(loss["checks"].size(), 2u);
  EXPECT_EQ(loss["checks"][0]["check"], "no_duplicates");
  EXPECT_EQ(loss["checks"][0]["passed"], true);
  EXPECT_EQ(loss["checks"][0]["evidence_ops"], ordered_json::array());

  const ordered_json& c = loss["checks"][1];
  EXPECT_EQ(c["check"], "no_loss");
  EXPECT_EQ(c["scope"], ordered_json::parse(R"({"group": "billing"})"));
  EXPECT_EQ(c["location"],
            ordered_json::parse(R"({"file": "scenarios/010-loss.yaml", "line": 31, "column": 5})"));
  EXPECT_EQ(c["passed"], false);
  EXPECT_EQ(c["summary"], "lost 1 (max 0: failed), unseen 0 (max 0)");
  // Whole figures are integers, so that consumers compare 1 with 1 rather than 1.0.
  EXPECT_EQ(c["figures"].dump(), R"({"lost":1,"unseen":0})");
  EXPECT_EQ(c["bounds"], ordered_json::parse(R"([
      {"figure": "lost", "max": 0, "value": 1, "passed": false},
      {"figure": "unseen", "max": 0, "value": 0, "passed": true}])"));
  EXPECT_EQ(c["evidence"], ordered_json::array({test_support::kLostEvidence}));
  ASSERT_EQ(c["evidence_ops"].size(), 1u);
  const ordered_json& op = c["evidence_ops"][0];
  EXPECT_EQ(op["type"], "ok");
  EXPECT_EQ(op["f"], "send");
  EXPECT_EQ(op["actor"], "order-service");
  EXPECT_EQ(op["topic"], "orders");
  EXPECT_EQ(op["partition"], 2);
  EXPECT_EQ(op["offset"], 8);
  EXPECT_EQ(op["key"], "user-3");
  EXPECT_EQ(op["record"], ordered_json::parse(R"({"producer": "order-service", "seq": 17})"));
}

TEST(JsonReportTest, BoundWithoutFigureNamesTheMainFigure) {
  SampleRun s = MakeSampleRun();
  CheckResult& c = s.loss_result.checks[1];
  c.bounds[0].bound.figure.clear();
  c.bounds[0].bound.min = 0.5;
  std::vector<ReportEntry> entries = {{&s.loss, &s.loss_result}};
  ordered_json r = JsonReport(entries, s.run);
  EXPECT_EQ(r["scenarios"][0]["checks"][1]["bounds"][0],
            ordered_json::parse(
                R"({"figure": "lost", "min": 0.5, "max": 0, "value": 1, "passed": false})"));
}

TEST(JsonReportTest, ConformsToTheSchema) {
  SampleRun s = MakeSampleRun();
  EXPECT_EQ(SchemaErrors(JsonReport(s.Entries(), s.run)), "");
  EXPECT_EQ(SchemaErrors(JsonReport({}, s.run)), "");
}

// additionalProperties false and the enums are what make the schema a contract, not a sketch.
TEST(JsonReportTest, SchemaRejectsWhatTheFormatDoesNotHave) {
  SampleRun s = MakeSampleRun();
  ordered_json r = JsonReport(s.Entries(), s.run);
  ordered_json extra = r;
  extra["scenarios"][1]["checks"][1]["colour"] = "red";
  EXPECT_NE(SchemaErrors(extra), "");
  ordered_json verdict = r;
  verdict["scenarios"][0]["verdict"] = "passed";
  EXPECT_NE(SchemaErrors(verdict), "");
  ordered_json missing = r;
  missing["summary"].erase("errors");
  EXPECT_NE(SchemaErrors(missing), "");
  ordered_json op = r;
  op["scenarios"][1]["checks"][1]["evidence_ops"][0]["f"] = "produce";
  EXPECT_NE(SchemaErrors(op), "");
}

// The report's op "f" is the history's: exactly the C++ kinds, so that the two cannot drift.
TEST(JsonReportTest, SchemaListsEveryOpKind) {
  std::ifstream in(std::string(KS_SOURCE_DIR) + "/schemas/report.schema.json");
  const json schema = json::parse(in);
  std::vector<std::string> kinds;
  for (OpKind k : kAllOpKinds) kinds.emplace_back(ToString(k));
  EXPECT_EQ(schema["definitions"]["op"]["properties"]["f"]["enum"].get<std::vector<std::string>>(),
            kinds);
}

// Evidence ops are written by OpToJson: an op of every kind, with the fields that kind carries
// (a fault's note, a txn's number, a seek to the beginning at offset -2), conforms.
TEST(JsonReportTest, AnOpOfEveryKindConformsToTheSchema) {
  History h;
  h.groups.push_back("g");
  h.topics.Intern("orders");
  h.producers.Intern("p");
  h.keys.Intern("k");
  h.notes.Intern("broker_down 1");
  h.actors.push_back({"p", ActorInfo::Role::kProducer, kNoId, -1});
  h.actors.push_back({"g/0", ActorInfo::Role::kMember, 0, 0});
  ordered_json ops = ordered_json::array();
  for (OpKind k : kAllOpKinds) {
    Op op;
    op.kind = k;
    op.type = OpType::kOk;
    op.time_us = 7;
    op.actor = k == OpKind::kSend || k == OpKind::kTxn ? 0 : 1;
    if (k != OpKind::kStart && k != OpKind::kStop && k != OpKind::kLeave && k != OpKind::kCrash &&
        k != OpKind::kFault && k != OpKind::kTxn) {
      op.topic = 0;
      op.partition = 0;
      op.offset = k == OpKind::kSeek ? -2 : 3;
      op.generation = 1;
    }
    if (k == OpKind::kSend || k == OpKind::kPoll || k == OpKind::kProcess) {
      op.producer = 0;
      op.seq = 3;
      op.key = 0;
    }
    if (k == OpKind::kTxn) op.seq = 1;
    ops.push_back(ordered_json(OpToJson(h, op)));
  }
  SampleRun s = MakeSampleRun();
  ordered_json r = JsonReport(s.Entries(), s.run);
  r["scenarios"][1]["checks"][1]["evidence_ops"] = ops;
  EXPECT_EQ(SchemaErrors(r), "") << ops.dump();
  // The check has teeth: an offset below librdkafka's logical ones is refused.
  r["scenarios"][1]["checks"][1]["evidence_ops"][0]["offset"] = -3;
  EXPECT_NE(SchemaErrors(r), "");
}

TEST(JsonReportTest, ClientErrorsAreListedPerScenarioAndConformToTheSchema) {
  SampleRun s = MakeSampleRun();
  s.loss_result.client_errors = {
      {"impostor", "_SSL", "ssl://127.0.0.1:19194/bootstrap",
       "SSL handshake failed: error:0A000086:SSL routines::certificate verify failed", 7, false},
      {"impostor", "_ALL_BROKERS_DOWN", "", "3/3 brokers are down", 1, false},
      {"tx", "PRODUCER_FENCED", "", "fenced", 1, true}};
  ordered_json r = JsonReport(s.Entries(), s.run);
  EXPECT_EQ(ScenarioNamed(r, "lost-on-crash")["client_errors"], ordered_json::parse(R"([
      {"actor": "impostor", "error": "_SSL", "broker": "ssl://127.0.0.1:19194/bootstrap",
       "reason": "SSL handshake failed: error:0A000086:SSL routines::certificate verify failed",
       "count": 7, "fatal": false},
      {"actor": "impostor", "error": "_ALL_BROKERS_DOWN", "reason": "3/3 brokers are down",
       "count": 1, "fatal": false},
      {"actor": "tx", "error": "PRODUCER_FENCED", "reason": "fenced", "count": 1,
       "fatal": true}])"));
  // Written for every scenario, empty when its clients reported nothing.
  EXPECT_EQ(ScenarioNamed(r, "hello")["client_errors"], ordered_json::array());
  EXPECT_EQ(SchemaErrors(r), "");
  // A report written before the field existed is still a version 1 report.
  ordered_json older = r;
  for (auto& scenario : older["scenarios"]) scenario.erase("client_errors");
  EXPECT_EQ(SchemaErrors(older), "");
  ordered_json zero = r;
  zero["scenarios"][1]["client_errors"][0]["count"] = 0;
  EXPECT_NE(SchemaErrors(zero), "");
}

TEST(JsonReportTest, RebalancesArePerGroupAndConformToTheSchema) {
  SampleRun s = MakeSampleRun();
  s.loss_result.deliveries[0].rebalances = {3, 4500, 2012, true};
  ordered_json r = JsonReport(s.Entries(), s.run);
  EXPECT_EQ(ScenarioNamed(r, "lost-on-crash")["deliveries"][0]["rebalances"],
            ordered_json::parse(
                R"({"count": 3, "total_ms": 4500, "longest_ms": 2012, "unfinished": true})"));
  EXPECT_EQ(SchemaErrors(r), "");
  // A report written before the field existed is still a version 1 report.
  ordered_json older = r;
  for (auto& scenario : older["scenarios"]) {
    for (auto& d : scenario["deliveries"]) d.erase("rebalances");
  }
  EXPECT_EQ(SchemaErrors(older), "");
  ordered_json negative = r;
  negative["scenarios"][1]["deliveries"][0]["rebalances"]["longest_ms"] = -1;
  EXPECT_NE(SchemaErrors(negative), "");
  ordered_json seconds = r;
  seconds["scenarios"][1]["deliveries"][0]["rebalances"]["longest_s"] = 2.0;
  EXPECT_NE(SchemaErrors(seconds), "");
  ordered_json partial = r;
  partial["scenarios"][1]["deliveries"][0]["rebalances"].erase("unfinished");
  EXPECT_NE(SchemaErrors(partial), "");
}

TEST(JsonReportTest, AWrittenReportRedactsSecretsInClientErrors) {
  SampleRun s = MakeSampleRun();
  RegisterSecret("client-error-secret-7f3a");
  s.loss_result.client_errors = {{"impostor", "_AUTHENTICATION", "",
                                  "login as alice with client-error-secret-7f3a refused", 1,
                                  false}};
  fs::path dir = fs::temp_directory_path() /
                 ("ks-json-report-redact-" +
                  std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  ASSERT_TRUE(WriteJsonReport(s.Entries(), s.run, (dir / "report.json").string()).ok());
  std::ifstream in(dir / "report.json");
  std::stringstream text;
  text << in.rdbuf();
  fs::remove_all(dir);
  EXPECT_EQ(text.str().find("client-error-secret-7f3a"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("login as alice with *** refused"), std::string::npos) << text.str();
}

TEST(JsonReportTest, InvalidUtf8BecomesReplacementCharacters) {
  SampleRun s = MakeSampleRun();
  s.loss_result.checks[1].evidence_text = {"key bad\xff\xfe end"};
  s.skipped_result.reason = "cut \xe2\x82";
  ordered_json r = JsonReport(s.Entries(), s.run);
  std::string dumped;
  ASSERT_NO_THROW(dumped = r.dump());
  EXPECT_EQ(ScenarioNamed(r, "lost-on-crash")["checks"][1]["evidence"][0],
            "key bad\xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(ScenarioNamed(r, "needs-restart")["reason"], "cut \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(SchemaErrors(r), "");
}

TEST(JsonReportTest, NonFiniteFiguresBecomeNull) {
  SampleRun s = MakeSampleRun();
  s.loss_result.checks[1].figures.push_back({"ratio", std::numeric_limits<double>::quiet_NaN()});
  s.loss_result.checks[1].figures.push_back({"share", 0.25});
  std::vector<ReportEntry> entries = {{&s.loss, &s.loss_result}};
  ordered_json r = JsonReport(entries, s.run);
  EXPECT_EQ(r["scenarios"][0]["checks"][1]["figures"].dump(),
            R"({"lost":1,"unseen":0,"ratio":null,"share":0.25})");
  EXPECT_EQ(SchemaErrors(r), "");
}

TEST(JsonReportTest, WriteProducesTheSameDocument) {
  SampleRun s = MakeSampleRun();
  fs::path dir =
      fs::temp_directory_path() /
      ("ks-json-report-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  fs::path target = dir / "report.json";
  Status st = WriteJsonReport(s.Entries(), s.run, target.string());
  ASSERT_TRUE(st.ok()) << st.message();
  std::ifstream in(target);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(ordered_json::parse(text.str()), JsonReport(s.Entries(), s.run));
  EXPECT_EQ(text.str().back(), '\n');
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ks
