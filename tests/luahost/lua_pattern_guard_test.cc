#include "luahost/lua_pattern_guard.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

int Quantifiers(std::string_view p, bool* anchored = nullptr) {
  bool a = false;
  const int q = PatternQuantifiers(p, &a);
  if (anchored) *anchored = a;
  return q;
}

TEST(PatternGuard, CountsQuantifiersAsLuasMatcherReadsThem) {
  EXPECT_EQ(Quantifiers("abc"), 0);
  EXPECT_EQ(Quantifiers("a*b+c-d?"), 4);
  EXPECT_EQ(Quantifiers("([^;=]+)=([^;]*)"), 2);
  EXPECT_EQ(Quantifiers("%*%+%-"), 0);     // escaped: literal characters
  EXPECT_EQ(Quantifiers("[*+-]"), 0);      // inside a set
  EXPECT_EQ(Quantifiers("[]*]x"), 0);      // a first ']' belongs to the set
  EXPECT_EQ(Quantifiers("%b()*"), 0);      // %b takes no quantifier; '*' is then literal...
  EXPECT_EQ(Quantifiers("%f[%w]%w+"), 1);  // a frontier, then one quantified class
  bool anchored = false;
  EXPECT_EQ(Quantifiers("^order%-(%d+)$", &anchored), 1);
  EXPECT_TRUE(anchored);
}

TEST(PatternGuard, WorstCaseGrowsWithQuantifiersAndLength) {
  EXPECT_LT(PatternWorstCase(100, "([^;=]+)=([^;]*)"), kPatternStepLimit);
  EXPECT_LT(PatternWorstCase(1 << 20, "needle"), kPatternStepLimit);  // no backtracking
  EXPECT_GT(PatternWorstCase(40, "a*a*a*a*a*a*a*b"), kPatternStepLimit);
  EXPECT_LT(PatternWorstCase(40, "^a*b"), PatternWorstCase(40, "a*b"));  // anchored: one start
}

TEST(PatternGuard, GmatchReadsACaretAsALiteral) {
  bool anchored = true;
  // As string.gmatch reads it: '^' is a character, here quantified by the '*' after it.
  EXPECT_EQ(PatternQuantifiers("^*a*", &anchored, /*honours_anchor=*/false), 2);
  EXPECT_FALSE(anchored);
  EXPECT_EQ(PatternWorstCase(1500, "^a*a*b", false), PatternWorstCase(1500, "a*a*b"));
  EXPECT_GT(PatternWorstCase(1500, "^a*a*b", false), kPatternStepLimit);
  EXPECT_LT(PatternWorstCase(1500, "^a*a*b"), kPatternStepLimit);  // find and match: anchored
}

TEST(PatternGuard, BackReferencesAndBalancedMatchesScanTheSubject) {
  // Each compares or scans up to the whole subject per try, like a quantified item.
  EXPECT_EQ(PatternWorstCase(100, "(a)%1"), PatternWorstCase(100, "(a)a*"));
  EXPECT_EQ(PatternWorstCase(100, "%b()"), PatternWorstCase(100, "a*"));
}

}  // namespace
}  // namespace ks
