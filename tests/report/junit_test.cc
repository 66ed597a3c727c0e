#include "report/junit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "report_fixtures.h"
#include "support/junit10_rules.h"
#include "support/read_file.h"

namespace ks {
namespace {

using test_support::ReadFile;

namespace fs = std::filesystem;
using test_support::MakeSampleRun;
using test_support::SampleRun;
using test_support::SchemaViolations;

pugi::xml_document Parse(const std::string& xml) {
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_string(xml.c_str());
  EXPECT_TRUE(r) << r.description() << " at " << r.offset << "\n" << xml;
  return doc;
}

pugi::xml_node Case(const pugi::xml_document& doc, const std::string& name) {
  return doc.select_node(("//testcase[@name='" + name + "']").c_str()).node();
}

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("ks-report-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }
  std::set<std::string> Names() const {
    std::set<std::string> names;
    for (const auto& e : fs::recursive_directory_iterator(path_)) {
      names.insert(fs::relative(e.path(), path_).string());
    }
    return names;
  }

 private:
  fs::path path_;
};

TEST(JUnitTest, RootCarriesTotals) {
  SampleRun s = MakeSampleRun();
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  pugi::xml_node root = doc.document_element();
  EXPECT_STREQ(root.name(), "testsuites");
  EXPECT_STREQ(root.attribute("name").value(), "kafka-scenario");
  EXPECT_EQ(root.attribute("tests").as_int(), 4);
  EXPECT_EQ(root.attribute("failures").as_int(), 1);
  EXPECT_EQ(root.attribute("errors").as_int(), 1);
  // junit-10.xsd has no `skipped` on <testsuites>: the one skipped scenario is counted in its
  // suite only.
  EXPECT_FALSE(root.attribute("skipped"));
  EXPECT_EQ(doc.select_node("//testsuite[@skipped='1']").node().attribute("name").as_string(),
            std::string("scenarios/020-more.yaml"));
  EXPECT_STREQ(root.attribute("time").value(), "4.250");
}

TEST(JUnitTest, OneSuitePerFileInOrderOfAppearance) {
  SampleRun s = MakeSampleRun();
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  std::vector<std::string> names;
  for (pugi::xml_node suite : doc.document_element().children("testsuite")) {
    names.push_back(suite.attribute("name").value());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"scenarios/001-hello.yaml", "scenarios/010-loss.yaml",
                                             "scenarios/020-more.yaml"}));

  pugi::xml_node more = doc.document_element().find_child_by_attribute("testsuite", "name",
                                                                       "scenarios/020-more.yaml");
  EXPECT_EQ(more.attribute("tests").as_int(), 2);
  EXPECT_EQ(more.attribute("failures").as_int(), 0);
  EXPECT_EQ(more.attribute("errors").as_int(), 1);
  EXPECT_EQ(more.attribute("skipped").as_int(), 1);
  EXPECT_STREQ(more.attribute("time").value(), "0.500");
  EXPECT_STREQ(more.attribute("timestamp").value(), "2024-05-01T12:35:01");
  EXPECT_TRUE(more.attribute("hostname").empty());
  EXPECT_EQ(std::distance(more.children("testcase").begin(), more.children("testcase").end()), 2);
  EXPECT_STREQ(more.child("properties")
                   .find_child_by_attribute("property", "name", "kafka_client")
                   .attribute("value")
                   .value(),
               "librdkafka 2.0.2");
}

TEST(JUnitTest, SuitesOfOneFileAreGroupedEvenWhenNotAdjacent) {
  SampleRun s = MakeSampleRun();
  std::vector<ReportEntry> entries = {
      {&s.skipped, &s.skipped_result}, {&s.hello, &s.hello_result}, {&s.error, &s.error_result}};
  pugi::xml_document doc = Parse(JUnitXml(entries, s.run));
  pugi::xml_node first = doc.document_element().child("testsuite");
  EXPECT_STREQ(first.attribute("name").value(), "scenarios/020-more.yaml");
  EXPECT_EQ(first.attribute("tests").as_int(), 2);
  EXPECT_EQ(doc.select_nodes("//testsuite").size(), 2u);
}

TEST(JUnitTest, TestCaseNamesAndClassNames) {
  SampleRun s = MakeSampleRun();
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  EXPECT_STREQ(Case(doc, "hello").attribute("classname").value(), "kafka-scenario.basics");
  EXPECT_STREQ(Case(doc, "hello").attribute("time").value(), "1.500");
  // No tags: the file stem.
  EXPECT_STREQ(Case(doc, "lost-on-crash").attribute("classname").value(),
               "kafka-scenario.010-loss");
  EXPECT_STREQ(Case(doc, "needs-restart").attribute("classname").value(),
               "kafka-scenario.partitions-ordering");
}

TEST(JUnitTest, ClassNameKeepsOnePackageLevel) {
  SampleRun s = MakeSampleRun();
  s.hello.tags = {"v1.2"};
  std::vector<ReportEntry> entries = {{&s.hello, &s.hello_result}};
  pugi::xml_document doc = Parse(JUnitXml(entries, s.run));
  EXPECT_STREQ(Case(doc, "hello").attribute("classname").value(), "kafka-scenario.v1_2");
}

TEST(JUnitTest, PassedScenarioListsChecksAndDeliveryInSystemOut) {
  SampleRun s = MakeSampleRun();
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  pugi::xml_node tc = Case(doc, "hello");
  EXPECT_FALSE(tc.child("failure"));
  EXPECT_FALSE(tc.child("error"));
  EXPECT_FALSE(tc.child("skipped"));
  std::string out = tc.child("system-out").text().get();
  EXPECT_NE(out.find("ok no_loss {group: billing} at scenarios/001-hello.yaml:20:5: lost 0 (max "
                     "0), unseen 0 (max 0)\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("delivery billing: exactly-once"), std::string::npos) << out;
}

TEST(JUnitTest, ClientErrorsAreInSystemOutAndChangeNoVerdict) {
  SampleRun s = MakeSampleRun();
  s.hello_result.client_errors = {{"impostor", "_AUTHENTICATION", "127.0.0.1:19193/bootstrap",
                                   "SASL authentication error: Authentication failed", 12, false},
                                  {"impostor", "_TRANSPORT", "", "Connection refused", 2, false}};
  Op fault;  // in JUnit even a run with faults lists every client error: it is the log view
  fault.kind = OpKind::kFault;
  s.hello_result.history.ops.push_back(fault);
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  pugi::xml_node tc = Case(doc, "hello");
  EXPECT_FALSE(tc.child("failure"));
  EXPECT_FALSE(tc.child("error"));
  std::string out = tc.child("system-out").text().get();
  EXPECT_NE(out.find("impostor: client error _AUTHENTICATION (x12): 127.0.0.1:19193/bootstrap: "
                     "SASL authentication error: Authentication failed\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("impostor: client error _TRANSPORT (x2): Connection refused\n"),
            std::string::npos)
      << out;
}

TEST(JUnitTest, FailureNamesTheCheckItsPlaceAndItsEvidence) {
  SampleRun s = MakeSampleRun();
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  pugi::xml_node tc = Case(doc, "lost-on-crash");
  pugi::xml_node failure = tc.child("failure");
  ASSERT_TRUE(failure);
  EXPECT_STREQ(failure.attribute("type").value(), "check");
  EXPECT_STREQ(failure.attribute("message").value(),
               "no_loss {group: billing}: lost 1 (max 0: failed), unseen 0 (max 0)");
  std::string text = failure.text().get();
  EXPECT_EQ(text,
            std::string("no_loss {group: billing} at scenarios/010-loss.yaml:31:5: lost 1 (max 0: "
                        "failed), unseen 0 (max 0)\n    ") +
                test_support::kLostEvidence + "\n" + test_support::kUnmetWait + "\n");
  // The passed check is not a reason for the failure, but is still reported.
  EXPECT_EQ(text.find("no_duplicates"), std::string::npos);
  EXPECT_NE(std::string(tc.child("system-out").text().get()).find("ok no_duplicates"),
            std::string::npos);
}

TEST(JUnitTest, FailureFromAnUnmetWaitAlone) {
  SampleRun s = MakeSampleRun();
  s.loss_result.checks.erase(s.loss_result.checks.begin() + 1);
  std::vector<ReportEntry> entries = {{&s.loss, &s.loss_result}};
  pugi::xml_document doc = Parse(JUnitXml(entries, s.run));
  pugi::xml_node failure = Case(doc, "lost-on-crash").child("failure");
  EXPECT_STREQ(failure.attribute("message").value(), test_support::kUnmetWait);
  EXPECT_EQ(std::string(failure.text().get()), std::string(test_support::kUnmetWait) + "\n");
}

TEST(JUnitTest, SkippedAndErrorCarryTheirReason) {
  SampleRun s = MakeSampleRun();
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  pugi::xml_node skipped = Case(doc, "needs-restart").child("skipped");
  ASSERT_TRUE(skipped);
  EXPECT_STREQ(skipped.attribute("message").value(), test_support::kSkipReason);
  EXPECT_FALSE(Case(doc, "needs-restart").child("failure"));

  pugi::xml_node error = Case(doc, "broken-cluster").child("error");
  ASSERT_TRUE(error);
  EXPECT_STREQ(error.attribute("message").value(), test_support::kErrorReason);
  EXPECT_EQ(std::string(error.text().get()), std::string(test_support::kErrorReason) + "\n");
}

TEST(JUnitTest, IsValidAgainstJunit10) {
  SampleRun s = MakeSampleRun();
  std::string xml = JUnitXml(s.Entries(), s.run);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0u) << xml;
  pugi::xml_document doc = Parse(xml);
  EXPECT_EQ(SchemaViolations(doc), std::vector<std::string>{}) << xml;
  // Every kind of element the report writes was walked.
  for (const char* name : {"testsuite", "properties", "property", "testcase", "failure", "error",
                           "skipped", "system-out"}) {
    EXPECT_TRUE(doc.select_node((std::string("//") + name).c_str())) << name;
  }

  // Also without start times, and with no scenario at all.
  for (ScenarioResult* r : {&s.hello_result, &s.loss_result, &s.skipped_result, &s.error_result}) {
    r->started = {};
  }
  s.run.started.clear();
  EXPECT_EQ(SchemaViolations(Parse(JUnitXml(s.Entries(), s.run))), std::vector<std::string>{});
  EXPECT_EQ(SchemaViolations(Parse(JUnitXml({}, s.run))), std::vector<std::string>{});
}

// The rules above can fail: what this report used to write, and other slips.
TEST(JUnitTest, TheSchemaRulesCatchWhatJunit10Rejects) {
  auto violations = [](const char* xml) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(xml));
    return SchemaViolations(doc);
  };
  EXPECT_EQ(violations(R"(<testsuites tests="0" skipped="0"/>)"),
            std::vector<std::string>{"<testsuites> may not carry skipped"});
  EXPECT_EQ(violations(R"(<testsuites><testsuite name="a" tests="0" failures="0"/></testsuites>)"),
            std::vector<std::string>{"<testsuite> lacks errors"});
  EXPECT_EQ(violations(R"(<testsuites><testsuite name="a" tests="0" failures="0" errors="0")"
                       R"( timestamp="2024-05-01T12:34:56Z"/></testsuites>)"),
            std::vector<std::string>{
                "<testsuite timestamp=\"2024-05-01T12:34:56Z\"> is not a zoneless dateTime"});
  EXPECT_EQ(violations(R"(<testsuites><testsuite name="a" tests="1" failures="0" errors="0">)"
                       R"(<testcase name="t"/><properties/></testsuite></testsuites>)"),
            std::vector<std::string>{"<properties> comes too late in <testsuite>"});
  EXPECT_EQ(violations(R"(<testsuites><testsuite name="a" tests="1" failures="0" errors="0">)"
                       R"(<testcase name="t" time="1,5"/></testsuite></testsuites>)"),
            std::vector<std::string>{"<testcase time=\"1,5\"> is not decimal seconds"});
  EXPECT_EQ(violations(R"(<testsuites tests="2"><testsuite name="a" tests="1" failures="0")"
                       R"( errors="0"><testcase name="t"><skipped/></testcase></testsuite>)"
                       R"(</testsuites>)"),
            (std::vector<std::string>{"testsuites: tests is not 1"}));
}

// A suite is dated by its own first scenario, not by the start of the whole run.
TEST(JUnitTest, EachSuiteCarriesTheStartOfItsFirstScenario) {
  SampleRun s = MakeSampleRun();
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  std::vector<std::string> stamps;
  for (pugi::xml_node suite : doc.document_element().children("testsuite")) {
    stamps.push_back(suite.attribute("timestamp").value());
  }
  // 020-more: broken-cluster started before needs-restart, which comes first in the file.
  EXPECT_EQ(stamps, (std::vector<std::string>{"2024-05-01T12:34:56", "2024-05-01T12:34:58",
                                              "2024-05-01T12:35:01"}));
}

TEST(JUnitTest, ASuiteThatNeverStartedTakesTheRunsStartOrNone) {
  SampleRun s = MakeSampleRun();
  s.run.started = "2024-05-01T12:30:00Z";
  s.skipped_result.started = {};  // not run: the run was interrupted
  s.error_result.started = {};
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  pugi::xml_node more = doc.document_element().find_child_by_attribute("testsuite", "name",
                                                                       "scenarios/020-more.yaml");
  EXPECT_STREQ(more.attribute("timestamp").value(), "2024-05-01T12:30:00");

  s.run.started.clear();
  doc = Parse(JUnitXml(s.Entries(), s.run));
  more = doc.document_element().find_child_by_attribute("testsuite", "name",
                                                        "scenarios/020-more.yaml");
  EXPECT_FALSE(more.attribute("timestamp"));
  EXPECT_STREQ(doc.document_element().child("testsuite").attribute("timestamp").value(),
               "2024-05-01T12:34:56");
}

TEST(JUnitTest, EscapesMarkupAndReplacesBytesXmlCannotCarry) {
  SampleRun s = MakeSampleRun();
  s.loss_result.checks[1].evidence_text = {"key <a&b> \"q\" ]]> ctl\x01 bad\xff end"};
  s.skipped_result.reason = "needs \"docker\" & <more>\nsecond line";
  pugi::xml_document doc = Parse(JUnitXml(s.Entries(), s.run));
  std::string text = Case(doc, "lost-on-crash").child("failure").text().get();
  EXPECT_NE(text.find("key <a&b> \"q\" ]]> ctl\xEF\xBF\xBD bad\xEF\xBF\xBD end"), std::string::npos)
      << text;
  EXPECT_STREQ(Case(doc, "needs-restart").child("skipped").attribute("message").value(),
               "needs \"docker\" & <more> second line");
}

TEST(JUnitTest, EmptyRunIsAValidReport) {
  SampleRun s = MakeSampleRun();
  pugi::xml_document doc = Parse(JUnitXml({}, s.run));
  EXPECT_EQ(doc.document_element().attribute("tests").as_int(), 0);
  EXPECT_FALSE(doc.document_element().child("testsuite"));
}

TEST(JUnitTest, WriteReplacesTheFileAndLeavesOthersAlone) {
  TempDir dir;
  SampleRun s = MakeSampleRun();
  fs::path target = dir.path() / "junit.xml";
  std::ofstream(target) << "old";
  std::ofstream(dir.path() / "other.txt") << "keep";
  Status st = WriteJUnit(s.Entries(), s.run, target.string());
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(ReadFile(target), JUnitXml(s.Entries(), s.run));
  EXPECT_EQ(ReadFile(dir.path() / "other.txt"), "keep");
  EXPECT_EQ(dir.Names(), (std::set<std::string>{"junit.xml", "other.txt"}));
}

TEST(JUnitTest, WriteCreatesMissingFolders) {
  TempDir dir;
  SampleRun s = MakeSampleRun();
  fs::path target = dir.path() / "reports" / "ci" / "junit.xml";
  Status st = WriteJUnit(s.Entries(), s.run, target.string());
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_TRUE(Parse(ReadFile(target)).document_element());
}

TEST(JUnitTest, WriteFailureNamesThePathAndLeavesNoTemporaryFile) {
  TempDir dir;
  SampleRun s = MakeSampleRun();
  fs::create_directories(dir.path() / "junit.xml" / "inside");
  Status st = WriteJUnit(s.Entries(), s.run, (dir.path() / "junit.xml").string());
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("junit.xml"), std::string::npos) << st.message();
  EXPECT_EQ(dir.Names(), (std::set<std::string>{"junit.xml", "junit.xml/inside"}));
}

}  // namespace
}  // namespace ks
