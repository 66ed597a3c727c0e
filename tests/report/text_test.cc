#include "report/text.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

constexpr const char* kFffd = "\xEF\xBF\xBD";

TEST(TextTest, ValidUtf8KeepsWellFormedText) {
  std::string s = "plain ascii, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80, tab\tnl\n";
  EXPECT_EQ(ValidUtf8(s), s);
  EXPECT_EQ(ValidUtf8(""), "");
}

TEST(TextTest, ValidUtf8ReplacesEachBadByte) {
  EXPECT_EQ(ValidUtf8("a\xFF"), std::string("a") + kFffd);
  // Truncated sequence at the end: both bytes are replaced, nothing is read past the end.
  EXPECT_EQ(ValidUtf8("\xE2\x82"), std::string(kFffd) + kFffd);
  // Overlong "/" and an encoded surrogate are not UTF-8 (RFC 3629).
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), std::string(kFffd) + kFffd);
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), std::string(kFffd) + kFffd + kFffd);
  // Above U+10FFFF.
  EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80").find("\xF4"), std::string::npos);
  EXPECT_EQ(ValidUtf8(std::string("a\0b", 3)), std::string("a\0b", 3));
}

TEST(TextTest, XmlSafeReplacesControlCharacters) {
  EXPECT_EQ(XmlSafe(std::string("a\0b\x01\x1F", 5)),
            std::string("a") + kFffd + "b" + kFffd + kFffd);
  EXPECT_EQ(XmlSafe("tab\tnl\ncr\r"), "tab\tnl\ncr\r");
  EXPECT_EQ(XmlSafe("\xEF\xBF\xBE\xEF\xBF\xBF"), std::string(kFffd) + kFffd);
  EXPECT_EQ(XmlSafe("<&>"), "<&>");  // escaping markup is pugixml's job
}

}  // namespace
}  // namespace ks
