#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ks {

/// One partition (and, for offsets_committed, its committed offset) named by an event.
struct EventPartition {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;  ///< offsets_committed: the committed (next) offset
};

/// One line of the JSON-lines protocol of Kafka's verifiable clients (VerifiableProducer,
/// VerifiableConsumer in org.apache.kafka:kafka-tools; tests/kafkatest/services/verifiable_*.py),
/// the subset docs/process-actors.md documents.
struct ClientEvent {
  enum class Kind {
    kStartupComplete,     ///< the client is created (a consumer: before it subscribes)
    kShutdownComplete,    ///< the client is closed: a clean end
    kSendSuccess,         ///< producer_send_success: topic, partition, offset, key, value
    kSendError,           ///< producer_send_error: topic, key, value, error
    kRecordData,          ///< record_data: one consumed record
    kOffsetsCommitted,    ///< offsets_committed: partitions with offsets, success, error
    kPartitionsAssigned,  ///< partitions_assigned: partitions
    kPartitionsRevoked,   ///< partitions_revoked: partitions
    kOther,               ///< any other name (records_consumed, tool_data, ...): ignored
  };
  Kind kind = Kind::kOther;
  std::string name;  ///< the line's "name"
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::optional<std::string> key;    ///< null key: nullopt
  std::optional<std::string> value;  ///< null value: nullopt
  bool success = true;               ///< offsets_committed
  std::string error;  ///< producer_send_error: "<exception>: <message>"; a failed commit's error
  std::vector<EventPartition> partitions;
};

/// Parses one line of a process client's stdout. False, with `error` saying what is wrong (not
/// JSON; not an object; no string "name"; a known event without a field it needs, or with a
/// field of the wrong type), for a line the protocol does not allow. Unknown names parse as
/// kOther.
bool ParseClientEvent(std::string_view line, ClientEvent* out, std::string* error);

}  // namespace ks
