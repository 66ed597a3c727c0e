#pragma once

#include <cstdint>
#include <string>

#include "diag/status.h"

namespace ks {

/// Runs `command` with /bin/sh -c in `directory`, its stdin from /dev/null and its stdout and
/// stderr captured, and waits at most `timeout_ms`. A command still running then is killed
/// (SIGKILL to its whole process group) and reported. Returns Ok on exit status 0; otherwise an
/// error with the exit status or signal and the last lines of its output. `output`, when not
/// null, receives what it printed (at most 64 KiB, the end kept).
Status RunShellCommand(const std::string& command, const std::string& directory, int64_t timeout_ms,
                       std::string* output = nullptr);

}  // namespace ks
