#include "target/embedded_faults.h"

#include <map>

namespace ks {

std::optional<int16_t> ApiKeyOf(const std::string& api) {
  // Kafka protocol ApiKeys (kafka.apache.org/protocol#protocol_api_keys).
  static const std::map<std::string, int16_t> keys = {
      {"Produce", 0},          {"Fetch", 1},
      {"ListOffsets", 2},      {"Metadata", 3},
      {"OffsetCommit", 8},     {"OffsetFetch", 9},
      {"FindCoordinator", 10}, {"JoinGroup", 11},
      {"Heartbeat", 12},       {"LeaveGroup", 13},
      {"SyncGroup", 14},       {"ApiVersions", 18},
      {"InitProducerId", 22},  {"AddPartitionsToTxn", 24},
      {"AddOffsetsToTxn", 25}, {"EndTxn", 26},
      {"TxnOffsetCommit", 28}};
  auto it = keys.find(api);
  if (it == keys.end()) return std::nullopt;
  return it->second;
}

std::optional<rd_kafka_resp_err_t> ErrorCodeOf(const std::string& name) {
  const std::string wanted = name == "NOT_LEADER_OR_FOLLOWER" ? "NOT_LEADER_FOR_PARTITION" : name;
  const rd_kafka_err_desc* descs = nullptr;
  size_t count = 0;
  rd_kafka_get_err_descs(&descs, &count);
  for (size_t i = 0; i < count; ++i) {
    if (descs[i].name && wanted == descs[i].name) return descs[i].code;
  }
  return std::nullopt;
}

}  // namespace ks
