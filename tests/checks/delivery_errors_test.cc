#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

ExpectSpec NoErrors(std::map<std::string, std::string> scope = {{"producer", "p"}}) {
  return Expect("delivery_errors", std::move(scope), {Max(0)});
}

TEST(DeliveryErrors, AllAcknowledgedPasses) {
  CheckResult r = RunCheck(MakeCleanHistory({}), NoErrors({{"topic", "orders"}}));
  EXPECT_TRUE(r.passed) << r.summary;
  EXPECT_EQ(r.summary, "delivery_errors 0 (max 0)");
  EXPECT_TRUE(r.evidence_text.empty());
}

TEST(DeliveryErrors, FailedIndeterminateAndUnansweredSendsCount) {
  HistoryBuilder b;
  b.Send("p", 0, "k", "orders", 0, 0).Send("p", 1, "k", "orders", -1, -1, OpType::kFail);
  b.Send("p", 2, std::nullopt, "orders", 1, -1, OpType::kInfo).Invoke("p", 3, "k", "orders");
  CheckResult r = RunCheck(b.history(), NoErrors());
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.summary, "delivery_errors 3 (max 0: failed)");
  EXPECT_EQ(FigureOf(r, "failed"), 1);
  EXPECT_EQ(FigureOf(r, "indeterminate"), 2);
  EXPECT_EQ(EvidenceText(r),
            "p#1 (key k) to orders: delivery failed (not persisted) at 0.000030s\n"
            "p#2 to orders[1]: delivery indeterminate (possibly persisted) at 0.000050s\n"
            "1 send never got a delivery report\n");
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(r.evidence[0].type, OpType::kFail);
  // An expected fault: the lesson bounds the errors from below.
  EXPECT_TRUE(RunCheck(b.history(), Expect("delivery_errors", {{"topic", "orders"}},
                                           {Min(1), Equals(1, "failed")}))
                  .passed);
}

TEST(DeliveryErrors, EvidenceIsBounded) {
  HistoryBuilder b;
  for (uint64_t i = 0; i < 9; ++i) b.Send("p", i, "k", "orders", -1, -1, OpType::kFail);
  CheckResult r = RunCheck(b.history(), NoErrors());
  EXPECT_EQ(FigureOf(r, "delivery_errors"), 9);
  EXPECT_EQ(r.evidence.size(), 5u);
  EXPECT_EQ(r.evidence_text.back(), "... and 4 more failed or indeterminate sends");
}

TEST(DeliveryErrors, NothingSentIsNothingToJudge) {
  HistoryBuilder b;
  b.Producer("idle").Send("p", 0, "k", "orders", 0, 0);
  EXPECT_EQ(RunCheck(b.history(), NoErrors({{"producer", "idle"}})).summary,
            "nothing to judge: producer idle sent nothing");
  EXPECT_EQ(RunCheck(b.history(), NoErrors({})).summary,
            "nothing to judge: the entry names no producer or topic");
}

}  // namespace
}  // namespace ks::test_support
