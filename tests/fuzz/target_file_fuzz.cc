// libFuzzer harness: target file text -> LoadTargetText (runner/target/target_file.h), what
// `run --target FILE` reads before anything talks to a cluster.
// Run it with scripts/fuzz target_file [SECONDS]; ctest replays
// tests/fuzz/regressions/target_file/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "diag/diagnostic.h"
#include "target/target_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // A fixed environment rather than the process's: the same input must behave the same on
  // every machine, and ${env:KS_FUZZ_SET} gives the fuzzer a variable that is set.
  const ks::EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "KS_FUZZ_SET") return "value";
    return std::nullopt;
  };
  const ks::TargetFileResult r = ks::LoadTargetText(text, "fuzz/target.yaml", env);
  // target_file.h's contract: a target exactly when nothing was diagnosed.
  if (r.target.has_value() != r.diagnostics.empty()) std::abort();
  (void)ks::FormatDiagnostics(r.diagnostics, r.source);
  return 0;
}
