// A group member played by a program of its own: its protocol lines become the member's ops as
// the librdkafka member's would (assign, revoke, poll with the identity its value carries,
// commit), and its stop and failures are recorded as such. The programs are small sh scripts.
#include "actors/process_member.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "actors/record_identity.h"
#include "support/labelled_processes.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view kRun = "18c2f9a1b2c3d7f0a-0";

// One op of the member's log, in words: "assign run 1", "poll p#103 @7", "commit fail 0 @6".
std::string Describe(const History& h, const Op& op) {
  std::string out(ToString(op.kind));
  if (op.kind == OpKind::kCommit) out += fmt::format(" {}", ToString(op.type));
  if (op.topic != kNoId) out += fmt::format(" {} {}", h.topics.Get(op.topic), op.partition);
  if (op.kind == OpKind::kPoll) {
    out += op.has_record() ? fmt::format(" {}#{}", h.producers.Get(op.producer), op.seq)
                           : std::string(" foreign");
    if (op.key != kNoId) out += " key " + h.keys.Get(op.key);
  }
  if (op.offset >= 0) out += fmt::format(" @{}", op.offset);
  return out;
}

class ProcessMemberTest : public ::testing::Test {
 protected:
  void SetUp() override {
    group_.name = "process-member-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name();
    group_.topics = {"orders"};
    group_.offset_reset = OffsetReset::kEarliest;
    group_.client.kind = ClientSpec::Kind::kCommand;
    recorder_.AddGroup(group_.name);
    const uint32_t topic = recorder_.AddTopic("orders");
    topics_.Add({"orders", "run-orders", topic, 2, 0, 0});
    producer_ = recorder_.AddProducer("p", ProducerInfo{});
    log_ = &recorder_.AddActor({group_.name + "/0", ActorInfo::Role::kMember, 0, 0});
    progress_ = std::make_unique<GroupProgress>(1, topics_.slots());
  }
  void TearDown() override {
    member_.reset();
    EXPECT_EQ(test_support::ProcessesLabelledSoon(label()), std::vector<pid_t>{});
  }
  std::string label() const { return group_.name + "/0"; }

  ProcessMember& Member(const std::string& script, int64_t startup_timeout_ms = 10000,
                        std::vector<std::pair<std::string, std::string>> env = {}) {
    group_.client.command = {"sh", "-c", script};
    group_.client.env = std::move(env);
    group_.client.startup_timeout_ms = startup_timeout_ms;
    MemberSetup setup;
    setup.group = &group_;
    setup.index = 0;
    setup.topics = &topics_;
    setup.tables = &recorder_.tables();
    setup.bootstrap_servers = "b:9092";
    setup.run_id = std::string(kRun);
    setup.identities = &identities_;
    setup.scenario_dir = "/scenarios";
    member_ = std::make_unique<ProcessMember>(setup, log_, progress_.get());
    return *member_;
  }

  // Waits until the member has polled `n` records (the program prints its records last).
  void WaitPolled(int64_t n) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (progress_->polled.load() < n && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_EQ(progress_->polled.load(), n);
  }

  // The member's ops, in words, once the recorder is finished.
  std::vector<std::string> Ops() {
    member_.reset();
    const History h = recorder_.Finish();
    std::vector<std::string> out;
    for (const Op& op : h.ops) out.push_back(Describe(h, op));
    return out;
  }

  GroupSpec group_;
  HistoryRecorder recorder_;
  TopicMap topics_;
  uint32_t producer_ = kNoId;
  ActorLog* log_ = nullptr;
  ValueIdentities identities_{std::string(kRun)};
  std::unique_ptr<GroupProgress> progress_;
  std::unique_ptr<ProcessMember> member_;
};

// On SIGTERM, shutdown_complete and a clean exit.
constexpr const char* kCleanStop =
    R"(trap 'echo "{\"name\":\"shutdown_complete\"}"; exit 0' TERM
)";
// Then waits for its signal.
constexpr const char* kWait = R"(
sleep 300 &
wait $!)";

TEST_F(ProcessMemberTest, ItsEventsBecomeTheMembersOps) {
  const int32_t prefix = identities_.AddBatch(producer_, 100, 1000);
  std::string written, identity;
  FormatIdentity("p", 7, kRun, &written);
  IdentityValue(written, 30, &identity);
  ProcessMember& m = Member(std::string(kCleanStop) +
                            fmt::format(R"(
echo '{{"name":"startup_complete"}}'
echo '{{"name":"partitions_revoked","partitions":[]}}'
echo '{{"name":"partitions_assigned","partitions":[{{"topic":"run-orders","partition":0}},{{"topic":"run-orders","partition":1}},{{"topic":"elsewhere","partition":0}},{{"topic":"run-orders","partition":9}}]}}'
echo '{{"name":"offsets_committed","offsets":[{{"topic":"run-orders","partition":0,"offset":5}}],"success":true}}'
echo '{{"name":"offsets_committed","offsets":[{{"topic":"run-orders","partition":1,"offset":6}}],"success":false,"error":"rebalanced"}}'
echo '{{"name":"partitions_revoked","partitions":[{{"topic":"run-orders","partition":1}}]}}'
echo '{{"name":"record_data","key":"k1","value":"{}.3","topic":"run-orders","partition":0,"offset":7}}'
echo '{{"name":"record_data","key":null,"value":"{}","topic":"run-orders","partition":0,"offset":8}}'
echo '{{"name":"record_data","key":null,"value":"not an identity","topic":"run-orders","partition":0,"offset":9}}'
echo '{{"name":"record_data","key":null,"value":"{}.3","topic":"elsewhere","partition":0,"offset":1}}')",
                                        prefix, identity, prefix) +
                            kWait);
  const Status st = m.Start();
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_TRUE(m.running());
  EXPECT_TRUE(m.has_run());
  EXPECT_EQ(m.name(), label());
  WaitPolled(3);  // the record of another topic is not the scenario's
  EXPECT_EQ(progress_->committed.Get(0), 5);
  EXPECT_EQ(progress_->committed.Get(1), -1);  // failed
  m.Stop();
  EXPECT_FALSE(m.running());
  EXPECT_EQ(m.fatal_error(), "");
  EXPECT_EQ(Ops(), (std::vector<std::string>{
                       "start",
                       "assign orders 0",
                       "assign orders 1",
                       "commit ok orders 0 @5",
                       "commit fail orders 1 @6",
                       "revoke orders 1",
                       "poll orders 0 p#103 key k1 @7",
                       "poll orders 0 p#7 @8",
                       "poll orders 0 foreign @9",
                       "leave",
                       "stop",
                   }));
}

// StopTogether asks and waits for the final commit until its deadline: a program still running
// then is killed (it must not hold the run), one leave op and a crash, and it is late.
TEST_F(ProcessMemberTest, AProgramStillRunningAtTheFinalCommitDeadlineIsKilled) {
  ProcessMember& m = Member(R"(n=0
trap 'n=$((n+1)); if [ $n -ge 2 ]; then echo "{\"name\":\"shutdown_complete\"}"; exit 0; fi' TERM
echo '{"name":"startup_complete"}'
while :; do
  sleep 300 &
  wait $!
done)");
  ASSERT_TRUE(m.Start().ok());
  const std::vector<std::string> late =
      StopTogether({&m}, Clock::now() + std::chrono::milliseconds(300));
  EXPECT_EQ(late, std::vector<std::string>{label()});
  EXPECT_FALSE(m.running());
  EXPECT_EQ(m.fatal_error(), "");
  EXPECT_EQ(Ops(), (std::vector<std::string>{"start", "leave", "crash"}));
}

TEST_F(ProcessMemberTest, AProgramThatExitsUnaskedIsAFatalErrorAndACrash) {
  // It exits once the test has seen it start (the file $GO exists): a failure after Start().
  const std::string go = ::testing::TempDir() + "/" + group_.name + ".go";
  ::unlink(go.c_str());
  ProcessMember& m = Member(R"(echo '{"name":"startup_complete"}'
echo '{"name":"record_data","key":null,"value":"x","topic":"run-orders","partition":1,"offset":0}'
while [ ! -e "$GO" ]; do sleep 0.01; done
echo 'broken' >&2
exit 4)",
                            10000, {{"GO", go}});
  const Status st = m.Start();
  ASSERT_TRUE(st.ok()) << st.message();
  WaitPolled(1);
  EXPECT_EQ(m.fatal_error(), "");
  std::ofstream(go) << "go\n";
  // Once its failure shows, the member knows its program has ended.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (m.fatal_error().empty() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::unlink(go.c_str());
  m.Stop();
  EXPECT_NE(m.fatal_error().find(label() + " (sh -c "), std::string::npos) << m.fatal_error();
  EXPECT_NE(m.fatal_error().find("exit status 4 before it was asked to stop; the last lines of "
                                 "its stderr:\n    broken"),
            std::string::npos)
      << m.fatal_error();
  // It had ended: no leave; not shut down: a crash.
  EXPECT_EQ(Ops(), (std::vector<std::string>{"start", "poll orders 1 foreign @0", "crash"}));
}

// Start() returns why; the step that started it reports it, so it is no fatal_error() too.
TEST_F(ProcessMemberTest, AProgramThatNeverStartsIsAStartErrorAndACrash) {
  ProcessMember& m = Member("exec sleep 300", 200);
  const Status st = m.Start();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(m.fatal_error(), "");
  EXPECT_NE(st.message().find("no startup_complete within 200 ms"), std::string::npos)
      << st.message();
  EXPECT_FALSE(m.running());
  EXPECT_TRUE(m.has_run());
  EXPECT_EQ(Ops(), (std::vector<std::string>{"start", "crash"}));
}

TEST_F(ProcessMemberTest, ACrashKillsTheProgram) {
  ProcessMember& m =
      Member(std::string(kCleanStop) + R"(echo '{"name":"startup_complete"}')" + kWait);
  ASSERT_TRUE(m.Start().ok());
  EXPECT_FALSE(test_support::ProcessesLabelled(label()).empty());
  m.Crash();
  EXPECT_FALSE(m.running());
  EXPECT_EQ(m.fatal_error(), "");
  // No seek on a program.
  const Status seek = m.Seek(SeekSpec{}, 100);
  EXPECT_EQ(seek.message(), "member " + label() +
                                " is a command client: the runner cannot move a program's "
                                "position");
  EXPECT_EQ(Ops(), (std::vector<std::string>{"start", "crash"}));
}

// {client_config} may hold the target's password and private key: it is gone once the program
// said it started (it has read it by then), not only at the end of the run.
TEST_F(ProcessMemberTest, TheClientConfigFileIsRemovedOnceTheProgramStarted) {
  const std::string seen =
      ::testing::TempDir() + "client-config-path-" + std::to_string(::getpid());
  ProcessMember& m = Member(std::string(kCleanStop) + R"(
test -f "{client_config}" && echo "{client_config}" > ")" +
                            seen + R"("
echo '{"name":"startup_complete"}')" +
                            kWait);
  ASSERT_TRUE(m.Start().ok());
  std::ifstream in(seen);
  std::string path;
  std::getline(in, path);
  ASSERT_FALSE(path.empty()) << "the program did not find its {client_config} file";
  EXPECT_NE(::access(path.c_str(), F_OK), 0) << path << " still exists after startup_complete";
  m.Stop();
  ::unlink(seen.c_str());
}

// A program that dies on its own is a crash at that moment: the member is no longer live (a
// wait for an assignment sees it at once), and the failure is the scenario's.
TEST_F(ProcessMemberTest, AProgramThatDiesUnaskedIsACrashWhenItHappens) {
  ProcessMember& m = Member(R"(
echo '{"name":"startup_complete"}'
echo '{"name":"partitions_assigned","partitions":[{"topic":"run-orders","partition":0}]}'
sleep 1  # Start() has returned by then
echo 'exiting on its own' >&2
exit 3)");
  ASSERT_TRUE(m.Start().ok());
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (progress_->Snapshot().live[0] && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_FALSE(progress_->Snapshot().live[0]);
  EXPECT_TRUE(progress_->Snapshot().assignments[0].empty());
  EXPECT_NE(m.fatal_error().find("exit status 3 before it was asked to stop"), std::string::npos)
      << m.fatal_error();
  EXPECT_FALSE(m.running());  // a start step may start it again
  // The run's end: no second crash op, no leave op for a program that is gone.
  EXPECT_EQ(StopTogether({&m}, Clock::now() + std::chrono::seconds(5)), std::vector<std::string>{});
  EXPECT_EQ(Ops(), (std::vector<std::string>{"start", "assign orders 0", "crash"}));
}

}  // namespace
}  // namespace ks
