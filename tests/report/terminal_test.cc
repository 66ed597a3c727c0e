#include "report/terminal.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ks {
namespace {

TEST(ColorModeTest, TheThreeWordsAndNoOther) {
  EXPECT_EQ(ParseColorMode("auto"), ColorMode::kAuto);
  EXPECT_EQ(ParseColorMode("always"), ColorMode::kAlways);
  EXPECT_EQ(ParseColorMode("never"), ColorMode::kNever);
  EXPECT_EQ(ParseColorMode("sometimes"), std::nullopt);
  EXPECT_EQ(ParseColorMode("Always"), std::nullopt);
  EXPECT_EQ(ParseColorMode(""), std::nullopt);
}

TEST(OutputStyleTest, AutoColoursATerminalAndShowsTheLiveLine) {
  const OutputStyle s = DecideOutputStyle(ColorMode::kAuto, true, nullptr, "xterm-256color");
  EXPECT_TRUE(s.colour);
  EXPECT_TRUE(s.live_line);
}

TEST(OutputStyleTest, AutoLeavesAPipeOrAFilePlain) {
  const OutputStyle s = DecideOutputStyle(ColorMode::kAuto, false, nullptr, "xterm");
  EXPECT_FALSE(s.colour);
  EXPECT_FALSE(s.live_line);
}

TEST(OutputStyleTest, NoColorSetAndNotEmptyTurnsColourOffButNotTheLiveLine) {
  const OutputStyle s = DecideOutputStyle(ColorMode::kAuto, true, "1", "xterm");
  EXPECT_FALSE(s.colour);
  EXPECT_TRUE(s.live_line);
  // no-color.org: "when present and not an empty string"; any value counts, even "0".
  EXPECT_FALSE(DecideOutputStyle(ColorMode::kAuto, true, "0", "xterm").colour);
  EXPECT_TRUE(DecideOutputStyle(ColorMode::kAuto, true, "", "xterm").colour);
}

TEST(OutputStyleTest, ADumbOrUnknownTerminalGetsNoEscapeSequences) {
  for (const char* term : {"dumb", "", static_cast<const char*>(nullptr)}) {
    const OutputStyle s = DecideOutputStyle(ColorMode::kAuto, true, nullptr, term);
    EXPECT_FALSE(s.colour) << (term ? term : "(unset)");
    EXPECT_FALSE(s.live_line) << (term ? term : "(unset)");
  }
}

TEST(OutputStyleTest, AnExplicitModeWinsOverTheEnvironmentForColourOnly) {
  // --color=always: even into a pipe, with NO_COLOR and TERM=dumb; still no live line there.
  for (bool terminal : {false, true}) {
    const OutputStyle s = DecideOutputStyle(ColorMode::kAlways, terminal, "1", "dumb");
    EXPECT_TRUE(s.colour) << terminal;
    EXPECT_FALSE(s.live_line) << terminal;
  }
  EXPECT_FALSE(DecideOutputStyle(ColorMode::kAlways, false, nullptr, "xterm").live_line);
  // --color=never on a terminal that could show colour; the live line stays.
  const OutputStyle never = DecideOutputStyle(ColorMode::kNever, true, nullptr, "xterm");
  EXPECT_FALSE(never.colour);
  EXPECT_TRUE(never.live_line);
}

TEST(OutputStyleTest, OnlyStandardOutputCanBeATerminal) {
  std::ostringstream out;
  EXPECT_FALSE(IsTerminal(out));
  EXPECT_FALSE(OutputStyleFor(ColorMode::kAuto, out).colour);
  EXPECT_TRUE(OutputStyleFor(ColorMode::kAlways, out).colour);
}

TEST(PaintTest, SgrSequencesOnlyWhenAsked) {
  EXPECT_EQ(Paint("PASS", Hue::kGreen, true), "\033[32mPASS\033[0m");
  EXPECT_EQ(Paint("FAIL", Hue::kRed, true), "\033[31mFAIL\033[0m");
  EXPECT_EQ(Paint("SKIP", Hue::kYellow, true), "\033[33mSKIP\033[0m");
  EXPECT_EQ(Paint("PASS", Hue::kGreen, false), "PASS");
}

}  // namespace
}  // namespace ks
