// A transactional producer (KIP-98) on the embedded cluster: transactions of `batch` records,
// every `abort_every`-th aborted, each recorded as txn ops around its sends.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "actors/producer.h"
#include "actors/topic_map.h"
#include "history/recorder.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

struct TxnCounts {
  int invoked = 0, committed = 0, aborted = 0, unknown = 0;
};

TxnCounts CountTxns(const History& h) {
  TxnCounts c;
  for (const Op& op : h.ops) {
    if (op.kind != OpKind::kTxn) continue;
    c.invoked += op.type == OpType::kInvoke;
    c.committed += op.type == OpType::kOk;
    c.aborted += op.type == OpType::kFail;
    c.unknown += op.type == OpType::kInfo;
  }
  return c;
}

// Runs producer `spec` (to topic t, 2 partitions) on a fresh embedded cluster: Send(messages),
// then waits (bounded) until every record has its delivery report and the producer closed.
// `acked` gets ProducerProgress::acked at the end. `fault`, when given, is injected once the
// producer has started (after init_transactions).
History RunProducer(const ProducerSpec& spec, std::string* error, int64_t* acked,
                    const FaultSpec* fault = nullptr) {
  Scenario s;
  s.name = "txn";
  s.topics.push_back({{}, "t", 2, 1, {}});
  EmbeddedTarget target;
  if (Status st = target.Setup(s); !st.ok()) {
    *error = st.message();
    return {};
  }
  HistoryRecorder recorder;
  TopicMap topics;
  topics.Add({"t", "t", recorder.AddTopic("t"), 2, 0});
  const uint32_t producer = recorder.AddProducer(spec.name, {0, "crc32", -1});
  ActorLog& log = recorder.AddActor({spec.name, ActorInfo::Role::kProducer, kNoId, -1});
  ProducerProgress progress(topics.slots());
  ProducerSetup setup{&spec,
                      topics.FindLogical("t"),
                      target.bootstrap_servers(),
                      target.ClientDefaults(ClientRole::kProducer),
                      1,
                      producer,
                      recorder.clock().NowUs() + 20'000'000};
  ProducerActor actor(setup, &log, &progress);
  if (Status st = actor.Start(); !st.ok()) {
    *error = st.message();
    return {};
  }
  if (fault != nullptr) {
    if (Status st = target.InjectFault(*fault); !st.ok()) {
      *error = st.message();
      return {};
    }
  }
  actor.Send(spec.messages);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!progress.finished.load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  actor.Close();
  actor.Join();
  *error = actor.error();
  *acked = progress.acked.load();
  return recorder.Finish();
}

ProducerSpec Transactional(int64_t messages, int64_t batch, int64_t abort_every) {
  ProducerSpec p;
  p.name = "p";
  p.topic = "t";
  p.messages = messages;
  p.transactional = TransactionSpec{{}, "p-tx", batch, abort_every};
  return p;
}

TEST(TransactionalProducer, CommitsAndAbortsBatches) {
  std::string error;
  int64_t progress_acked = 0;
  History h = RunProducer(Transactional(60, 10, 3), &error, &progress_acked);
  ASSERT_EQ(error, "");
  EXPECT_EQ(progress_acked, 40) << "progress counts the records of committed transactions only";
  TxnCounts c = CountTxns(h);
  EXPECT_EQ(c.invoked, 6);
  EXPECT_EQ(c.committed, 4);
  EXPECT_EQ(c.aborted, 2);
  EXPECT_EQ(c.unknown, 0);

  // Each transaction's sends lie between its invoke and its completion, and the aborted ones
  // (3 and 6) were delivered before the abort: they are in the log, behind an abort marker.
  uint64_t open = 0;  // the open transaction's number, 0 outside one
  int sends = 0, acked = 0;
  for (const Op& op : h.ops) {
    if (op.kind == OpKind::kTxn) {
      if (op.type == OpType::kInvoke) {
        EXPECT_EQ(open, 0u);
        open = op.seq;
      } else {
        EXPECT_EQ(op.seq, open);
        EXPECT_EQ(op.type, op.seq % 3 == 0 ? OpType::kFail : OpType::kOk) << "txn " << op.seq;
        open = 0;
      }
    } else if (op.kind == OpKind::kSend) {
      EXPECT_NE(open, 0u) << "send of record " << op.seq << " outside a transaction";
      if (op.type == OpType::kInvoke) {
        ++sends;
        EXPECT_EQ(op.seq / 10 + 1, open) << "record " << op.seq;
      }
      acked += op.type == OpType::kOk;
    }
  }
  EXPECT_EQ(sends, 60);
  EXPECT_EQ(acked, 60);
}

TEST(TransactionalProducer, APartialBatchIsTheLastTransaction) {
  std::string error;
  int64_t progress_acked = 0;
  History h = RunProducer(Transactional(25, 10, 0), &error, &progress_acked);
  ASSERT_EQ(error, "");
  EXPECT_EQ(progress_acked, 25);
  TxnCounts c = CountTxns(h);
  EXPECT_EQ(c.invoked, 3);
  EXPECT_EQ(c.committed, 3);
}

// The next EndTxn request fails with `error`.
FaultSpec EndTxnFails(const std::string& error) {
  FaultSpec f;
  f.kind = FaultSpec::Kind::kRequestErrors;
  f.api = "EndTxn";
  f.errors = {error};
  f.count = 1;
  return f;
}

TEST(TransactionalProducer, AnAbortableCommitErrorAbortsThatTransaction) {
  std::string error;
  int64_t progress_acked = 0;
  FaultSpec fault = EndTxnFails("TOPIC_AUTHORIZATION_FAILED");
  History h = RunProducer(Transactional(30, 10, 0), &error, &progress_acked, &fault);
  EXPECT_NE(error.find("transaction 1: commit_transaction failed: TOPIC_AUTHORIZATION_FAILED"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("(abortable); aborted it"), std::string::npos) << error;
  TxnCounts c = CountTxns(h);
  EXPECT_EQ(c.invoked, 3);
  EXPECT_EQ(c.aborted, 1);
  EXPECT_EQ(c.committed, 2);
  EXPECT_EQ(progress_acked, 20);
}

TEST(TransactionalProducer, AFatalErrorLeavesTheOutcomeUnknownAndStops) {
  std::string error;
  int64_t progress_acked = 0;
  FaultSpec fault = EndTxnFails("INVALID_PRODUCER_EPOCH");  // fenced: fatal
  History h = RunProducer(Transactional(30, 10, 0), &error, &progress_acked, &fault);
  EXPECT_NE(error.find("(fatal); outcome unknown"), std::string::npos) << error;
  TxnCounts c = CountTxns(h);
  EXPECT_EQ(c.invoked, 1);
  EXPECT_EQ(c.unknown, 1);
  EXPECT_EQ(progress_acked, 0);
}

}  // namespace
}  // namespace ks
