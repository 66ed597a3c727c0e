#pragma once

// Flat containers for a check's one pass over a history (private to runner/checks): record refs
// to sort, DenseTable (by record identity), PartitionRows (by topic-partition), and a prefetch.
// Histories can hold 10M ops, and a pass over them costs about as much as reading the whole
// history from memory, so a check keeps its state in flat arrays: no per-op node allocation, no
// sort of every op. Checks run concurrently on one const History, so this state belongs to one
// call.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "history/history.h"

namespace ks::check_detail {

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

/// Asks for the op a few places ahead of `i` to be loaded: a pass is bound by reading the
/// history from memory, and the hardware prefetcher alone leaves it waiting on loads (about a
/// fifth of a pass over 10M ops).
inline void PrefetchOp(const History& history, size_t i) {
  constexpr size_t kAhead = 24;
  if (i + kAhead < history.ops.size()) __builtin_prefetch(history.ops.data() + i + kAhead);
}

}  // namespace ks::check_detail
