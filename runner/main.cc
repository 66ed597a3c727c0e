// kafka-scenario's entry point: the only place that picks an exit status.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/cli.h"
#include "diag/interrupt.h"
#include "run/bounded_run.h"

namespace {

int ExitStatus(ks::Outcome outcome) {
  switch (outcome) {
    case ks::Outcome::kOk:
      return 0;
    case ks::Outcome::kCheckFailed:
      return 1;
    case ks::Outcome::kInvalidInput:
      return 2;
    case ks::Outcome::kClusterError:
      return 3;
    case ks::Outcome::kInterrupted:
      // As a shell reports a process a signal ended: 130 for SIGINT, 143 for SIGTERM.
      return 128 + (ks::InterruptSignal() != 0 ? ks::InterruptSignal() : SIGINT);
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const int status = ExitStatus(ks::RunCli(argc, argv, std::cout, std::cerr));
  if (ks::AbandonedRuns() > 0) {
    // A run abandoned at its deadline may still be inside librdkafka on its thread: static
    // destructors (spdlog's, librdkafka's) must not run under it. The reports are written.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(status);
  }
  return status;
}
