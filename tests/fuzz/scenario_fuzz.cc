// libFuzzer harness: scenario text -> LoadScenarioText (runner/scenario/loader.h), the path every
// scenario file the user hands to run, validate, list or explain goes through.
// Run it with scripts/fuzz scenario [SECONDS]; ctest replays tests/fuzz/regressions/scenario/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "scenario/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ks::LoadResult r = ks::LoadScenarioText(text, "fuzz.yaml");
  // loader.h's contract: a scenario exactly when nothing was diagnosed.
  if (r.scenario.has_value() != r.diagnostics.empty()) std::abort();
  // Every diagnostic's line, column and caret are cut out of the text: out-of-range locations
  // show here.
  (void)ks::FormatLoadErrors(r);
  return 0;
}
