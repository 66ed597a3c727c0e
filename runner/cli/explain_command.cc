#include "cli/commands.h"
#include "cli/load_all.h"
#include "report/explain.h"
#include "target/embedded_target.h"

namespace ks {

Outcome ExplainCommand(const std::vector<std::string>& paths, std::ostream& out,
                       std::ostream& err) {
  LoadedScenarios loaded = LoadAll(paths, err);
  const EmbeddedTarget target;  // no cluster until Setup: nothing here talks to Kafka
  bool first = true;
  for (const auto& s : loaded.scenarios) {
    if (!first) out << "\n" << std::string(72, '-') << "\n\n";
    first = false;
    out << FormatExplain(s, target.capabilities(), target.CannotRun(s));
  }
  return loaded.ok ? Outcome::kOk : Outcome::kInvalidInput;
}

}  // namespace ks
