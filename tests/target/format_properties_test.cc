// FormatProperties writes the client properties file a process actor's program reads (Kafka's
// verifiable clients: java.util.Properties.load): whatever a key or value holds, reading the file
// back gives the same entries.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "target/properties_file.h"

namespace ks {
namespace {

std::vector<ConfigEntry> RoundTrip(const std::vector<ConfigEntry>& entries, std::string* text) {
  *text = FormatProperties(entries);
  const PropertiesResult r = ParseProperties(*text, "client.properties");
  EXPECT_TRUE(r.diagnostics.empty()) << *text;
  return r.entries;
}

void ExpectRoundTrip(const std::vector<ConfigEntry>& entries) {
  std::string text;
  const std::vector<ConfigEntry> back = RoundTrip(entries, &text);
  ASSERT_EQ(back.size(), entries.size()) << text;
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(back[i].key, entries[i].key) << "entry " << i << " of:\n" << text;
    EXPECT_EQ(back[i].value, entries[i].value) << "entry " << i << " of:\n" << text;
  }
  // One line per entry: a line break inside a key or value is an escape.
  size_t lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  EXPECT_EQ(lines, entries.size()) << text;
  EXPECT_EQ(text.find('\r'), std::string::npos) << text;
}

TEST(FormatProperties, WritesOneKeyValueLinePerEntry) {
  EXPECT_EQ(FormatProperties({}), "");
  EXPECT_EQ(FormatProperties({{"acks", "all", {}}, {"retries", "5", {}}}), "acks=all\nretries=5\n");
}

TEST(FormatProperties, KeysWithSeparatorsBlanksAndCommentMarks) {
  ExpectRoundTrip({
      {"a=b", "1", {}},
      {"a:b", "2", {}},
      {"a b", "3", {}},
      {" leading", "4", {}},
      {"trailing ", "5", {}},
      {"#comment", "6", {}},
      {"!comment", "7", {}},
      {"in#side!", "8", {}},
      {"tab\there", "9", {}},
      {"\fform.feed", "10", {}},
      {"line\nbreak", "11", {}},
      {"carriage\rreturn", "12", {}},
      {"back\\slash", "13", {}},
      {"ends.with\\", "14", {}},
      {"\\u0041", "15", {}},  // a backslash and 'u', not an escape
      {"", "empty key", {}},
      {" ", "a blank key", {}},
      {"=", "", {}},
  });
}

TEST(FormatProperties, ValuesWithLeadingBlanksSeparatorsAndLineBreaks) {
  ExpectRoundTrip({
      {"leading.blanks", "   three", {}},
      {"leading.tab", "\tx", {}},
      {"leading.form.feed", "\fx", {}},
      {"only.blanks", "   ", {}},
      {"trailing.blanks", "x   ", {}},
      {"starts.with.equals", "=x", {}},
      {"starts.with.colon", ":x", {}},
      {"separators", "a=b:c d", {}},
      {"comment.marks", "#x!y", {}},
      {"pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", {}},
      {"comment.after.break", "a\n# not a comment\n! nor this", {}},
      {"crlf", "a\r\nb", {}},
      {"odd.backslashes", "c:\\", {}},
      {"even.backslashes", "c:\\\\", {}},
      {"escape.lookalikes", "\\n \\t \\u0041 \\", {}},
      {"jaas",
       "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\" "
       "password=\"p=w:d # !\";",
       {}},
      {"empty", "", {}},
      {"controls", std::string("\x01\x1f\x7f", 3), {}},
  });
}

// Kafka's tools read the file with Properties.load(InputStream), as ISO-8859-1: a UTF-8 byte
// written as it is would become another character. Escaped, the file is ASCII.
TEST(FormatProperties, WritesCharactersBeyondAsciiAsUnicodeEscapes) {
  const std::vector<ConfigEntry> entries = {
      {"sasl.password", "p\xC3\xA4ss", {}},  // U+00E4
      {"euro", "\xE2\x82\xAC", {}},          // U+20AC
      {"key", "\xF0\x9F\x94\x91", {}},       // U+1F511: a surrogate pair
      {"\xEF\xBB\xBF"
       "bom.first",
       "\xEF\xBB\xBF",
       {}},  // U+FEFF, which a reader may drop
      {"n\xC3\xB8gle", "\xC3\xA9\xC3\xA9 \xC3\xA9", {}},
  };
  std::string text;
  RoundTrip(entries, &text);
  EXPECT_EQ(FormatProperties({entries[0]}), "sasl.password=p\\u00e4ss\n");
  EXPECT_EQ(FormatProperties({entries[1]}), "euro=\\u20ac\n");
  EXPECT_EQ(FormatProperties({entries[2]}), "key=\\ud83d\\udd11\n");
  EXPECT_EQ(FormatProperties({entries[3]}), "\\ufeffbom.first=\\ufeff\n");
  for (unsigned char c : text) EXPECT_LT(c, 0x80) << text;
  ExpectRoundTrip(entries);
}

// Bytes that are not UTF-8 cannot be escaped as characters: they are written as they are, and
// read back as they are.
TEST(FormatProperties, KeepsBytesThatAreNotUtf8) {
  ExpectRoundTrip({
      {"lone.continuation", "\x80", {}},
      {"cut.sequence", "a\xE2\x82", {}},
      {"overlong", "\xC0\xAF", {}},
      {"surrogate", "\xED\xA0\x80", {}},
      {"beyond.unicode", "\xF4\x90\x80\x80", {}},
      {"latin1", "caf\xE9", {}},
  });
  EXPECT_EQ(FormatProperties({{"k", "caf\xE9", {}}}), "k=caf\xE9\n");
}

}  // namespace
}  // namespace ks
