// The timeline's wait conditions over progress counters, with no Kafka.
#include "run/live_state.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

struct Fixture {
  GroupSpec spec;
  ProducerSpec producer_spec;
  LiveState state;
  LiveGroup* group = nullptr;
  LiveProducer* producer = nullptr;

  Fixture(int members, int partitions) {
    spec.name = "billing";
    spec.members = members;
    producer_spec.name = "p";
    producer_spec.messages = 10;
    state.topics.Add({"orders", "orders", 0, partitions, 0});
    group = &state.groups.emplace_back();
    group->spec = &spec;
    group->progress = std::make_unique<GroupProgress>(members, state.topics.slots());
    for (int m = 0; m < members; ++m) group->progress->SetLive(m, true);
    for (int p = 0; p < partitions; ++p) group->slots.push_back(p);
    producer = &state.producers.emplace_back();
    producer->spec = &producer_spec;
    producer->progress = std::make_unique<ProducerProgress>(state.topics.slots());
  }
};

TEST(GroupAssigned, NeedsEveryMemberAssignedAndEveryPartitionOwnedOnce) {
  Fixture f(2, 3);
  auto missing = GroupAssigned(f.state, *f.group);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("billing/0 has no assignment yet"), std::string::npos) << *missing;

  f.group->progress->SetAssignment(0, {0, 1});
  missing = GroupAssigned(f.state, *f.group);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("billing/1 has no assignment yet"), std::string::npos) << *missing;
  EXPECT_NE(missing->find("unowned: orders[2]"), std::string::npos) << *missing;

  f.group->progress->SetAssignment(1, {1, 2});
  missing = GroupAssigned(f.state, *f.group);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("owned by more than one member: orders[1]"), std::string::npos);

  f.group->progress->SetAssignment(1, {2});
  EXPECT_FALSE(GroupAssigned(f.state, *f.group));
}

TEST(GroupAssigned, IgnoresMembersThatAreNotRunning) {
  Fixture f(2, 2);
  f.group->progress->SetAssignment(0, {0, 1});
  f.group->progress->SetLive(1, false);  // crashed or stopped: owns nothing, waits for nothing
  EXPECT_FALSE(GroupAssigned(f.state, *f.group));
  f.group->progress->SetLive(0, false);
  auto missing = GroupAssigned(f.state, *f.group);
  ASSERT_TRUE(missing);
  EXPECT_EQ(*missing, "group billing has no running member");
}

TEST(GroupAssigned, AcceptsIdleMembers) {
  Fixture f(3, 2);
  f.group->progress->SetAssignment(0, {0});
  f.group->progress->SetAssignment(1, {1});
  f.group->progress->SetAssignment(2, {});  // more members than partitions: one is idle
  EXPECT_FALSE(GroupAssigned(f.state, *f.group));
}

TEST(GroupDrained, ComparesPolledWithAcknowledgedOffsets) {
  Fixture f(1, 2);
  EXPECT_FALSE(GroupDrained(f.state, *f.group));  // nothing acknowledged: nothing to wait for
  f.producer->progress->acked_offsets.Raise(0, 9);
  f.producer->progress->acked_offsets.Raise(1, 4);
  f.group->progress->Consumed(0, 9);
  auto missing = GroupDrained(f.state, *f.group);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("orders[1] nothing of offsets 0..4"), std::string::npos) << *missing;
  f.group->progress->Consumed(1, 3);
  missing = GroupDrained(f.state, *f.group);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("orders[1] up to offset 3 of 4"), std::string::npos) << *missing;
  f.group->progress->Consumed(1, 4);
  EXPECT_FALSE(GroupDrained(f.state, *f.group));
}

// Kafka's lag counts from the committed offset a new owner resumes from: records re-delivered
// after a rebalance are not drained until they are read again.
TEST(GroupDrained, WaitsForRecordsReDeliveredAfterARebalance) {
  Fixture f(2, 1);
  f.producer->progress->acked_offsets.Raise(0, 99);
  f.group->progress->Consumed(0, 99);
  f.group->progress->Committed(0, 60);  // the last commit before the partition moved
  EXPECT_FALSE(GroupDrained(f.state, *f.group));
  f.group->progress->Resumed(0, true);  // the next owner starts at offset 60
  auto missing = GroupDrained(f.state, *f.group);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("orders[0] up to offset 59 of 99"), std::string::npos) << *missing;
  f.group->progress->Consumed(0, 99);
  EXPECT_FALSE(GroupDrained(f.state, *f.group));
}

// As kafka-consumer-groups.sh: log end offset (acknowledged + 1) minus the committed offset.
TEST(GroupLag, CountsFromTheLastCommit) {
  Fixture f(1, 2);
  f.producer->progress->acked_offsets.Raise(0, 99);
  f.producer->progress->acked_offsets.Raise(1, 9);
  EXPECT_EQ(GroupLag(f.state, *f.group), 110);  // nothing committed: everything lags
  f.group->progress->Consumed(0, 99);
  EXPECT_EQ(GroupLag(f.state, *f.group), 110);  // read but not committed
  f.group->progress->Committed(0, 100);
  f.group->progress->Committed(1, 4);
  EXPECT_EQ(GroupLag(f.state, *f.group), 6);
}

TEST(GroupDrained, ResumingWithoutAKnownCommitFollowsTheResetPolicy) {
  Fixture f(1, 1);
  f.producer->progress->acked_offsets.Raise(0, 9);
  f.group->progress->Consumed(0, 9);
  f.group->progress->Resumed(0, false);           // no commit, offset_reset latest: where it starts
  EXPECT_FALSE(GroupDrained(f.state, *f.group));  // is the reset policy's, unknown here
  f.group->progress->Resumed(0, true);            // no commit, earliest: all of it comes again
  EXPECT_TRUE(GroupDrained(f.state, *f.group));
}

// A `latest` member reads nothing of what came before it: reaching the end of the partition
// (librdkafka's partition EOF) says where it stands, and records acknowledged after are past it.
TEST(GroupDrained, ALatestMemberStandsAtTheEndItReached) {
  Fixture f(1, 1);
  f.producer->progress->acked_offsets.Raise(0, 9);
  f.group->progress->Resumed(0, false);
  EXPECT_TRUE(GroupDrained(f.state, *f.group));  // its lookup of the end is not done yet
  f.group->progress->ReachedEnd(0, 10);
  EXPECT_FALSE(GroupDrained(f.state, *f.group));
  f.producer->progress->acked_offsets.Raise(0, 14);
  const auto missing = GroupDrained(f.state, *f.group);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("orders[0] up to offset 9 of 14"), std::string::npos) << *missing;
  f.group->progress->Consumed(0, 14);
  EXPECT_FALSE(GroupDrained(f.state, *f.group));
}

// Results of async commits arrive after a later sync commit's: the committed offset only rises,
// until a seek says where the group resumes.
TEST(GroupProgress, CommitsOnlyRaiseTheCommittedOffsetUntilASeek) {
  Fixture f(1, 1);
  f.group->progress->Committed(0, 80);
  f.group->progress->Committed(0, 50);  // an older async commit's result, delivered late
  EXPECT_EQ(f.group->progress->committed.Get(0), 80);
  f.group->progress->Seeked(0, 0);
  EXPECT_EQ(f.group->progress->committed.Get(0), -1);
  f.group->progress->Committed(0, 10);
  EXPECT_EQ(f.group->progress->committed.Get(0), 10);
}

TEST(ProducersFinished, NamesTheProducersStillSending) {
  Fixture f(1, 1);
  f.producer->progress->sent = 4;
  f.producer->progress->acked = 3;
  auto missing = ProducersFinished(f.state);
  ASSERT_TRUE(missing);
  EXPECT_EQ(*missing, "p sent 4 of 10, 3 acknowledged");
  f.producer->progress->finished = true;
  EXPECT_FALSE(ProducersFinished(f.state));
}

}  // namespace
}  // namespace ks
