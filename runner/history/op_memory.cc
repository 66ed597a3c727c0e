#include "history/op_memory.h"

#include <sys/mman.h>

#include <cstdint>
#include <new>

namespace ks {
namespace {

constexpr uintptr_t kHugePage = uintptr_t{2} << 20;
constexpr size_t kBlockBytes = size_t{4} << 20;

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

// Faults in [begin, begin + bytes), page-aligned.
void FaultIn(void* begin, size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  if (madvise(begin, bytes, MADV_POPULATE_WRITE) == 0) return;
#endif
  // Linux before 5.14 (EINVAL): a write to each 4 KiB page; an Op's default is not all zeros,
  // but the block's ops are written before they are read, so any byte will do.
  auto* bytes_begin = static_cast<volatile char*>(begin);
  for (size_t i = 0; i < bytes; i += 4096) bytes_begin[i] = 0;
}

}  // namespace

void OpBlockPool::Prefault(size_t ops) {
  std::vector<OpBlock> more;
  for (size_t n = 0; n < ops; n += kOpBlockOps) {
    OpBlock block = NewOpBlock();
    FaultIn(block.get(), kBlockBytes);
    more.push_back(std::move(block));
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

OpBlock NewOpBlock() {
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
  AdviseHugePages(reinterpret_cast<void*>(aligned), kBlockBytes);
  // Op is an aggregate, so an implicit-lifetime type: the mapping holds an array of them.
  return OpBlock(reinterpret_cast<Op*>(aligned));
}

void ReserveOps(std::vector<Op>* ops, size_t n) {
  ops->reserve(n);
  AdviseHugePages(ops->data(), ops->capacity() * sizeof(Op));
}

}  // namespace ks
