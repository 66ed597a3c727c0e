#include "diag/line_index.h"

#include <gtest/gtest.h>

#include <string>

namespace ks {
namespace {

TEST(LineIndex, LinesWithoutBreaksOrCarriageReturns) {
  const std::string text = "first\r\nsecond\n\nlast";
  const LineIndex index(text);
  EXPECT_EQ(index.Line(1), "first");
  EXPECT_EQ(index.Line(2), "second");
  EXPECT_EQ(index.Line(3), "");
  EXPECT_EQ(index.Line(4), "last");
  EXPECT_FALSE(index.Line(5).has_value());
  EXPECT_FALSE(index.Line(0).has_value());
}

TEST(LineIndex, EmptyLastLineIsPastTheEnd) {
  const std::string text = "a\nb\n";
  const LineIndex index(text);
  EXPECT_EQ(index.Line(2), "b");
  EXPECT_FALSE(index.Line(3).has_value());
  EXPECT_FALSE(LineIndex("").Line(1).has_value());
}

TEST(LineIndex, PositionOfAnOffset) {
  const std::string text = "ab\ncde\nf";
  const LineIndex index(text);
  EXPECT_EQ(index.PositionOf(0).line, 1);
  EXPECT_EQ(index.PositionOf(0).column, 1);
  EXPECT_EQ(index.PositionOf(2).line, 1);  // the line break itself
  EXPECT_EQ(index.PositionOf(2).column, 3);
  EXPECT_EQ(index.PositionOf(5).line, 2);
  EXPECT_EQ(index.PositionOf(5).column, 3);
  EXPECT_EQ(index.PositionOf(7).line, 3);
  EXPECT_EQ(index.PositionOf(7).column, 1);
  EXPECT_EQ(index.PositionOf(99).line, 3);  // past the end: after the last byte
  EXPECT_EQ(index.PositionOf(99).column, 2);
}

TEST(LineIndex, LastLineOfAManyLineTextIsFound) {
  std::string text;
  for (int i = 1; i <= 200000; ++i) text += "k" + std::to_string(i) + ": 1\n";
  const LineIndex index(text);
  EXPECT_EQ(index.Line(200000), "k200000: 1");
  EXPECT_EQ(index.PositionOf(text.size() - 2).line, 200000);
}

}  // namespace
}  // namespace ks
