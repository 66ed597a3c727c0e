#include "scenario/yaml_json.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

YamlJson Convert(const std::string& text, std::vector<Diagnostic>* diagnostics = nullptr) {
  YamlJson doc;
  std::vector<Diagnostic> local;
  EXPECT_TRUE(YamlToJson(text, "f.yaml", &doc, diagnostics != nullptr ? diagnostics : &local));
  if (diagnostics == nullptr) {
    EXPECT_TRUE(local.empty()) << local.front().message;
  }
  return doc;
}

TEST(YamlToJson, TypesPlainScalars) {
  const YamlJson doc = Convert(
      "int: 42\nneg: -7\nhex: 0x10\nreal: 2.5\nexp: 1e3\nyes_word: yes\ntrue_word: true\n"
      "off_word: off\nword: three\nrate: 2000/s\nempty:\ntilde: ~\nnull_word: null\n"
      "inf: .inf\nbig: 99999999999999999999\n");
  const nlohmann::json& v = doc.value;
  EXPECT_TRUE(v["int"].is_number_integer());
  EXPECT_EQ(v["int"], 42);
  EXPECT_EQ(v["neg"], -7);
  EXPECT_EQ(v["hex"], 16);
  EXPECT_TRUE(v["real"].is_number_float());
  EXPECT_EQ(v["real"], 2.5);
  EXPECT_EQ(v["exp"], 1000.0);
  EXPECT_EQ(v["yes_word"], true);  // YAML 1.1, as yaml-cpp reads it
  EXPECT_EQ(v["true_word"], true);
  EXPECT_EQ(v["off_word"], false);
  EXPECT_EQ(v["word"], "three");
  EXPECT_EQ(v["rate"], "2000/s");
  EXPECT_TRUE(v["empty"].is_null());
  EXPECT_TRUE(v["tilde"].is_null());
  EXPECT_TRUE(v["null_word"].is_null());
  EXPECT_EQ(v["inf"], ".inf");  // no JSON form: kept as text so validation can name it
  EXPECT_TRUE(v["big"].is_number_float());
}

TEST(YamlToJson, QuotedScalarsStayStrings) {
  const YamlJson doc = Convert("a: \"42\"\nb: 'true'\nc: \"\"\nd: |\n  7\n");
  EXPECT_EQ(doc.value["a"], "42");
  EXPECT_EQ(doc.value["b"], "true");
  EXPECT_EQ(doc.value["c"], "");
  EXPECT_EQ(doc.value["d"], "7\n");
  EXPECT_TRUE(doc.sources.Find("/a")->quoted);
  EXPECT_FALSE(Convert("a: 42").sources.Find("/a")->quoted);
}

TEST(YamlToJson, MapsEveryNodeToItsLineAndColumn) {
  const YamlJson doc = Convert(
      "name: x\n"
      "topics:\n"
      "  - name: orders\n"
      "    partitions: 6\n"
      "  - {name: audit, config: {a/b: 1, c~d: 2}}\n");
  auto at = [&](const char* pointer) {
    const SourceLoc loc = doc.sources.ValueLoc(pointer);
    return std::to_string(loc.line) + ":" + std::to_string(loc.column);
  };
  auto key_at = [&](const char* pointer) {
    const SourceLoc loc = doc.sources.KeyLoc(pointer);
    return std::to_string(loc.line) + ":" + std::to_string(loc.column);
  };
  EXPECT_EQ(at("/name"), "1:7");
  EXPECT_EQ(key_at("/name"), "1:1");
  EXPECT_EQ(at("/topics"), "3:3");
  EXPECT_EQ(at("/topics/0"), "3:5");
  EXPECT_EQ(key_at("/topics/0"), "3:5");  // list items have no key: their own position
  EXPECT_EQ(at("/topics/0/partitions"), "4:17");
  EXPECT_EQ(key_at("/topics/0/partitions"), "4:5");
  EXPECT_EQ(at("/topics/1/name"), "5:12");
  EXPECT_EQ(at("/topics/1/config/a~1b"), "5:33");  // RFC 6901 escapes
  EXPECT_EQ(at("/topics/1/config/c~0d"), "5:41");
  EXPECT_EQ(doc.sources.ValueLoc("/name").file, "f.yaml");
  // A node that is not in the file resolves to its nearest ancestor.
  EXPECT_EQ(at("/topics/0/replication_factor"), "3:5");
  EXPECT_EQ(doc.sources.Find("/topics/0/replication_factor"), nullptr);
  EXPECT_EQ(doc.sources.Find("/topics/0/partitions")->text, "6");
}

TEST(YamlToJson, EmptyValuePointsAtItsKeyNotTheNextLine) {
  const YamlJson doc = Convert("lesson:\ntitle: x\n");
  EXPECT_EQ(doc.sources.ValueLoc("/lesson").line, 1);
  EXPECT_EQ(doc.sources.ValueLoc("/lesson").column, 1);
}

TEST(YamlToJson, SyntaxErrorGivesOneDiagnosticAtItsMark) {
  YamlJson doc;
  std::vector<Diagnostic> diagnostics;
  EXPECT_FALSE(YamlToJson("a: [1, 2\nb: 3\n", "f.yaml", &doc, &diagnostics));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].loc.ToString(), "f.yaml:2:2");
  EXPECT_EQ(diagnostics[0].message, "invalid YAML: end of sequence flow not found");
  EXPECT_EQ(diagnostics[0].hint, "a '[' is never closed");
}

TEST(YamlToJson, DuplicateKeysAreReportedAndTheFirstValueKept) {
  std::vector<Diagnostic> diagnostics;
  const YamlJson doc = Convert("a: 1\nb: 2\na: 3\n", &diagnostics);
  EXPECT_EQ(doc.value["a"], 1);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].loc.ToString(), "f.yaml:3:1");
  EXPECT_EQ(diagnostics[0].message, "duplicate key 'a'");
  EXPECT_EQ(diagnostics[0].hint, "first given on line 1");
}

TEST(YamlToJson, NonScalarKeysAreReported) {
  std::vector<Diagnostic> diagnostics;
  Convert("? [a, b]\n: 1\n", &diagnostics);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].message, "a key must be plain text, not a list or a map");
}

TEST(YamlToJson, EmptyDocumentIsNull) {
  EXPECT_TRUE(Convert("").value.is_null());
  EXPECT_TRUE(Convert("# only a comment\n").value.is_null());
}

TEST(JsonPointerChild, EscapesAsRfc6901Requires) {
  EXPECT_EQ(JsonPointerChild("", "topics"), "/topics");
  EXPECT_EQ(JsonPointerChild("/topics", size_t{3}), "/topics/3");
  EXPECT_EQ(JsonPointerChild("/c", "a/b~c"), "/c/a~1b~0c");
}

}  // namespace
}  // namespace ks
