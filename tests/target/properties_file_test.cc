// A --client-config file is read as java.util.Properties.load reads it, so that a
// client.properties written for Kafka's own tools means the same here.
#include "target/properties_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ks {
namespace {

// "key=value" for each entry, in order.
std::vector<std::string> Pairs(const PropertiesResult& r) {
  std::vector<std::string> out;
  for (const auto& e : r.entries) out.push_back(e.key + "=" + e.value);
  return out;
}

TEST(PropertiesFile, TakesTheThreeSeparatorsAndTrimsAroundThem) {
  PropertiesResult r = ParseProperties(
      "security.protocol=SASL_SSL\n"
      "sasl.mechanism : PLAIN\n"
      "  sasl.username   alice\n"
      "empty.value=\n"
      "key.only\n",
      "c.properties");
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(Pairs(r),
            (std::vector<std::string>{"security.protocol=SASL_SSL", "sasl.mechanism=PLAIN",
                                      "sasl.username=alice", "empty.value=", "key.only="}));
  // Each entry points at its key: line 3's key starts in column 3.
  ASSERT_EQ(r.entries.size(), 5u);
  EXPECT_EQ(r.entries[2].loc.ToString(), "c.properties:3:3");
}

TEST(PropertiesFile, SkipsCommentsAndBlankLinesButNotAHashInsideAValue) {
  PropertiesResult r = ParseProperties(
      "# a comment\n"
      "   ! another one\n"
      "\n"
      "   \t\n"
      "client.id=a#b!c\n",
      "c.properties");
  EXPECT_EQ(Pairs(r), (std::vector<std::string>{"client.id=a#b!c"}));
  EXPECT_EQ(r.entries[0].loc.line, 5);
}

TEST(PropertiesFile, JoinsContinuedLinesWithoutTheirLeadingBlanks) {
  PropertiesResult r = ParseProperties(
      "bootstrap.list = a:1,\\\n"
      "                 b:2,\\\n"
      "   # not a comment here\n"
      "next=1\n"
      "even.backslashes=c:\\\\\n"
      "after=2\n",
      "c.properties");
  EXPECT_EQ(Pairs(r), (std::vector<std::string>{"bootstrap.list=a:1,b:2,# not a comment here",
                                                "next=1", "even.backslashes=c:\\", "after=2"}));
}

TEST(PropertiesFile, ReadsEscapesInKeysAndValues) {
  PropertiesResult r =
      ParseProperties("a\\=b\\ c=tab\\there\\nnew\\u00e9\\q\r\nwin=1\r\nmac=2\rlast=3", "p");
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(Pairs(r), (std::vector<std::string>{"a=b c=tab\there\nnew\xC3\xA9q", "win=1", "mac=2",
                                                "last=3"}));
}

TEST(PropertiesFile, AMalformedUnicodeEscapeIsADiagnosticAtItsPlace) {
  PropertiesResult r = ParseProperties("good=1\nbad=\\u12x4\nshort=\\u12", "c.properties");
  EXPECT_EQ(Pairs(r), (std::vector<std::string>{"good=1"}));
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].loc.ToString(), "c.properties:2:5");
  EXPECT_NE(r.diagnostics[0].message.find("\\uXXXX"), std::string::npos);
  EXPECT_EQ(r.diagnostics[1].loc.line, 3);
}

TEST(PropertiesFile, JoinsSurrogatePairsAndRefusesWhatIsNoCharacterOrNul) {
  PropertiesResult r =
      ParseProperties("emoji=\\uD83D\\uDE00!\nhalf=\\uD83Dx\nnul=a\\u0000b\nlow=\\uDE00\n", "p");
  EXPECT_EQ(Pairs(r), (std::vector<std::string>{"emoji=\xF0\x9F\x98\x80!"}));
  ASSERT_EQ(r.diagnostics.size(), 3u);
  EXPECT_EQ(r.diagnostics[0].loc.ToString(), "p:2:6");
  EXPECT_NE(r.diagnostics[0].message.find("surrogate"), std::string::npos);
  EXPECT_NE(r.diagnostics[1].message.find("NUL"), std::string::npos);
  EXPECT_NE(r.diagnostics[2].message.find("surrogate"), std::string::npos);
}

TEST(PropertiesFile, DropsAByteOrderMark) {
  PropertiesResult r = ParseProperties(
      "\xEF\xBB\xBF"
      "acks=all\n",
      "p");
  EXPECT_EQ(Pairs(r), (std::vector<std::string>{"acks=all"}));
  EXPECT_EQ(r.entries[0].loc.ToString(), "p:1:1");
}

TEST(PropertiesFile, AFileThatCannotBeReadIsOneDiagnosticNamingIt) {
  PropertiesResult r = LoadPropertiesFile("/nonexistent/client.properties");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].loc.file, "/nonexistent/client.properties");
  EXPECT_NE(r.diagnostics[0].message.find("cannot read"), std::string::npos)
      << r.diagnostics[0].message;
  EXPECT_TRUE(r.entries.empty());
}

TEST(PropertiesFile, LoadsAFileAsItsText) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "ks_properties_file_test.properties";
  std::ofstream(path) << "acks=all\nlinger.ms=5\n";
  PropertiesResult r = LoadPropertiesFile(path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(Pairs(r), (std::vector<std::string>{"acks=all", "linger.ms=5"}));
  EXPECT_EQ(r.entries[1].loc.ToString(), path.string() + ":2:1");
}

}  // namespace
}  // namespace ks
