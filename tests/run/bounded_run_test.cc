// RunScenarioBounded: a run stuck in a call that does not return is abandoned at its deadline,
// or within the grace after an interrupt, and reported as an error naming where it was.
#include "run/bounded_run.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "checks/scenario_result.h"
#include "diag/interrupt.h"
#include "run/scenario_runner.h"
#include "support/interrupt_guard.h"
#include "support/small_scenario.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;

// Shared by a test and the run's thread, which may outlive the test's stack.
struct Gate {
  std::atomic<bool> released{false};
  std::atomic<bool> left{false};
};

// Setup blocks, as rd_kafka_mock_topic_create did with 100,000 partitions, until the gate is
// released; then it fails, so the abandoned thread ends without touching a cluster.
class StuckTarget : public EmbeddedTarget {
 public:
  explicit StuckTarget(std::shared_ptr<Gate> gate) : gate_(std::move(gate)) {}
  Status Setup(const Scenario&) override {
    while (!gate_->released.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return Status::Error("released");
  }
  ~StuckTarget() override { gate_->left.store(true); }

 private:
  std::shared_ptr<Gate> gate_;
};

// Lets the abandoned thread end before the test returns.
void Release(Gate& gate) {
  gate.released.store(true);
  const auto until = Clock::now() + std::chrono::seconds(10);
  while (!gate.left.load() && Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // past the destructor's return
}

TEST(BoundedRun, ARunStuckPastItsDeadlineIsAbandonedAndReported) {
  Scenario s = test_support::SmallScenario(1, 10);
  s.timeout_ms = 500;
  auto gate = std::make_shared<Gate>();
  const int abandoned = AbandonedRuns();
  const auto start = Clock::now();
  const auto wall_before = std::chrono::system_clock::now();
  RunRecord r = RunScenarioBounded(s, [gate] { return std::make_unique<StuckTarget>(gate); });
  const auto took = Clock::now() - start;
  Release(*gate);
  // An abandoned run still says when it began: the JUnit report's timestamp.
  EXPECT_GE(r.started, wall_before);
  EXPECT_LT(r.started, wall_before + std::chrono::seconds(1));  // not when it was abandoned
  EXPECT_EQ(r.outcome, RunRecord::Outcome::kError);
  EXPECT_EQ(r.reason.rfind("timeout: the run did not end by its deadline", 0), 0u) << r.reason;
  EXPECT_NE(r.reason.find("setting up the target"), std::string::npos) << r.reason;
  EXPECT_EQ(AbandonedRuns(), abandoned + 1);
  // At the hard deadline (timeout + kStopGrace), not long after it.
  EXPECT_GE(took, std::chrono::milliseconds(500) + kStopGrace);
  EXPECT_LT(took, std::chrono::milliseconds(500) + kStopGrace + std::chrono::seconds(5));
}

TEST(BoundedRun, AnInterruptAbandonsAStuckRunAfterTheGrace) {
  Scenario s = test_support::SmallScenario(1, 10);
  s.timeout_ms = 600000;
  auto gate = std::make_shared<Gate>();
  RunRecord r;
  Clock::duration took{};
  {
    test_support::InterruptGuard interrupt;  // cleared before the stuck run is released
    std::thread signal([] {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      RequestInterrupt();  // what the SIGINT and SIGTERM handler calls
    });
    const auto start = Clock::now();
    r = RunScenarioBounded(s, [gate] { return std::make_unique<StuckTarget>(gate); });
    took = Clock::now() - start;
    signal.join();
  }
  Release(*gate);
  EXPECT_EQ(r.outcome, RunRecord::Outcome::kError);
  EXPECT_EQ(r.reason.rfind("interrupted (SIGINT or SIGTERM)", 0), 0u) << r.reason;
  EXPECT_LT(took, std::chrono::milliseconds(200) + kInterruptGrace + std::chrono::seconds(5));
}

TEST(BoundedRun, ARunThatEndsIsReturnedWhole) {
  Scenario s = test_support::SmallScenario(1, 10, /*group=*/false);
  ExpectSpec produced;
  produced.check = "produced";
  produced.scope["producer"] = "p";
  produced.bounds.push_back({"", 10, 10, {}});
  s.expect.push_back(produced);
  const int abandoned = AbandonedRuns();
  const auto wall_before = std::chrono::system_clock::now();
  const ScenarioResult r =
      JudgeRun(s, RunScenarioBounded(s, [] { return std::make_unique<EmbeddedTarget>(); }));
  EXPECT_EQ(r.verdict, ScenarioResult::Verdict::kPassed) << r.reason;
  EXPECT_GE(r.started, wall_before);
  EXPECT_LE(r.started, std::chrono::system_clock::now());
  EXPECT_FALSE(r.history.ops.empty());
  EXPECT_EQ(AbandonedRuns(), abandoned);
}

}  // namespace
}  // namespace ks
