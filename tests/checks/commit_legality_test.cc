#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

ExpectSpec Legal() { return Expect("commit_legality", {{"group", "billing"}}); }

// billing/0 started, owns orders[0] and read records 0..2 (offsets 0..2).
HistoryBuilder ReadThree() {
  HistoryBuilder b;
  b.Group("billing", 2).Start("billing/0").Start("billing/1").Assign("billing/0", "orders", 0);
  for (uint64_t i = 0; i < 3; ++i) b.Send("p", i, "k", "orders", 0, int64_t(i));
  for (uint64_t i = 0; i < 3; ++i) b.Poll("billing/0", "p", i);
  return b;
}

TEST(CommitLegality, CommittingTheNextOffsetPasses) {
  HistoryBuilder b = ReadThree();
  b.Commit("billing/0", "orders", 0, 2).Commit("billing/0", "orders", 0, 3);
  CheckResult r = RunCheck(b.history(), Legal());
  EXPECT_TRUE(r.passed) << r.summary;  // no bounds: the rule holds
  EXPECT_EQ(r.summary, "illegal_commits 0 (max 0)");
  EXPECT_EQ(FigureOf(r, "commits"), 2);
}

TEST(CommitLegality, CommittingPastThePositionFails) {
  HistoryBuilder b = ReadThree();
  b.Commit("billing/0", "orders", 0, 5);
  CheckResult r = RunCheck(b.history(), Legal());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "illegal_commits 1 (max 0: failed)");
  EXPECT_NE(EvidenceText(r).find("billing/0 committed orders[0] offset 5 at "), std::string::npos);
  EXPECT_NE(EvidenceText(r).find(", beyond its position 3: it had polled orders[0] only up to "
                                 "offset 2"),
            std::string::npos)
      << EvidenceText(r);
  ASSERT_EQ(r.evidence.size(), 2u);  // the commit and the furthest poll
  EXPECT_EQ(r.evidence[0].kind, OpKind::kCommit);
  EXPECT_EQ(r.evidence[1].offset, 2);
}

TEST(CommitLegality, CommittingAPartitionNeverAssignedFails) {
  HistoryBuilder b = ReadThree();
  b.Commit("billing/1", "orders", 0, 1);
  CheckResult r = RunCheck(b.history(), Legal());
  EXPECT_EQ(FigureOf(r, "illegal_commits"), 1);
  EXPECT_NE(EvidenceText(r).find("billing/1 committed orders[0] offset 1 at 0.000120s, but "
                                 "orders[0] was never assigned to it since it started"),
            std::string::npos)
      << EvidenceText(r);
}

TEST(CommitLegality, ResumingFromTheGroupsCommitIsLegal) {
  HistoryBuilder b = ReadThree();
  b.Commit("billing/0", "orders", 0, 3).Revoke("billing/0", "orders", 0);
  b.Assign("billing/1", "orders", 0).Commit("billing/1", "orders", 0, 3);  // nothing read yet
  EXPECT_TRUE(RunCheck(b.history(), Legal()).passed);
  b.Commit("billing/1", "orders", 0, 4);  // still nothing read: beyond
  CheckResult r = RunCheck(b.history(), Legal());
  EXPECT_EQ(FigureOf(r, "illegal_commits"), 1);
  EXPECT_NE(EvidenceText(r).find("beyond its position 3: it had polled nothing in orders[0], and "
                                 "billing's committed offset was 3"),
            std::string::npos)
      << EvidenceText(r);
}

TEST(CommitLegality, CommitDuringRevocationIsLegalButARestartForgets) {
  HistoryBuilder b = ReadThree();
  b.Revoke("billing/0", "orders", 0).Commit("billing/0", "orders", 0, 3);
  EXPECT_TRUE(RunCheck(b.history(), Legal()).passed);
  b.Start("billing/0").Commit("billing/0", "orders", 0, 3);  // a new process, never assigned
  EXPECT_EQ(FigureOf(RunCheck(b.history(), Legal()), "illegal_commits"), 1);
}

TEST(CommitLegality, FailedCommitsAndOtherGroupsAreIgnored) {
  HistoryBuilder b = ReadThree();
  b.Group("audit", 1).Commit("audit/0", "orders", 0, 99);
  b.Commit("billing/0", "orders", 0, 99, OpType::kFail);
  CheckResult r = RunCheck(b.history(), Legal());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "nothing to judge: billing committed no offset");
  b.Commit("billing/0", "orders", 0, 3);
  r = RunCheck(b.history(), Legal());
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(FigureOf(r, "commits"), 1);
}

}  // namespace
}  // namespace ks::test_support
