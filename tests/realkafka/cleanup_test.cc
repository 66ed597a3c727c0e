// On the real cluster a run deletes the topics it created and nothing else, also when it is
// interrupted (Ctrl-C), with the user's own topics of the same logical name and one named like
// another run's beside it.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "diag/interrupt.h"
#include "realkafka/real_cluster.h"
#include "support/cli_runner.h"
#include "support/interrupt_guard.h"

namespace ks {
namespace {

using real_kafka::Admin;
using real_kafka::kTargetFile;
using real_kafka::Options;
using real_kafka::RunId;
using real_kafka::Topics;
using test_support::Cli;
using test_support::CliRun;

const std::string kHello = KS_SOURCE_DIR "/scenarios/001-hello.yaml";
// About 20 s on the real cluster: an interrupt finds it mid-run.
const std::string kLong = KS_SOURCE_DIR "/scenarios/012-parallel-workers.yaml";

// The user's topics: `greetings` (001's logical name) and one named as another run's would be.
class LocalKafkaCleanup : public ::testing::Test {
 protected:
  void SetUp() override {
    KS_REQUIRE_REAL_KAFKA();
    admin_ = Admin(Options(RunId("cleanup")));
    ASSERT_TRUE(admin_);
    const std::string tag = std::to_string(static_cast<long>(getpid()));
    users_ = {"greetings", "ks-someone-else-" + tag + "-greetings"};
    std::vector<std::string> created;
    Status st = admin_->CreateTopics({{users_[0], 3, 3, {}}, {users_[1], 3, 3, {}}}, &created);
    // The first may be there from an earlier test run: it is the user's either way.
    ASSERT_TRUE(st.ok() || st.message().find("TOPIC_ALREADY_EXISTS") != std::string::npos)
        << st.message();
    mine_ = created;
    // Listed by the broker the admin asks before the test takes its "before" picture.
    ASSERT_TRUE(real_kafka::Eventually(30, [&] {
      const std::set<std::string> listed = Topics(*admin_);
      return listed.count(users_[0]) && listed.count(users_[1]);
    })) << "the user's topics never appeared";
  }

  void TearDown() override {
    if (admin_ && !mine_.empty()) admin_->DeleteTopics(mine_);
  }

  // Named like a run's topic (ks-...), not the user's, and not there before the run.
  bool IsARunsTopic(const std::string& t, const std::set<std::string>& before) const {
    return t.rfind("ks-", 0) == 0 && !before.count(t) &&
           std::find(users_.begin(), users_.end(), t) == users_.end();
  }

  // Topics named like a run's (ks-...) that were not there before, or the user's that vanished.
  // The brokers apply a deletion after DeleteTopics has answered: up to 10 s for it to show.
  void ExpectOnlyTheUsersTopics(const std::set<std::string>& before) {
    std::set<std::string> after;
    real_kafka::Eventually(10, [&] {
      after = Topics(*admin_);
      return std::none_of(after.begin(), after.end(),
                          [&](const std::string& t) { return IsARunsTopic(t, before); });
    });
    for (const auto& t : users_) EXPECT_EQ(after.count(t), 1u) << t << " was deleted";
    for (const auto& t : after) {
      EXPECT_FALSE(IsARunsTopic(t, before)) << t << " was left behind";
    }
  }

  std::unique_ptr<AdminClient> admin_;
  std::vector<std::string> users_;
  std::vector<std::string> mine_;
};

TEST_F(LocalKafkaCleanup, ARunDeletesTheTopicsItCreatedAndNoOther) {
  const std::set<std::string> before = Topics(*admin_);
  CliRun kept = Cli({"run", "--target", kTargetFile, "--keep-topics", kHello});
  ASSERT_EQ(kept.outcome, Outcome::kOk) << kept.out << kept.err;
  // With --keep-topics the run's topic is still there: it did create one.
  std::vector<std::string> left;
  for (const auto& t : Topics(*admin_)) {
    if (IsARunsTopic(t, before)) left.push_back(t);
  }
  ASSERT_EQ(left.size(), 1u);
  EXPECT_TRUE(left[0].ends_with("-greetings")) << left[0];
  ASSERT_TRUE(admin_->DeleteTopics(left).ok());

  CliRun r = Cli({"run", "--target", kTargetFile, kHello});
  EXPECT_EQ(r.outcome, Outcome::kOk) << r.out << r.err;
  ExpectOnlyTheUsersTopics(before);
}

TEST_F(LocalKafkaCleanup, AnInterruptedRunDeletesTheTopicsItCreatedAndNoOther) {
  const std::set<std::string> before = Topics(*admin_);
  // Ctrl-C once the run's topic exists, while its clients are at work.
  test_support::InterruptGuard interrupt;
  std::atomic<bool> sent{false};
  std::thread interrupter([&] {
    auto watcher = Admin(Options(RunId("watch")));
    const bool appeared = watcher && real_kafka::Eventually(60, [&] {
                            const std::set<std::string> now = Topics(*watcher);
                            return std::any_of(now.begin(), now.end(), [&](const std::string& t) {
                              return IsARunsTopic(t, before) && t.ends_with("-orders");
                            });
                          });
    if (!appeared) return;
    std::this_thread::sleep_for(std::chrono::seconds(2));
    sent = true;
    kill(getpid(), SIGINT);
  });
  CliRun cut = Cli({"run", "--target", kTargetFile, kLong, kHello});
  interrupter.join();
  ASSERT_TRUE(sent) << "the run's topic never appeared";
  EXPECT_EQ(cut.outcome, Outcome::kInterrupted) << cut.out << cut.err;
  EXPECT_NE(cut.out.find("not run: the run was interrupted"), std::string::npos) << cut.out;
  ExpectOnlyTheUsersTopics(before);
}

}  // namespace
}  // namespace ks
