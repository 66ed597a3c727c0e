#include "cli/commands.h"
#include "report/check_table.h"

namespace ks {

Outcome ChecksCommand(bool markdown, std::ostream& out) {
  out << FormatCheckTable(markdown);
  return Outcome::kOk;
}

}  // namespace ks
