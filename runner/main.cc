// kafka-scenario's entry point: the only place that picks an exit status.
#include <csignal>
#include <iostream>

#include "cli/cli.h"
#include "diag/interrupt.h"

int main(int argc, char** argv) {
  switch (ks::RunCli(argc, argv, std::cout, std::cerr)) {
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
