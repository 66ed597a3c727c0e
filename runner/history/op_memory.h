#pragma once

// Memory for millions of ops. Filled a 4 KiB page at a time, each page is a page fault: on the
// project's machines that cost about a quarter of reading a large history and most of merging
// a run's logs. So op memory is asked for in transparent huge pages (2 MiB, madvise(2)
// MADV_HUGEPAGE; advice only: where the kernel gives none, the ops fill 4 KiB pages as before).

#include <cstddef>
#include <memory>
#include <vector>

#include "history/op.h"

namespace ks {

/// Returns an OpBlock's memory to the system (munmap).
struct OpBlockRelease {
  void operator()(Op* ops) const;
};

/// kOpBlockOps ops, uninitialised, in memory of their own (4 MiB, aligned for huge pages).
using OpBlock = std::unique_ptr<Op[], OpBlockRelease>;

/// Ops per OpBlock: as many as fill 4 MiB (74,898 ops of 56 B).
inline constexpr size_t kOpBlockOps = (size_t{4} << 20) / sizeof(Op);

/// A new OpBlock. Throws std::bad_alloc when the system has no memory to map.
OpBlock NewOpBlock();

/// ops->reserve(n), with the reserved memory advised to use huge pages.
/// Throws std::length_error / std::bad_alloc as std::vector::reserve does.
void ReserveOps(std::vector<Op>* ops, size_t n);

/// Ops appended one at a time into OpBlocks, read by index, and taken out in order: a reader
/// that has copied a block's ops releases it (ReleaseBlockOf), so its memory goes back to the
/// system at once and the next pages faulted in reuse it (a log of millions of ops also grows
/// without copying itself, as a vector doubling would).
class OpBlocks {
 public:
  /// Appends `op`. Throws std::bad_alloc when no memory can be mapped.
  void push_back(const Op& op) {
    if (size_ % kOpBlockOps == 0) blocks_.push_back(NewOpBlock());
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
  std::vector<OpBlock> blocks_;
  size_t size_ = 0;
};

}  // namespace ks
