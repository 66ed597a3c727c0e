// The worked example of a user's application (docs/examples/order-consumer): a kafka-python
// consumer service run as a process actor and crashed mid-batch. The correct version commits
// after processing and passes (re-delivery, nothing lost); the same scenario with the app
// changed to commit before processing must fail no_loss.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>

#include "realkafka/real_cluster.h"
#include "support/cli_runner.h"

namespace ks {
namespace {

using test_support::Cli;
using test_support::CliRun;

const std::string kScenario = KS_SOURCE_DIR "/docs/examples/order-consumer/scenario.yaml";
constexpr const char* kBrokenSwitch = "ORDER_CONSUMER_COMMIT_BEFORE_PROCESSING";

// Runs the example on the real cluster; the app reads `broken` from its environment, which it
// inherits from the runner.
CliRun RunExample(bool broken) {
  if (broken) {
    setenv(kBrokenSwitch, "1", 1);
  } else {
    unsetenv(kBrokenSwitch);
  }
  CliRun run = Cli({"run", kScenario, "--target", real_kafka::kTargetFile});
  unsetenv(kBrokenSwitch);
  return run;
}

TEST(ExampleApp, CommittingAfterProcessingRedeliversAndLosesNothing) {
  KS_REQUIRE_REAL_KAFKA();
  const CliRun run = RunExample(false);
  EXPECT_EQ(run.outcome, Outcome::kOk) << run.out << run.err;
  EXPECT_NE(run.out.find("ok   no_loss {group: orders-app}"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("at-least-once"), std::string::npos) << run.out;
}

TEST(ExampleApp, CommittingBeforeProcessingLosesRecordsAndFails) {
  KS_REQUIRE_REAL_KAFKA();
  const CliRun run = RunExample(true);
  EXPECT_EQ(run.outcome, Outcome::kCheckFailed) << run.out << run.err;
  EXPECT_NE(run.out.find("FAIL no_loss {group: orders-app}"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("never polled by orders-app"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace ks
