#include "diag/allocator.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdlib>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define KS_FOREIGN_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define KS_FOREIGN_MALLOC 1
#endif
#endif

namespace ks {
namespace {

// Keeps the compiler from pairing a malloc with its free and dropping both.
void* volatile g_sink = nullptr;

size_t MappedBytes() { return mallinfo2().hblkhd; }

// A block of `bytes`, written to, freed: `true` when it was mapped on its own (mallinfo2's
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

TEST(UseFixedMmapThreshold, AFreedLargeBlockDoesNotRaiseTheThreshold) {
#ifdef KS_FOREIGN_MALLOC
  GTEST_SKIP() << "a sanitizer's allocator ignores mallopt";
#else
  ASSERT_TRUE(UseFixedMmapThreshold());
  // A block is mapped only when no free memory of the arena can serve it: a free top that an
  // earlier test in this process left goes first (tests of this binary may share a process).
  malloc_trim(0);
  // Under glibc's dynamic threshold, freeing the 8 MiB block would raise the threshold to 8 MiB
  // and the 2 MiB block after it would come from a heap. (The main thread's arena: the thread
  // arenas of a run follow the same thresholds.)
  EXPECT_TRUE(AllocatedMapped(size_t{8} << 20));
  EXPECT_TRUE(AllocatedMapped(size_t{2} << 20));
  EXPECT_TRUE(AllocatedMapped(kMmapThresholdBytes));
  EXPECT_FALSE(AllocatedMapped(kMmapThresholdBytes / 4));
#endif
}

}  // namespace
}  // namespace ks
