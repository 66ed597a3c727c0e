#include "diag/interrupt.h"

#include <signal.h>

#include <atomic>

#include "diag/child_groups.h"

namespace ks {
namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free, "signal handlers need a lock-free flag");

void OnSignal(int sig) {
  g_signal.store(sig);
  if (g_interrupted.exchange(true)) {
    // The second signal: the user wants out now, and the programs the runner started (each in a
    // process group of its own, which a terminal's Ctrl-C does not reach) go with it.
    KillChildGroups();
    ::signal(sig, SIG_DFL);
    ::raise(sig);
  }
}

}  // namespace

void RequestInterrupt() {
  int none = 0;
  g_signal.compare_exchange_strong(none, SIGINT);
  g_interrupted.store(true);
}
bool InterruptRequested() { return g_interrupted.load(); }
int InterruptSignal() { return g_signal.load(); }
void ClearInterrupt() {
  g_interrupted.store(false);
  g_signal.store(0);
}

void InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace ks
