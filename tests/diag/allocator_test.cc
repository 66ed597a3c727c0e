#include "diag/allocator.h"

#include <gtest/gtest.h>

#include <cstdlib>

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KS_FOREIGN_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define KS_FOREIGN_MALLOC 1
#endif
#endif
#if !defined(M_MMAP_THRESHOLD) || !defined(M_TRIM_THRESHOLD)
#define KS_FOREIGN_MALLOC 1
#endif

namespace ks {
namespace {

#ifndef KS_FOREIGN_MALLOC
// Keeps the compiler from pairing a malloc with its free and dropping both.
void* volatile g_sink = nullptr;

size_t MappedBytes() { return mallinfo2().hblkhd; }

// A block of `bytes`, allocated and freed: `true` when it was mapped on its own (mallinfo2's
// hblkhd counted it while it lived).
bool AllocatedMapped(size_t bytes) {
  const size_t before = MappedBytes();
  void* p = std::malloc(bytes);
  if (p == nullptr) return false;
  g_sink = p;
  const bool mapped = MappedBytes() >= before + bytes;
  std::free(p);
  g_sink = nullptr;
  return mapped;
}
#endif

TEST(UseFixedMallocThresholds, AFreedLargeBlockRaisesNeitherThreshold) {
#ifdef KS_FOREIGN_MALLOC
  GTEST_SKIP() << "not glibc's allocator (a sanitizer's ignores mallopt)";
#else
  // Before the call, as the cluster probe's client in `run`: under glibc's dynamic thresholds,
  // freeing this mapped block raises the mmap threshold to 4 MiB and the trim threshold to 8.
  AllocatedMapped(size_t{4} << 20);
  ASSERT_TRUE(UseFixedMallocThresholds());
  // A free top that an earlier test in this process left could serve the blocks below: trimmed
  // first (ctest runs each test alone; a shuffled gtest run may not).
  malloc_trim(0);
  // Were the thresholds still dynamic, freeing the 8 MiB block would raise the mmap threshold
  // to 8 MiB and the 2 MiB block after it would come from the heap. (The main thread's arena:
  // a run's thread arenas follow the same thresholds.)
  EXPECT_TRUE(AllocatedMapped(size_t{8} << 20));
  EXPECT_TRUE(AllocatedMapped(size_t{2} << 20));
  EXPECT_TRUE(AllocatedMapped(kMmapThresholdBytes));
  EXPECT_FALSE(AllocatedMapped(kMmapThresholdBytes / 4));
  // The 256 KiB block came from the heap's top and went back to it; with the trim threshold at
  // 128 KiB that free trimmed the top (keepcost: its size). At 8 MiB it would have been kept.
  EXPECT_LT(mallinfo2().keepcost, size_t{kMmapThresholdBytes / 4});
#endif
}

}  // namespace
}  // namespace ks
