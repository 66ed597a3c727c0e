#include "diag/interrupt.h"

#include <signal.h>

#include <atomic>

namespace ks {
namespace {

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "signal handlers need a lock-free flag");

void OnSignal(int sig) {
  if (g_interrupted.exchange(true)) {
    // The second signal: the user wants out now.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
  }
}

}  // namespace

void RequestInterrupt() { g_interrupted.store(true); }
bool InterruptRequested() { return g_interrupted.load(); }
void ClearInterrupt() { g_interrupted.store(false); }

void InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace ks
