// libFuzzer harness: history text -> LoadHistoryJsonlText (runner/history/jsonl.h), what
// `check HISTORY` reads: files written by `run --history`, by hand or by other tools; then what
// `check --html` and `report` make of a loaded history (BuildTimeline, FindAnomalies).
// Run it with scripts/fuzz history [SECONDS]; ctest replays tests/fuzz/regressions/history/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "checks/anomalies.h"
#include "checks/timeline.h"
#include "history/jsonl.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const ks::LoadedHistory r = ks::LoadHistoryJsonlText(text, "fuzz.jsonl");
  // jsonl.h's contract: a history exactly when there is no error, and at most 20 errors.
  if (r.history.has_value() != r.errors.empty() || r.errors.size() > 20) std::abort();
  if (r.history) {
    // Every op of a loaded history names ids inside its tables: OpToJson writes "?" otherwise,
    // and the checks index the tables with them.
    for (const ks::Op& op : r.history->ops) (void)ks::OpToJson(*r.history, op);
    (void)ks::BuildTimeline(*r.history);
    (void)ks::FindAnomalies(*r.history, 3);
  }
  return 0;
}
