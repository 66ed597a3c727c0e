#include "target/offsets_query.h"

#include <fmt/format.h>

#include <chrono>

#include "scenario/requirements.h"
#include "target/rdkafka_handles.h"
#include "target/runner_client.h"

namespace ks {

Status QueryPartitionOffsets(const std::string& bootstrap_servers,
                             const std::vector<ConfigEntry>& client_defaults,
                             const Scenario& scenario,
                             const std::function<std::string(const std::string&)>& physical_name,
                             int timeout_ms, std::vector<PartitionOffsets>* out) {
  std::string error;
  KafkaPtr rk = NewRunnerClient(RD_KAFKA_CONSUMER, bootstrap_servers, client_defaults,
                                "kafka-scenario-offsets", &error);
  if (!rk) return Status::Error(fmt::format("cannot create the offsets client: {}", error));

  // One budget for all the queries: a query per partition, each given the whole timeout, made
  // 100,000 partitions take hours.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (const auto& topic : scenario.topics) {
    std::string name = physical_name(topic.name);
    for (int p = 0; p < MaxPartitions(scenario, topic); ++p) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) {
        return Status::Error(
            fmt::format("cannot read the offsets of {}[{}] within {} ms: {} "
                        "partitions were read in that time",
                        topic.name, p, timeout_ms, out->size()));
      }
      int64_t low = -1, high = -1;
      rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(rk.get(), name.c_str(), p, &low,
                                                                 &high, static_cast<int>(left));
      // Partitions an add_partitions step would have made, when the run ended before it.
      if (err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION && p >= topic.partitions) break;
      if (err) {
        return Status::Error(fmt::format("cannot read the offsets of {}[{}] within {} ms: {}",
                                         topic.name, p, timeout_ms, rd_kafka_err2str(err)));
      }
      out->push_back({topic.name, p, low, high});
    }
  }
  return Status::Ok();
}

}  // namespace ks
