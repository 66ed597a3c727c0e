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

}  // namespace

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
