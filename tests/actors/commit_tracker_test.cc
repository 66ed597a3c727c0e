#include "actors/commit_tracker.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

// Offsets 10..14 of slot 0 polled; 11 and 13 finished, 10, 12 and 14 still being processed.
CommitTracker OutOfOrder() {
  CommitTracker t(2);
  for (int64_t o = 10; o <= 14; ++o) t.Polled(0, o);
  t.Done(0, 13);
  t.Done(0, 11);
  return t;
}

TEST(CommitTracker, LowWatermarkStopsAtTheOldestUnfinishedRecord) {
  CommitTracker t = OutOfOrder();
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kLowWatermark), 10);
  t.Done(0, 10);
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kLowWatermark), 12);
  t.Done(0, 12);
  t.Done(0, 14);
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kLowWatermark), 15);  // all done: past the last
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kAfterProcess), 15);
  EXPECT_EQ(t.InFlight(0), 0u);
}

TEST(CommitTracker, HighestDoneCommitsPastUnfinishedRecords) {
  CommitTracker t = OutOfOrder();
  // 10 and 12 are not processed, yet the commit says everything below 14 is done.
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kHighestDone), 14);
  EXPECT_EQ(t.InFlight(0), 3u);
}

TEST(CommitTracker, NothingNewNothingToCommit) {
  CommitTracker t = OutOfOrder();
  EXPECT_EQ(t.CommitOffset(1, CommitMode::kLowWatermark), -1);  // slot 1 polled nothing
  t.MarkCommitted(0, 14);
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kHighestDone), -1);
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kLowWatermark), -1);  // 10 < 14: never backwards
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kAuto), -1);
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kNever), -1);
}

TEST(CommitTracker, ResetForgetsAPartition) {
  CommitTracker t = OutOfOrder();
  t.Reset(0);
  EXPECT_EQ(t.InFlight(0), 0u);
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kHighestDone), -1);
  t.Done(0, 12);  // finished after a revoke: not the member's to commit any more
  EXPECT_EQ(t.CommitOffset(0, CommitMode::kHighestDone), -1);
}

}  // namespace
}  // namespace ks
