// Each limit of a YAML document (diag/input_limits.h) with the input that used to crash, hang or
// exhaust memory, generated here: the load must end with one diagnostic at the right place.
#include "scenario/yaml_limits.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "scenario/loader.h"
#include "scenario/yaml_json.h"
#include "support/scenario_text.h"

namespace ks {
namespace {

constexpr const char* kMinimal = test_support::kMinimalScenario;

TEST(YamlLimits, MinimalScenarioIsWithinEveryLimit) {
  EXPECT_FALSE(FindYamlLimitBreach(kMinimal, "f.yaml").has_value());
  EXPECT_TRUE(LoadScenarioText(kMinimal, "f.yaml").scenario.has_value());
}

TEST(YamlLimits, InvalidUtf8IsRefusedAtItsFirstByte) {
  // valijson read past its table on this (ASan: global-buffer-overflow in u8_nextchar); a 1 MB
  // run of such bytes segfaulted.
  const std::string text = "name: x\ntitle: \"a" + std::string(1 << 20, '\x85') + "\"\n";
  EXPECT_EQ(test_support::OnlyLoadError(text),
            "f.yaml:2:10: invalid UTF-8: byte 0x85 is not part of a valid character");
}

TEST(YamlLimits, ControlCharactersAreRefused) {
  EXPECT_EQ(test_support::OnlyLoadError(std::string("name: a\0b\n", 10)),
            "f.yaml:1:8: control character 0x00 is not allowed in the text");
}

TEST(YamlLimits, AliasExpansionBombStopsAtTheAliasThatCrossesTheNodeLimit) {
  // Ten levels of ten aliases each: 10^10 nodes expanded; yaml-cpp's tree shares them, the
  // conversion to JSON did not (12 s, then std::bad_alloc).
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char prev = static_cast<char>(c - 1);
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + prev;
    text += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string error = test_support::OnlyLoadError(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  // a: 11 nodes, b: 111, c: 1,111, d: 11,111; e's 8th alias of d passes 100,000.
  EXPECT_EQ(error,
            "f.yaml:5:36: this alias expands the document to more than 100,000 nodes (maps, "
            "lists and values), the limit for a file");
}

TEST(YamlLimits, AliasesOfALongValueAreCountedInBytes) {
  std::string text = "a: &a " + std::string(600 * 1024, 'x') + "\nb: [";
  for (int i = 0; i < 30; ++i) text += i ? ", *a" : "*a";
  text += "]\n";
  const std::string error = test_support::OnlyLoadError(text);
  EXPECT_TRUE(error.starts_with("f.yaml:2:")) << error;
  EXPECT_TRUE(error.ends_with(
      "this alias expands the document to more than 16 MiB of values, the limit for a file"))
      << error;
}

TEST(YamlLimits, AnAliasInsideItsOwnAnchorIsRefused) {
  const std::string error = test_support::OnlyLoadError("a: &a [1, *a]\n");
  EXPECT_EQ(error,
            "f.yaml:1:11: this alias refers to the anchor of a map or list that contains it");
}

TEST(YamlLimits, ManyRepeatedKeysStopAtTheNodeLimit) {
  // 100,000 repeated keys took 95 s: every duplicate-key diagnostic rescanned the file.
  std::string text = kMinimal;
  for (int i = 0; i < 100000; ++i) text += "k: 1\n";
  const auto start = std::chrono::steady_clock::now();
  const LoadResult r = LoadScenarioText(text, "f.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u) << FormatLoadErrors(r).substr(0, 2000);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  // kMinimal holds 33 nodes in 14 lines: the key of the 49,983rd pair is node 100,001.
  EXPECT_EQ(r.diagnostics[0].loc.ToString(), "f.yaml:49997:1");
  EXPECT_EQ(r.diagnostics[0].message,
            "the document has more than 100,000 nodes (maps, lists and values), the limit for a "
            "file");
}

TEST(YamlLimits, ManyDuplicateKeysWithinTheLimitAreAllReported) {
  std::string text = kMinimal;
  for (int i = 0; i < 30000; ++i) text += "k: 1\n";
  const LoadResult r = LoadScenarioText(text, "f.yaml");
  // The first `k` is an unknown key; each later one is a duplicate.
  EXPECT_EQ(r.diagnostics.size(), 30000u);
  const std::string formatted = FormatLoadErrors(r);
  EXPECT_NE(formatted.find("f.yaml:30014:1: error: duplicate key 'k' (first given on line 15)\n"
                           "  k: 1\n  ^\n"),
            std::string::npos);
}

TEST(YamlLimits, DeepNestingIsRefusedWithTheLimit) {
  // Before, yaml-cpp's own recursion guard said only "invalid YAML: bad file".
  const std::string flow = "a: " + std::string(100, '[') + std::string(100, ']') + "\n";
  EXPECT_EQ(test_support::OnlyLoadError(flow),
            "f.yaml:1:67: maps and lists are nested more than 64 levels deep here, over the limit");
  std::string block;
  for (int i = 0; i < 100; ++i) block += std::string(2 * i, ' ') + "k" + std::to_string(i) + ":\n";
  const std::string error = test_support::OnlyLoadError(block);
  EXPECT_TRUE(error.starts_with("f.yaml:65:")) << error;  // the map of the key on line 65
}

TEST(YamlLimits, ExplicitTagsAreRefusedNotIgnored) {
  EXPECT_EQ(test_support::OnlyLoadError("name: !!python/object:os.system x\n"),
            "f.yaml:1:7: YAML tags are not supported: '!!python/object:os.system'");
  EXPECT_EQ(test_support::OnlyLoadError("topics: !custom [a]\n"),
            "f.yaml:1:9: YAML tags are not supported: '!custom'");
  EXPECT_EQ(test_support::OnlyLoadError("seed: !!str 5\n"),
            "f.yaml:1:7: YAML tags are not supported: '!!str'");
}

TEST(YamlLimits, LongScalarIsRefused) {
  const std::string text = "name: x\nlesson: " + std::string(2 << 20, 'a') + "\n";
  EXPECT_EQ(test_support::OnlyLoadError(text),
            "f.yaml:2:9: this value is 2 MiB, over the limit of 1 MiB for one value");
}

TEST(YamlLimits, LargeFileIsRefusedBeforeParsing) {
  std::string text = "lesson: |\n";
  while (text.size() <= (5 << 20)) text += "  " + std::string(1000, 'a') + "\n";
  const std::string error = test_support::OnlyLoadError(text);
  EXPECT_TRUE(error.starts_with("f.yaml: the file is 5.0 MiB, over the limit of 4 MiB")) << error;
}

TEST(YamlLimits, SyntaxErrorsAreStillReportedAsSuch) {
  std::vector<Diagnostic> diagnostics;
  YamlJson doc;
  EXPECT_FALSE(YamlToJson("a: [1, 2\nb: 3\n", "f.yaml", &doc, &diagnostics));
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_TRUE(diagnostics[0].message.starts_with("invalid YAML: ")) << diagnostics[0].message;
}

}  // namespace
}  // namespace ks
