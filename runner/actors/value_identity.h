#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "history/history.h"

namespace ks {

/// Record identities carried in values, for the clients that print no headers: Kafka's
/// VerifiableProducer writes the value "<prefix>.<n>" (--value-prefix, n from 0), and
/// VerifiableConsumer prints a record's key and value only. Each batch a process producer sends
/// gets a prefix of its own, unique in the run and drawn from the run id, so that records an
/// earlier run left in a topic (`--existing-topics`) do not pass for this run's; "<prefix>.<n>"
/// is then record base + n of its producer. A librdkafka producer whose records a process group
/// reads writes its identity at the start of the value (ProducerSetup::identity_in_value).
/// Thread-safe: producers register batches while members resolve values.
class ValueIdentities {
 public:
  explicit ValueIdentities(std::string run_id) : run_id_(std::move(run_id)) {}

  /// Registers a batch of `count` records of History::producers id `producer` whose record n
  /// is sequence `base` + n; returns its prefix (a positive int32, as --value-prefix takes).
  int32_t AddBatch(uint32_t producer, uint64_t base, uint64_t count);
  /// True once a batch was registered (members then try values without an identity header).
  bool any() const;
  /// The identity a value carries: "<prefix>.<n>" of a registered batch with n below its count,
  /// or a first word that
  /// is this run's identity header text ("<producer>#<seq>@<run id>", ParseIdentity) of a
  /// producer in `tables`. False for any other value (a foreign record).
  bool Resolve(std::string_view value, const History& tables, uint32_t* producer,
               uint64_t* seq) const;

 private:
  struct Batch {
    uint32_t producer = 0;
    uint64_t base = 0;
    uint64_t count = 0;
  };
  const std::string run_id_;
  mutable std::mutex mu_;
  std::map<int32_t, Batch> batches_;  // by prefix
  uint64_t next_ = 0;                 // batches registered so far
};

/// Splits a value "<prefix>.<n>" as VerifiableProducer writes it (String.format("%d.%d"): two
/// decimals without sign or leading zeros). False for any other value.
bool ParsePrefixedValue(std::string_view value, uint64_t* prefix, uint64_t* n);

/// The value a librdkafka producer writes when a process group reads its topic: the identity
/// header's text, a space, then '.' up to `value_size` bytes (the whole identity when it is
/// longer). Written into `out`.
void IdentityValue(std::string_view identity, int value_size, std::string* out);

}  // namespace ks
