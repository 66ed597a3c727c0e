#pragma once

// The process-wide interrupt request (diag/interrupt.h) outlives a test: a test that requests one
// (RequestInterrupt, or SIGINT to itself once the CLI installed its handlers) and fails an
// assertion before clearing it by hand would stop every Lua call, wait and run of the tests
// after it.
#include "diag/interrupt.h"

namespace ks::test_support {

/// Clears the interrupt request when constructed (a test starts without one) and again when
/// destroyed, however the scope ends (a failed ASSERT returns early). Declare it before the
/// threads that request the interrupt, so they are joined before it clears.
class InterruptGuard {
 public:
  InterruptGuard() { ClearInterrupt(); }
  ~InterruptGuard() { ClearInterrupt(); }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

}  // namespace ks::test_support
