// libFuzzer harness: .properties text -> ParseProperties (runner/target/properties_file.h), what
// `--client-config FILE` reads before any client starts.
// Run it with scripts/fuzz properties_file [SECONDS]; ctest replays its seeds and
// tests/fuzz/regressions/properties_file/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "diag/diagnostic.h"
#include "target/properties_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ks::PropertiesResult r = ks::ParseProperties(text, "fuzz/client.properties");
  // Every entry and diagnostic points into the text: a line and column that exist.
  const auto within = [&](const ks::SourceLoc& loc) {
    return loc.line >= 1 && loc.column >= 1 && static_cast<size_t>(loc.line) <= size + 1 &&
           static_cast<size_t>(loc.column) <= size;
  };
  for (const auto& e : r.entries) {
    if (!within(e.loc)) std::abort();
  }
  for (const auto& d : r.diagnostics) {
    if (!within(d.loc)) std::abort();
  }
  (void)ks::FormatDiagnostics(r.diagnostics, "");
  return 0;
}
