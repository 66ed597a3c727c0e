#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "checks/check_registry.h"
#include "checks/check_test_util.h"
#include "scenario/check_catalogue.h"

namespace ks::test_support {
namespace {

// The checks are the catalogue's (scenario/check_catalogue.h, tied to the schema by
// tests/scenario/check_catalogue_test.cc), each with its computation.
TEST(Registry, EveryCatalogueEntryHasAComputation) {
  ASSERT_EQ(AllChecks().size(), CheckCatalogue().size());
  for (size_t i = 0; i < AllChecks().size(); ++i) {
    const CheckInfo& info = AllChecks()[i];
    SCOPED_TRACE(info.name);
    EXPECT_EQ(info.name, CheckCatalogue()[i].name);
    EXPECT_TRUE(info.compute);
    EXPECT_EQ(FindCheck(info.name), &info);
    for (const FigureBound& b : info.implied_bounds) {
      EXPECT_NE(std::find(info.figures.begin(), info.figures.end(), b.figure), info.figures.end());
    }
  }
  EXPECT_EQ(FindCheck("no_such_check"), nullptr);
}

// A computation reports the figures its catalogue entry lists, in that order (the main one
// first), even with nothing to judge: a scope that names nothing in the history.
TEST(Registry, EveryComputationReportsTheFiguresOfItsEntry) {
  for (const CheckInfo& info : AllChecks()) {
    SCOPED_TRACE(info.name);
    ASSERT_TRUE(info.compute);
    ExpectSpec spec;
    spec.check = info.name;
    for (const std::string& key : info.required_scope) spec.scope[key] = "absent";
    if (!info.any_of_scope.empty()) spec.scope[info.any_of_scope.front()] = "absent";
    const CheckFigures computed = info.compute(History{}, spec);
    std::vector<std::string> names;
    for (const Figure& f : computed.figures) names.push_back(f.name);
    EXPECT_EQ(names, info.figures);
    EXPECT_TRUE(computed.nothing_to_judge.has_value());
  }
}

// Each KS_CHECK name is a catalogue check, registered once: a misspelt or left-over name would
// otherwise be ignored, and a second registration would silently win.
TEST(Registry, EveryRegisteredNameIsACatalogueCheckOnce) {
  std::map<std::string, int> seen;
  for (const CheckComputation& c : RegisteredComputations()) {
    ++seen[std::string(c.name)];
    EXPECT_NE(FindCheckEntry(c.name), nullptr) << c.name;
  }
  for (const auto& [name, times] : seen) EXPECT_EQ(times, 1) << name;
  EXPECT_EQ(seen.size(), CheckCatalogue().size());
}

TEST(RunCheck, AnyOfScopeIsRequired) {
  CheckResult r = RunCheck(MakeCleanHistory({}), Expect("produced", {}, {Min(0)}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: the entry names no producer or topic");
  r = RunCheck(MakeCleanHistory({}), Expect("produced", {{"topic", "orders"}}, {Equals(200)}));
  EXPECT_TRUE(r.passed) << r.summary;
}

TEST(RunCheck, UnknownCheckFails) {
  CheckResult r = RunCheck(MakeCleanHistory({}), Expect("no_los", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "unknown check 'no_los'");
  EXPECT_EQ(r.check, "no_los");
}

TEST(RunCheck, ResultCarriesTheEntry) {
  ExpectSpec spec = Expect("no_loss", {{"group", "billing"}});
  spec.loc = {"s.yaml", 40, 5};
  CheckResult r = RunCheck(MakeCleanHistory({}), spec);
  EXPECT_EQ(r.check, "no_loss");
  EXPECT_EQ(r.loc.line, 40);
  EXPECT_EQ(r.scope.at("group"), "billing");
  ASSERT_EQ(r.bounds.size(), 2u);
  EXPECT_EQ(r.bounds[0].bound.figure, "lost");
  EXPECT_TRUE(r.bounds[0].passed);
  EXPECT_EQ(r.bounds[1].bound.figure, "unseen");
}

TEST(RunCheck, ACheckWithoutBoundsFails) {
  CheckResult r = RunCheck(MakeCleanHistory({}), Expect("lost", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "lost 0, unseen 0 (no bound given: a check never passes by default)");
}

TEST(RunCheck, InvariantChecksWithoutBoundsMeanTheInvariantHolds) {
  // One key's two records, acknowledged 0 then 1 in one partition, first consumed 1 then 0.
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", 0, 1);
  b.Poll("billing/0", "p", 1).Poll("billing/0", "p", 0);
  CheckResult bad = RunCheck(b.history(), Expect("key_order", {{"group", "billing"}}));
  EXPECT_FALSE(bad.passed);
  EXPECT_EQ(bad.summary, "keys_out_of_order 1 (max 0: failed)");
  CheckResult good = RunCheck(MakeCleanHistory({}), Expect("key_order", {{"group", "billing"}}));
  EXPECT_TRUE(good.passed) << good.summary;
  // An entry's own bounds replace the default: here the lesson expects the anomaly.
  CheckResult expected =
      RunCheck(b.history(), Expect("key_order", {{"group", "billing"}}, {Min(1)}));
  EXPECT_TRUE(expected.passed) << expected.summary;
  CheckResult absent =
      RunCheck(MakeCleanHistory({}), Expect("key_order", {{"group", "billing"}}, {Min(1)}));
  EXPECT_FALSE(absent.passed) << absent.summary;
}

TEST(RunCheck, ImpliedAndExplicitBoundsBothApply) {
  // no_loss cannot be relaxed by an explicit bound: both must hold.
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", 0, 1);
  b.Poll("billing/0", "p", 1);
  CheckResult r = RunCheck(b.history(), Expect("no_loss", {{"group", "billing"}}, {Max(5)}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "lost 1 (max 0: failed; max 5), unseen 0 (max 0)");
}

TEST(RunCheck, MainFigureAndNamedFigureBounds) {
  CheckResult r = RunCheck(
      MakeCleanHistory({.records = 40}),
      Expect("consumed", {{"group", "billing"}}, {Min(10), Max(40), Equals(40, "deliveries")}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "consumed 40 (min 10; max 40), deliveries 40 (equals 40)");
  FigureBound both;
  both.min = 1;
  both.max = 39;
  r = RunCheck(MakeCleanHistory({.records = 40}),
               Expect("consumed", {{"group", "billing"}}, {both}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "consumed 40 (min 1, max 39: failed)");
}

TEST(RunCheck, BoundOnAnUnknownFigureFails) {
  CheckResult r = RunCheck(MakeCleanHistory({}),
                           Expect("duplicates", {{"group", "billing"}}, {Max(0, "dupes")}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "dupes: not a figure of duplicates");
}

TEST(RunCheck, NothingToJudgeFailsWhateverTheBounds) {
  HistoryBuilder b;
  b.Group("billing", 1);
  CheckResult r = RunCheck(b.history(), Expect("duplicates", {{"group", "billing"}}, {Max(0)}));
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(r.bounds.at(0).passed);  // the bound held on 0, but 0 of nothing proves nothing
  EXPECT_EQ(r.summary, "nothing to judge: billing polled nothing");
}

TEST(RunCheck, ScopeKeysAreChecked) {
  CheckResult missing = RunCheck(MakeCleanHistory({}), Expect("no_loss", {}));
  EXPECT_FALSE(missing.passed);
  EXPECT_EQ(missing.summary, "nothing to judge: the entry names no group");
  CheckResult extra =
      RunCheck(MakeCleanHistory({}), Expect("no_loss", {{"group", "billing"}, {"member", "x"}}));
  EXPECT_FALSE(extra.passed);
  EXPECT_EQ(extra.summary, "no_loss takes no scope 'member'");
}

}  // namespace
}  // namespace ks::test_support
