#include "history/recorder.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace ks {
namespace {

TEST(HistoryRecorder, MergesActorLogsInTimeOrderWithOneKeyTable) {
  HistoryRecorder rec;
  uint32_t topic = rec.AddTopic("orders");
  uint32_t producer = rec.AddProducer("p", {topic, "murmur2", -1});
  uint32_t group = rec.AddGroup("g");
  ActorLog& p = rec.AddActor({"p", ActorInfo::Role::kProducer, kNoId, -1});
  ActorLog& m = rec.AddActor({"g/0", ActorInfo::Role::kMember, group, 0});

  Op send;
  send.kind = OpKind::kSend;
  send.producer = producer;
  send.topic = topic;
  send.seq = 0;
  p.Append(send, "k1", 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  Op poll = send;
  poll.kind = OpKind::kPoll;
  m.Append(poll, "k1", 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  send.seq = 1;
  p.Append(send, "k2", 2);
  p.Append(send);  // a null key

  History h = rec.Finish();
  ASSERT_EQ(h.ops.size(), 4u);
  EXPECT_EQ(h.ops[0].kind, OpKind::kSend);
  EXPECT_EQ(h.ops[1].kind, OpKind::kPoll);
  EXPECT_EQ(h.ops[1].actor, 1u);
  EXPECT_EQ(h.ops[2].seq, 1u);
  for (size_t i = 1; i < h.ops.size(); ++i) EXPECT_LE(h.ops[i - 1].time_us, h.ops[i].time_us);
  // Both actors' "k1" became one key id; the null key stays kNoId.
  EXPECT_EQ(h.ops[0].key, h.ops[1].key);
  EXPECT_EQ(h.keys.Get(h.ops[0].key), "k1");
  EXPECT_EQ(h.keys.Get(h.ops[2].key), "k2");
  EXPECT_EQ(h.ops[3].key, kNoId);
  EXPECT_EQ(h.actors[1].group, group);
  EXPECT_EQ(h.groups[group], "g");
  ASSERT_EQ(h.producer_info.size(), 1u);
  EXPECT_EQ(h.producer_info[producer].partitioner, "murmur2");
  EXPECT_EQ(h.producer_info[producer].topic, topic);
}

// A value wider than an op holds (a partition past 65,533 from a cluster) is not wrapped into
// another: the recorder names the actor and the field, and the run is an error.
TEST(HistoryRecorder, AnOpThatDoesNotFitIsReportedNotWrapped) {
  HistoryRecorder rec;
  const uint32_t topic = rec.AddTopic("orders");
  ActorLog& m = rec.AddActor({"g/0", ActorInfo::Role::kMember, rec.AddGroup("g"), 0});
  Op assign;
  assign.kind = OpKind::kAssign;
  assign.topic = topic;
  assign.partition = 3;
  m.Append(assign);
  EXPECT_EQ(rec.UnfitOps(), "");
  assign.partition = 70'000;
  m.Append(assign);
  assign.offset = int64_t{1} << 50;
  m.Append(assign);
  EXPECT_EQ(rec.UnfitOps(),
            "an op of g/0 did not fit the history: its partition: an op holds -1 to 65533 "
            "(history/op.h)");
}

// Logs longer than a block, appended in turns so that many ops share a microsecond: the merge
// gives every op once, in time order, ties in registration order and then each log's own.
TEST(HistoryRecorder, MergesLogsOfManyBlocksAsAStableSortWould) {
  HistoryRecorder rec;
  std::vector<ActorLog*> logs;
  for (int a = 0; a < 3; ++a) {
    logs.push_back(&rec.AddActor({"a" + std::to_string(a), ActorInfo::Role::kProducer, kNoId, -1}));
  }
  const size_t total = kOpBlockOps * 3 + 17;
  for (size_t n = 0; n < total; ++n) {
    Op op;
    op.seq = n;  // the append order
    logs[(n * 7 / 5) % 3]->Append(op, n % 2 ? "odd" : "even", n % 2 ? 3 : 4);
  }
  History h = rec.Finish();
  ASSERT_EQ(h.ops.size(), total);
  std::vector<char> seen(total, 0);
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const Op& op = h.ops[i];
    ASSERT_LT(op.seq, total);
    EXPECT_FALSE(seen[op.seq]) << op.seq;
    seen[op.seq] = 1;
    EXPECT_EQ(h.keys.Get(op.key), op.seq % 2 ? "odd" : "even");
    if (i == 0) continue;
    const Op& before = h.ops[i - 1];
    ASSERT_LE(before.time_us, op.time_us);
    if (before.time_us == op.time_us) {
      ASSERT_LE(before.actor, op.actor);
      if (before.actor == op.actor) {
        ASSERT_LT(before.seq, op.seq);
      }
    }
  }
}

TEST(Interner, HandsOutDenseStableIds) {
  Interner in;
  EXPECT_EQ(in.Intern("a"), 0u);
  EXPECT_EQ(in.Intern("b"), 1u);
  EXPECT_EQ(in.Intern("a"), 0u);
  EXPECT_EQ(in.Find("b"), 1u);
  EXPECT_EQ(in.Find("c"), kNoId);
  EXPECT_EQ(in.Get(1), "b");
}

}  // namespace
}  // namespace ks
