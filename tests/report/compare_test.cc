#include "report/compare.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace ks {
namespace {

SavedScenario Scenario(std::string file, std::string name, std::string verdict, double seconds) {
  SavedScenario s;
  s.file = std::move(file);
  s.name = std::move(name);
  s.verdict = std::move(verdict);
  s.seconds = seconds;
  return s;
}

SavedCheck NoLoss(const std::string& group, double lost) {
  return {
      "no_loss", {{"group", group}}, lost == 0, {{"lost", lost, lost == 0}, {"unseen", 0, true}}};
}

// hello passes on both; crash loses a record on the real cluster only; restart is skipped on the
// embedded cluster; embedded-only and kafka-only are in one report each.
SavedReport Embedded() {
  SavedReport r{"out/embedded.json", "embedded", "librdkafka 2.0.2", "2024-05-01T12:00:00Z", {}};
  SavedScenario hello = Scenario("scenarios/001-hello.yaml", "hello", "pass", 1.53);
  hello.deliveries = {{"billing", 100, 100, 0, 0}};
  hello.checks = {NoLoss("billing", 0)};
  SavedScenario crash = Scenario("scenarios/011-crash.yaml", "crash", "pass", 4.0);
  crash.deliveries = {{"billing", 100, 100, 0, 12}, {"audit", 100, 100, 0, 0}};
  crash.checks = {NoLoss("billing", 0)};
  SavedScenario restart = Scenario("scenarios/015-restart.yaml", "restart", "skip", 0);
  restart.reason = "the embedded cluster cannot restart a broker | requires broker_restart";
  r.scenarios = {hello, crash, restart, Scenario("x/only.yaml", "embedded-only", "pass", 1)};
  return r;
}

SavedReport Kafka() {
  SavedReport r{"out/kafka.json", "local-kafka", "librdkafka 2.0.2", "2024-05-02T08:00:00Z", {}};
  SavedScenario hello = Scenario("scenarios/001-hello.yaml", "hello", "pass", 2.0);
  hello.deliveries = {{"billing", 100, 100, 0, 0}};
  hello.checks = {NoLoss("billing", 0)};
  SavedScenario crash = Scenario("scenarios/011-crash.yaml", "crash", "fail", 9.31);
  crash.deliveries = {{"billing", 100, 99, 1, 12}};
  crash.checks = {NoLoss("billing", 1)};
  SavedScenario restart = Scenario("scenarios/015-restart.yaml", "restart", "pass", 30);
  restart.deliveries = {{"billing", 50, 50, 0, 0}};
  // In another order than the embedded report: rows follow the left report.
  r.scenarios = {Scenario("y/kafka-only.yaml", "kafka-only", "fail", 3), restart, crash, hello};
  return r;
}

const ComparisonRow& RowOf(const ReportComparison& c, const std::string& lesson) {
  for (const auto& row : c.rows) {
    if (row.lesson == lesson) return row;
  }
  static const ComparisonRow none;
  ADD_FAILURE() << "no row " << lesson;
  return none;
}

TEST(CompareReportsTest, MatchesScenariosByNameInTheLeftReportsOrder) {
  ReportComparison c = CompareReports(Embedded(), Kafka());
  std::vector<std::string> lessons;
  for (const auto& row : c.rows) lessons.push_back(row.lesson);
  EXPECT_EQ(lessons, (std::vector<std::string>{"001 hello", "011 crash", "015 restart",
                                               "embedded-only", "kafka-only"}));
  const ComparisonRow& hello = RowOf(c, "001 hello");
  EXPECT_EQ(hello.presence, Presence::kBoth);
  EXPECT_EQ(hello.left_verdict, "pass");
  EXPECT_EQ(hello.right_verdict, "pass");
  EXPECT_EQ(hello.left_seconds, "1.5");
  EXPECT_EQ(hello.right_seconds, "2.0");
  EXPECT_FALSE(hello.verdicts_differ);
  EXPECT_FALSE(hello.figures_differ);
  EXPECT_EQ(RowDifferences(c, hello), "");
  ASSERT_EQ(hello.groups.size(), 1u);
  EXPECT_EQ(hello.groups[0].label, "billing");
  EXPECT_EQ(hello.groups[0].left, "100/100/0/0");
  EXPECT_EQ(hello.groups[0].right, "100/100/0/0");
  ASSERT_EQ(hello.checks.size(), 1u);
  EXPECT_EQ(hello.checks[0].label, "no_loss {group: billing}");
  EXPECT_EQ(hello.checks[0].left, "lost 0, unseen 0");
}

TEST(CompareReportsTest, NamesEachSideByItsTarget) {
  ReportComparison c = CompareReports(Embedded(), Kafka());
  EXPECT_EQ(c.left.label, "embedded");
  EXPECT_EQ(c.right.label, "local-kafka");
  EXPECT_EQ(c.left.source, "out/embedded.json");
  EXPECT_EQ(c.right.started, "2024-05-02T08:00:00Z");
  ReportComparison same = CompareReports(Embedded(), Embedded());
  EXPECT_EQ(same.left.label, "embedded (left)");
  EXPECT_EQ(same.right.label, "embedded (right)");
}

TEST(CompareReportsTest, AScenarioInOneReportOnlyGetsARowThatSaysSo) {
  ReportComparison c = CompareReports(Embedded(), Kafka());
  const ComparisonRow& left = RowOf(c, "embedded-only");
  EXPECT_EQ(left.presence, Presence::kLeftOnly);
  EXPECT_EQ(left.right_verdict, "");
  EXPECT_EQ(RowDifferences(c, left), "only in embedded");
  const ComparisonRow& right = RowOf(c, "kafka-only");
  EXPECT_EQ(right.presence, Presence::kRightOnly);
  EXPECT_EQ(right.left_verdict, "");
  EXPECT_EQ(right.right_verdict, "fail");
  EXPECT_EQ(RowDifferences(c, right), "only in local-kafka");
}

TEST(CompareReportsTest, FlagsDifferentVerdictsAndFigures) {
  ReportComparison c = CompareReports(Embedded(), Kafka());
  const ComparisonRow& crash = RowOf(c, "011 crash");
  EXPECT_TRUE(crash.verdicts_differ);
  EXPECT_TRUE(crash.figures_differ);
  EXPECT_EQ(RowDifferences(c, crash), "verdict, figures");
  ASSERT_EQ(crash.groups.size(), 2u);
  EXPECT_EQ(crash.groups[0].left, "100/100/0/12");
  EXPECT_EQ(crash.groups[0].right, "100/99/1/12");
  EXPECT_TRUE(crash.groups[0].differs);
  // A group only one side saw differs too.
  EXPECT_EQ(crash.groups[1].label, "audit");
  EXPECT_EQ(crash.groups[1].right, std::nullopt);
  EXPECT_TRUE(crash.groups[1].differs);
  ASSERT_EQ(crash.checks.size(), 1u);
  EXPECT_EQ(crash.checks[0].right, "lost 1, unseen 0 (failed)");
  EXPECT_TRUE(crash.checks[0].differs);
}

TEST(CompareReportsTest, ASkipShowsItsReasonAndNoWallTime) {
  ReportComparison c = CompareReports(Embedded(), Kafka());
  const ComparisonRow& restart = RowOf(c, "015 restart");
  EXPECT_EQ(restart.left_verdict,
            "skip: the embedded cluster cannot restart a broker | requires broker_restart");
  EXPECT_EQ(restart.left_seconds, "");
  EXPECT_EQ(restart.right_seconds, "30.0");
  EXPECT_TRUE(restart.verdicts_differ);
  EXPECT_EQ(RowDifferences(c, restart), "verdict, figures");
}

TEST(CompareReportsTest, WallTimeAloneIsNoDifference) {
  SavedReport slow = Embedded();
  slow.scenarios[0].seconds = 60;
  const ReportComparison c = CompareReports(Embedded(), slow);
  const ComparisonRow& hello = c.rows[0];
  EXPECT_NE(hello.left_seconds, hello.right_seconds);
  EXPECT_FALSE(hello.figures_differ);
}

TEST(CompareReportsTest, RebalanceTimeIsShownPerGroupButIsNoDifference) {
  SavedReport embedded = Embedded(), kafka = Kafka();
  embedded.scenarios[0].deliveries[0].rebalances = SavedRebalances{3, 6100, 2049, false};
  kafka.scenarios[3].deliveries[0].rebalances = SavedRebalances{3, 96, 45, false};
  const ReportComparison c = CompareReports(embedded, kafka);
  const ComparisonRow& hello = RowOf(c, "001 hello");
  ASSERT_EQ(hello.groups.size(), 2u);
  EXPECT_EQ(hello.groups[1].label, "billing rebalances");
  EXPECT_EQ(hello.groups[1].left, "3, longest 2049 ms");
  EXPECT_EQ(hello.groups[1].right, "3, longest 45 ms");
  EXPECT_TRUE(hello.groups[1].timing);
  EXPECT_FALSE(hello.groups[1].differs);
  EXPECT_FALSE(hello.figures_differ);
  EXPECT_EQ(RowDifferences(c, hello), "");
  // The delivery figures still count: the timing line does not hide them.
  kafka.scenarios[3].deliveries[0].lost = 1;
  EXPECT_TRUE(RowOf(CompareReports(embedded, kafka), "001 hello").figures_differ);

  // A report written before the field (no rebalances) shows "-"; none after the first assignment
  // shows 0; an unfinished one says so.
  kafka.scenarios[3].deliveries[0].rebalances.reset();
  embedded.scenarios[1].deliveries[0].rebalances = SavedRebalances{0, 0, 0, false};
  kafka.scenarios[2].deliveries[0].rebalances = SavedRebalances{1, 3000, 3000, true};
  const ReportComparison later = CompareReports(embedded, kafka);
  EXPECT_EQ(RowOf(later, "001 hello").groups[1].right, std::nullopt);
  EXPECT_FALSE(RowOf(later, "001 hello").groups[1].differs);
  const ComparisonRow& crash = RowOf(later, "011 crash");
  ASSERT_EQ(crash.groups.size(), 3u);  // billing, billing rebalances, audit
  EXPECT_EQ(crash.groups[1].left, "0");
  EXPECT_EQ(crash.groups[1].right, "1 (last unfinished), longest 3000 ms");
  EXPECT_EQ(crash.groups[2].label, "audit");

  const std::string md = FormatComparisonMarkdown(CompareReports(embedded, Kafka()));
  EXPECT_NE(md.find("| 001 hello | pass | pass | 1.5 | 2.0 | billing: 100/100/0/0<br>billing "
                    "rebalances: 3, longest 2049 ms | billing: 100/100/0/0 |"),
            std::string::npos)
      << md;
  const std::string text = FormatComparisonText(CompareReports(embedded, kafka));
  EXPECT_NE(text.find("\n001 hello  DIFFERS: figures\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  group billing rebalances  3, longest 2049 ms"), std::string::npos) << text;
}

TEST(CompareReportsTest, AnEntryWrittenTwiceIsMatchedInOrder) {
  SavedReport left = Embedded(), right = Embedded();
  left.scenarios[0].checks = {NoLoss("billing", 0), NoLoss("billing", 2)};
  right.scenarios[0].checks = {NoLoss("billing", 0), NoLoss("billing", 3)};
  const ReportComparison c = CompareReports(left, right);
  const ComparisonRow& hello = c.rows[0];
  ASSERT_EQ(hello.checks.size(), 2u);
  EXPECT_FALSE(hello.checks[0].differs);
  EXPECT_EQ(hello.checks[1].left, "lost 2, unseen 0 (failed)");
  EXPECT_EQ(hello.checks[1].right, "lost 3, unseen 0 (failed)");
}

// The number of cell separators on a table line: bars not escaped with a backslash.
size_t Bars(const std::string& line) {
  size_t n = 0;
  for (size_t i = 0; i < line.size(); ++i) n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
  return n;
}

TEST(CompareMarkdownTest, IsAGitHubTableWithAHeaderParagraph) {
  const std::string md = FormatComparisonMarkdown(CompareReports(Embedded(), Kafka()));
  std::istringstream in(md);
  std::string first, line;
  std::getline(in, first);
  EXPECT_NE(first.find("**embedded** is out/embedded.json (started 2024-05-01T12:00:00Z, "
                       "librdkafka 2.0.2)"),
            std::string::npos)
      << first;
  EXPECT_NE(first.find("**local-kafka** is out/kafka.json (started 2024-05-02T08:00:00Z, "
                       "librdkafka 2.0.2)"),
            std::string::npos)
      << first;
  std::vector<std::string> table;
  while (std::getline(in, line)) {
    if (line.starts_with("|")) table.push_back(line);
  }
  ASSERT_EQ(table.size(), 2u + 5u) << md;
  EXPECT_EQ(table[0],
            "| lesson | embedded verdict | local-kafka verdict | embedded s | local-kafka s | "
            "embedded groups | local-kafka groups | embedded checks | local-kafka checks | "
            "differs |");
  EXPECT_EQ(table[1], "| --- | --- | --- | ---: | ---: | --- | --- | --- | --- | --- |");
  for (const auto& l : table) EXPECT_EQ(Bars(l), 11u) << l;
  EXPECT_EQ(table[2],
            "| 001 hello | pass | pass | 1.5 | 2.0 | billing: 100/100/0/0 | billing: 100/100/0/0 "
            "| no_loss {group: billing}: lost 0, unseen 0 | no_loss {group: billing}: lost 0, "
            "unseen 0 |  |");
  EXPECT_TRUE(
      md.ends_with("\n\n3 scenarios in both reports: 2 with different verdicts, 2 with "
                   "different figures; 1 only in embedded; 1 only in local-kafka.\n"))
      << md;
}

TEST(CompareMarkdownTest, BoldsWhatDiffersAndEscapesCellText) {
  const std::string md = FormatComparisonMarkdown(CompareReports(Embedded(), Kafka()));
  EXPECT_NE(md.find("| 011 crash | **pass** | **fail** | 4.0 | 9.3 | **billing: 100/100/0/12**<br>"
                    "**audit: 100/100/0/0** | **billing: 100/99/1/12** |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| **skip: the embedded cluster cannot restart a broker \\| requires "
                    "broker_restart** |"),
            std::string::npos)
      << md;
  EXPECT_NE(
      md.find("| 015 restart | **skip: the embedded cluster cannot restart a broker \\| "
              "requires broker_restart** | **pass** | - | 30.0 | - | **billing: 50/50/0/0** |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| kafka-only | - | fail | - | 3.0 | - | - | - | - | only in local-kafka |"),
            std::string::npos)
      << md;
}

TEST(CompareMarkdownTest, EscapesMarkupButNotUnderscoresInsideWords) {
  SavedReport left = Embedded();
  left.scenarios[2].reason = "_no_ <b>broker</b> *x* `y` a\\b [z]\nnext_line";
  const std::string md = FormatComparisonMarkdown(CompareReports(left, Kafka()));
  EXPECT_NE(md.find("**skip: \\_no\\_ &lt;b&gt;broker&lt;/b&gt; \\*x\\* \\`y\\` a\\\\b "
                    "\\[z\\] next_line**"),
            std::string::npos)
      << md;
}

// The three runs CI makes on one real cluster: most lessons with local-kafka, the SASL lesson
// with local-kafka-sasl, the TLS lesson with local-kafka-ssl; each skips what it cannot run.
std::vector<SavedReport> ThreeRuns() {
  SavedReport plain{
      "out/kafka.json", "local-kafka", "librdkafka 2.0.2", "2024-05-02T08:00:00Z", {}};
  SavedScenario hello = Scenario("scenarios/001-hello.yaml", "hello", "pass", 2.0);
  hello.deliveries = {{"billing", 100, 100, 0, 0}};
  SavedScenario sasl_skipped = Scenario("scenarios/030-secure.yaml", "secure", "skip", 0);
  sasl_skipped.reason = "requires sasl";
  SavedScenario tls_skipped = Scenario("scenarios/033-tls.yaml", "tls", "skip", 0);
  tls_skipped.reason = "requires ssl";
  plain.scenarios = {hello, sasl_skipped, tls_skipped};
  SavedReport sasl{"out/kafka-sasl.json",
                   "local-kafka-sasl",
                   "librdkafka 2.0.2",
                   "2024-05-02T08:10:00Z",
                   {Scenario("scenarios/030-secure.yaml", "secure", "fail", 12.0)}};
  SavedReport tls{"out/kafka-ssl.json",
                  "local-kafka-ssl",
                  "librdkafka 2.0.2",
                  "2024-05-02T08:20:00Z",
                  {Scenario("scenarios/033-tls.yaml", "tls", "pass", 11.0)}};
  // The TLS run also has a lesson only it knows, skipped: it still gets its row.
  SavedScenario extra = Scenario("scenarios/099-extra.yaml", "extra", "skip", 0);
  extra.reason = "requires broker_restart";
  tls.scenarios.push_back(extra);
  return {plain, sasl, tls};
}

TEST(MergeReportsTest, ARunScenarioWinsOverASkipAndTheTargetsNameTheSide) {
  MergedReports m = MergeReports(ThreeRuns());
  ASSERT_TRUE(m.errors.empty()) << m.errors.front();
  ASSERT_TRUE(m.report);
  EXPECT_EQ(m.report->target, "local-kafka, local-kafka-sasl, local-kafka-ssl");
  EXPECT_EQ(m.report->source, "out/kafka.json, out/kafka-sasl.json, out/kafka-ssl.json");
  EXPECT_EQ(m.report->kafka_client, "librdkafka 2.0.2");  // distinct values once
  EXPECT_EQ(m.report->started, "2024-05-02T08:00:00Z, 2024-05-02T08:10:00Z, 2024-05-02T08:20:00Z");
  std::vector<std::string> got;
  for (const SavedScenario& s : m.report->scenarios) got.push_back(s.name + " " + s.verdict);
  EXPECT_EQ(got, (std::vector<std::string>{"hello pass", "secure fail", "tls pass", "extra skip"}));
  EXPECT_EQ(m.report->scenarios[1].seconds, 12.0);  // the SASL run's, not the skip's
  EXPECT_EQ(m.report->scenarios[3].reason, "requires broker_restart");

  ReportComparison c = CompareReports(Embedded(), *m.report);
  EXPECT_EQ(c.right.label, "local-kafka, local-kafka-sasl, local-kafka-ssl");
  EXPECT_EQ(RowOf(c, "001 hello").right_verdict, "pass");
  EXPECT_EQ(RowOf(c, "030 secure").right_verdict, "fail");
  EXPECT_EQ(RowOf(c, "030 secure").presence, Presence::kRightOnly);
  EXPECT_EQ(RowDifferences(c, RowOf(c, "030 secure")),
            "only in local-kafka, local-kafka-sasl, local-kafka-ssl");
}

TEST(MergeReportsTest, AScenarioSkippedEverywhereComesFromTheFirstReportThatHasIt) {
  std::vector<SavedReport> runs = ThreeRuns();
  runs[1].scenarios[0].verdict = "skip";
  runs[1].scenarios[0].reason = "the SASL run's reason";
  MergedReports m = MergeReports(runs);
  ASSERT_TRUE(m.report);
  EXPECT_EQ(m.report->scenarios[1].name, "secure");
  EXPECT_EQ(m.report->scenarios[1].reason, "requires sasl");
}

TEST(MergeReportsTest, AnErrorCountsAsARun) {
  std::vector<SavedReport> runs = ThreeRuns();
  runs[1].scenarios[0].verdict = "error";
  MergedReports m = MergeReports(runs);
  ASSERT_TRUE(m.report);
  EXPECT_EQ(m.report->scenarios[1].verdict, "error");
}

TEST(MergeReportsTest, AScenarioRunTwiceOnOneSideIsAnError) {
  std::vector<SavedReport> runs = ThreeRuns();
  runs[2].scenarios.push_back(Scenario("scenarios/001-hello.yaml", "hello", "fail", 3.0));
  MergedReports m = MergeReports(runs);
  EXPECT_FALSE(m.report);
  ASSERT_EQ(m.errors.size(), 1u);
  EXPECT_EQ(m.errors[0],
            "scenario 'hello' ran in out/kafka.json (pass) and in out/kafka-ssl.json (fail): a "
            "scenario may run in only one report of a side, since nothing says which run counts; "
            "the others must skip it or not have it");
}

TEST(MergeReportsTest, OneReportIsTakenAsItIsEvenWithAScenarioTwice) {
  SavedReport one = Kafka();
  one.scenarios.push_back(one.scenarios.front());  // kafka-only twice: matched n-th with n-th
  MergedReports m = MergeReports({one});
  ASSERT_TRUE(m.report);
  EXPECT_EQ(m.report->target, "local-kafka");
  EXPECT_EQ(m.report->scenarios.size(), one.scenarios.size());
}

TEST(CompareTextTest, ShowsBothSidesOfEveryFigureAndWhatDiffers) {
  const std::string text = FormatComparisonText(CompareReports(Embedded(), Kafka()));
  EXPECT_TRUE(text.starts_with(
      "left:  embedded  out/embedded.json  started 2024-05-01T12:00:00Z  librdkafka 2.0.2\n"
      "right: local-kafka  out/kafka.json  started 2024-05-02T08:00:00Z  librdkafka 2.0.2\n"))
      << text;
  EXPECT_NE(text.find("\n011 crash  DIFFERS: verdict, figures\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n001 hello\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nkafka-only  DIFFERS: only in local-kafka\n"), std::string::npos) << text;
  // Aligned: the right side starts in the same column on every detail line.
  std::istringstream in(text);
  std::string line;
  size_t bar = std::string::npos;
  while (std::getline(in, line)) {
    // Verdict lines are left out: a skip reason is longer than the column, and has a bar itself.
    if (!line.starts_with("  group") && !line.starts_with("  no_loss")) continue;
    if (bar == std::string::npos) bar = line.find(" | ");
    EXPECT_EQ(line.find(" | "), bar) << line;
  }
  EXPECT_NE(text.find("  group billing             100/100/0/12"), std::string::npos) << text;
}

}  // namespace
}  // namespace ks
