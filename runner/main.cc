// kafka-scenario's entry point: the only place that picks an exit status.
#include <iostream>

#include "cli/cli.h"

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
      return 130;
  }
  return 2;
}
