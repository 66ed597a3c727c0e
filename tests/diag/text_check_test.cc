#include "diag/text_check.h"

#include <gtest/gtest.h>

#include <string>

namespace ks {
namespace {

TEST(FirstInvalidUtf8, AcceptsWellFormedText) {
  EXPECT_FALSE(FirstInvalidUtf8("plain ascii").has_value());
  EXPECT_FALSE(FirstInvalidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80").has_value());
  EXPECT_FALSE(FirstInvalidUtf8("\xEF\xBB\xBFname: x").has_value());  // a byte order mark
}

TEST(FirstInvalidUtf8, FindsTheFirstBadByte) {
  EXPECT_EQ(FirstInvalidUtf8("a\x85\x85"), 1u);         // a lone continuation byte
  EXPECT_EQ(FirstInvalidUtf8("ab\xC3"), 2u);            // cut short at the end
  EXPECT_EQ(FirstInvalidUtf8("\xC3\x28"), 0u);          // not followed by a continuation
  EXPECT_EQ(FirstInvalidUtf8("x\xC0\xAF"), 1u);         // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("\xE0\x80\xAF"), 0u);      // overlong, 3 bytes
  EXPECT_EQ(FirstInvalidUtf8("\xED\xA0\x80"), 0u);      // a surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(FirstInvalidUtf8("ok\xFF"), 2u);            // never in UTF-8
  EXPECT_EQ(FirstInvalidUtf8(std::string(1 << 20, '\x85')), 0u);
}

TEST(FirstControlCharacter, AllowsTabsAndLineBreaksOnly) {
  EXPECT_FALSE(FirstControlCharacter("a\tb\r\nc").has_value());
  EXPECT_EQ(FirstControlCharacter(std::string("ab\0c", 4)), 2u);
  EXPECT_EQ(FirstControlCharacter("a\x1b[0m"), 1u);
  EXPECT_EQ(FirstControlCharacter("a\x7f"), 1u);
}

TEST(CheckText, LocatesTheFirstBadByteByLineAndColumn) {
  const std::string text = "name: x\ntitle: \"a" + std::string(1 << 20, '\x85') + "\"\n";
  const std::optional<Diagnostic> d =
      CheckText(text, "f.yaml", 4 << 20, ControlCharacters::kRefused);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->loc.ToString(), "f.yaml:2:10");
  EXPECT_EQ(d->message, "invalid UTF-8: byte 0x85 is not part of a valid character");
  EXPECT_EQ(d->hint, "save the file as UTF-8");
}

TEST(CheckText, AddsTheLineOffsetForOneLineOfALargerFile) {
  const std::optional<Diagnostic> d =
      CheckText("{\"a\": \"\x01\"}", "h.jsonl", 100, ControlCharacters::kRefused, 6);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->loc.ToString(), "h.jsonl:7:8");
  EXPECT_EQ(d->message, "control character 0x01 is not allowed in the text");
  EXPECT_FALSE(CheckText("{\"k\": \"\x7f\"}", "h.jsonl", 100, ControlCharacters::kLeftToTheParser));
}

TEST(CheckText, RefusesTooLargeATextBeforeLookingAtIt) {
  const std::optional<Diagnostic> d =
      CheckText(std::string(5 << 20, '\x85'), "f.yaml", 4 << 20, ControlCharacters::kRefused);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->loc.line, 0);
  EXPECT_EQ(d->message, "the file is 5 MiB, over the limit of 4 MiB for this kind of file");
  EXPECT_FALSE(CheckText("name: x\n", "f.yaml", 8, ControlCharacters::kRefused).has_value());
}

TEST(ByteSizeText, ReadableUnits) {
  EXPECT_EQ(ByteSizeText(1), "1 byte");
  EXPECT_EQ(ByteSizeText(1000), "1,000 bytes");
  EXPECT_EQ(ByteSizeText(4 << 20), "4 MiB");
  EXPECT_EQ(ByteSizeText(1536), "1.5 KiB");
  EXPECT_EQ(ByteSizeText(uint64_t{9} << 30), "9 GiB");
  EXPECT_EQ(CountText(100000), "100,000");
  EXPECT_EQ(CountText(999), "999");
}

}  // namespace
}  // namespace ks
