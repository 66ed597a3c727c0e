#include <filesystem>

#include "cli/commands.h"
#include "cli/load_all.h"
#include "report/lesson_table.h"
#include "target/embedded_target.h"

namespace ks {

Outcome ListCommand(const std::vector<std::string>& paths, std::ostream& out, std::ostream& err) {
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
  const EmbeddedTarget target;  // no cluster until Setup: asking what it can run is free
  std::vector<LessonRow> rows;
  for (const auto& s : loaded.scenarios) {
    rows.push_back(MakeLessonRow(s, target.capabilities(), target.CannotRun(s)));
  }
  if (!rows.empty()) out << FormatLessonTable(rows);
  return loaded.ok ? Outcome::kOk : Outcome::kInvalidInput;
}

}  // namespace ks
