#pragma once

// One operation of a run's history, in Jepsen's terms: an op has a type (invoke, ok, fail, info)
// and a kind (send, poll, commit, ...). Names and tables (actors, topics, keys, producers) live in
// History; an Op holds small ids into them so that a history of millions of ops stays compact.

#include <array>
#include <cstdint>
#include <string>
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

/// An index into one of History's tables (actors, topics, producers) as an op holds it: 16 bits,
/// so that an Op is 32 bytes (#18: ops are most of a long run's memory). Read and written as the
/// uint32_t id every table uses, kNoId included; it stores id + 1, so kNoId is 0 and each
/// conversion is one addition. Ids must fit (FitsOpId): a run's tables are its scenario's (at most
/// kMaxClients producers and members, and the runner; kMaxPartitions topics), and the history
/// reader refuses a file that names more.
class OpId {
 public:
  constexpr OpId() = default;
  constexpr OpId(uint32_t id) : v_(static_cast<uint16_t>(id + 1)) {}  // NOLINT: an id
  constexpr operator uint32_t() const { return uint32_t{v_} - 1; }    // NOLINT: an id

 private:
  uint16_t v_ = 0;  // kNoId
};
static_assert(limits::kMaxHistoryIds <= 0xffff, "OpId holds ids 0 to 65,534");

/// True when table id `id` fits an op (OpId): below limits::kMaxHistoryIds. Where a history is
/// read, an actor, topic or producer id that does not fit is an error.
constexpr bool FitsOpId(uint64_t id) { return id < limits::kMaxHistoryIds; }
static_assert(limits::kMaxPartitions < limits::kMaxHistoryIds, "a run's topics fit an op");
static_assert(2 * limits::kMaxClients < limits::kMaxHistoryIds, "a run's actors fit an op");

/// A signed integer an op holds in `Bytes` bytes (an op's time_us and offset in 6, its generation
/// in 3), read and written as int64_t. It holds -(2^(8 Bytes - 1) - 1) to 2^(8 Bytes - 1) - 1;
/// a value outside is held as "does not fit" (fits() false), which OpFits finds where ops are
/// made, so that a value too wide is refused rather than wrapped.
template <int Bytes>
class OpInt {
 public:
  static constexpr int64_t kMax = (int64_t{1} << (8 * Bytes - 1)) - 1;
  static constexpr int64_t kMin = -kMax;

  constexpr OpInt() = default;
  constexpr OpInt(int64_t v) { Set(v >= kMin && v <= kMax ? v : kUnfit); }  // NOLINT: a value
  constexpr operator int64_t() const {                                      // NOLINT: a value
    uint64_t u = 0;
    for (int i = Bytes - 1; i >= 0; --i) u = (u << 8) | b_[i];
    constexpr int kShift = 64 - 8 * Bytes;
    return static_cast<int64_t>(u << kShift) >> kShift;
  }
  /// False when the value assigned was outside kMin..kMax.
  constexpr bool fits() const { return static_cast<int64_t>(*this) != kUnfit; }
  /// Adds `d`; a value that did not fit, or a sum that does not, does not fit.
  constexpr OpInt& operator+=(int64_t d) {
    int64_t sum = 0;
    *this = !fits() || __builtin_add_overflow(static_cast<int64_t>(*this), d, &sum) ? kUnfit : sum;
    return *this;
  }

 private:
  static constexpr int64_t kUnfit = kMin - 1;
  constexpr void Set(int64_t v) {
    auto u = static_cast<uint64_t>(v);
    for (int i = 0; i < Bytes; ++i, u >>= 8) b_[i] = static_cast<uint8_t>(u);
  }
  std::array<uint8_t, Bytes> b_{};
};

/// An op's time in microseconds: 6 bytes, up to 4.4 years either way.
using OpTime = OpInt<6>;
/// An op's offset: 6 bytes, up to 2^47 - 1 (at a million records a second, 4.4 years of them).
using OpOffset = OpInt<6>;
/// An op's group generation: 3 bytes, up to 8,388,607 (Kafka's is an int32 that starts at 0 or 1
/// and goes up by one a rebalance).
using OpGeneration = OpInt<3>;
/// The largest sequence number an op holds (Op::seq: 32 bits). A producer's records are below
/// kMaxRecords; a processor member stops with an error after 2^32 outputs.
inline constexpr int64_t kMaxOpSeq = 0xffffffff;

/// A partition number as an op holds it: 16 bits, -1 (none) to kMax, read and written as int32_t.
/// It stores partition + 1; a partition outside is held as "does not fit" (fits() false).
class OpPartition {
 public:
  static constexpr int32_t kMax = 0xfffd;

  constexpr OpPartition() = default;
  constexpr OpPartition(int32_t p)  // NOLINT: a partition
      : v_(p >= -1 && p <= kMax ? static_cast<uint16_t>(p + 1) : kUnfit) {}
  constexpr operator int32_t() const {
    return v_ == kUnfit ? INT32_MIN : int32_t{v_} - 1;
  }  // NOLINT
  /// False when the partition assigned was outside -1..kMax.
  constexpr bool fits() const { return v_ != kUnfit; }

 private:
  static constexpr uint16_t kUnfit = 0xffff;
  uint16_t v_ = 0;  // -1
};

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
/// Narrow fields hold what a run or a history file can hold (OpFits says whether an op does):
/// times up to 4.4 years of microseconds, offsets up to 2^47 - 1, partitions up to
/// OpPartition::kMax, generations up to 2^23 - 1, sequence numbers up to 2^32 - 1.
struct Op {
  OpTime time_us = 0;  ///< microseconds since the run started (steady clock)
  OpId topic;          ///< index into History::topics (kNoId when none)
  OpOffset offset = -1;
  OpId actor;                    ///< index into History::actors
  uint32_t seq = 0;              ///< record identity: sequence number within its producer
  uint32_t key = kNoId;          ///< index into History::keys; kNoId for a null key
  OpGeneration generation = -1;  ///< the group generation, where one is known
  OpType type : 4 = OpType::kOk;
  OpKind kind : 4 = OpKind::kSend;
  OpId producer;  ///< record identity: index into History::producers
  OpPartition partition;

  bool has_record() const { return producer != kNoId; }
};
static_assert(sizeof(Op) == 32, "an op is 32 bytes: a long run's memory is mostly its ops");

/// True when every narrow field of `op` holds the value assigned to it (see Op).
constexpr bool OpFits(const Op& op) {
  return op.time_us.fits() && op.offset.fits() && op.generation.fits() && op.partition.fits();
}

/// For an op that does not fit (OpFits false), which field and what it holds at most, as
/// "its offset: an op holds -(2^47 - 1) to 2^47 - 1"; empty for an op that fits.
std::string OpUnfitText(const Op& op);

std::string_view ToString(OpType t);
/// The name of an op kind as a history writes it in "f" ("send", "log_start", ...); "?" for a
/// value outside the enum.
std::string_view ToString(OpKind k);

}  // namespace ks
