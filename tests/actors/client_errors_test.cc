// The collector behind the "client errors" of a result: what librdkafka's error callback reports,
// normalised so that one failure on every broker and every retry is one entry with a count.
#include "actors/client_errors.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "target/client_logs.h"
#include "target/rdkafka_handles.h"

namespace ks {
namespace {

// Reasons as librdkafka 2.0.2's error callback gave them (rd_kafka_broker_set_error), seen on the
// embedded cluster and on scripts/kafka-cluster's TLS and SASL listeners.
constexpr const char* kSaslFirst =
    "sasl_plaintext://127.0.0.1:40481/bootstrap: Failed to initialize SASL authentication: SASL "
    "Handshake not supported by broker (required by mechanism PLAIN) (after 0ms in state "
    "AUTH_LEGACY)";
constexpr const char* kSaslAgain =
    "sasl_plaintext://127.0.0.1:46369/bootstrap: Failed to initialize SASL authentication: SASL "
    "Handshake not supported by broker (required by mechanism PLAIN) (after 0ms in state "
    "AUTH_LEGACY, 1 identical error(s) suppressed)";
constexpr const char* kVerifyFailed =
    "ssl://127.0.0.1:19194/bootstrap: SSL handshake failed: error:0A000086:SSL "
    "routines::certificate verify failed: broker certificate could not be verified, verify that "
    "ssl.ca.location is correctly configured or root CA certificates are installed (install "
    "ca-certificates package) (after 12ms in state SSL_HANDSHAKE)";

TEST(SplitClientErrorReasonTest, DropsTheBrokerAndTheVariableSuffix) {
  ClientErrorReason r = SplitClientErrorReason(kSaslAgain);
  EXPECT_EQ(r.broker, "sasl_plaintext://127.0.0.1:46369/bootstrap");
  EXPECT_EQ(r.text,
            "Failed to initialize SASL authentication: SASL Handshake not supported by broker "
            "(required by mechanism PLAIN)");
}

TEST(SplitClientErrorReasonTest, KeepsLibrdkafkasAdviceInParentheses) {
  ClientErrorReason r = SplitClientErrorReason(kVerifyFailed);
  EXPECT_EQ(r.broker, "ssl://127.0.0.1:19194/bootstrap");
  EXPECT_EQ(r.text,
            "SSL handshake failed: error:0A000086:SSL routines::certificate verify failed: broker "
            "certificate could not be verified, verify that ssl.ca.location is correctly "
            "configured or root CA certificates are installed (install ca-certificates package)");
}

TEST(SplitClientErrorReasonTest, BrokerNamesOfEveryForm) {
  // PLAINTEXT brokers have no scheme; a known node id replaces "bootstrap".
  EXPECT_EQ(SplitClientErrorReason("127.0.0.1:9092/2: Connect to ipv4#127.0.0.1:9092 failed: "
                                   "Connection refused (after 0ms in state CONNECT)")
                .broker,
            "127.0.0.1:9092/2");
  EXPECT_EQ(SplitClientErrorReason("[::1]:9092/bootstrap: Disconnected").broker,
            "[::1]:9092/bootstrap");
  ClientErrorReason logical = SplitClientErrorReason(
      "GroupCoordinator: 127.0.0.1:9092: Disconnected (after 3ms in state UP)");
  EXPECT_EQ(logical.broker, "GroupCoordinator: 127.0.0.1:9092");
  EXPECT_EQ(logical.text, "Disconnected");
}

TEST(SplitClientErrorReasonTest, AReasonWithoutABrokerStaysWhole) {
  EXPECT_EQ(SplitClientErrorReason("3/3 brokers are down").broker, "");
  EXPECT_EQ(SplitClientErrorReason("3/3 brokers are down").text, "3/3 brokers are down");
  // Text before ": " that is no broker name is part of the reason.
  ClientErrorReason r = SplitClientErrorReason("Local: Broker transport failure (after a while)");
  EXPECT_EQ(r.broker, "");
  EXPECT_EQ(r.text, "Local: Broker transport failure (after a while)");
}

TEST(ClientErrorsTest, RepeatsFromEveryBrokerCollapseIntoOneCountedEntry) {
  ClientErrors errors;
  errors.Add("_AUTHENTICATION", kSaslFirst);
  errors.Add("_AUTHENTICATION", kSaslAgain);
  errors.Add("_ALL_BROKERS_DOWN", "3/3 brokers are down");
  errors.Add("_AUTHENTICATION", kSaslFirst);
  std::vector<ClientError> got = errors.Snapshot("impostor");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].actor, "impostor");
  EXPECT_EQ(got[0].error, "_AUTHENTICATION");
  EXPECT_EQ(got[0].broker, "sasl_plaintext://127.0.0.1:40481/bootstrap");  // the first report's
  EXPECT_EQ(got[0].count, 3);
  EXPECT_FALSE(got[0].fatal);
  EXPECT_EQ(got[1].error, "_ALL_BROKERS_DOWN");
  EXPECT_EQ(got[1].broker, "");
  EXPECT_EQ(got[1].count, 1);
}

TEST(ClientErrorsTest, TheSameWordsUnderAnotherErrorOrFatalityAreAnotherKind) {
  ClientErrors errors;
  errors.Add("_TRANSPORT", "127.0.0.1:9092/1: Disconnected");
  errors.Add("_SSL", "127.0.0.1:9092/1: Disconnected");
  errors.Add("_SSL", "127.0.0.1:9092/1: Disconnected", true);
  EXPECT_EQ(errors.Snapshot("p").size(), 3u);
}

TEST(ClientErrorsTest, KindsBeyondTheBoundAreCountedNotKept) {
  ClientErrors errors;
  for (int i = 0; i < 20; ++i) errors.Add("_TRANSPORT", "reason " + std::to_string(i));
  errors.Add("_TRANSPORT", "reason 0");  // a kept kind still counts
  std::vector<ClientError> got = errors.Snapshot("p");
  ASSERT_EQ(got.size(), ClientErrors::kMaxKinds + 1);
  EXPECT_EQ(got[0].count, 2);
  EXPECT_EQ(got.back().error, kOtherClientErrors);
  EXPECT_EQ(got.back().count, 20 - static_cast<int64_t>(ClientErrors::kMaxKinds));
  EXPECT_EQ(got.back().reason, "errors of kinds beyond the first 8, counted but not kept");
}

TEST(ClientErrorsTest, OnErrorNamesTheErrorAsLibrdkafkaDoes) {
  ClientErrors errors;
  errors.OnError(nullptr, RD_KAFKA_RESP_ERR__SSL, kVerifyFailed);
  errors.OnError(nullptr, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, "bad password");
  std::vector<ClientError> got = errors.Snapshot("wrong-ca");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].error, "_SSL");
  EXPECT_EQ(got[1].error, "SASL_AUTHENTICATION_FAILED");
}

TEST(ClientErrorsTest, AFatalErrorIsCountedAsTheUnderlyingErrorAndFatal) {
  // rd_kafka_test_fatal_error raises a fatal error as an idempotent producer would (it needs
  // enable.idempotence); error_cb then gets _FATAL and rd_kafka_fatal_error the real one.
  ClientErrors errors;
  ConfPtr conf(rd_kafka_conf_new());
  std::string why;
  ASSERT_TRUE(SetConf(conf.get(), "enable.idempotence", "true", &why)) << why;
  RouteClientLogs(conf.get());  // librdkafka logs the fatal error too: not on the test's stderr
  rd_kafka_conf_set_opaque(conf.get(), &errors);
  rd_kafka_conf_set_error_cb(conf.get(),
                             [](rd_kafka_t* rk, int err, const char* reason, void* opaque) {
                               static_cast<ClientErrors*>(opaque)->OnError(rk, err, reason);
                             });
  KafkaPtr rk = NewClient(RD_KAFKA_PRODUCER, conf.get(), &why);
  ASSERT_TRUE(rk) << why;
  conf.release();
  ASSERT_EQ(rd_kafka_test_fatal_error(rk.get(), RD_KAFKA_RESP_ERR_PRODUCER_FENCED, "fenced"),
            RD_KAFKA_RESP_ERR_NO_ERROR);
  auto fatal = [&]() -> std::optional<ClientError> {
    for (const ClientError& e : errors.Snapshot("p")) {
      if (e.fatal) return e;
    }
    return std::nullopt;
  };
  for (int i = 0; i < 50 && !fatal(); ++i) rd_kafka_poll(rk.get(), 100);
  std::optional<ClientError> got = fatal();
  ASSERT_TRUE(got) << "no fatal error reported";
  EXPECT_EQ(got->error, "PRODUCER_FENCED");
  EXPECT_EQ(got->reason, "test_fatal_error: fenced");
}

TEST(ClientErrorsTest, ConcurrentReportsAreAllCounted) {
  ClientErrors errors;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) errors.Add("_TRANSPORT", kSaslFirst);
    });
  }
  for (auto& t : threads) t.join();
  std::vector<ClientError> got = errors.Snapshot("p");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].count, 4000);
}

}  // namespace
}  // namespace ks
