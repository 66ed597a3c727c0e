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

}  // namespace ks
