#pragma once

// Memory for millions of ops. Filled a 4 KiB page at a time, each page is a page fault: on the
// project's machines that cost about a quarter of reading a large history and most of merging
// a run's logs. So op memory is asked for in transparent huge pages (2 MiB, madvise(2)
// MADV_HUGEPAGE; advice only: where the kernel gives none, the ops fill 4 KiB pages as before).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "history/op.h"

namespace ks {

/// Returns an OpBlock's memory to the system (munmap).
struct OpBlockRelease {
  void operator()(Op* ops) const;
};

/// kOpBlockOps ops, uninitialised, in memory of their own (kOpBlockBytes, aligned for huge
/// pages).
using OpBlock = std::unique_ptr<Op[], OpBlockRelease>;

/// The bytes of an OpBlock: 4 MiB, two huge pages.
inline constexpr size_t kOpBlockBytes = size_t{4} << 20;
/// Ops per OpBlock: as many as fill kOpBlockBytes.
inline constexpr size_t kOpBlockOps = kOpBlockBytes / sizeof(Op);

/// How an OpBlock's memory is paged.
enum class OpPages : uint8_t {
  kHuge,   ///< advised to use huge pages: few page faults for a block that fills
  kSmall,  ///< 4 KiB pages (MADV_NOHUGEPAGE): resident only as far as it is written, for a
           ///< log that may hold a handful of ops
};

/// A new OpBlock. Throws std::bad_alloc when the system has no memory to map.
OpBlock NewOpBlock(OpPages pages = OpPages::kHuge);

/// ops->reserve(n), with the reserved memory advised to use huge pages.
/// Throws std::length_error / std::bad_alloc as std::vector::reserve does.
void ReserveOps(std::vector<Op>* ops, size_t n);

/// OpBlocks mapped and faulted in ahead of need (Prefault), for OpBlocks on any thread to take
/// as they fill. A run faults in its history's memory before its clients start, so that its
/// page faults (on these VMs ~1.9 ms per MiB of memory the host had reclaimed, even in huge
/// pages) do not compete with the clients for the cores while the run is measured.
class OpBlockPool {
 public:
  /// Maps and faults in blocks for `ops` more ops (madvise MADV_POPULATE_WRITE; a write to each
  /// page on kernels before 5.14, which lack it). A speed-up only, so it never fails: it stops
  /// at the first block the system will not map or fault in, keeping those it has.
  void Prefault(size_t ops);
  /// A prefaulted block while any is left, else a new one (NewOpBlock). Thread-safe.
  OpBlock Take();
  /// Returns the blocks nobody took to the system.
  void Clear();
  /// Blocks not taken yet.
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::vector<OpBlock> blocks_;
};

/// Ops appended one at a time into OpBlocks, read by index, and taken out in order: a reader
/// that has copied a block's ops releases it (ReleaseBlockOf), so its memory goes back to the
/// system at once and the next pages faulted in reuse it (a log of millions of ops also grows
/// without copying itself, as a vector doubling would). The first block is in small pages and
/// never from the pool: a run's many short logs (a member that polls little, the runner's own)
/// cost what they hold, not a huge page each.
class OpBlocks {
 public:
  /// `pool`: where blocks after the first come from (it must outlive this), or none: each
  /// block is mapped when needed.
  explicit OpBlocks(OpBlockPool* pool = nullptr) : pool_(pool) {}
  OpBlocks(OpBlocks&& o) noexcept
      : pool_(o.pool_), blocks_(std::move(o.blocks_)), size_(std::exchange(o.size_, 0)) {}
  OpBlocks& operator=(OpBlocks&& o) noexcept {
    pool_ = o.pool_;
    blocks_ = std::move(o.blocks_);
    size_ = std::exchange(o.size_, 0);
    return *this;
  }

  /// Appends `op`. Throws std::bad_alloc when no memory can be mapped.
  void push_back(const Op& op) {
    if (size_ % kOpBlockOps == 0) {
      blocks_.push_back(size_ == 0 ? NewOpBlock(OpPages::kSmall)
                        : pool_    ? pool_->Take()
                                   : NewOpBlock());
    }
    blocks_.back()[size_ % kOpBlockOps] = op;
    ++size_;
  }
  size_t size() const { return size_; }
  /// Op `i` (< size()), whose block must not have been released.
  const Op& operator[](size_t i) const { return blocks_[i / kOpBlockOps][i % kOpBlockOps]; }
  Op& operator[](size_t i) { return blocks_[i / kOpBlockOps][i % kOpBlockOps]; }
  /// Unmaps the block that holds op `i`: none of that block's ops may be read afterwards.
  void ReleaseBlockOf(size_t i) { blocks_[i / kOpBlockOps].reset(); }
  /// True when op `i` is the last of its block: a reader taking ops in order can release it.
  static bool EndsBlock(size_t i) { return (i + 1) % kOpBlockOps == 0; }

 private:
  OpBlockPool* pool_;
  std::vector<OpBlock> blocks_;
  size_t size_ = 0;
};

}  // namespace ks
