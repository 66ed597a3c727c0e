#include "cli/load_all.h"

#include "cli/scenario_paths.h"
#include "diag/secrets.h"
#include "scenario/loader.h"

namespace ks {

LoadedScenarios LoadAll(const std::vector<std::string>& paths, std::ostream& err) {
  LoadedScenarios loaded;
  std::vector<std::string> missing;
  std::vector<std::string> files = ExpandScenarioPaths(paths, &missing);
  for (const auto& m : missing) {
    err << m << ": error: no such file or folder\n";
    loaded.ok = false;
  }
  if (files.empty() && missing.empty()) {
    err << "error: no scenario files (*.yaml) found in the given paths\n";
    loaded.ok = false;
  }
  for (const auto& f : files) {
    LoadResult r = LoadScenarioFile(f);
    if (!r.diagnostics.empty()) {
      err << Redact(FormatLoadErrors(r));  // a source line may hold a credential
      loaded.ok = false;
    }
    if (r.scenario) loaded.scenarios.push_back(std::move(*r.scenario));
  }
  return loaded;
}

}  // namespace ks
