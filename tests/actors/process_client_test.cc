// A process actor's program, driven through ProcessClient: its protocol lines reach the owner in
// order, and each way a program can go wrong (a line that is not the protocol's, an exit nobody
// asked for, silence) fails it with a message that names the program, its exit and its stderr,
// and leaves no process behind. The programs are small sh scripts.
#include "actors/process_client.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/labelled_processes.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;
using test_support::ProcessesLabelled;

// A deadline for what takes milliseconds: generous, so a busy machine does not fail a test.
Clock::time_point Soon() { return Clock::now() + std::chrono::seconds(10); }

constexpr const char* kStartup = R"(echo '{"name":"startup_complete"}')";
constexpr const char* kShutdown = R"(echo '{"name":"shutdown_complete"}')";

// The events a client's handler got, in order, with the thread that called it.
class Events {
 public:
  ProcessClient::EventHandler Handler() {
    return [this](const ClientEvent& e) {
      std::lock_guard lock(mu_);
      names_.push_back(e.name);
      events_.push_back(e);
    };
  }
  std::vector<std::string> names() const {
    std::lock_guard lock(mu_);
    return names_;
  }
  std::vector<ClientEvent> events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> names_;
  std::vector<ClientEvent> events_;
};

class ProcessClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    label_ = "process-client-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }
  void TearDown() override {
    client_.reset();  // kills the group
    EXPECT_EQ(test_support::ProcessesLabelledSoon(label_), std::vector<pid_t>{})
        << "left running by " << label_;
  }

  // A client running `sh -c script`, labelled with the test's own label.
  ProcessClient& Client(const std::string& script, int64_t startup_timeout_ms = 10000,
                        bool ends_by_itself = false) {
    ProcessClient::Options options;
    options.launch.argv = {"sh", "-c", script};
    options.name = label_;
    options.startup_timeout_ms = startup_timeout_ms;
    options.ends_by_itself = ends_by_itself;
    client_ = std::make_unique<ProcessClient>(std::move(options), events_.Handler());
    return *client_;
  }

  // Start() must succeed.
  ProcessClient& Started(const std::string& script, bool ends_by_itself = false) {
    ProcessClient& c = Client(script, 10000, ends_by_itself);
    const Status st = c.Start();
    EXPECT_TRUE(st.ok()) << st.message();
    return c;
  }

  // Start() may see the program's failure already, when it comes right after startup_complete:
  // then it returns it.
  ProcessClient& StartedOrFailed(const std::string& script, bool ends_by_itself = false) {
    ProcessClient& c = Client(script, 10000, ends_by_itself);
    const Status st = c.Start();
    if (!st.ok()) {
      EXPECT_TRUE(c.WaitEnd(Soon()));
      EXPECT_EQ(st.message(), c.failure());
    }
    return c;
  }

  std::string label_;
  Events events_;
  std::unique_ptr<ProcessClient> client_;
};

TEST_F(ProcessClientTest, StartupThenEventsReachTheHandlerInOrder) {
  ProcessClient& c = Started(std::string(kStartup) + R"(
echo '{"name":"partitions_revoked","partitions":[]}'
echo '{"name":"partitions_assigned","partitions":[{"topic":"t","partition":0}]}'
printf '%s\r\n' '{"name":"record_data","key":null,"value":"1.0","topic":"t","partition":0,"offset":0}'
echo '{"name":"records_consumed","count":1,"partitions":[]}'
echo '{"name":"offsets_committed","offsets":[{"topic":"t","partition":0,"offset":1}],"success":true}'
printf '%s' '{"name":"shutdown_complete"}'
exit 0)",
                             /*ends_by_itself=*/true);
  ASSERT_TRUE(c.WaitEnd(Soon()));
  EXPECT_TRUE(c.ended());
  EXPECT_EQ(c.failure(), "");
  // The last line has no newline, and a "\r\n" ends a line as "\n" does.
  EXPECT_EQ(events_.names(),
            (std::vector<std::string>{"startup_complete", "partitions_revoked",
                                      "partitions_assigned", "record_data", "records_consumed",
                                      "offsets_committed", "shutdown_complete"}));
  EXPECT_TRUE(c.shut_down());
  const std::vector<ClientEvent> events = events_.events();
  ASSERT_EQ(events.size(), 7u);
  EXPECT_EQ(events[3].value, "1.0");
  EXPECT_EQ(events[3].offset, 0);
  ASSERT_EQ(events[5].partitions.size(), 1u);
  EXPECT_EQ(events[5].partitions[0].offset, 1);
}

TEST_F(ProcessClientTest, StartWaitsForStartupComplete) {
  // The first lines are not startup_complete: Start() goes on waiting for it.
  ProcessClient& c = Started(R"(echo '{"name":"tool_data"}'; echo waiting >&2; )" +
                             std::string(kStartup) + "; exec sleep 300");
  EXPECT_FALSE(c.ended());
  EXPECT_EQ(c.failure(), "");
  // Its handler saw startup_complete (Start() may return a moment before it is called).
  const auto deadline = Soon();
  while (events_.names().size() < 2 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"tool_data", "startup_complete"}));
}

TEST_F(ProcessClientTest, ALineThatIsNotTheProtocolFailsItAndKillsIt) {
  ProcessClient& c =
      StartedOrFailed(std::string(kStartup) +
                      R"(; echo '{"name":"tool_data"}'; echo 'Starting consumer group g';)" +
                      kShutdown + "; echo oops >&2; exec sleep 300");
  ASSERT_TRUE(c.WaitEnd(Soon())) << "still running after its bad line";
  EXPECT_EQ(c.failure().rfind(c.Describe() + ": line 3 of its stdout is not the verifiable "
                                             "clients' protocol (not JSON): Starting consumer "
                                             "group g",
                              0),
            0u)
      << c.failure();
  // The lines after the bad one are not read.
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"startup_complete", "tool_data"}));
  EXPECT_FALSE(c.shut_down());
  EXPECT_EQ(test_support::ProcessesLabelledSoon(label_), std::vector<pid_t>{});
}

TEST_F(ProcessClientTest, AnEventWithoutItsFieldsIsNotTheProtocol) {
  ProcessClient& c = StartedOrFailed(
      std::string(kStartup) + R"(; echo '{"name":"record_data","topic":"t"}'; exec sleep 300)");
  ASSERT_TRUE(c.WaitEnd(Soon()));
  EXPECT_NE(c.failure().find("line 2 of its stdout is not the verifiable clients' protocol "
                             "(record_data: \"partition\" must be an integer): "
                             "{\"name\":\"record_data\",\"topic\":\"t\"}"),
            std::string::npos)
      << c.failure();
}

TEST_F(ProcessClientTest, ABadLineBeforeStartupFailsStart) {
  ProcessClient& c = Client("echo 'Picked up JAVA_TOOL_OPTIONS: -Xmx1g'; exec sleep 300");
  const Status st = c.Start();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("line 1 of its stdout is not the verifiable clients' protocol "
                              "(not JSON): Picked up JAVA_TOOL_OPTIONS: -Xmx1g"),
            std::string::npos)
      << st.message();
  ASSERT_TRUE(c.WaitEnd(Soon()));
  EXPECT_EQ(c.failure(), st.message());
}

TEST_F(ProcessClientTest, ALongBadLineIsQuotedInPart) {
  ProcessClient& c = StartedOrFailed(std::string(kStartup) +
                                     "; head -c 500 /dev/zero | tr '\\0' a; echo; exec sleep 300");
  ASSERT_TRUE(c.WaitEnd(Soon()));
  // 200 bytes of it are shown.
  EXPECT_NE(c.failure().find("(not JSON): " + std::string(200, 'a') + "..."), std::string::npos)
      << c.failure();
  EXPECT_EQ(c.failure().find(std::string(201, 'a')), std::string::npos);
}

TEST_F(ProcessClientTest, ALineLongerThanAMebibyteFailsIt) {
  ProcessClient& c = StartedOrFailed(std::string(kStartup) +
                                     "; head -c 3000000 /dev/zero | tr '\\0' x; exec sleep 300");
  ASSERT_TRUE(c.WaitEnd(Soon()));
  EXPECT_NE(c.failure().find("line 2 of its stdout is longer than 1048576 bytes"),
            std::string::npos)
      << c.failure().substr(0, 500);
}

TEST_F(ProcessClientTest, ExitingUnaskedFailsWithTheExitStatusAndTheStderrTail) {
  ProcessClient& c =
      StartedOrFailed(std::string(kStartup) +
                      "; for i in $(seq 1 30); do echo \"stderr line $i\" >&2; done;"
                      " printf 'Exception in thread main\\n\\tat Main.main' >&2; exit 3");
  ASSERT_TRUE(c.WaitEnd(Soon()));
  const std::string f = c.failure();
  EXPECT_EQ(f.rfind(c.Describe() + ": exit status 3 before it was asked to stop; the last "
                                   "lines of its stderr:\n",
                    0),
            0u)
      << f;
  // The last 20 lines, the unterminated last one included.
  EXPECT_NE(f.find("\n    stderr line 30\n    Exception in thread main\n    \tat Main.main"),
            std::string::npos)
      << f;
  EXPECT_NE(f.find("\n    stderr line 13\n"), std::string::npos) << f;
  EXPECT_EQ(f.find("stderr line 12\n"), std::string::npos) << f;
  EXPECT_EQ(events_.names(), std::vector<std::string>{"startup_complete"});
}

TEST_F(ProcessClientTest, ExitingBeforeStartupFailsStart) {
  ProcessClient& c = Client("echo 'Error: Could not find or load main class' >&2; exit 1");
  const Status st = c.Start();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), c.Describe() +
                              ": exit status 1 before it was asked to stop; the last lines of its "
                              "stderr:\n    Error: Could not find or load main class");
  EXPECT_TRUE(c.ended());

  // Killed by a signal, with nothing on stderr.
  ProcessClient& killed = Client("kill -9 $$");
  const Status k = killed.Start();
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.message(), killed.Describe() +
                             ": killed by signal SIGKILL before it was asked to stop; it wrote "
                             "nothing on stderr");
}

TEST_F(ProcessClientTest, SilenceFailsStartAfterTheStartupTimeoutAndKillsIt) {
  ProcessClient& c = Client(R"(echo '{"name":"tool_data"}'; exec sleep 300)", 300);
  const Status st = c.Start();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(
      st.message().rfind(c.Describe() + ": no startup_complete within 300 ms of its start (client "
                                        "startup_timeout); it printed 1 other line(s)",
                         0),
      0u)
      << st.message();
  EXPECT_EQ(c.failure(), st.message());
  EXPECT_TRUE(c.ended());
  EXPECT_EQ(test_support::ProcessesLabelledSoon(label_), std::vector<pid_t>{});
}

TEST_F(ProcessClientTest, AProgramThatCannotStartNamesTheActorAndTheCause) {
  ProcessClient::Options options;
  options.launch.argv = {"ks-no-such-program-here", "--flag"};
  options.name = label_;
  ProcessClient c(options, events_.Handler());
  const Status st = c.Start();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), label_ +
                              " (ks-no-such-program-here --flag): cannot start "
                              "'ks-no-such-program-here': No such file or directory (looked up "
                              "in PATH)");
  EXPECT_FALSE(c.ended());
  EXPECT_EQ(c.failure(), "");
}

TEST_F(ProcessClientTest, TerminateEndsAProgramThatShutsDownCleanly) {
  ProcessClient& c = Started(R"(trap 'echo "{\"name\":\"shutdown_complete\"}"; exit 0' TERM
)" + std::string(kStartup) + R"(
sleep 300 &
wait $!)");
  EXPECT_FALSE(c.ended());
  c.Terminate();
  ASSERT_TRUE(c.WaitEnd(Soon()));
  EXPECT_EQ(c.failure(), "");
  EXPECT_TRUE(c.shut_down());
  EXPECT_EQ(events_.names(), (std::vector<std::string>{"startup_complete", "shutdown_complete"}));
}

TEST_F(ProcessClientTest, AProgramAskedToStopMayEndAsItLikes) {
  // Killed by the SIGTERM itself, without shutdown_complete: asked to stop, it is no failure.
  ProcessClient& c = Started(std::string(kStartup) + "; exec sleep 300");
  c.Terminate();
  ASSERT_TRUE(c.WaitEnd(Soon()));
  EXPECT_EQ(c.failure(), "");
  EXPECT_FALSE(c.shut_down());

  // Kill() waits until it is gone.
  ProcessClient& k = Started(std::string(kStartup) + "; trap '' TERM; exec sleep 300");
  k.Kill();
  EXPECT_TRUE(k.ended());
  EXPECT_EQ(k.failure(), "");
}

// A producer's batch (ProcessProducer) stopped just as its program starts: the SIGTERM must not
// be lost, or the program would send its whole batch.
TEST_F(ProcessClientTest, TerminateBeforeStartStopsTheProgramAsItStarts) {
  ProcessClient& c = Client(R"(trap 'echo "{\"name\":\"shutdown_complete\"}"; exit 0' TERM
)" + std::string(kStartup) + R"(
sleep 300 &
wait $!)");
  c.Terminate();
  const Status st = c.Start();
  ASSERT_TRUE(c.WaitEnd(Soon())) << "the program did not get its SIGTERM";
  EXPECT_EQ(c.failure(), "");
  // Whether it printed startup_complete before the signal came is the shell's race.
  if (!st.ok()) {
    EXPECT_EQ(st.message(), c.Describe() + ": asked to stop before it printed startup_complete");
  }
}

TEST_F(ProcessClientTest, AProducerThatEndsByItselfMustSayShutdownComplete) {
  // Exit 0 after shutdown_complete: a batch's normal end.
  ProcessClient& ok = Started(std::string(kStartup) + ";" + kShutdown + "; exit 0", true);
  ASSERT_TRUE(ok.WaitEnd(Soon()));
  EXPECT_EQ(ok.failure(), "");
  EXPECT_TRUE(ok.shut_down());
}

TEST_F(ProcessClientTest, AProducerThatExitsWithoutShutdownCompleteFails) {
  ProcessClient& c =
      StartedOrFailed(std::string(kStartup) + "; echo 'sent 3 of 5' >&2; exit 0", true);
  ASSERT_TRUE(c.WaitEnd(Soon()));
  EXPECT_EQ(c.failure(), c.Describe() +
                             ": exit status 0 without shutdown_complete; the last lines of its "
                             "stderr:\n    sent 3 of 5");
}

TEST_F(ProcessClientTest, AProducerThatFailsAfterShutdownCompleteFails) {
  ProcessClient& c = StartedOrFailed(std::string(kStartup) + ";" + kShutdown + "; exit 1", true);
  ASSERT_TRUE(c.WaitEnd(Soon()));
  EXPECT_EQ(
      c.failure(),
      c.Describe() + ": exit status 1 before it was asked to stop; it wrote nothing on stderr");
}

// The leader ends, a process it started holds its stdout open: the group is killed, and the end
// is judged on what the leader printed.
TEST_F(ProcessClientTest, AGrandchildHoldingTheOutputDoesNotKeepItRunning) {
  ProcessClient& c = Started(std::string(kStartup) + "; sleep 300 & " + kShutdown + "; exit 0",
                             /*ends_by_itself=*/true);
  ASSERT_TRUE(c.WaitEnd(Soon()));
  EXPECT_EQ(c.failure(), "");
  EXPECT_TRUE(c.shut_down());
}

TEST_F(ProcessClientTest, TheDestructorKillsARunningProgram) {
  Started("sleep 300 & " + std::string(kStartup) + "; sleep 300");
  // The shell and its sleeps (a process between fork and exec may not show for a moment).
  const auto deadline = Soon();
  size_t seen = 0;
  while ((seen = ProcessesLabelled(label_).size()) < 2 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  EXPECT_GE(seen, 2u);
  // TearDown destroys it and finds nothing left.
}

TEST_F(ProcessClientTest, DescribeNamesTheActorAndItsProgram) {
  ProcessClient& c = Client("exit 0");
  EXPECT_EQ(c.Describe(), label_ + " (sh -c exit 0)");
  ProcessClient::Options options;
  options.launch.argv = {"java", std::string(400, 'x')};
  options.name = "g/0";
  ProcessClient long_one(options, events_.Handler());
  const std::string d = long_one.Describe();
  EXPECT_EQ(d, "g/0 (java " + std::string(292, 'x') + "...)");
}

// A program that ignores SIGTERM is killed kTermGrace after it: it cannot hold the run.
TEST_F(ProcessClientTest, AProgramThatIgnoresSigtermIsKilledAfterTheGrace) {
  ProcessClient& c = Client(R"(trap '' TERM
echo '{"name":"startup_complete"}'
while :; do sleep 1; done)");
  ASSERT_TRUE(c.Start().ok());
  c.Terminate();
  const auto before = std::chrono::steady_clock::now();
  EXPECT_FALSE(c.WaitEndAfterTerminate(std::chrono::steady_clock::time_point::max()));
  EXPECT_GE(std::chrono::steady_clock::now() - before,
            ProcessClient::kTermGrace - std::chrono::milliseconds(100));
  EXPECT_TRUE(c.ended());
  EXPECT_EQ(c.failure(), "");  // it was asked to stop: the kill is the runner's, not a failure
}

}  // namespace
}  // namespace ks
