#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

ExpectSpec NoneVisible() { return Expect("aborted_visible", {{"group", "billing"}}, {Max(0)}); }

TEST(AbortedVisible, CleanHistoryPasses) {
  CheckResult r = RunCheck(MakeCleanHistory({}), NoneVisible());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "aborted_visible 0 (max 0)");
}

TEST(AbortedVisible, FailedSendsNobodyReadPass) {
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 0, "k", "orders", 0, 0);
  b.Send("p", 1, "k", "orders", -1, -1, OpType::kFail).Poll("billing/0", "p", 0);
  EXPECT_TRUE(RunCheck(b.history(), NoneVisible()).passed);
}

TEST(AbortedVisible, ReadingARecordThatWasNeverWrittenFails) {
  HistoryBuilder b;
  b.Group("billing", 2).Send("p", 0, "k", "orders", 0, 0);
  b.Send("p", 1, "k", "orders", -1, -1, OpType::kFail);
  b.Poll("billing/0", "p", 0).Poll("billing/1", "p", 1, "orders", 0, 1);
  b.Poll("billing/0", "p", 1, "orders", 0, 1);  // read twice: still one record
  CheckResult r = RunCheck(b.history(), NoneVisible());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "aborted_visible 1 (max 0: failed)");
  EXPECT_NE(EvidenceText(r).find("p#1 (key k): delivery failed at 0.000030s (not persisted: never "
                                 "written), yet billing/1 polled it at orders[0]@1 at"),
            std::string::npos)
      << EvidenceText(r);
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[0].type, OpType::kFail);
  EXPECT_EQ(r.evidence[1].kind, OpKind::kPoll);
}

TEST(AbortedVisible, IndeterminateSendsMayBeRead) {
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 0, "k", "orders", -1, -1, OpType::kInfo);
  b.Poll("billing/0", "p", 0, "orders", 0, 0);
  EXPECT_TRUE(RunCheck(b.history(), NoneVisible()).passed);
}

TEST(AbortedVisible, OtherGroupsDoNotCount) {
  HistoryBuilder b;
  b.Group("billing", 1).Group("audit", 1).Send("p", 0, "k", "orders", 0, 0);
  b.Send("p", 1, "k", "orders", -1, -1, OpType::kFail);
  b.Poll("billing/0", "p", 0).Poll("audit/0", "p", 1, "orders", 0, 1);
  EXPECT_TRUE(RunCheck(b.history(), NoneVisible()).passed);
  EXPECT_FALSE(
      RunCheck(b.history(), Expect("aborted_visible", {{"group", "audit"}}, {Max(0)})).passed);
}

TEST(AbortedVisible, NothingPolledIsNothingToJudge) {
  HistoryBuilder b;
  b.Group("billing", 1).Send("p", 1, "k", "orders", -1, -1, OpType::kFail);
  EXPECT_EQ(RunCheck(b.history(), NoneVisible()).summary,
            "nothing to judge: billing polled nothing");
  b.PollForeign("billing/0", "orders", 0, 0);
  EXPECT_EQ(RunCheck(b.history(), NoneVisible()).summary,
            "nothing to judge: billing polled 1 records, none with a record identity header");
}

}  // namespace
}  // namespace ks::test_support
