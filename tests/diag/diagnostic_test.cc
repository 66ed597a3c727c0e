#include "diag/diagnostic.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

// Built field by field: GCC 12 at -O3 warns (maybe-uninitialized) on nested aggregate
// initialisers of std::string members.
Diagnostic Make(int line, int column, const std::string& message, const std::string& hint = "") {
  Diagnostic d;
  d.loc.file = "s.yaml";
  d.loc.line = line;
  d.loc.column = column;
  d.message = message;
  d.hint = hint;
  return d;
}

const char kSource[] =
    "name: x\n"
    "topics:\n"
    "  - name: orders\n"
    "    partitons: 6\n";

TEST(FormatDiagnostic, HeaderSourceLineAndCaret) {
  const Diagnostic d = Make(4, 5, "unknown key 'partitons'", "did you mean 'partitions'?");
  EXPECT_EQ(FormatDiagnostic(d, kSource),
            "s.yaml:4:5: error: unknown key 'partitons' (did you mean 'partitions'?)\n"
            "      partitons: 6\n"
            "      ^\n");
}

TEST(FormatDiagnostic, NoHintNoParentheses) {
  const Diagnostic d = Make(1, 7, "bad name", "");
  EXPECT_EQ(FormatDiagnostic(d, kSource),
            "s.yaml:1:7: error: bad name\n"
            "  name: x\n"
            "        ^\n");
}

TEST(FormatDiagnostic, WithoutSourceOnlyTheHeader) {
  const Diagnostic d = Make(2, 1, "m", "");
  EXPECT_EQ(FormatDiagnostic(d, ""), "s.yaml:2:1: error: m\n");
}

TEST(FormatDiagnostic, UnknownLineOrColumn) {
  EXPECT_EQ(FormatDiagnostic(Make(0, 0, "cannot read", ""), kSource),
            "s.yaml: error: cannot read\n");
  EXPECT_EQ(FormatDiagnostic(Make(2, 0, "m", ""), kSource),
            "s.yaml:2: error: m\n"
            "  topics:\n");
  EXPECT_EQ(FormatDiagnostic(Make(99, 1, "past the end", ""), kSource),
            "s.yaml:99:1: error: past the end\n");
}

TEST(FormatDiagnostic, CaretFollowsTabsAndCountsUtf8CharactersOnce) {
  // Columns are bytes (as YAML parsers count them); the caret must land under the character.
  const std::string source = "\tkey: \xC3\xA9t\xC3\xA9 x\r\n";
  const Diagnostic d = Make(1, 13, "m", "");  // byte 13 is the x
  EXPECT_EQ(FormatDiagnostic(d, source),
            "s.yaml:1:13: error: m\n"
            "  \tkey: \xC3\xA9t\xC3\xA9 x\n"
            "  \t         ^\n");
}

TEST(FormatDiagnostic, CaretJustPastTheEndOfTheLine) {
  const Diagnostic d = Make(1, 8, "m", "");
  EXPECT_EQ(FormatDiagnostic(d, "name: x"),
            "s.yaml:1:8: error: m\n"
            "  name: x\n"
            "         ^\n");
}

TEST(FormatDiagnostics, SortsByLineThenColumnStably) {
  const std::vector<Diagnostic> ds = {
      Make(4, 5, "d", ""),
      Make(1, 7, "b", ""),
      Make(1, 1, "a", ""),
      Make(1, 7, "c", ""),
  };
  EXPECT_EQ(FormatDiagnostics(ds, ""),
            "s.yaml:1:1: error: a\n"
            "s.yaml:1:7: error: b\n"
            "s.yaml:1:7: error: c\n"
            "s.yaml:4:5: error: d\n");
  std::vector<Diagnostic> copy = ds;
  SortByLocation(&copy);
  EXPECT_EQ(copy[0].message, "a");
  EXPECT_EQ(copy[3].message, "d");
  EXPECT_EQ(FormatDiagnostics({}, kSource), "");
}

}  // namespace
}  // namespace ks
