#include "history/op_memory.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstdint>
#include <new>

namespace ks {
namespace {

constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
constexpr size_t kBlockBytes = kOpBlockBytes;
constexpr size_t kSmallPage = 4096;

// Advises the whole huge pages inside [begin, begin + bytes).
void AdviseHugePages(void* begin, size_t bytes) {
#ifdef MADV_HUGEPAGE
  const auto from = (reinterpret_cast<uintptr_t>(begin) + kHugePage - 1) & ~(kHugePage - 1);
  const auto to = (reinterpret_cast<uintptr_t>(begin) + bytes) & ~(kHugePage - 1);
  if (to > from) madvise(reinterpret_cast<void*>(from), to - from, MADV_HUGEPAGE);
#else
  (void)begin;
  (void)bytes;
#endif
}

// Faults in [begin, begin + bytes), page-aligned; false when the kernel would not.
bool FaultIn(void* begin, size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  if (madvise(begin, bytes, MADV_POPULATE_WRITE) == 0) return true;
  // EINVAL: a kernel before 5.14, without the advice. Anything else (ENOMEM, EFAULT): writing
  // to the pages would only end in the OOM killer, not in an error.
  if (errno != EINVAL) return false;
#endif
  // An Op's default is not all zeros, but a block's ops are written before they are read.
  auto* bytes_begin = static_cast<volatile char*>(begin);
  for (size_t i = 0; i < bytes; i += kSmallPage) bytes_begin[i] = 0;
  return true;
}

}  // namespace

void OpBlockPool::Prefault(size_t ops) {
  std::vector<OpBlock> more;
  try {
    for (size_t n = 0; n < ops; n += kOpBlockOps) {
      OpBlock block = NewOpBlock();
      if (!FaultIn(block.get(), kBlockBytes)) break;
      more.push_back(std::move(block));
    }
  } catch (const std::bad_alloc&) {  // the logs will ask again as they fill, and fail there
  }
  std::lock_guard lock(mu_);
  for (OpBlock& b : more) blocks_.push_back(std::move(b));
}

OpBlock OpBlockPool::Take() {
  {
    std::lock_guard lock(mu_);
    if (!blocks_.empty()) {
      OpBlock b = std::move(blocks_.back());
      blocks_.pop_back();
      return b;
    }
  }
  return NewOpBlock();
}

void OpBlockPool::Clear() {
  std::vector<OpBlock> unused;
  std::lock_guard lock(mu_);
  unused.swap(blocks_);
}

size_t OpBlockPool::size() const {
  std::lock_guard lock(mu_);
  return blocks_.size();
}

void OpBlockRelease::operator()(Op* ops) const { munmap(ops, kBlockBytes); }

OpBlock NewOpBlock(OpPages pages) {
  // Mapped with a huge page's worth to spare, then trimmed to a 2 MiB-aligned 4 MiB, so the
  // block is exactly two huge pages.
  const size_t mapped = kBlockBytes + kHugePage;
  void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  const auto begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t aligned = (begin + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > begin) munmap(p, aligned - begin);
  const uintptr_t end = begin + mapped;
  if (end > aligned + kBlockBytes) {
    munmap(reinterpret_cast<void*>(aligned + kBlockBytes), end - aligned - kBlockBytes);
  }
  if (pages == OpPages::kHuge) {
    AdviseHugePages(reinterpret_cast<void*>(aligned), kBlockBytes);
  } else {
#ifdef MADV_NOHUGEPAGE
    madvise(reinterpret_cast<void*>(aligned), kBlockBytes, MADV_NOHUGEPAGE);
#endif
  }
  // Op is an aggregate, so an implicit-lifetime type: the mapping holds an array of them.
  return OpBlock(reinterpret_cast<Op*>(aligned));
}

void ReserveOps(std::vector<Op>* ops, size_t n) {
  ops->reserve(n);
  AdviseHugePages(ops->data(), ops->capacity() * sizeof(Op));
}

}  // namespace ks
