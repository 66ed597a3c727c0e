#pragma once

// Shared pieces of the checks: scope resolution, record identity, a dense topic-partition table,
// and the words used in evidence. Private to runner/checks: other layers use check.h.
//
// Histories can hold 10M ops, and a pass over them costs about as much as reading the whole
// history from memory, so a check makes one pass where it can and keeps its state in flat arrays
// indexed by record identity or topic-partition (DenseTable, PartitionRows): no per-op node
// allocation, no sort of every op. Checks run concurrently on one const History, so all of this
// state belongs to one call.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "checks/check.h"
#include "history/history.h"
#include "scenario/model.h"

namespace ks::check_detail {

/// At most this many ops go into CheckFigures::evidence: a counter-example, not a dump.
inline constexpr size_t kMaxEvidenceOps = 5;
/// At most this many findings are described in evidence_text; a last line counts the rest.
inline constexpr size_t kMaxEvidenceLines = 5;

/// A record's identity (producer, seq) plus the index of the op in History::ops that carried it.
/// 16 bytes, so that sorting millions of them stays cache-friendly.
struct RecordRef {
  uint64_t seq = 0;
  uint32_t producer = kNoId;
  uint32_t op = 0;  ///< index into History::ops
};

/// Sorts by identity, then by op index (time order): the first ref of a run is the earliest op.
void SortByRecord(std::vector<RecordRef>& refs);

inline bool SameRecord(const RecordRef& a, const RecordRef& b) {
  return a.producer == b.producer && a.seq == b.seq;
}

/// Keeps the first (earliest) ref of each identity; `refs` must be sorted by SortByRecord.
void UniqueByRecord(std::vector<RecordRef>& refs);

/// A growable array of a trivially copyable type that grows with realloc(): for large blocks
/// that is mremap() on Linux, which moves pages instead of copying them, so growing a table to
/// millions of entries neither copies it nor faults its pages in again at every step.
template <typename T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  PodArray() = default;
  PodArray(PodArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  PodArray& operator=(PodArray&& other) noexcept {
    if (this != &other) {
      std::free(data_);
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
    }
    return *this;
  }
  PodArray(const PodArray&) = delete;
  PodArray& operator=(const PodArray&) = delete;
  ~PodArray() { std::free(data_); }

  size_t size() const { return size_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }

  /// Grows to `size` entries, the new ones set to `fill`: `front` of them before the old ones,
  /// the rest after.
  void Grow(size_t size, size_t front, const T& fill) {
    void* grown = std::realloc(static_cast<void*>(data_), size * sizeof(T));
    if (grown == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(grown);
    if (front > 0) std::memmove(static_cast<void*>(data_ + front), data_, size_ * sizeof(T));
    std::fill(data_, data_ + front, fill);
    std::fill(data_ + front + size_, data_ + size, fill);
    size_ = size;
  }

 private:
  T* data_ = nullptr;
  size_t size_ = 0;
};

/// Values keyed by (row, index) where each row's indices are nearly dense: a record identity
/// (producer, seq), which the runner numbers 0..N-1 per producer, or a log position (partition,
/// offset). A row is a flat array from the lowest index it holds, grown as keys arrive, so a check
/// fills it during its one pass over the history: no pass to size it first, and no sort.
/// Sparse indices (seqs or offsets in the billions) would make the arrays huge, so once they would
/// pass `budget` slots in all the table moves to open-addressing hashing: slower, same answers.
/// A key never written reads as `empty`, and users treat `empty` as "absent": dense rows hold
/// `empty` in their gaps, and the move to hashing drops them. References are valid only until the
/// next operator() call.
template <typename T>
class DenseTable {
 public:
  DenseTable(T empty, size_t budget) : empty_(empty), budget_(budget) {}

  /// The value of (row, index), added as `empty` when new.
  T& operator()(uint32_t row, uint64_t index) {
    if (row < rows_.size()) {
      Row& r = rows_[row];
      uint64_t at = index - r.base;  // wraps below base: then too large as well
      if (at < r.values.size()) return r.values[at];
    }
    return Slow(row, index);
  }

  /// The value of (row, index), `empty` when never written.
  const T& Get(uint32_t row, uint64_t index) const {
    if (row < rows_.size()) {
      const Row& r = rows_[row];
      uint64_t at = index - r.base;
      if (at < r.values.size()) return r.values[at];
      return empty_;
    }
    if (!hashed_) return empty_;
    size_t i = Probe(row, index);
    return slots_[i].used ? slots_[i].value : empty_;
  }

  /// Calls f(row, index, value) for every key written, in (row, index) order: identity order for
  /// records, offset order for log positions. Keys holding `empty` may be visited too.
  template <typename F>
  void ForEach(F&& f) const {
    if (!hashed_) {
      for (size_t row = 0; row < rows_.size(); ++row) {
        const Row& r = rows_[row];
        for (size_t at = 0; at < r.values.size(); ++at)
          f(static_cast<uint32_t>(row), r.base + at, r.values[at]);
      }
      return;
    }
    std::vector<const Slot*> used;
    used.reserve(count_);
    for (const Slot& s : slots_) {
      if (s.used) used.push_back(&s);
    }
    std::sort(used.begin(), used.end(), [](const Slot* a, const Slot* b) {
      return a->row != b->row ? a->row < b->row : a->index < b->index;
    });
    for (const Slot* s : used) f(s->row, s->index, s->value);
  }

  /// True once sparse indices moved the table to hashing (for tests).
  bool hashed() const { return hashed_; }

 private:
  struct Row {
    uint64_t base = 0;
    PodArray<T> values;
  };
  struct Slot {
    uint64_t index = 0;
    uint32_t row = 0;
    bool used = false;
    T value{};
  };
  /// Rows are few (producers, partitions); a row id beyond this is not a dense numbering.
  static constexpr uint32_t kMaxRows = 1u << 16;

  T& Slow(uint32_t row, uint64_t index) {
    if (!hashed_) {
      if (row >= kMaxRows) {
        ToHash();
        return Hashed(row, index);
      }
      if (row >= rows_.size()) rows_.resize(row + 1);
      Row& r = rows_[row];
      size_t size = r.values.size();
      size_t room = budget_ - used_;
      if (size == 0) r.base = index;
      if (index >= r.base) {
        uint64_t at = index - r.base;
        // Growth moves pages rather than copying (PodArray), so small steps are cheap and keep
        // the slack, which is filled and so resident, at a fifth at most.
        if (at < size + room) {
          size_t grown = std::max<size_t>(static_cast<size_t>(at) + 1, size + size / 4 + 1024);
          Resize(r, std::min(grown, size + room), 0);
          return r.values[at];
        }
      } else {
        uint64_t missing = r.base - index;
        if (missing <= room) {
          size_t front = static_cast<size_t>(std::min<uint64_t>(
              r.base, std::max<uint64_t>(missing, std::min<size_t>(size / 4 + 1024, room))));
          Resize(r, size + front, front);
          return r.values[index - r.base];
        }
      }
      ToHash();
    }
    return Hashed(row, index);
  }

  /// Makes `r` hold `size` values, `front` of them new ones before the old.
  void Resize(Row& r, size_t size, size_t front) {
    used_ += size - r.values.size();
    r.values.Grow(size, front, empty_);
    r.base -= front;
  }

  void ToHash() {
    hashed_ = true;
    slots_.assign(1024, Slot{});
    std::vector<Row> rows = std::move(rows_);
    rows_.clear();
    for (size_t row = 0; row < rows.size(); ++row) {
      Row& r = rows[row];
      for (size_t at = 0; at < r.values.size(); ++at) {
        if (!(r.values[at] == empty_))
          Hashed(static_cast<uint32_t>(row), r.base + at) = r.values[at];
      }
      r.values = PodArray<T>();  // frees each row as it moves
    }
  }

  static uint64_t Hash(uint32_t row, uint64_t index) {
    uint64_t h = (index ^ (static_cast<uint64_t>(row) << 32 | row)) * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 31);
  }

  /// The slot holding (row, index), or the free slot where it belongs.
  size_t Probe(uint32_t row, uint64_t index) const {
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash(row, index) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (!s.used || (s.row == row && s.index == index)) return i;
    }
  }

  T& Hashed(uint32_t row, uint64_t index) {
    if ((count_ + 1) * 2 > slots_.size()) {
      std::vector<Slot> old = std::move(slots_);
      slots_.assign(std::max<size_t>(1024, old.size() * 2), Slot{});
      for (const Slot& s : old) {
        if (s.used) slots_[Probe(s.row, s.index)] = s;
      }
    }
    Slot& s = slots_[Probe(row, index)];
    if (!s.used) {
      s = {index, row, true, empty_};
      ++count_;
    }
    return s.value;
  }

  T empty_;
  size_t budget_;
  size_t used_ = 0;  ///< dense slots allocated, all rows together
  bool hashed_ = false;
  std::vector<Row> rows_;
  std::vector<Slot> slots_;  ///< once hashed; a power of two, at most half full
  size_t count_ = 0;
};

/// The dense-slot budget of a DenseTable over `history`: about one slot per op. A run numbers
/// each producer's records from 0 and every record costs at least one op (its send), so dense
/// numberings stay within it; anything beyond is sparse.
inline size_t DenseBudget(const History& history) { return history.ops.size() + 4096; }

/// Per topic-partition rows of `width` values (e.g. one per group member), grown as ops name
/// partitions, so that a check needs no pass to count partitions first. Rows are in (topic,
/// partition) order, as PartitionSlots numbers them.
template <typename T>
class PartitionRows {
 public:
  PartitionRows(size_t topics, size_t width, T init)
      : rows_(topics), width_(std::max<size_t>(width, 1)), init_(init) {}

  /// The row of (topic, partition), added if new; nullptr when the op names no partition (no
  /// topic, or partition -1).
  T* Row(uint32_t topic, int32_t partition) {
    if (topic >= rows_.size() || partition < 0) return nullptr;
    std::vector<T>& v = rows_[topic];
    size_t begin = static_cast<size_t>(partition) * width_;
    if (v.size() < begin + width_) v.resize(begin + width_, init_);
    return v.data() + begin;
  }
  /// The row of (topic, partition), or nullptr when no op added it.
  const T* Find(uint32_t topic, int32_t partition) const {
    if (topic >= rows_.size() || partition < 0) return nullptr;
    const std::vector<T>& v = rows_[topic];
    size_t begin = static_cast<size_t>(partition) * width_;
    return begin < v.size() ? v.data() + begin : nullptr;
  }
  /// Highest partition added + 1 for `topic`.
  int32_t Partitions(uint32_t topic) const {
    return topic < rows_.size() ? static_cast<int32_t>(rows_[topic].size() / width_) : 0;
  }
  size_t topics() const { return rows_.size(); }
  /// Sets column `column` of every row, e.g. a member's state when it restarts.
  void FillColumn(size_t column, T value) {
    for (std::vector<T>& v : rows_) {
      for (size_t i = column; i < v.size(); i += width_) v[i] = value;
    }
  }

 private:
  std::vector<std::vector<T>> rows_;
  size_t width_;
  T init_;
};

/// Adds `item` to `first`, which keeps the kMaxEvidenceLines smallest items by `less` in order:
/// a pass meets findings in time order, while evidence names the first few in report order
/// (identity, key, offset).
template <typename T, typename Less>
void KeepFirst(std::vector<T>& first, T item, Less less) {
  auto it = std::upper_bound(first.begin(), first.end(), item, less);
  if (first.size() >= kMaxEvidenceLines && it == first.end()) return;
  first.insert(it, std::move(item));
  if (first.size() > kMaxEvidenceLines) first.pop_back();
}

/// Asks for the op a few places ahead of `i` to be loaded: a pass is bound by reading the
/// history from memory, and the hardware prefetcher alone leaves it waiting on loads (about a
/// fifth of a pass over 10M ops).
inline void PrefetchOp(const History& history, size_t i) {
  constexpr size_t kAhead = 24;
  if (i + kAhead < history.ops.size()) __builtin_prefetch(history.ops.data() + i + kAhead);
}

/// The names of an expect entry's scope, resolved to History ids. kNoId where not given.
struct Scope {
  uint32_t group = kNoId;
  uint32_t topic = kNoId;
  uint32_t producer = kNoId;
  uint32_t member = kNoId;  ///< an actor id
  /// in_group[actor] != 0 for the member actors of `group` (empty when no group was given).
  std::vector<uint8_t> in_group;
  /// The group's member actors, in actor id order.
  std::vector<uint32_t> members;
  /// The op at which the group has consumed a record: kPoll, or kProcess (its ok process op) for
  /// a group with a processing model ("consumed means processed", scenario-format.md).
  OpKind consume_kind = OpKind::kPoll;
};

/// Resolves every scope name of `spec` against `history`. Returns the reason when a name is not in
/// the history (a typo, or a group that never started): the check then has nothing to judge.
/// `required` lists scope keys that must be present.
std::optional<std::string> ResolveScope(const History& history, const ExpectSpec& spec,
                                        const std::vector<std::string>& required, Scope* scope);

/// True for an ok poll by a member of the scoped group. Polls of foreign records (no record
/// identity: no header, or one another run wrote, see ParseIdentity) are ignored by every check
/// except for counting them.
inline bool IsGroupPoll(const Op& op, const Scope& scope) {
  return op.kind == OpKind::kPoll && op.type == OpType::kOk && op.actor < scope.in_group.size() &&
         scope.in_group[op.actor] != 0;
}

/// True for the op at which a member of the scoped group consumed a record: its ok poll, or its
/// ok process op when the group processes (Scope::consume_kind). Lost, duplicates, consumed and
/// latency count consumption this way; the order checks judge what Kafka delivered (polls).
inline bool IsGroupConsume(const Op& op, const Scope& scope) {
  return op.kind == scope.consume_kind && op.type == OpType::kOk &&
         op.actor < scope.in_group.size() && scope.in_group[op.actor] != 0;
}

/// "processed" or "polled": how evidence says a group consumed a record.
inline std::string_view ConsumeVerb(const Scope& scope) {
  return scope.consume_kind == OpKind::kProcess ? "processed" : "polled";
}

/// A dense numbering of the topic-partitions that appear in a history, so per-partition state is
/// a vector index instead of a map lookup. Partition counts come from the highest partition seen
/// in any op (watermark ops included), so every op's (topic, partition) has a slot.
class PartitionSlots {
 public:
  explicit PartitionSlots(const History& history);
  /// The slot of (topic, partition), or -1 when the op names no partition.
  int64_t Slot(uint32_t topic, int32_t partition) const {
    if (topic >= base_.size() || partition < 0 || partition >= count_[topic]) return -1;
    return base_[topic] + partition;
  }
  size_t size() const { return total_; }
  /// Highest partition seen + 1 for `topic` (0 for a topic without partitioned ops).
  int32_t PartitionsSeen(uint32_t topic) const { return topic < count_.size() ? count_[topic] : 0; }

 private:
  std::vector<int64_t> base_;
  std::vector<int32_t> count_;
  size_t total_ = 0;
};

/// Number of partitions of `topic`: from kWatermark ops when the runner recorded any (it reads
/// every partition's watermark at the end), else the highest partition any op names + 1.
int32_t PartitionCount(const History& history, uint32_t topic);

/// A record AbortedCollector found, and why.
struct AbortedRecord {
  enum class Why : uint8_t {
    kTxnAborted,    ///< sent (invoked) inside a transaction that ended kTxn fail
    kNotPersisted,  ///< its delivery report said NOT_PERSISTED (kFail send)
    kTxnUndecided,  ///< sent inside a transaction that ended kTxn info, or never ended
  };
  uint64_t seq = 0;
  uint32_t producer = kNoId;
  uint32_t op = 0;          ///< its send invoke in the transaction, or its kFail send
  uint32_t txn = kNoId;     ///< the kTxn op that ended its transaction (kNoId: none)
  uint64_t txn_number = 0;  ///< its transaction's number (Op::seq of the txn ops), 0 outside one
  Why why = Why::kNotPersisted;

  /// Definitely not readable data: a read_committed reader must never return it (aborted_visible).
  bool aborted() const { return why != Why::kTxnUndecided; }
  /// Sent in a transaction that did not commit: not acknowledged, whatever its delivery report
  /// said, so no reader owes it (lost).
  bool uncommitted() const { return why != Why::kNotPersisted; }
};

/// Finds the records that are definitely not in the log as readable data, fed every op of the
/// history in order by a check's own pass:
/// - the sends whose delivery report said NOT_PERSISTED (kFail: librdkafka guarantees the record
///   was not written); Jepsen's G1a (kafka.clj) reads these as "aborted";
/// - the records of aborted transactions (KIP-98): every record whose send invoke came while its
///   producer actor had a transaction open (between a kTxn invoke and that transaction's
///   completion) belongs to that transaction; when it ends kTxn fail, its records are aborted,
///   even those delivered ok (they are in the log, followed by an abort marker, and read_committed
///   readers skip them). A record belongs to the transaction open at its invoke, so a delivery
///   report that comes after its transaction ended changes nothing.
/// It also reports, as kTxnUndecided, the records of transactions whose outcome is unknown (kTxn
/// info, or no completion by the end of the history): not aborted for certain, not committed
/// either.
class AbortedCollector {
 public:
  /// Call with every op, in history order; `index` is the op's index in History::ops.
  void See(const Op& op, uint32_t index) {
    if (op.kind == OpKind::kSend) {
      if (!op.has_record()) return;
      if (op.type == OpType::kFail) {
        found_.push_back({op.seq, op.producer, index, kNoId, 0, AbortedRecord::Why::kNotPersisted});
      }
      if (op.type == OpType::kInvoke && op.actor < open_.size() && open_[op.actor].open)
        open_[op.actor].records.push_back({op.seq, op.producer, index});
    } else if (op.kind == OpKind::kTxn) {
      SeeTxn(op, index);
    }
  }
  /// The records found in the ops seen, sorted by identity, one each: a record found for two
  /// reasons is reported once, for the stronger (kTxnAborted, then kNotPersisted, then
  /// kTxnUndecided). Transactions still open count as undecided. Leaves the collector empty.
  /// Memory: one entry per record found, plus the records of each actor's open transaction.
  std::vector<AbortedRecord> Take();

 private:
  /// A producer actor's open transaction and the records sent in it so far.
  struct Open {
    bool open = false;
    uint64_t number = 0;
    uint64_t begun = 0;  ///< transactions this actor began: numbers ops that carry none
    std::vector<RecordRef> records;
  };
  void SeeTxn(const Op& op, uint32_t index);
  /// Moves the records of `actor`'s open transaction to found_ as `why`, ended by op `txn`.
  void Close(Open& open, uint32_t txn, AbortedRecord::Why why);

  std::vector<AbortedRecord> found_;
  std::vector<Open> open_;  ///< by actor id
};

/// Send ops counted by completion, for the producer-side checks (produced, delivery_errors).
struct SendTally {
  size_t invoked = 0;       ///< kInvoke ops: records handed to produce()
  size_t acknowledged = 0;  ///< kOk completions (PERSISTED)
  size_t failed = 0;        ///< kFail completions (NOT_PERSISTED)
  size_t info = 0;          ///< kInfo completions (POSSIBLY_PERSISTED)
  /// Invokes without any completion (the run ended before their delivery report):
  /// invoked - (acknowledged + failed + info), never negative.
  size_t unanswered() const {
    size_t done = acknowledged + failed + info;
    return invoked > done ? invoked - done : 0;
  }
  /// Jepsen's :info: the record may or may not be in the log (kInfo, or no report at all).
  size_t indeterminate() const { return info + unanswered(); }
  /// The first few failed or indeterminate completions, in time order (op indices).
  std::vector<uint32_t> errors;
};

/// Counts the sends of `scope.producer` and/or to `scope.topic` (either may be kNoId: no filter),
/// keeping up to kMaxEvidenceLines failed or indeterminate completions for evidence.
SendTally TallySends(const History& history, const Scope& scope);

/// Resolves the scope of a producer-side entry (`producer` and/or `topic`, at least one) and
/// counts its sends. Returns the reason there is nothing to judge, or nothing.
std::optional<std::string> ResolveSendScope(const History& history, const ExpectSpec& spec,
                                            Scope* scope, SendTally* tally);

/// "producer order-service", "topic orders" or "order-service to orders": what a producer-side
/// entry measures, for evidence and reasons.
std::string SendScopeName(const History& history, const Scope& scope);

// Words for evidence_text, so that every check names things the same way.

/// "order-service#17"; "a foreign record" without identity.
std::string RecordName(const History& history, const Op& op);
/// Why a check of `group`'s records has nothing to judge when the group polled none of this run's
/// records: "billing polled nothing", or "billing polled 3 records, none with this run's identity
/// header" when it polled `foreign` foreign records only.
std::string PolledNoRecordOfThisRun(const std::string& group, size_t foreign);
/// "user-3", or "null" for a record without a key.
std::string KeyName(const History& history, uint32_t key);
/// "orders[2]"
std::string TopicPartition(const History& history, uint32_t topic, int32_t partition);
/// "orders[2]@8" (offset "?" when unknown)
std::string Where(const History& history, const Op& op);
/// The actor's name, e.g. "billing/1".
std::string ActorName(const History& history, uint32_t actor);
/// A run time (microseconds since the run started) as seconds: "1.234s", or "1.234567s" when
/// the time is not a whole millisecond.
std::string Seconds(int64_t time_us);
/// "order-service#17 (key user-3)"; the key part is left out for a null key.
std::string RecordWithKey(const History& history, const Op& op);

/// Appends the ops of `ops` to `out->evidence` while fewer than kMaxEvidenceOps are held.
void AddEvidence(const History& history, std::initializer_list<uint32_t> ops, CheckFigures* out);
/// Appends "... and N more <what>" when `total` findings exceeded the lines shown.
void AddMoreLine(size_t total, size_t shown, const std::string& what, CheckFigures* out);

// The computations, one per file; check.cc registers them. Each takes the whole history and the
// expect entry (only its scope is read: bounds are RunCheck's business) and returns its figures
// (counts of records, keys, polls or partitions; main figure first), evidence, or the reason there
// is nothing to judge (which includes a scope name the history does not know).

/// lost.cc. Scope: group (required), topic. Figures: lost, unseen (records). An acknowledged
/// (kOk) record the group never polled is `lost` when the group read its partition at or past its
/// offset or drained the partition to the final high watermark, else `unseen`. kInfo and kFail
/// sends never count, nor do records sent in a transaction that did not commit (aborted or of
/// unknown outcome, AbortedRecord::uncommitted): a transactional record is acknowledged by its
/// transaction's commit (KIP-98). Without a topic, the records of the topics the group was
/// assigned or polled. Rule: Kafka's validate_delivery (acked - consumed), split as in Jepsen's
/// kafka checker (lost-write vs unseen).
CheckFigures ComputeLost(const History& history, const ExpectSpec& spec);
/// ComputeLost, also returning the number of distinct acknowledged records it judged (0 when it
/// had nothing to judge) in `acknowledged` when not null: the delivery summary's denominator.
CheckFigures ComputeLostCounting(const History& history, const ExpectSpec& spec,
                                 size_t* acknowledged);

/// duplicates.cc. Scope: group (required), topic. Figures: duplicates (records the group polled
/// more than once, across members and restarts), redeliveries (polls beyond the first).
/// Rule: Kafka's validate_delivery (len(consumed) vs len(set(consumed))).
CheckFigures ComputeDuplicates(const History& history, const ExpectSpec& spec);
/// ComputeDuplicates, also returning ComputeConsumed's result in `consumed` when not null: both
/// count the same polls, so the delivery summary gets both from one pass.
CheckFigures ComputeDuplicatesCounting(const History& history, const ExpectSpec& spec,
                                       CheckFigures* consumed);

/// key_order.cc. Scope: group (required), topic. Figures: keys_out_of_order (keys), inversions
/// (adjacent pairs of a key's first-poll sequence that go backwards in acknowledgement order).
/// Only acknowledged, keyed records the group polled are judged. Rule: Kafka's per-partition
/// order carried to keys (librdkafka tests' ORDER BY_MSGID).
CheckFigures ComputeKeyOrder(const History& history, const ExpectSpec& spec);

/// partition_order.cc. Scope: group (required), member, topic. Figure: nonmonotonic (pairs of
/// consecutive polls by one member in one partition where the offset did not increase, with no
/// assign, revoke or restart in between). Rule: Jepsen's nonmonotonic-poll.
CheckFigures ComputePartitionOrder(const History& history, const ExpectSpec& spec);

/// same_key_same_partition.cc. Scope: topic (required), producer. Figures: split_keys (keys whose
/// acknowledged records are in more than one partition), keys (distinct keys acknowledged).
/// Rule: the key-to-partition contract of Kafka's default partitioners.
CheckFigures ComputeSameKeySamePartition(const History& history, const ExpectSpec& spec);

/// partition_spread.cc. Scope: topic (required), producer. Figures: partitions_used,
/// min_per_partition, max_per_partition (records; empty partitions count), records.
CheckFigures ComputePartitionSpread(const History& history, const ExpectSpec& spec);

/// consumed.cc. Scope: group (required), topic. Figures: consumed (distinct records with an
/// identity the group polled), deliveries (all such polls). Zero is a figure, never "nothing to
/// judge". Rule: the counts of Kafka's validate_delivery.
CheckFigures ComputeConsumed(const History& history, const ExpectSpec& spec);
/// What the consumed check counts in a pass over the group's polls (in the entry's topic).
struct PollCounts {
  size_t distinct = 0;             ///< records with an identity
  size_t deliveries = 0;           ///< polls of records with an identity
  size_t foreign = 0;              ///< polls of foreign records (without this run's identity)
  std::vector<size_t> per_member;  ///< deliveries by actor id
};
/// consumed.cc: the consumed check's figures and evidence from its counts.
CheckFigures ConsumedFigures(const History& history, const Scope& scope, const PollCounts& counts);

/// assignment.cc. Scope: group (required). Figures: unowned_partitions (partitions of the group's
/// topics without exactly one owner at the end), idle_members (members in the group at the end
/// owning none), min/max_partitions_per_member. Replayed from assign/revoke ops; start and stop
/// reset a member. Rule: Kafka's consumer tests' valid_assignment (each partition exactly once).
CheckFigures ComputeAssignment(const History& history, const ExpectSpec& spec);

/// poll_skip.cc. Scope: group (required), member, topic. Figures: skipped (acknowledged records
/// that lay inside a gap and that the group never polled at all), gaps (pairs of consecutive
/// polls by one member in one partition, with no assign, revoke or restart in between, whose
/// offsets jumped over at least one offset known to hold a record: an acknowledged send or a
/// record the group polled). Rule: Jepsen's poll-skip (kafka.clj), offsets standing in for
/// Jepsen's version-order indices.
CheckFigures ComputePollSkip(const History& history, const ExpectSpec& spec);

/// inconsistent_offsets.cc. Scope: topic (required). Figure: inconsistent (topic-partition
/// offsets tied to two or more record identities across acknowledged sends and polls by anyone).
/// Polls without an identity header are not compared. Rule: Jepsen's inconsistent-offsets
/// (kafka.clj).
CheckFigures ComputeInconsistentOffsets(const History& history, const ExpectSpec& spec);

/// aborted_visible.cc. Scope: group (required). Figure: aborted_visible (distinct records
/// AbortedCollector finds aborted() that the group polled: never written, or sent in an aborted
/// transaction). Rule: Jepsen's G1a, aborted read (kafka.clj); for transactions, KIP-98's
/// read_committed isolation.
CheckFigures ComputeAbortedVisible(const History& history, const ExpectSpec& spec);

/// placement.cc. Scope: topic (required), producer. Figures: misplaced (acknowledged records not
/// in the partition their producer's declared partitioner gives), checked (acknowledged records
/// whose partition was predictable). Partitioners: murmur2 and crc32 hash non-null keys
/// (librdkafka CONFIGURATION.md `partitioner`: murmur2_random, consistent_random), round_robin is
/// seq % partitions, explicit is the declared partition; null keys under a hashing partitioner
/// (and empty keys under crc32), random, and producers without a ProducerInfo are unpredictable
/// and not counted.
CheckFigures ComputePlacement(const History& history, const ExpectSpec& spec);

/// commit_legality.cc. Scope: group (required). Figures: illegal_commits (ok commits of a
/// partition the member was not assigned since it started, or of an offset beyond its position:
/// above both the next offset after the highest it polled there since it started and the
/// group's committed offset it may have resumed from), commits (ok commits judged).
/// Rule: Kafka's verifiable_consumer.py (a committed partition must be assigned; committed
/// offset <= position).
CheckFigures ComputeCommitLegality(const History& history, const ExpectSpec& spec);

/// produced.cc. Scope: producer and/or topic (at least one). Figures: produced (kOk
/// completions), sent (invokes), failed (kFail), indeterminate (kInfo plus invokes never
/// answered). Zero is a figure. Rule: the counts of Kafka's verifiable_producer
/// (producer_send_success / producer_send_error).
CheckFigures ComputeProduced(const History& history, const ExpectSpec& spec);

/// delivery_errors.cc. Scope: producer and/or topic (at least one). Figures: delivery_errors
/// (failed + indeterminate), failed, indeterminate, as produced counts them. Rule: librdkafka's
/// message status (rd_kafka_message_status: NOT_PERSISTED, POSSIBLY_PERSISTED).
CheckFigures ComputeDeliveryErrors(const History& history, const ExpectSpec& spec);

/// lag.cc. Scope: group (required), topic. Figures: lag (sum over the partitions of the group's
/// topics that have a recorded high watermark of watermark minus the group's last ok committed
/// offset, or minus the log start offset without a commit; never negative), max_partition_lag.
/// Rule: Kafka's consumer lag (kafka-consumer-groups.sh: LOG-END-OFFSET - CURRENT-OFFSET).
CheckFigures ComputeLag(const History& history, const ExpectSpec& spec);

/// latency.cc. Scope: group (required), topic. Figures: p99_ms, p50_ms, max_ms (nearest-rank
/// percentiles over records of the first poll by the group minus the send's invoke, in
/// milliseconds). Rule: the end-to-end latency of Trogdor's ProduceBench/ConsumeBench
/// (p50/p95/p99) measured per record.
CheckFigures ComputeLatency(const History& history, const ExpectSpec& spec);

}  // namespace ks::check_detail
