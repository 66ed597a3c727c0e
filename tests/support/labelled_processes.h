#pragma once

// The processes a test's actor programs left behind, found by the label every program the runner
// starts carries in its environment (ChildProcess::kLabelVariable, KS_ACTOR_PROCESS): what
// scripts/check-leftover-processes looks for.

#include <sys/types.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

namespace ks::test_support {

/// The name of the variable (ChildProcess::kLabelVariable, repeated here so that tests of
/// layers that do not link the actors can use it).
inline constexpr const char* kActorLabelVariable = "KS_ACTOR_PROCESS";

/// The live processes whose environment holds every one of `entries` ("NAME=value").
inline std::vector<pid_t> ProcessesWithEnvironment(const std::vector<std::string>& entries) {
  std::vector<pid_t> found;
  std::error_code ec;
  for (const auto& dir : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = dir.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(dir.path() / "environ", std::ios::binary);
    const std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t matched = 0;
    for (const std::string& entry : entries) {
      size_t at = 0;
      while (at < env.size()) {
        const size_t end = std::min(env.find('\0', at), env.size());
        if (env.compare(at, end - at, entry) == 0) {
          ++matched;
          break;
        }
        at = end + 1;
      }
    }
    if (matched == entries.size()) found.push_back(std::stoi(name));
  }
  return found;
}

/// The live processes whose environment holds KS_ACTOR_PROCESS=`label`.
inline std::vector<pid_t> ProcessesLabelled(const std::string& label) {
  return ProcessesWithEnvironment({std::string(kActorLabelVariable) + "=" + label});
}

/// ProcessesWithEnvironment(entries) once `done` holds for it, or after 10 s.
template <typename Done>
std::vector<pid_t> ProcessesWithEnvironmentOnce(const std::vector<std::string>& entries,
                                                Done done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::vector<pid_t> found = ProcessesWithEnvironment(entries);
  while (!done(found) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    found = ProcessesWithEnvironment(entries);
  }
  return found;
}

/// ProcessesWithEnvironment(entries) once it is empty, or after 10 s: a process killed a moment
/// ago is gone once the kernel has delivered its SIGKILL.
inline std::vector<pid_t> ProcessesWithEnvironmentSoon(const std::vector<std::string>& entries) {
  return ProcessesWithEnvironmentOnce(
      entries, [](const std::vector<pid_t>& found) { return found.empty(); });
}

/// ProcessesLabelled(label) once it holds at least `n` processes, or after 10 s: a process in
/// the middle of an exec (a shell turning into its last command) shows no environment for a
/// moment, so one look can miss it.
inline std::vector<pid_t> ProcessesLabelledAtLeast(const std::string& label, size_t n) {
  return ProcessesWithEnvironmentOnce(
      {std::string(kActorLabelVariable) + "=" + label},
      [n](const std::vector<pid_t>& found) { return found.size() >= n; });
}

/// ProcessesLabelled(label) once it is empty, or after 10 s.
inline std::vector<pid_t> ProcessesLabelledSoon(const std::string& label) {
  return ProcessesWithEnvironmentSoon({std::string(kActorLabelVariable) + "=" + label});
}

}  // namespace ks::test_support
