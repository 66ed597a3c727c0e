#include "report/html_report.h"

#include <gtest/gtest.h>

#include <string>

#include "report/html_assets.h"
#include "report/json_report.h"
#include "report_fixtures.h"
#include "support/count.h"

namespace ks {
namespace {

using nlohmann::json;
using test_support::MakeSampleRun;
using test_support::SampleRun;

using test_support::Count;

// The page's data element, parsed.
json DataOf(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"ks-data\">";
  const size_t begin = page.find(open);
  EXPECT_NE(begin, std::string::npos);
  const size_t end = page.find("</script>", begin);
  return json::parse(page.substr(begin + open.size(), end - begin - open.size()));
}

TEST(HtmlReport, DataIsTheJsonReportPlusLessonAnomaliesAndTimeline) {
  SampleRun s = MakeSampleRun();
  s.loss.lesson = "A lesson.";
  // billing/0 reads past the acknowledged record (orders[2]@8): it is lost.
  Op poll = s.loss_result.history.ops[0];
  poll.kind = OpKind::kPoll;
  poll.actor = 2;
  poll.offset = 9;
  poll.seq = 18;
  poll.time_us = 1500;
  s.loss_result.history.ops.push_back(poll);
  const auto data = HtmlReportData(s.Entries(), s.run);
  EXPECT_EQ(data["kafka_scenario_html"], 1);
  const auto report = JsonReport(s.Entries(), s.run);
  ASSERT_EQ(data["scenarios"].size(), report["scenarios"].size());
  for (size_t i = 0; i < report["scenarios"].size(); ++i) {
    const auto& d = data["scenarios"][i];
    for (const auto& [key, value] : report["scenarios"][i].items()) {
      EXPECT_EQ(d[key], value) << key;
    }
    EXPECT_EQ(d["id"], "s" + std::to_string(i));
  }
  const auto& loss = data["scenarios"][1];
  EXPECT_EQ(loss["lesson"], "A lesson.");
  ASSERT_EQ(loss["anomalies"].size(), 1u);
  EXPECT_EQ(loss["anomalies"][0]["kind"], "lost");
  EXPECT_EQ(loss["anomalies"][0]["headline"], "1 records lost, 0 unseen, in billing");
  EXPECT_EQ(loss["anomalies"][0]["ops"][0]["f"], "send");
  EXPECT_EQ(loss["anomalies"][0]["ops"][0]["time_us"], 1200);
  // orders[0] and [1] have no op; orders[2] ends after the record at offset 8, at 1.2 ms.
  ASSERT_EQ(loss["timeline"]["partitions"].size(), 3u);
  EXPECT_EQ(loss["timeline"]["partitions"][2]["log_end"], json::parse("[[1.2, 9]]"));
  EXPECT_TRUE(data["scenarios"][2]["timeline"].is_null()) << "skipped: nothing recorded";
}

TEST(HtmlReport, ThePageEmbedsEverythingItNeeds) {
  const SampleRun s = MakeSampleRun();
  const std::string page = HtmlReport(s.Entries(), s.run);
  EXPECT_EQ(page.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(page.find(EchartsScript()), std::string::npos);
  EXPECT_NE(page.find(PageScript()), std::string::npos);
  EXPECT_NE(page.find(PageStyle()), std::string::npos);
  EXPECT_GT(EchartsScript().size(), 100000u) << "the library itself, not a stub";
  // Nothing is fetched when the page opens.
  EXPECT_EQ(Count(page, "<script src"), 0u);
  EXPECT_EQ(Count(page, "<link"), 0u);
  EXPECT_EQ(Count(page, "@import"), 0u);
  EXPECT_EQ(DataOf(page), json::parse(HtmlReportData(s.Entries(), s.run).dump()));
}

TEST(HtmlReport, NoScenarioTextCanEndItsScriptElement) {
  SampleRun s = MakeSampleRun();
  s.loss.lesson = "</script><script>alert(1)</script><!--";
  s.loss.title = "</SCRIPT>";
  const std::string page = HtmlReport(s.Entries(), s.run);
  // Only the page's own three script elements end, and no comment opens, but in the assets.
  auto in_assets = [](const std::string& what) {
    return Count(std::string(EchartsScript()), what) + Count(std::string(PageScript()), what) +
           Count(std::string(PageStyle()), what);
  };
  EXPECT_EQ(Count(page, "</script>"), 3 + in_assets("</script>"));
  EXPECT_EQ(Count(page, "<!--"), in_assets("<!--"));
  EXPECT_EQ(Count(page, "</SCRIPT>"), 0u);
  const json data = DataOf(page);
  EXPECT_EQ(data["scenarios"][1]["lesson"], "</script><script>alert(1)</script><!--");
  EXPECT_EQ(data["scenarios"][1]["title"], "</SCRIPT>");
}

}  // namespace
}  // namespace ks
