#pragma once

#include <ostream>

namespace ks {

/// What a command concluded; runner/main.cc turns it into the process exit status.
enum class Outcome {
  kOk,            ///< every scenario passed or was skipped (exit 0)
  kCheckFailed,   ///< a check or a wait failed (exit 1)
  kInvalidInput,  ///< a file is invalid or the command line is wrong (exit 2)
  /// The cluster could not be set up or reached, or a check could not judge the history (a
  /// scenario's verdict is an error): exit 3.
  kClusterError,
  kInterrupted,  ///< SIGINT or SIGTERM stopped the run (exit 128 + the signal: 130 or 143)
};

/// Parses the command line (CLI11) and runs the command:
///   kafka-scenario run PATH... [--history F] [--junit F] [--json F] [--tag T]... [--name GLOB]
///                              [--explain]
///       load and validate every file, then run each (selected) scenario
///   kafka-scenario validate PATH...   load and validate only
///   kafka-scenario list [PATH...]     the lessons, and whether this target runs them
///   kafka-scenario explain FILE...    lesson, topology, timeline and checks, without running
///   kafka-scenario check HISTORY --scenario FILE [--junit F] [--json F]
///       judge a saved history offline
///   kafka-scenario compare LEFT.json RIGHT.json [--format markdown|text]
///       two JSON reports side by side, one row per scenario
/// run, list and explain take the target options: --bootstrap-server HOSTS, --target FILE,
/// -X PROP=VALUE (repeatable), --client-config FILE (cli/target_options.h).
/// `--color auto|always|never`, before or after the command, decides the colour of `run`'s and
/// `check`'s verdicts (OutputStyleFor: auto colours std::cout on a terminal only).
/// `-V`/`--version` prints VersionText() (kOk). No command, an unknown command or an unknown
/// option is kInvalidInput with "unknown command 'rnu' (did you mean 'run'?)" and the like.
/// Results go to `out`; diagnostics and usage errors to `err`.
Outcome RunCli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace ks
