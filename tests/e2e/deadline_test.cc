// Every run ends by its deadline with a report (issue 13): a scenario's `timeout` and a first
// SIGTERM end it even when librdkafka or a C function called from Lua does not return. Each case
// runs the built binary as a child process, so a run it abandons cannot outlive the test.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

namespace ks {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kBinary = KS_BINARY_DIR "/kafka-scenario";
const std::string kData = KS_SOURCE_DIR "/tests/data/e2e/deadline/";

struct Child {
  int status = -1;  ///< the exit status, or 128 + the signal that ended it
  double seconds = 0;
};

// Runs `kafka-scenario <args>` with its output thrown away; sends SIGTERM after `term_after` (if
// positive); kills it (and fails the test) if it is still running after `cap`.
Child RunBinary(const std::vector<std::string>& args, std::chrono::milliseconds term_after,
                std::chrono::seconds cap) {
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    std::vector<char*> argv{const_cast<char*>("kafka-scenario")};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(kBinary, argv.data());
    _exit(127);
  }
  Child c;
  bool termed = false;
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      c.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    const auto elapsed = Clock::now() - start;
    if (!termed && term_after.count() > 0 && elapsed >= term_after) {
      kill(pid, SIGTERM);
      termed = true;
    }
    if (elapsed >= cap) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "kafka-scenario still running after " << cap.count() << " s";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  c.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return c;
}

// The one scenario of the JSON report at `path`.
nlohmann::json ScenarioOf(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return {};
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("scenarios") || j["scenarios"].empty()) return {};
  return j["scenarios"][0];
}

class DeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kBinary)) GTEST_SKIP() << "kafka-scenario not built";
    dir_ = fs::temp_directory_path() /
           ("ks-deadline-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // The reproducer must reach the run: refused at validation, the test would prove nothing.
  static void ExpectValid(const std::string& file) {
    EXPECT_EQ(RunBinary({"validate", file}, {}, std::chrono::seconds(60)).status, 0)
        << file << " is refused at validation";
  }
  fs::path report() const { return dir_ / "report.json"; }
  // A run ended by SIGTERM: the signal's exit status, and a report whose scenario is an error
  // saying it was interrupted.
  void ExpectInterruptedWithAReport(const Child& c) const {
    EXPECT_EQ(c.status, 128 + SIGTERM);
    const nlohmann::json s = ScenarioOf(report());
    ASSERT_FALSE(s.is_null()) << "no report";
    EXPECT_EQ(s.value("verdict", ""), "error");
    EXPECT_EQ(s.value("reason", "").rfind("interrupted", 0), 0u) << s.dump(2);
  }
  fs::path dir_;
};

TEST_F(DeadlineTest, AGmatchThatBacktracksEndsWithinTheTimeout) {
  const Child c = RunBinary({"run", kData + "gmatch-key.yaml", "--json", report().string()}, {},
                            std::chrono::seconds(120));
  // Refused by the pattern guard at the first record, well before the 10 s timeout.
  EXPECT_LT(c.seconds, 10.0);
  EXPECT_EQ(c.status, 1);
  const nlohmann::json s = ScenarioOf(report());
  ASSERT_FALSE(s.is_null()) << "no report";
  EXPECT_EQ(s.value("verdict", ""), "fail");
  EXPECT_NE(s.dump().find("string.gmatch: pattern '^a*a*b'"), std::string::npos) << s.dump(2);
}

TEST_F(DeadlineTest, ARunLibrdkafkaCannotFinishEndsByItsDeadlineWithAReport) {
  const std::string file = kData + "many-partitions.yaml";
  ExpectValid(file);
  const Child c =
      RunBinary({"run", file, "--json", report().string()}, {}, std::chrono::seconds(120));
  // 2 s timeout + 10 s to stop (kStopGrace), with slack for a loaded machine. Whether the run
  // stops on its own (its waits fail: exit 1) or is abandoned (an error: exit 3) depends on where
  // librdkafka is when the deadline comes.
  EXPECT_LT(c.seconds, 2 + 10 + 10.0);
  EXPECT_TRUE(c.status == 1 || c.status == 3) << c.status;
  const nlohmann::json s = ScenarioOf(report());
  ASSERT_FALSE(s.is_null()) << "no report";
  EXPECT_NE(s.value("verdict", ""), "pass") << s.dump(2);
}

TEST_F(DeadlineTest, SigtermEndsTheManyPartitionsRunWithinTheGrace) {
  const std::string file = kData + "many-partitions.yaml";
  ExpectValid(file);
  const Child c = RunBinary({"run", file, "--json", report().string()},
                            std::chrono::milliseconds(1000), std::chrono::seconds(120));
  // 1 s (inside the 2 s timeout), then at most 5 s after the signal (kInterruptGrace), with
  // slack: the run stops on its own if it can, or is abandoned where librdkafka holds it.
  EXPECT_LT(c.seconds, 1 + 5 + 8.0);
  ExpectInterruptedWithAReport(c);
}

TEST_F(DeadlineTest, SigtermStopsARunningScenarioWithAReport) {
  const Child c = RunBinary({"run", kData + "long-run.yaml", "--json", report().string()},
                            std::chrono::milliseconds(5000), std::chrono::seconds(120));
  EXPECT_LT(c.seconds, 5 + 5 + 8.0);
  ExpectInterruptedWithAReport(c);
}

}  // namespace
}  // namespace ks
