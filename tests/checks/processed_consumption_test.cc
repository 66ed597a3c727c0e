// "Consumed means processed" (scenario-format.md): for a group with a processing model, lost,
// duplicates and consumed count ok process ops, not polls.

#include <gtest/gtest.h>

#include "checks/check_test_util.h"

namespace ks::test_support {
namespace {

// Three acked records in orders[0], all polled by billing/0; `processed` lists which of them
// billing/0 then processed successfully, `failed` which had a failed attempt.
History PolledThree(std::vector<uint64_t> processed, std::vector<uint64_t> failed,
                    bool processing_group) {
  HistoryBuilder b;
  b.Group("billing", 1).Assign("billing/0", "orders", 0);
  for (uint64_t i = 0; i < 3; ++i) b.Send("order-service", i, "user-1", "orders", 0, int64_t(i));
  for (uint64_t i = 0; i < 3; ++i) b.Poll("billing/0", "order-service", i);
  b.Watermark("orders", 0, 3);
  History h = b.Build();
  // Process ops mirror the polls (same record, same offset), appended later in time.
  std::vector<Op> polls;
  for (const Op& op : h.ops) {
    if (op.kind == OpKind::kPoll) polls.push_back(op);
  }
  int64_t t = h.ops.back().time_us;
  auto add = [&](uint64_t seq, OpType type) {
    Op op = polls.at(seq);
    op.kind = OpKind::kProcess;
    op.type = type;
    op.time_us = ++t;
    h.ops.push_back(op);
  };
  for (uint64_t seq : failed) add(seq, OpType::kFail);
  for (uint64_t seq : processed) add(seq, OpType::kOk);
  if (processing_group) h.processing_groups = {true};
  return h;
}

TEST(ProcessedConsumption, EveryRecordProcessedPasses) {
  History h = PolledThree({0, 1, 2}, {1}, true);
  CheckResult r = RunCheck(h, Expect("no_loss", {{"group", "billing"}}));
  EXPECT_TRUE(r.passed) << r.summary;
  CheckResult c = RunCheck(h, Expect("consumed", {{"group", "billing"}}, {Equals(3)}));
  EXPECT_TRUE(c.passed) << c.summary;
  EXPECT_NE(EvidenceText(c).find("billing processed 3 distinct records"), std::string::npos)
      << EvidenceText(c);
}

TEST(ProcessedConsumption, PolledButNeverProcessedIsLost) {
  // #1 failed and was skipped (no ok process op); #2 was processed after it.
  History h = PolledThree({0, 2}, {1}, true);
  CheckResult r = RunCheck(h, Expect("no_loss", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "lost"), 1);
  EXPECT_NE(EvidenceText(r).find("never processed by billing"), std::string::npos)
      << EvidenceText(r);
  // The same ops for a group without a processing model: consumed at the poll, nothing lost.
  History polled_only = PolledThree({0, 2}, {1}, false);
  EXPECT_TRUE(RunCheck(polled_only, Expect("no_loss", {{"group", "billing"}})).passed);
}

TEST(ProcessedConsumption, ProcessedTwiceIsADuplicate) {
  History h = PolledThree({0, 1, 2, 1}, {}, true);
  CheckResult r = RunCheck(h, Expect("no_duplicates", {{"group", "billing"}}));
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(FigureOf(r, "duplicates"), 1);
  // Failed attempts are not consumption: retries are not duplicates.
  History retried = PolledThree({0, 1, 2}, {1, 1}, true);
  EXPECT_TRUE(RunCheck(retried, Expect("no_duplicates", {{"group", "billing"}})).passed);
}

}  // namespace
}  // namespace ks::test_support
