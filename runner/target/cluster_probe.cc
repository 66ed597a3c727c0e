#include "target/cluster_probe.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>

#include "target/rdkafka_handles.h"
#include "target/runner_client.h"

namespace ks {
namespace {

// What librdkafka's error callback reported, each distinct report once, the first few only.
struct Reports {
  static constexpr size_t kKept = 3;
  std::mutex mu;
  std::vector<std::string> kept;

  static void Callback(rd_kafka_t*, int, const char* reason, void* opaque) {
    auto* self = static_cast<Reports*>(opaque);
    std::lock_guard<std::mutex> lock(self->mu);
    if (self->kept.size() < kKept &&
        std::find(self->kept.begin(), self->kept.end(), reason) == self->kept.end()) {
      self->kept.emplace_back(reason);
    }
  }
};

}  // namespace

Status ProbeCluster(const std::string& bootstrap_servers, const std::vector<ConfigEntry>& client,
                    int timeout_ms) {
  Reports reports;
  std::string error;
  KafkaPtr rk = NewRunnerClient(RD_KAFKA_PRODUCER, bootstrap_servers, client,
                                "kafka-scenario-probe", &error, [&](rd_kafka_conf_t* conf) {
                                  rd_kafka_conf_set_error_cb(conf, &Reports::Callback);
                                  rd_kafka_conf_set_opaque(conf, &reports);
                                });
  if (!rk) return Status::Error(error);
  // Short requests with polls between them: callbacks served by rd_kafka_poll (the error
  // callback, an OAUTHBEARER token refresh) run while the probe waits, not only after it.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR__TIMED_OUT;
  for (auto left = std::chrono::milliseconds(timeout_ms); left.count() > 0;
       left = std::chrono::duration_cast<std::chrono::milliseconds>(
           deadline - std::chrono::steady_clock::now())) {
    const rd_kafka_metadata_t* md = nullptr;
    err = rd_kafka_metadata(rk.get(), 0, nullptr, &md,
                            static_cast<int>(std::min<int64_t>(left.count(), 500)));
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      MetadataPtr owned(md);
      return Status::Ok();
    }
    rd_kafka_poll(rk.get(), 0);
  }
  rd_kafka_poll(rk.get(), 0);  // the last reports: what the client tried
  rk.reset();                  // no callback runs after this: `reports` is ours alone
  const std::string tried = reports.kept.empty() ? rd_kafka_err2str(err)
                                                 : fmt::format("{}", fmt::join(reports.kept, "; "));
  return Status::Error(fmt::format(
      "cannot reach the Kafka cluster at {} within {:g} s: {}. Check the address, that the cluster "
      "is running, and that its listener speaks the clients' security.protocol (-X, "
      "--client-config or the target file's client properties)",
      bootstrap_servers, timeout_ms / 1000.0, tried));
}

}  // namespace ks
