// A producer played by a program of its own: each Send() is a batch, one run of the program with
// a value prefix of its own, and its producer_send_success / producer_send_error lines become the
// producer's send ops with the record identities the prefix maps back to. The programs are small
// sh scripts that print what VerifiableProducer prints without touching Kafka.
#include "actors/process_producer.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "support/labelled_processes.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view kRun = "18c2f9a1b2c3d7f0a-0";

// $1 records ($2: the value prefix), record i with key i % 3 to partition i % 2 at offset 10 + i,
// except those whose number is in $SKIP (not reported) or $FAIL (reported as failed); then
// shutdown_complete unless $NO_SHUTDOWN is set, and exit $STATUS (default 0).
constexpr const char* kFakeProducer = R"(n=$1; prefix=$2
echo '{"name":"startup_complete"}'
i=0
while [ $i -lt $n ]; do
  case " $SKIP " in *" $i "*) i=$((i+1)); continue ;; esac
  case " $FAIL " in
    *" $i "*) echo "{\"name\":\"producer_send_error\",\"exception\":\"TimeoutException\",\"message\":\"expired\",\"topic\":\"run-orders\",\"key\":\"$((i % 3))\",\"value\":\"$prefix.$i\"}" ;;
    *) echo "{\"name\":\"producer_send_success\",\"key\":\"$((i % 3))\",\"value\":\"$prefix.$i\",\"offset\":$((10 + i)),\"topic\":\"run-orders\",\"partition\":$((i % 2))}" ;;
  esac
  i=$((i+1))
done
if [ -z "$NO_SHUTDOWN" ]; then echo '{"name":"shutdown_complete"}'; fi
exit ${STATUS:-0})";

class ProcessProducerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spec_.name = "process-producer-test-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name();
    spec_.topic = "orders";
    spec_.client.kind = ClientSpec::Kind::kCommand;
    spec_.client.command = {"sh", "-c", kFakeProducer, "sh", "{messages}", "{value_prefix}"};
    const uint32_t topic = recorder_.AddTopic("orders");
    topics_.Add({"orders", "run-orders", topic, 2, 0, 0});
    producer_ = recorder_.AddProducer(spec_.name, ProducerInfo{});
    log_ = &recorder_.AddActor({spec_.name, ActorInfo::Role::kProducer, kNoId, -1});
    progress_ = std::make_unique<ProducerProgress>(topics_.slots());
  }
  void TearDown() override {
    actor_.reset();
    EXPECT_EQ(test_support::ProcessesLabelledSoon(spec_.name), std::vector<pid_t>{});
  }

  ProcessProducer& Producer(std::vector<std::pair<std::string, std::string>> env = {}) {
    spec_.client.env = std::move(env);
    ProducerSetup setup;
    setup.spec = &spec_;
    setup.topic = topics_.FindLogical("orders");
    setup.bootstrap_servers = "b:9092";
    setup.history_producer = producer_;
    setup.deadline_us = log_->NowUs() + 60'000'000;
    setup.run_id = std::string(kRun);
    setup.identities = &identities_;
    setup.scenario_dir = "/scenarios";
    actor_ = std::make_unique<ProcessProducer>(setup, log_, progress_.get());
    return *actor_;
  }

  // The producer's ops, in words ("invoke 3 key 0", "ok 3 orders 1 @13 key 0", "info 4").
  std::vector<std::string> Ops() {
    actor_.reset();
    const History h = recorder_.Finish();
    std::vector<std::string> out;
    for (const Op& op : h.ops) {
      EXPECT_EQ(op.kind, OpKind::kSend);
      EXPECT_EQ(op.producer, producer_);
      std::string s = fmt::format("{} {}", ToString(op.type), op.seq);
      if (op.partition >= 0) s += fmt::format(" {} {}", h.topics.Get(op.topic), op.partition);
      if (op.offset >= 0) s += fmt::format(" @{}", op.offset);
      if (op.key != kNoId) s += " key " + h.keys.Get(op.key);
      out.push_back(s);
    }
    return out;
  }

  ProducerSpec spec_;
  HistoryRecorder recorder_;
  TopicMap topics_;
  uint32_t producer_ = kNoId;
  ActorLog* log_ = nullptr;
  ValueIdentities identities_{std::string(kRun)};
  std::unique_ptr<ProducerProgress> progress_;
  std::unique_ptr<ProcessProducer> actor_;
};

TEST_F(ProcessProducerTest, EachBatchIsARunOfTheProgramWithAPrefixOfItsOwn) {
  ProcessProducer& p = Producer();
  ASSERT_TRUE(p.Start().ok());
  EXPECT_TRUE(progress_->finished.load());  // nothing asked yet
  p.Send(3);
  p.Send(2);
  p.Send(0);  // nothing
  EXPECT_EQ(p.Requested(), 5);
  p.Close();
  p.Join();
  EXPECT_EQ(p.error(), "");
  EXPECT_TRUE(progress_->finished.load());
  EXPECT_EQ(progress_->sent.load(), 5);
  EXPECT_EQ(progress_->acked.load(), 5);
  // The highest acknowledged offsets: record 2 (partition 0) and records 1 and 4 (partition 1).
  EXPECT_EQ(progress_->acked_offsets.Get(0), 12);
  EXPECT_EQ(progress_->acked_offsets.Get(1), 11);
  EXPECT_TRUE(identities_.any());
  // The second batch's records are 3 and 4 of the producer, numbered 0 and 1 by its program.
  EXPECT_EQ(Ops(), (std::vector<std::string>{
                       "invoke 0 key 0",
                       "ok 0 orders 0 @10 key 0",  //
                       "invoke 1 key 1",
                       "ok 1 orders 1 @11 key 1",  //
                       "invoke 2 key 2",
                       "ok 2 orders 0 @12 key 2",  //
                       "invoke 3 key 0",
                       "ok 3 orders 0 @10 key 0",  //
                       "invoke 4 key 1",
                       "ok 4 orders 1 @11 key 1",
                   }));
}

TEST_F(ProcessProducerTest, AFailedSendIsInfoAndAnUnreportedOneBeforeAReportedOneToo) {
  ProcessProducer& p = Producer({{"SKIP", "1"}, {"FAIL", "2"}});
  ASSERT_TRUE(p.Start().ok());
  p.Send(4);
  p.Close();
  p.Join();
  EXPECT_EQ(p.error(), "");
  EXPECT_EQ(progress_->acked.load(), 2);
  EXPECT_EQ(progress_->failed.load(), 1);
  // Record 1 was sent (3 came after it), its outcome unknown: info, after the batch.
  EXPECT_EQ(Ops(), (std::vector<std::string>{
                       "invoke 0 key 0",
                       "ok 0 orders 0 @10 key 0",  //
                       "invoke 2 key 2",
                       "info 2 key 2",  //
                       "invoke 3 key 0",
                       "ok 3 orders 1 @13 key 0",  //
                       "invoke 1",
                       "info 1",
                   }));
}

TEST_F(ProcessProducerTest, AProgramThatEndsWithoutShutdownCompleteIsTheProducersError) {
  ProcessProducer& p = Producer({{"NO_SHUTDOWN", "1"}, {"SKIP", "2"}});
  ASSERT_TRUE(p.Start().ok());
  p.Send(3);
  p.Send(5);  // not started: the producer stops at its first failed batch
  p.Close();
  p.Join();
  EXPECT_NE(p.error().find(spec_.name + " (sh -c "), std::string::npos) << p.error();
  EXPECT_NE(p.error().find("exit status 0 without shutdown_complete"), std::string::npos)
      << p.error();
  EXPECT_TRUE(progress_->finished.load());
  // Record 2 is after the last reported one: whether it was sent is not known, it is left out.
  EXPECT_EQ(Ops(), (std::vector<std::string>{
                       "invoke 0 key 0",
                       "ok 0 orders 0 @10 key 0",  //
                       "invoke 1 key 1",
                       "ok 1 orders 1 @11 key 1",
                   }));
}

TEST_F(ProcessProducerTest, AValueWithoutItsBatchsPrefixIsAnError) {
  spec_.client.command = {"sh", "-c", R"(echo '{"name":"startup_complete"}'
echo '{"name":"producer_send_success","key":null,"value":"7.0","offset":0,"topic":"run-orders","partition":0}'
echo '{"name":"shutdown_complete"}')"};
  ProcessProducer& p = Producer();
  ASSERT_TRUE(p.Start().ok());
  p.Send(1);
  p.Close();
  p.Join();
  // The batch's prefix: the run's first, as another ValueIdentities of the run draws it.
  ValueIdentities same{std::string(kRun)};
  EXPECT_EQ(p.error(), "producer " + spec_.name + ": producer_send_success value 7.0 is not \"" +
                           std::to_string(same.AddBatch(0, 0, 1000)) +
                           ".<n>\" with n below 1: the runner cannot tell which record it was");
  EXPECT_EQ(progress_->sent.load(), 0);
  EXPECT_TRUE(Ops().empty());
}

TEST_F(ProcessProducerTest, RequestStopEndsTheBatchWithoutAnError) {
  spec_.client.command = {"sh", "-c", R"(trap 'echo "{\"name\":\"shutdown_complete\"}"; exit 0' TERM
echo '{"name":"startup_complete"}'
sleep 300 &
wait $!)"};
  ProcessProducer& p = Producer();
  ASSERT_TRUE(p.Start().ok());
  p.Send(100);
  // Until its program runs, a stop could come before it.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (test_support::ProcessesLabelled(spec_.name).empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  p.RequestStop();
  p.Join();
  EXPECT_EQ(p.error(), "");
  EXPECT_TRUE(progress_->finished.load());
  EXPECT_TRUE(Ops().empty());
}

}  // namespace
}  // namespace ks
