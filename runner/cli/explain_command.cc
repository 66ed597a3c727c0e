#include "cli/commands.h"
#include "cli/load_all.h"
#include "report/explain.h"

namespace ks {

Outcome ExplainCommand(const std::vector<std::string>& paths, const TargetArgs& target_args,
                       std::ostream& out, std::ostream& err) {
  ExternalOptions external;
  if (!LoadExternalOptions(target_args, &external, err)) return Outcome::kInvalidInput;
  if (!external.bootstrap_servers.empty() && !ReachCluster(&external, err)) {
    return Outcome::kClusterError;
  }
  LoadedScenarios loaded = LoadAll(paths, err);
  const std::unique_ptr<Target> target = QueryTarget(std::move(external));
  bool first = true;
  for (const auto& s : loaded.scenarios) {
    if (!first) out << "\n" << std::string(72, '-') << "\n\n";
    first = false;
    const std::string cannot_run = target->CannotRun(s);  // first: an external target learns
    out << FormatExplain(s, target->capabilities(), cannot_run);
  }
  return loaded.ok ? Outcome::kOk : Outcome::kInvalidInput;
}

}  // namespace ks
