#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace ks {

/// A record key template such as "user-{i % 50}": literal text with `{expr}` holes, where expr
/// is integer arithmetic over the record index `i` (0-based): integers, i, + - * / %, parentheses.
/// Division and modulo by zero are rejected when the template is parsed, never at run time.
struct KeyTemplate {
  /// One compiled expression in reverse Polish notation: operands (i or a constant) and operators.
  struct Token {
    enum Kind { kIndex, kConst, kAdd, kSub, kMul, kDiv, kMod } kind;
    int64_t value = 0;
  };
  using Part = std::variant<std::string, std::vector<Token>>;

  std::string source;
  std::vector<Part> parts;

  /// The key for record index `i`. Never fails: every template that parsed renders.
  std::string Render(int64_t i) const;
  /// How many distinct keys the template can produce over `count` records (an upper bound used
  /// to size the run; exact for templates without `{...}`, which give 1).
  int64_t DistinctUpperBound(int64_t count) const;
};

/// Parses `text` into a KeyTemplate. On error returns false and sets `error` to what was expected
/// and `column` to the 0-based offset in `text` where parsing stopped.
bool ParseKeyTemplate(const std::string& text, KeyTemplate* out, std::string* error, int* column);

}  // namespace ks
