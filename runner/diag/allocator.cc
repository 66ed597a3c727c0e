#include "diag/allocator.h"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace ks {

bool UseFixedMallocThresholds() {
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)  // glibc's mallopt
  // 1 is success; ASan's interceptor answers 0 (-1 before GCC 12's).
  const bool mmap_fixed = mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes) == 1;
  // A mapped block freed before this call (the cluster probe's client) may have raised the
  // trim threshold; the mmap threshold's setting does not lower it.
  const bool trim_fixed = mallopt(M_TRIM_THRESHOLD, kTrimThresholdBytes) == 1;
  return mmap_fixed && trim_fixed;
#else
  return false;
#endif
}

}  // namespace ks
