#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/load_all.h"
#include "cli/target_options.h"
#include "report/lesson_table.h"
#include "target/embedded_target.h"

namespace ks {

Outcome ListCommand(const std::vector<std::string>& paths, const std::string& bootstrap_servers,
                    const std::string& target_file, std::ostream& out, std::ostream& err) {
  ExternalOptions external;
  if (!LoadExternalOptions(bootstrap_servers, target_file, &external, err)) {
    return Outcome::kInvalidInput;
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
  // No cluster until Setup: the embedded target answers for free; an external one asks the
  // cluster once what it supports, and creates nothing (it is never set up).
  std::unique_ptr<Target> target;
  if (external.bootstrap_servers.empty()) {
    target = std::make_unique<EmbeddedTarget>();
  } else {
    external.run_id = "list";
    target = std::make_unique<ExternalTarget>(std::move(external));
  }
  std::vector<LessonRow> rows;
  for (const auto& s : loaded.scenarios) {
    const std::string cannot_run = target->CannotRun(s);  // first: an external target learns
    rows.push_back(MakeLessonRow(s, target->capabilities(), cannot_run));
  }
  if (!rows.empty()) out << FormatLessonTable(rows);
  return loaded.ok ? Outcome::kOk : Outcome::kInvalidInput;
}

}  // namespace ks
