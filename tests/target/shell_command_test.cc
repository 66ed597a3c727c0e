#include "target/shell_command.h"

#include <gtest/gtest.h>

#include <chrono>

namespace ks {
namespace {

TEST(RunShellCommand, RunsInTheGivenFolderAndCapturesOutput) {
  std::string output;
  Status st = RunShellCommand("pwd; echo to-stderr >&2", "/tmp", 5000, &output);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(output, "/tmp\nto-stderr\n");
}

TEST(RunShellCommand, AFailingCommandSaysItsStatusAndLastLines) {
  Status st = RunShellCommand("echo one; echo 'no such container: kafka-9'; exit 3", ".", 5000);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("exited with status 3: one\nno such container: kafka-9"),
            std::string::npos)
      << st.message();
}

TEST(RunShellCommand, ACommandPastItsDeadlineIsKilledWithWhatItStarted) {
  const auto start = std::chrono::steady_clock::now();
  Status st = RunShellCommand("echo started; sleep 30 & sleep 30", ".", 300);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("did not finish within 300 ms and was killed: started"),
            std::string::npos)
      << st.message();
  EXPECT_LT(seconds, 5.0);
}

TEST(RunShellCommand, ABackgroundChildDoesNotHoldTheStepPastTheShellsExit) {
  const auto start = std::chrono::steady_clock::now();
  Status st = RunShellCommand("sleep 3 & exit 0", ".", 10000);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(st.ok()) << st.message();
  EXPECT_LT(seconds, 2.5);
}

TEST(RunShellCommand, ACommandThatClosesItsOutputStillHasADeadline) {
  const auto start = std::chrono::steady_clock::now();
  Status st = RunShellCommand("exec >/dev/null 2>&1; sleep 30", ".", 300);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("did not finish within 300 ms"), std::string::npos) << st.message();
  EXPECT_LT(seconds, 5.0);
}

TEST(RunShellCommand, AMissingFolderIsAnError) {
  EXPECT_FALSE(RunShellCommand("true", "/no/such/folder", 5000).ok());
}

}  // namespace
}  // namespace ks
