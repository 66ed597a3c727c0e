#pragma once

// One operation of a run's history, in Jepsen's terms: an op has a type (invoke, ok, fail, info)
// and a kind (send, poll, commit, ...). Names and tables (actors, topics, keys, producers) live in
// History; an Op holds small ids into them so that a history of millions of ops stays compact.

#include <array>
#include <cstdint>
#include <string_view>

#include "diag/input_limits.h"

namespace ks {

/// Jepsen's completion types. For a send, librdkafka's delivery status maps onto them
/// (rd_kafka_message_status): PERSISTED -> kOk, POSSIBLY_PERSISTED -> kInfo (the record may or
/// may not be in the log), NOT_PERSISTED -> kFail (it is not).
enum class OpType : uint8_t { kInvoke, kOk, kFail, kInfo };

/// What an op did.
enum class OpKind : uint8_t {
  kSend,       ///< a producer's record: invoke at produce(), ok/fail/info at its delivery report
  kPoll,       ///< a member received a record (one op per record)
  kCommit,     ///< an offset commit for one partition; offset is the committed (next) offset
  kAssign,     ///< a partition was assigned to a member (one op per partition)
  kRevoke,     ///< a partition was revoked from a member (one op per partition)
  kStart,      ///< an actor started
  kStop,       ///< an actor closed cleanly
  kWatermark,  ///< the runner read a partition's high watermark (offset) at the end of the run
  kLogStart,   ///< the runner read a partition's log start offset (offset) at the end of the run
  kCrash,      ///< an actor was killed: no close, no commit, no LeaveGroup (a process killed)
  kFault,      ///< the runner injected a fault (invoke) or undid it (ok); Op::seq is its note
  kSeek,       ///< a member moved its position in a partition (offset: the new position, or
               ///< -2 beginning / -1 end as librdkafka's logical offsets)
  kProcess,    ///< a member finished one processing attempt of a record it polled: ok =
               ///< processed, fail = the attempt failed (retried, or skipped if no ok follows)
  kTxn,        ///< a producer's transaction (KIP-98): invoke at begin_transaction, ok =
               ///< committed, fail = aborted, info = outcome unknown; seq = its number from 1
  kLeave,      ///< a member, stopping cleanly, starts to leave its group: its final commit is
               ///< made, rd_kafka_consumer_close (revoke, LeaveGroup) follows, then its stop op
};

/// Every OpKind, in declaration order. schemas/history.schema.json and report.schema.json list
/// the same names (ToString) as the "f" of an op; tests/history/op_test.cc and
/// tests/report/json_report_test.cc keep them in step.
inline constexpr std::array kAllOpKinds = {
    OpKind::kSend,  OpKind::kPoll, OpKind::kCommit,    OpKind::kAssign,   OpKind::kRevoke,
    OpKind::kStart, OpKind::kStop, OpKind::kWatermark, OpKind::kLogStart, OpKind::kCrash,
    OpKind::kFault, OpKind::kSeek, OpKind::kProcess,   OpKind::kTxn,      OpKind::kLeave};

inline constexpr uint32_t kNoId = 0xffffffffu;

/// An index into History::topics as an op holds it: 16 bits, so that an Op is 48 bytes rather
/// than 56 (#18: ops are most of a long run's memory). Read and written as the uint32_t id every
/// table uses, kNoId included; it stores id + 1, so kNoId is 0 and each conversion is one
/// addition. Ids fit below limits::kMaxHistoryTopics: a run's topics are its scenario's (at most
/// limits::kMaxPartitions), and the history reader refuses a file that names more.
class OpTopic {
 public:
  constexpr OpTopic() = default;
  constexpr OpTopic(uint32_t id) : v_(static_cast<uint16_t>(id + 1)) {}  // NOLINT: an id
  constexpr operator uint32_t() const { return uint32_t{v_} - 1; }       // NOLINT: an id

 private:
  uint16_t v_ = 0;  // kNoId
};
static_assert(limits::kMaxHistoryTopics <= 0xffff, "OpTopic holds ids 0 to 65,534");

/// True when topic id `id` fits an op (OpTopic): below limits::kMaxHistoryTopics. Where a history
/// is read, a topic id that does not fit is an error.
constexpr bool FitsOpTopic(uint64_t id) { return id < limits::kMaxHistoryTopics; }
static_assert(limits::kMaxPartitions < limits::kMaxHistoryTopics, "a run's topics fit an op");

/// One operation. Field use by kind:
/// - send: actor = the producer, record = (producer, seq), topic, partition and offset once known,
///   key. invoke has no partition or offset yet (except an explicit partition).
/// - poll: actor = the member, record = the identity read from the record's header (kNoId for a
///   record without one), topic, partition, offset, key.
/// - commit: actor = the member, topic, partition, offset = the committed offset; ok or fail.
/// - assign / revoke: actor = the member, topic, partition.
/// - watermark / log_start: actor = the runner, topic, partition, offset.
/// - fault: actor = the runner, seq = the History::notes id of what was injected or undone.
/// - process: as the poll of the same record (the member, identity, topic, partition, offset).
/// - txn: actor = the producer, seq = the transaction's number; the producer's sends between a
///   txn invoke and its completion belong to that transaction.
struct Op {
  int64_t time_us = 0;  ///< microseconds since the run started (steady clock)
  int64_t offset = -1;
  uint64_t seq = 0;           ///< record identity: sequence number within its producer
  uint32_t producer = kNoId;  ///< record identity: index into History::producers
  uint32_t key = kNoId;       ///< index into History::keys; kNoId for a null key
  uint32_t actor = kNoId;     ///< index into History::actors
  int32_t partition = -1;
  int32_t generation = -1;  ///< the group generation, where one is known
  OpTopic topic;            ///< index into History::topics (kNoId when none)
  OpType type = OpType::kOk;
  OpKind kind = OpKind::kSend;

  bool has_record() const { return producer != kNoId; }
};
static_assert(sizeof(Op) == 48, "an op is 48 bytes: a long run's memory is mostly its ops");

std::string_view ToString(OpType t);
/// The name of an op kind as a history writes it in "f" ("send", "log_start", ...); "?" for a
/// value outside the enum.
std::string_view ToString(OpKind k);

}  // namespace ks
