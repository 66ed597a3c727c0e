// End to end with the built binary on the embedded cluster: a consumer group played by a program
// of its own (client: {command: ...}; tests/data/process/fake-consumer.sh). A program that
// misbehaves (prints what is not the protocol, exits unasked, says nothing) fails the run, and
// the report names it and says how; Ctrl-C ends the run and every program it started.
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
#include <vector>

#include "support/binary_run.h"
#include "support/count.h"
#include "support/labelled_processes.h"
#include "support/read_file.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::seconds;

constexpr const char* kBinary = KS_BINARY_DIR "/kafka-scenario";
const std::string kScenario = KS_SOURCE_DIR "/tests/data/e2e/process-fake-consumer.yaml";
const std::string kLongScenario = KS_SOURCE_DIR "/tests/data/e2e/process-fake-consumer-long.yaml";
// As the member runs it: "{scenario_dir}/../process/fake-consumer.sh".
const std::string kProgram = KS_SOURCE_DIR "/tests/data/e2e/../process/fake-consumer.sh";

class ProcessActorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kBinary)) GTEST_SKIP() << "kafka-scenario not built";
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    // The programs inherit the runner's environment: this marks the ones this test started.
    mark_ = "KS_PROCESS_ACTORS_TEST=" + std::to_string(::getpid()) + "-" + name;
    dir_ = fs::temp_directory_path() /
           ("ks-process-actors-" + std::to_string(::getpid()) + "-" + name);
    // The runner's temporary files (a member's client properties file) go here.
    tmp_ = dir_ / "tmp";
    fs::create_directories(tmp_);
  }
  void TearDown() override {
    if (dir_.empty()) return;
    EXPECT_EQ(LeftoversSoon(), std::vector<pid_t>{}) << "programs of member g/0 left running";
    if (expect_no_files_left_) {
      EXPECT_EQ(FilesLeft(), std::vector<std::string>{}) << "left in the temporary folder";
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // What the runs left in their temporary folder.
  std::vector<std::string> FilesLeft() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(tmp_, ec)) out.push_back(e.path().string());
    return out;
  }

  // The processes of member g/0 that this test's runs started.
  std::vector<pid_t> Leftovers() const {
    return test_support::ProcessesWithEnvironment(
        {std::string(test_support::kActorLabelVariable) + "=g/0", mark_});
  }

  // Leftovers() once it is empty, or after 10 s.
  std::vector<pid_t> LeftoversSoon() const {
    return test_support::ProcessesWithEnvironmentSoon(
        {std::string(test_support::kActorLabelVariable) + "=g/0", mark_});
  }

  // The environment of a run whose fake consumer does `mode`.
  std::vector<std::pair<std::string, std::optional<std::string>>> Env(const std::string& mode) {
    const size_t eq = mark_.find('=');
    return {{"KS_FAKE_CONSUMER", mode},
            {mark_.substr(0, eq), mark_.substr(eq + 1)},
            {"TMPDIR", tmp_.string()}};
  }

  // Runs the scenario with the fake consumer doing `mode`, a JSON report in report().
  test_support::BinaryRun Run(const std::string& mode) {
    test_support::BinaryOptions options;
    options.env = Env(mode);
    options.cap = seconds(120);
    return test_support::RunBinary({"run", kScenario, "--json", report().string()}, options);
  }

  fs::path report() const { return dir_ / "report.json"; }

  // The report's one scenario.
  nlohmann::json Scenario() const {
    const nlohmann::json j =
        nlohmann::json::parse(test_support::ReadFile(report().string()), nullptr, false);
    if (j.is_discarded() || !j.contains("scenarios") || j["scenarios"].empty()) return {};
    return j["scenarios"][0];
  }

  // The report's problems, one a line.
  std::string Problems() const {
    std::string out;
    const nlohmann::json s = Scenario();
    if (!s.contains("problems")) return out;
    for (const auto& p : s["problems"]) out += p.get<std::string>() + "\n";
    return out;
  }

  std::string mark_;
  fs::path dir_;
  fs::path tmp_;
  bool expect_no_files_left_ = true;
};

using test_support::Count;

// The control: a program that keeps to the protocol does not fail the run.
TEST_F(ProcessActorsTest, AProgramThatKeepsToTheProtocolPasses) {
  const test_support::BinaryRun r = Run("clean");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("PASS  process-fake-consumer"), std::string::npos) << r.out;
  EXPECT_EQ(Scenario().value("verdict", ""), "pass") << Scenario().dump(2);
  EXPECT_EQ(Problems(), "");
}

TEST_F(ProcessActorsTest, MalformedOutputFailsTheRunNamingTheProgramAndTheLine) {
  const test_support::BinaryRun r = Run("malformed");
  EXPECT_NE(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.status, -1) << "still running after its cap";
  const std::string problems = Problems();
  EXPECT_NE(Scenario().value("verdict", ""), "pass") << Scenario().dump(2);
  const std::string program = "g/0 (sh " + kProgram + " ";
  EXPECT_NE(problems.find(program), std::string::npos) << problems;
  EXPECT_EQ(Count(problems,
                  "line 3 of its stdout is not the verifiable clients' protocol (not "
                  "JSON): INFO consumer started: not a JSON line"),
            1)
      << problems;
  // What the console shows too.
  EXPECT_NE(r.out.find("line 3 of its stdout is not the verifiable clients' protocol"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(LeftoversSoon(), std::vector<pid_t>{});
}

TEST_F(ProcessActorsTest, AnEarlyExitFailsTheRunWithTheExitStatusAndTheStderrTail) {
  const test_support::BinaryRun r = Run("exit");
  EXPECT_NE(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.status, -1) << "still running after its cap";
  EXPECT_NE(Scenario().value("verdict", ""), "pass") << Scenario().dump(2);
  const std::string problems = Problems();
  EXPECT_NE(problems.find("g/0 (sh " + kProgram + " "), std::string::npos) << problems;
  // Once, whether the start step saw it or the end of the run.
  EXPECT_EQ(Count(problems,
                  "exit status 3 before it was asked to stop; the last lines of its "
                  "stderr:\n    fake-consumer: connecting to the cluster\n    "
                  "fake-consumer: giving up\n    fake-consumer: exit 3"),
            1)
      << problems;
}

TEST_F(ProcessActorsTest, SilenceFailsTheRunAfterTheStartupTimeout) {
  const test_support::BinaryRun r = Run("silent");
  EXPECT_NE(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.status, -1) << "still running after its cap";
  EXPECT_NE(Scenario().value("verdict", ""), "pass") << Scenario().dump(2);
  // The start step fails, once, naming its place in the file, the program and its stderr.
  const std::string problems = Problems();
  EXPECT_EQ(Count(problems, "no startup_complete within 2000 ms"), 1) << problems;
  EXPECT_NE(problems.find(kScenario + ":22:5: start g: g/0 (sh " + kProgram +
                          " t): no startup_complete within 2000 ms of its start (client "
                          "startup_timeout); it printed 0 other line(s); the last lines of its "
                          "stderr:\n    "
                          "fake-consumer: thinking"),
            std::string::npos)
      << problems;
  EXPECT_EQ(LeftoversSoon(), std::vector<pid_t>{});
}

// The runner started as a child of the test, its output in files (a pipe nobody reads could
// fill and block it).
class RunnerProcess {
 public:
  RunnerProcess(const std::vector<std::string>& args,
                const std::vector<std::pair<std::string, std::optional<std::string>>>& env,
                const fs::path& dir)
      : out_(dir / "stdout"), err_(dir / "stderr") {
    pid_ = fork();
    if (pid_ != 0) return;
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    for (const auto& [name, value] : env) {
      if (value) ::setenv(name.c_str(), value->c_str(), 1);
    }
    std::vector<char*> argv{const_cast<char*>("kafka-scenario")};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(kBinary, argv.data());
    _exit(127);
  }
  ~RunnerProcess() {
    if (pid_ > 0 && status_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  // Its exit status (128 + the signal that ended it) once it has ended by `deadline`, else -1.
  int WaitExit(Clock::time_point deadline) {
    while (status_ < 0) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      if (Clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return status_;
  }
  std::string Output() const {
    return test_support::ReadFile(out_.string()) + test_support::ReadFile(err_.string());
  }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
  fs::path out_, err_;
};

// Polls until `ready` or `deadline`; its last answer.
template <typename Ready>
bool WaitFor(Ready ready, Clock::time_point deadline) {
  while (!ready()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

TEST_F(ProcessActorsTest, CtrlCEndsTheRunAndItsPrograms) {
  RunnerProcess runner({"run", kLongScenario, "--json", report().string()}, Env("clean"), dir_);
  ASSERT_GT(runner.pid(), 0);
  ASSERT_TRUE(WaitFor([&] { return !Leftovers().empty(); }, Clock::now() + seconds(60)))
      << "member g/0's program never started:\n"
      << runner.Output();
  ASSERT_EQ(::kill(runner.pid(), SIGINT), 0);
  const int status = runner.WaitExit(Clock::now() + seconds(60));
  ASSERT_NE(status, -1) << "still running a minute after SIGINT:\n" << runner.Output();
  EXPECT_EQ(status, 128 + SIGINT) << runner.Output();
  EXPECT_EQ(LeftoversSoon(), std::vector<pid_t>{});
  const nlohmann::json s = Scenario();
  EXPECT_EQ(s.value("verdict", ""), "error") << s.dump(2);
  EXPECT_EQ(s.value("reason", "").rfind("interrupted", 0), 0u) << s.dump(2);
  // The program was asked to stop: its end is no problem of its own.
  EXPECT_EQ(Problems().find("g/0 ("), std::string::npos) << Problems();
}

// A program that ignores SIGTERM holds up the run's end; a second Ctrl-C ends the runner at once
// and kills every program it started.
TEST_F(ProcessActorsTest, ASecondCtrlCKillsAProgramThatIgnoresSigterm) {
  const fs::path termed = dir_ / "termed";
  auto env = Env("stubborn");
  env.emplace_back("KS_FAKE_CONSUMER_TERMED", termed.string());
  RunnerProcess runner({"run", kLongScenario}, env, dir_);
  ASSERT_GT(runner.pid(), 0);
  ASSERT_TRUE(WaitFor([&] { return !Leftovers().empty(); }, Clock::now() + seconds(60)))
      << "member g/0's program never started:\n"
      << runner.Output();
  ASSERT_EQ(::kill(runner.pid(), SIGINT), 0);
  // The first asks the member to stop: SIGTERM, which the program notes and outlives ...
  ASSERT_TRUE(WaitFor([&] { return fs::exists(termed); }, Clock::now() + seconds(60)))
      << "the program got no SIGTERM:\n"
      << runner.Output();
  EXPECT_FALSE(Leftovers().empty());
  // ... the second ends the runner, and its programs with it. It ends at once, its own files
  // left behind (the member's client properties file): nothing removes them.
  expect_no_files_left_ = false;
  ASSERT_EQ(::kill(runner.pid(), SIGINT), 0);
  const int status = runner.WaitExit(Clock::now() + seconds(30));
  ASSERT_NE(status, -1) << "still running after a second SIGINT:\n" << runner.Output();
  EXPECT_EQ(status, 128 + SIGINT) << runner.Output();
  EXPECT_EQ(LeftoversSoon(), std::vector<pid_t>{});
}

}  // namespace
}  // namespace ks
