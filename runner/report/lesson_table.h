#pragma once

// `kafka-scenario list`: the lesson library as a table, one line per scenario file. Pure
// formatting: the command decides what the target can run and hands it in.

#include <set>
#include <string>
#include <vector>

#include "scenario/model.h"

namespace ks {

/// One line of the table.
struct LessonRow {
  std::string number;  ///< the file name's leading digits ("012"), or "" when it has none
  std::string name;
  std::string title;
  std::vector<std::string> tags;
  std::string runs;  ///< "yes", "needs read_committed", or "no: <the target's reason>"
};

/// The leading digits of a lesson file's name: "012" for "scenarios/012-parallel-workers.yaml";
/// "" for a file whose name does not start with a digit.
std::string LessonNumber(const std::string& path);

/// The row for `scenario` on a target with `capabilities` (checked against its `requires` and
/// what its steps imply, RequiredCapabilities). `cannot_run` is the target's
/// Target::CannotRun answer: a missing capability is shown as "needs ..." (a reader of the
/// library wants the word, not the paragraph), any other reason (a lesson too large for the
/// embedded cluster) as "no: <reason>".
LessonRow MakeLessonRow(const Scenario& scenario, const std::set<std::string>& capabilities,
                        const std::string& cannot_run);

/// `title` for a table: the part before " - " (lesson titles read "Topic - what it shows"), at
/// most 50 characters (longer ones end in "...").
std::string ShortTitle(const std::string& title);

/// The table (at most three tags per row, then "+N"): a header line, then one aligned line per row
/// in the order given, e.g.
///   "001  hello  Produce and consume  basics, offsets  yes"
std::string FormatLessonTable(const std::vector<LessonRow>& rows);

}  // namespace ks
