// PaddedLines: lines of a stream in blocks, each with readable padding after it.
#include "history/padded_lines.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace ks::jsonl_detail {
namespace {

struct Line {
  std::string text;
  bool too_long = false;
  bool operator==(const Line&) const = default;
};

std::vector<Line> Lines(const std::string& text, size_t max_line) {
  std::istringstream in(text);
  PaddedLines lines(in, max_line);
  std::vector<Line> out;
  std::string_view line;
  bool too_long = false;
  while (lines.Next(&line, &too_long)) {
    if (!too_long) {
      EXPECT_GE(lines.Readable(line), line.size() + PaddedLines::kPadding);
    }
    out.push_back({std::string(line), too_long});
  }
  return out;
}

TEST(PaddedLines, SplitsAtLineFeedsAndKeepsALastLineWithoutOne) {
  EXPECT_EQ(Lines("a\nbc\n", 10), (std::vector<Line>{{"a"}, {"bc"}}));
  EXPECT_EQ(Lines("a\nbc", 10), (std::vector<Line>{{"a"}, {"bc"}}));
  EXPECT_EQ(Lines("\n\nx\r\n", 10), (std::vector<Line>{{""}, {""}, {"x\r"}}));
  EXPECT_EQ(Lines("", 10), std::vector<Line>{});
  EXPECT_EQ(Lines(std::string("a\0b\n", 4), 10), (std::vector<Line>{{std::string("a\0b", 3)}}));
}

TEST(PaddedLines, DropsALineLongerThanTheLimitAndGoesOn) {
  EXPECT_EQ(Lines("12345\n123456\nok\n1234567", 5),
            (std::vector<Line>{{"12345"}, {"", true}, {"ok"}, {"", true}}));
}

TEST(PaddedLines, ReadsLinesAcrossBlocks) {
  // Lines that straddle the 1 MiB blocks, and one line longer than a block.
  const std::string a(PaddedLines::kBlockBytes - 3, 'a');
  const std::string b(10, 'b');
  const std::string c(PaddedLines::kBlockBytes * 2 + 7, 'c');
  const std::vector<Line> lines = Lines(a + "\n" + b + "\n" + c + "\nz", c.size());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].text, a);
  EXPECT_EQ(lines[1].text, b);
  EXPECT_EQ(lines[2].text, c);
  EXPECT_EQ(lines[3].text, "z");
}

TEST(PaddedLines, ReadsEveryShortLineWhileTheBufferGrows) {
  // 3 MiB of numbered lines: the buffer starts at kFirstBytes and grows to a block meanwhile.
  std::string text;
  size_t count = 0;
  while (text.size() < 3 * PaddedLines::kBlockBytes) text += std::to_string(count++) + "\n";
  const std::vector<Line> lines = Lines(text, 100);
  ASSERT_EQ(lines.size(), count);
  for (size_t i = 0; i < count; i += 9973) EXPECT_EQ(lines[i].text, std::to_string(i));
  EXPECT_EQ(lines.back().text, std::to_string(count - 1));
}

TEST(PaddedLines, ALineWithoutEndPastTheLimitIsDroppedWhole) {
  // Three blocks of one endless line with a limit of one block: dropped, not held.
  const std::string endless(PaddedLines::kBlockBytes * 3, 'x');
  EXPECT_EQ(Lines(endless, PaddedLines::kBlockBytes), (std::vector<Line>{{"", true}}));
  EXPECT_EQ(Lines(endless + "\nafter", PaddedLines::kBlockBytes),
            (std::vector<Line>{{"", true}, {"after"}}));
}

}  // namespace
}  // namespace ks::jsonl_detail
