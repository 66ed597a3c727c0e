// The lesson table of `kafka-scenario list`: numbers from file names, capabilities, alignment.
#include "report/lesson_table.h"

#include <gtest/gtest.h>

#include <string>

namespace ks {
namespace {

Scenario Lesson(const std::string& path, const std::string& name,
                std::vector<std::string> requires_ = {}) {
  Scenario s;
  s.path = path;
  s.name = name;
  s.title = "Title of " + name;
  s.tags = {"basics", "offsets"};
  s.requires_ = std::move(requires_);
  return s;
}

TEST(LessonTableTest, NumberIsTheFileNamesLeadingDigits) {
  EXPECT_EQ(LessonNumber("scenarios/012-parallel-workers.yaml"), "012");
  EXPECT_EQ(LessonNumber("/a/7b/003.yaml"), "003");
  EXPECT_EQ(LessonNumber("tests/data/e2e/wrong-expectation.yaml"), "");
}

TEST(LessonTableTest, RunsHereSaysYesNeedsOrWhy) {
  const std::set<std::string> has = {"transactions"};
  EXPECT_EQ(MakeLessonRow(Lesson("001-a.yaml", "a"), has, "").runs, "yes");
  // Every missing capability is named, not only the first that CannotRun reports.
  LessonRow needs = MakeLessonRow(
      Lesson("015-b.yaml", "b", {"transactions", "read_committed", "compaction"}), has,
      "requires 'read_committed', which the embedded cluster lacks: a long paragraph");
  EXPECT_EQ(needs.runs, "needs read_committed, compaction");
  EXPECT_EQ(needs.number, "015");
  LessonRow big = MakeLessonRow(Lesson("099-c.yaml", "c"), has, "too large for the cluster");
  EXPECT_EQ(big.runs, "no: too large for the cluster");
}

TEST(LessonTableTest, ColumnsAlignAndLinesDoNotEndInSpaces) {
  const std::set<std::string> has = {"transactions"};
  std::vector<LessonRow> rows = {
      MakeLessonRow(Lesson("scenarios/001-hello.yaml", "hello"), has, ""),
      MakeLessonRow(Lesson("x/idempotent.yaml", "idempotent-producer", {"idempotent_dedup"}), has,
                    "requires 'idempotent_dedup'"),
  };
  EXPECT_EQ(FormatLessonTable(rows),
            "#    NAME                 TITLE                         TAGS             RUNS HERE\n"
            "001  hello                Title of hello                basics, offsets  yes\n"
            "-    idempotent-producer  Title of idempotent-producer  basics, offsets  needs "
            "idempotent_dedup\n");
}

}  // namespace
}  // namespace ks
