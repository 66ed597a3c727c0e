#include "diag/allocator.h"

#include <malloc.h>

namespace ks {

bool UseFixedMmapThreshold() {
  // mallopt returns 1 on success, 0 on error (mallopt(3)).
  return mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes) == 1;
}

}  // namespace ks
