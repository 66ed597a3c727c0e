// `kafka-scenario broker` as a separate process: any Kafka client can use the cluster it
// serves, and an interrupt ends it cleanly; lessons run on it through the external target, also
// again and again on the same existing topics.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "cli/cli.h"
#include "support/binary_run.h"
#include "support/cli_runner.h"
#include "support/interrupt_guard.h"
#include "target/rdkafka_handles.h"

namespace ks {
namespace {

using test_support::Cli;
using test_support::CliRun;

// Starts the binary with its stdout on a pipe; returns the child's pid and the pipe's read end.
pid_t StartBroker(int* read_fd, const char* topics = "orders:3") {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(KS_BINARY_DIR "/kafka-scenario", "kafka-scenario", "broker", "--brokers", "2", "--topics",
          topics, static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  *read_fd = fds[0];
  return pid;
}

// Reads lines until one starts with `prefix` or `timeout` passes; returns the rest of it.
std::string ReadLineWith(int fd, const std::string& prefix, std::chrono::seconds timeout) {
  std::string buffer;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char chunk[512];
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<size_t>(n));
    for (size_t start = 0, end; (end = buffer.find('\n', start)) != std::string::npos;
         start = end + 1) {
      const std::string line = buffer.substr(start, end - start);
      if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
    }
  }
  return "";
}

// Waits up to `timeout` for the child to exit; its exit status, or -1.
int WaitExit(pid_t pid, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

std::atomic<int> delivered_ok{0};
void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) delivered_ok.fetch_add(1);
}

TEST(BrokerCommand, ServesAClusterAnyClientCanUseUntilInterrupted) {
  int fd = -1;
  const pid_t pid = StartBroker(&fd);
  ASSERT_GT(pid, 0);
  const std::string bootstrap = ReadLineWith(fd, "bootstrap.servers=", std::chrono::seconds(30));
  ASSERT_FALSE(bootstrap.empty()) << "no bootstrap.servers line within 30 s";

  std::string error;
  ConfPtr conf(rd_kafka_conf_new());
  ASSERT_TRUE(SetConf(conf.get(), "bootstrap.servers", bootstrap, &error)) << error;
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &OnDelivery);
  KafkaPtr producer = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
  ASSERT_TRUE(producer) << error;
  conf.release();
  const rd_kafka_metadata_t* md = nullptr;
  ASSERT_EQ(rd_kafka_metadata(producer.get(), 1, nullptr, &md, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
  MetadataPtr owned(md);
  int orders_partitions = -1;
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (std::string(md->topics[i].topic) == "orders")
      orders_partitions = md->topics[i].partition_cnt;
  }
  EXPECT_EQ(orders_partitions, 3);
  EXPECT_EQ(md->broker_cnt, 2);
  for (int i = 0; i < 20; ++i) {
    const std::string value = "record " + std::to_string(i);
    ASSERT_EQ(rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC("orders"),
                                RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
              RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  EXPECT_EQ(rd_kafka_flush(producer.get(), 15000), RD_KAFKA_RESP_ERR_NO_ERROR);
  EXPECT_EQ(delivered_ok.load(), 20);
  producer.reset();

  ASSERT_EQ(kill(pid, SIGINT), 0);
  EXPECT_EQ(WaitExit(pid, std::chrono::seconds(15)), 0);
  close(fd);
}

// The same lesson through the external target, against a cluster in another process: the
// client path a real cluster takes (bootstrap servers, existing topics, offsets at the end).
TEST(BrokerCommand, ALessonRunsWithBootstrapServersAndExistingTopics) {
  int fd = -1;
  const pid_t pid = StartBroker(&fd, "greetings:3,clicks:3,audit:1,invoices:3");
  ASSERT_GT(pid, 0);
  const std::string bootstrap = ReadLineWith(fd, "bootstrap.servers=", std::chrono::seconds(30));
  ASSERT_FALSE(bootstrap.empty());
  const std::string lesson = KS_SOURCE_DIR "/scenarios/001-hello.yaml";
  CliRun r = Cli({"run", lesson, KS_SOURCE_DIR "/scenarios/004-order-within-partition.yaml",
                  KS_SOURCE_DIR "/scenarios/010-records-stay.yaml",
                  KS_SOURCE_DIR "/scenarios/025-transactions-read-committed.yaml",
                  "--bootstrap-servers", bootstrap, "--existing-topics"});
  EXPECT_EQ(r.outcome, Outcome::kOk) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS  hello"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS  order-within-partition"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS  records-stay"), std::string::npos) << r.out;
  // The mock answers no DescribeConfigs: what it supports is unknown, so nothing is assumed.
  EXPECT_NE(r.out.find("SKIP  transactions-read-committed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("did not answer DescribeConfigs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("scenario(s) on " + bootstrap), std::string::npos) << r.out;

  // list asks the same cluster what it can run.
  CliRun listed = Cli({"list", KS_SOURCE_DIR "/scenarios", "--bootstrap-servers", bootstrap});
  EXPECT_EQ(listed.outcome, Outcome::kOk) << listed.err;
  auto row = [&](const std::string& number) {
    const size_t at = listed.out.find("\n" + number + " ");
    return at == std::string::npos
               ? std::string()
               : listed.out.substr(at + 1, listed.out.find('\n', at + 1) - at - 1);
  };
  EXPECT_TRUE(row("001").ends_with("  yes")) << listed.out;
  EXPECT_TRUE(row("025").ends_with("needs transactions, read_committed")) << listed.out;
  EXPECT_NE(row("015").find("no: "), std::string::npos) << listed.out;
  // Written for 3 brokers, and this cluster has 2: its broker outage would mean something else.
  EXPECT_NE(row("015").find("written for 3 broker(s) (cluster.brokers)"), std::string::npos)
      << listed.out;

  // Ctrl-C stops a run at its next tick: an error, exit 130, not a pass. The request it leaves
  // must not reach the tests after this one.
  test_support::InterruptGuard interrupt_guard;
  std::thread interrupt([] {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    kill(getpid(), SIGINT);
  });
  const auto start = std::chrono::steady_clock::now();
  CliRun cut = Cli({"run", lesson, lesson, "--bootstrap-servers", bootstrap, "--existing-topics"});
  interrupt.join();
  EXPECT_EQ(cut.outcome, Outcome::kInterrupted) << cut.out << cut.err;
  EXPECT_NE(cut.out.find("interrupted"), std::string::npos) << cut.out;
  EXPECT_NE(cut.out.find("not run: the run was interrupted"), std::string::npos) << cut.out;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  kill(pid, SIGINT);
  EXPECT_EQ(WaitExit(pid, std::chrono::seconds(15)), 0);
  close(fd);

  // A topic of another shape is refused, not used.
  const pid_t other = StartBroker(&fd, "greetings:2");
  ASSERT_GT(other, 0);
  const std::string other_bootstrap =
      ReadLineWith(fd, "bootstrap.servers=", std::chrono::seconds(30));
  ASSERT_FALSE(other_bootstrap.empty());
  CliRun refused =
      Cli({"run", lesson, "--bootstrap-servers", other_bootstrap, "--existing-topics"});
  EXPECT_EQ(refused.outcome, Outcome::kClusterError) << refused.out;
  EXPECT_NE(refused.out.find("topic 'greetings' has 2 partitions on the cluster, the scenario "
                             "says 3"),
            std::string::npos)
      << refused.out;
  kill(other, SIGINT);
  EXPECT_EQ(WaitExit(other, std::chrono::seconds(15)), 0);
  close(fd);
}

// Issue 12: a lesson run again on the same existing topic reads the earlier runs' records, with
// the same "<producer>#<seq>" identities; each run judges only its own, and so does `check` on
// its saved history.
TEST(BrokerCommand, ALessonRunsAgainOnTheSameExistingTopics) {
  namespace fs = std::filesystem;
  int fd = -1;
  const pid_t pid = StartBroker(&fd, "greetings:3");
  ASSERT_GT(pid, 0);
  const std::string bootstrap = ReadLineWith(fd, "bootstrap.servers=", std::chrono::seconds(30));
  ASSERT_FALSE(bootstrap.empty());
  const std::string lesson = KS_SOURCE_DIR "/scenarios/001-hello.yaml";
  const fs::path dir = fs::temp_directory_path() / ("ks-rerun-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string history = (dir / "h.jsonl").string();

  CliRun first = Cli({"run", lesson, "--bootstrap-servers", bootstrap, "--existing-topics"});
  EXPECT_EQ(first.outcome, Outcome::kOk) << first.out << first.err;
  // The same lesson twice in one invocation (two runs, two run ids), after the first invocation.
  CliRun again = Cli({"run", lesson, lesson, "--bootstrap-servers", bootstrap, "--existing-topics",
                      "--history", (dir / "").string()});
  EXPECT_EQ(again.outcome, Outcome::kOk) << again.out << again.err;
  EXPECT_EQ(again.out.find("FAIL"), std::string::npos) << again.out;
  kill(pid, SIGINT);
  EXPECT_EQ(WaitExit(pid, std::chrono::seconds(15)), 0);
  close(fd);

  // The last run's history: its own 1,000 records, and the 2,000 earlier ones as foreign polls.
  const std::string saved = (dir / "hello.history.jsonl").string();
  std::ifstream in(saved);
  std::string line;
  ASSERT_TRUE(std::getline(in, line)) << saved;
  const nlohmann::json header = nlohmann::json::parse(line);
  ASSERT_TRUE(header.contains("run_id")) << line;
  EXPECT_TRUE(header["run_id"].get<std::string>().ends_with("-1")) << line;
  size_t own = 0, foreign = 0;
  while (std::getline(in, line)) {
    const nlohmann::json op = nlohmann::json::parse(line);
    if (op["f"] != "poll") continue;
    ++(op.contains("record") ? own : foreign);
  }
  EXPECT_EQ(own, 1000u);
  EXPECT_EQ(foreign, 2000u);
  CliRun check = Cli({"check", saved, "--scenario", lesson});
  EXPECT_EQ(check.outcome, Outcome::kOk) << check.out << check.err;
  fs::remove_all(dir);
}

// Issue 15: the embedded broker creates no topics, and a run that expects it to is told at once
// how to go on; explain asks that cluster, not the embedded one, what it has.
TEST(BrokerCommand, ARunThatWouldCreateTopicsIsToldToUseExistingTopicsAndExplainAsksThisCluster) {
  int fd = -1;
  const pid_t pid = StartBroker(&fd, "orders:3");
  ASSERT_GT(pid, 0);
  const std::string bootstrap = ReadLineWith(fd, "bootstrap.servers=", std::chrono::seconds(30));
  ASSERT_FALSE(bootstrap.empty());
  const auto start = std::chrono::steady_clock::now();
  test_support::BinaryRun r = test_support::RunBinary(
      {"run", KS_SOURCE_DIR "/scenarios/001-hello.yaml", "--bootstrap-server", bootstrap});
  EXPECT_EQ(r.status, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("create them when starting it (kafka-scenario broker --topics "
                       "greetings:3) and run with --existing-topics"),
            std::string::npos)
      << r.out;
  // Not the 30 s of a CreateTopics nobody answers.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(15));

  test_support::BinaryRun explained =
      test_support::RunBinary({"explain", KS_SOURCE_DIR "/scenarios/014-idempotent-producer.yaml",
                               "--bootstrap-server", bootstrap});
  EXPECT_EQ(explained.status, 0) << explained.err;
  EXPECT_NE(explained.out.find("did not answer DescribeConfigs"), std::string::npos)
      << explained.out;
  test_support::BinaryRun embedded =
      test_support::RunBinary({"explain", KS_SOURCE_DIR "/scenarios/014-idempotent-producer.yaml"});
  EXPECT_EQ(embedded.out.find("did not answer DescribeConfigs"), std::string::npos) << embedded.out;
  kill(pid, SIGINT);
  EXPECT_EQ(WaitExit(pid, std::chrono::seconds(15)), 0);
  close(fd);
}

}  // namespace
}  // namespace ks
