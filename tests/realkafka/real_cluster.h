#pragma once

// What the tests of tests/realkafka/ share: the Apache Kafka cluster of scripts/kafka-cluster,
// reached through targets/local-kafka.yaml. They need that cluster running and run only when
// KS_REAL_KAFKA is set (scripts/lessons-on-kafka starts the cluster and sets it); ctest gives
// them the label real_kafka.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "cli/target_options.h"
#include "target/admin_client.h"
#include "target/external_target.h"

namespace ks::real_kafka {

#define KS_REQUIRE_REAL_KAFKA()                                                        \
  do {                                                                                 \
    if (std::getenv("KS_REAL_KAFKA") == nullptr) {                                     \
      GTEST_SKIP() << "needs the cluster of scripts/kafka-cluster: run "               \
                      "scripts/lessons-on-kafka, or start it and set KS_REAL_KAFKA=1"; \
    }                                                                                  \
  } while (false)

/// The target file of the cluster scripts/kafka-cluster starts.
inline const std::string kTargetFile = KS_SOURCE_DIR "/targets/local-kafka.yaml";

/// ExternalOptions from targets/local-kafka.yaml, with run id `run_id`; fails the test (and
/// returns options without servers) when the file does not load.
inline ExternalOptions Options(const std::string& run_id) {
  ExternalOptions o;
  std::ostringstream err;
  EXPECT_TRUE(LoadExternalOptions({.target_file = kTargetFile}, &o, err)) << err.str();
  o.run_id = run_id;
  return o;
}

/// An admin client of its own for the cluster, so that what a test asserts is not what the
/// target under test says of itself.
inline std::unique_ptr<AdminClient> Admin(const ExternalOptions& o, int timeout_ms = 10000) {
  std::string error;
  std::unique_ptr<AdminClient> admin =
      NewRdKafkaAdmin(o.bootstrap_servers, o.client, timeout_ms, &error);
  EXPECT_TRUE(admin) << error;
  return admin;
}

/// Every topic the cluster lists, or an empty set with a test failure.
inline std::set<std::string> Topics(AdminClient& admin) {
  ClusterMetadata md;
  Status st = admin.Metadata(&md);
  EXPECT_TRUE(st.ok()) << st.message();
  return md.listed;
}

/// Calls `done` every 200 ms until it returns true or `seconds` pass; returns its last answer.
/// The cluster's brokers apply changes one after another: what one says, another says a moment
/// later.
inline bool Eventually(int seconds, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  for (;;) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

/// A run id no other process uses: "rt<pid>-<tag>".
inline std::string RunId(const std::string& tag) {
  return "rt" + std::to_string(static_cast<long>(getpid())) + "-" + tag;
}

}  // namespace ks::real_kafka
