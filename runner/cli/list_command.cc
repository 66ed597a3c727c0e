#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/load_all.h"
#include "cli/target_options.h"
#include "report/lesson_table.h"

namespace ks {

Outcome ListCommand(const std::vector<std::string>& paths, const TargetArgs& target_args,
                    std::ostream& out, std::ostream& err) {
  ExternalOptions external;
  if (!LoadExternalOptions(target_args, &external, err)) {
    return Outcome::kInvalidInput;
  }
  if (!external.bootstrap_servers.empty() && !ReachCluster(&external, err)) {
    return Outcome::kClusterError;
  }
  std::vector<std::string> where = paths;
  if (where.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory("scenarios", ec)) {
      err << "error: no PATH given and no 'scenarios' folder in the current directory\n";
      return Outcome::kInvalidInput;
    }
    where.push_back("scenarios");
  }
  // Invalid files are reported as `validate` does, but the valid ones are still listed: a
  // reader browsing the library should not lose it to one broken lesson.
  LoadedScenarios loaded = LoadAll(where, err);
  const std::unique_ptr<Target> target = QueryTarget(std::move(external));
  std::vector<LessonRow> rows;
  for (const auto& s : loaded.scenarios) {
    const std::string cannot_run = target->CannotRun(s);  // first: an external target learns
    rows.push_back(MakeLessonRow(s, target->capabilities(), cannot_run));
  }
  if (!rows.empty()) out << FormatLessonTable(rows);
  return loaded.ok ? Outcome::kOk : Outcome::kInvalidInput;
}

}  // namespace ks
