#include "scenario/key_template.h"

#include <gtest/gtest.h>

#include <climits>

namespace ks {
namespace {

KeyTemplate Parse(const std::string& text) {
  KeyTemplate t;
  std::string error;
  int column = -1;
  EXPECT_TRUE(ParseKeyTemplate(text, &t, &error, &column)) << text << ": " << error;
  return t;
}

struct Failure {
  std::string error;
  int column = -1;
};

Failure ParseError(const std::string& text) {
  KeyTemplate t;
  Failure f;
  EXPECT_FALSE(ParseKeyTemplate(text, &t, &f.error, &f.column)) << text;
  return f;
}

TEST(KeyTemplate, RendersLiteralTextAndHoles) {
  const KeyTemplate t = Parse("user-{i % 50}");
  EXPECT_EQ(t.source, "user-{i % 50}");
  EXPECT_EQ(t.Render(0), "user-0");
  EXPECT_EQ(t.Render(49), "user-49");
  EXPECT_EQ(t.Render(50), "user-0");
  EXPECT_EQ(t.Render(123), "user-23");
}

TEST(KeyTemplate, HonoursPrecedenceParenthesesAndUnaryMinus) {
  EXPECT_EQ(Parse("{1 + 2 * 3}").Render(0), "7");
  EXPECT_EQ(Parse("{(1 + 2) * 3}").Render(0), "9");
  EXPECT_EQ(Parse("{10 - 4 - 3}").Render(0), "3");  // left-associative
  EXPECT_EQ(Parse("{100 / 10 / 5}").Render(0), "2");
  EXPECT_EQ(Parse("{i / 10}").Render(99), "9");
  EXPECT_EQ(Parse("{-i}").Render(5), "-5");
  EXPECT_EQ(Parse("{i - 10}").Render(3), "-7");
  EXPECT_EQ(Parse("{ i*2+1 }").Render(4), "9");
  EXPECT_EQ(Parse("{i % (2 + 3)}").Render(7), "2");
  EXPECT_EQ(Parse("{i % -3}").Render(7), "1");  // C++ semantics: the sign follows the dividend
}

TEST(KeyTemplate, SeveralHolesAndDoubledBraces) {
  EXPECT_EQ(Parse("{i % 3}-{i / 3}").Render(7), "1-2");
  EXPECT_EQ(Parse("{{literal}}").Render(7), "{literal}");
  EXPECT_EQ(Parse("{{{i}}}").Render(7), "{7}");
  EXPECT_EQ(Parse("plain").Render(7), "plain");
  EXPECT_EQ(Parse("").Render(7), "");
}

TEST(KeyTemplate, WrapsOnOverflowInsteadOfUndefinedBehaviour) {
  EXPECT_EQ(Parse("{i * 2}").Render(INT64_MAX), "-2");
  EXPECT_EQ(Parse("{i / -1}").Render(INT64_MIN), std::to_string(INT64_MIN));
  EXPECT_EQ(Parse("{i % -1}").Render(INT64_MIN), "0");
  EXPECT_EQ(Parse("{9223372036854775807}").Render(0), "9223372036854775807");
}

TEST(KeyTemplate, RejectsZeroDivisorsAtParseTime) {
  Failure f = ParseError("user-{i % 0}");
  EXPECT_EQ(f.error, "modulo by zero");
  EXPECT_EQ(f.column, 10);
  f = ParseError("{i / (2 - 2)}");
  EXPECT_EQ(f.error, "division by zero");
  EXPECT_EQ(f.column, 5);
  f = ParseError("{i % i}");
  EXPECT_EQ(f.error,
            "the divisor of a modulo must be a constant, as in {i % 50}, so that it can never be "
            "zero");
  EXPECT_EQ(f.column, 5);
}

TEST(KeyTemplate, ReportsEveryOtherErrorWithItsColumn) {
  struct Case {
    const char* text;
    const char* error;
    int column;
  };
  const Case cases[] = {
      {"user-{i % 50", "unclosed '{' at column 6 (write '{{' for a literal brace)", 12},
      {"user-{", "unclosed '{' at column 6 (write '{{' for a literal brace)", 6},
      {"a}b", "unmatched '}' (write '}}' for a literal brace)", 1},
      {"{}", "expected a number, i or '(' (e.g. {i % 50})", 1},
      {"{j}", "unknown name 'j': only i, the record index, is defined", 1},
      {"{index}", "unknown name 'index': only i, the record index, is defined", 1},
      {"{i %% 2}", "unexpected '%': expected a number, i or '('", 4},
      {"{i 2}", "expected an operator (+ - * / %) or '}'", 3},
      {"{2i}", "expected an operator or '}'", 2},
      {"{(i + 1}", "expected ')' to close the '(' at column 2", 7},
      {"{99999999999999999999}", "number too large (the limit is 2^63 - 1)", 1},
      {"{i +}", "expected a number, i or '(' (e.g. {i % 50})", 4},
      {"{(i", "expected ')' to close the '(' at column 2", 3},
      {"{((((((((((((((((((i))))))))))))))))))}", "expression nested too deeply", 17},
  };
  for (const Case& c : cases) {
    const Failure f = ParseError(c.text);
    EXPECT_EQ(f.error, c.error) << c.text;
    EXPECT_EQ(f.column, c.column) << c.text;
  }
}

TEST(KeyTemplate, RejectsExpressionsTooLongForTheFixedStack) {
  std::string text = "{i";
  for (int k = 0; k < 100; ++k) text += " + i";
  text += "}";
  const Failure f = ParseError(text);
  EXPECT_EQ(f.error.rfind("expression too long", 0), 0u) << f.error;
}

TEST(KeyTemplate, FoldsConstantsSoLongConstantExpressionsStayCheap) {
  const KeyTemplate t = Parse("{i % (10 * 5)}");
  ASSERT_EQ(t.parts.size(), 1u);
  const auto& tokens = std::get<std::vector<KeyTemplate::Token>>(t.parts[0]);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].kind, KeyTemplate::Token::kConst);
  EXPECT_EQ(tokens[1].value, 50);
}

TEST(KeyTemplate, DistinctUpperBound) {
  EXPECT_EQ(Parse("user-{i % 50}").DistinctUpperBound(3000), 50);
  EXPECT_EQ(Parse("user-{i % 50}").DistinctUpperBound(20), 20);
  EXPECT_EQ(Parse("fixed").DistinctUpperBound(3000), 1);
  EXPECT_EQ(Parse("fixed").DistinctUpperBound(0), 0);
  EXPECT_EQ(Parse("{i}").DistinctUpperBound(3000), 3000);
  EXPECT_EQ(Parse("{i % 5}-{i % 7}").DistinctUpperBound(3000), 35);
  EXPECT_EQ(Parse("{(i - 100) % 5}").DistinctUpperBound(3000), 9);  // -4..4
  EXPECT_EQ(Parse("{7}").DistinctUpperBound(3000), 1);
  EXPECT_EQ(Parse("{i / 10}").DistinctUpperBound(3000), 3000);  // a safe over-estimate
}

}  // namespace
}  // namespace ks
