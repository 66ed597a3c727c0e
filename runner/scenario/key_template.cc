#include "scenario/key_template.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <memory>

namespace ks {

namespace {

// Bounds that keep Render's evaluation stack a fixed-size array (no allocation per record).
constexpr int kMaxTokens = 64;
constexpr int kMaxNesting = 16;

// Wrapping arithmetic: a template like {i * 1000000000000} must render something on every
// record rather than hit signed-overflow undefined behaviour.
int64_t WrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
int64_t WrapSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t WrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}
// The parser guarantees b != 0; b == -1 is special-cased because INT64_MIN / -1 overflows.
int64_t SafeDiv(int64_t a, int64_t b) { return b == -1 ? WrapSub(0, a) : a / b; }
int64_t SafeMod(int64_t a, int64_t b) { return b == -1 ? 0 : a % b; }

int64_t Apply(KeyTemplate::Token::Kind kind, int64_t a, int64_t b) {
  switch (kind) {
    case KeyTemplate::Token::kAdd:
      return WrapAdd(a, b);
    case KeyTemplate::Token::kSub:
      return WrapSub(a, b);
    case KeyTemplate::Token::kMul:
      return WrapMul(a, b);
    case KeyTemplate::Token::kDiv:
      return SafeDiv(a, b);
    case KeyTemplate::Token::kMod:
      return SafeMod(a, b);
    default:
      return 0;
  }
}

// An expression tree, kept only while parsing: it lets the parser see that a divisor is constant
// and fold constant subtrees before emitting reverse Polish notation.
struct Node {
  KeyTemplate::Token::Kind kind;
  int64_t value = 0;
  int column = 0;  // where the subexpression starts, for errors
  std::unique_ptr<Node> left, right;
};

bool IsConstant(const Node& n) {
  if (n.kind == KeyTemplate::Token::kIndex) return false;
  if (n.kind == KeyTemplate::Token::kConst) return true;
  return IsConstant(*n.left) && IsConstant(*n.right);
}

int64_t EvalConstant(const Node& n) {
  if (n.kind == KeyTemplate::Token::kConst) return n.value;
  return Apply(n.kind, EvalConstant(*n.left), EvalConstant(*n.right));
}

void Emit(const Node& n, std::vector<KeyTemplate::Token>* out) {
  if (n.kind != KeyTemplate::Token::kIndex && IsConstant(n)) {
    out->push_back({KeyTemplate::Token::kConst, EvalConstant(n)});
    return;
  }
  if (n.kind == KeyTemplate::Token::kIndex) {
    out->push_back({KeyTemplate::Token::kIndex, 0});
    return;
  }
  Emit(*n.left, out);
  Emit(*n.right, out);
  out->push_back({n.kind, 0});
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// Recursive descent over one `{...}` hole:
//   expr   := term (('+' | '-') term)*
//   term   := factor (('*' | '/' | '%') factor)*
//   factor := integer | 'i' | '(' expr ')' | '-' factor
class ExprParser {
 public:
  /// `open` is the offset of the hole's '{'; parsing starts just after it.
  ExprParser(const std::string& text, size_t open) : text_(text), pos_(open + 1), open_(open) {}

  std::unique_ptr<Node> FailUnclosed() {
    return Fail("unclosed '{' at column " + std::to_string(open_ + 1) +
                " (write '{{' for a literal brace)");
  }

  std::unique_ptr<Node> ParseExpr() {
    if (++depth_ > kMaxNesting) return Fail("expression nested too deeply");
    std::unique_ptr<Node> left = ParseTerm();
    while (left) {
      SkipSpaces();
      const char c = Peek();
      if (c != '+' && c != '-') break;
      ++pos_;
      left = Combine(c == '+' ? KeyTemplate::Token::kAdd : KeyTemplate::Token::kSub,
                     std::move(left), ParseTerm());
    }
    --depth_;
    return left;
  }

  size_t pos() const { return pos_; }
  const std::string& error() const { return error_; }
  int error_column() const { return error_column_; }
  bool failed() const { return !error_.empty(); }

  void SkipSpaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  std::unique_ptr<Node> Fail(std::string message, size_t column) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_column_ = static_cast<int>(column);
    }
    return nullptr;
  }
  std::unique_ptr<Node> Fail(std::string message) { return Fail(std::move(message), pos_); }

 private:
  std::unique_ptr<Node> ParseTerm() {
    std::unique_ptr<Node> left = ParseFactor();
    while (left) {
      SkipSpaces();
      const char c = Peek();
      KeyTemplate::Token::Kind kind;
      if (c == '*') {
        kind = KeyTemplate::Token::kMul;
      } else if (c == '/') {
        kind = KeyTemplate::Token::kDiv;
      } else if (c == '%') {
        kind = KeyTemplate::Token::kMod;
      } else {
        break;
      }
      ++pos_;
      SkipSpaces();
      const size_t divisor_column = pos_;
      std::unique_ptr<Node> right = ParseFactor();
      if (!right) return nullptr;
      if (kind != KeyTemplate::Token::kMul) {
        // A zero divisor must be caught here: Render runs once per record and cannot fail.
        const char* op = kind == KeyTemplate::Token::kDiv ? "division" : "modulo";
        if (!IsConstant(*right)) {
          return Fail(std::string("the divisor of a ") + op +
                          " must be a constant, as in {i % 50}, so that it can never be zero",
                      divisor_column);
        }
        if (EvalConstant(*right) == 0) {
          return Fail(std::string(op) + " by zero", divisor_column);
        }
      }
      left = Combine(kind, std::move(left), std::move(right));
    }
    return left;
  }

  std::unique_ptr<Node> ParseFactor() {
    SkipSpaces();
    const size_t start = pos_;
    const char c = Peek();
    if (c >= '0' && c <= '9') {
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      auto node = Leaf(KeyTemplate::Token::kConst, start);
      if (!node) return nullptr;
      const auto [end, ec] =
          std::from_chars(text_.data() + start, text_.data() + pos_, node->value);
      (void)end;
      if (ec != std::errc()) return Fail("number too large (the limit is 2^63 - 1)", start);
      if (IsIdentChar(Peek())) return Fail("expected an operator or '}'");
      return node;
    }
    if (IsIdentChar(c)) {
      while (IsIdentChar(Peek())) ++pos_;
      const std::string name = text_.substr(start, pos_ - start);
      if (name != "i") {
        return Fail("unknown name '" + name + "': only i, the record index, is defined", start);
      }
      return Leaf(KeyTemplate::Token::kIndex, start);
    }
    if (c == '(') {
      ++pos_;
      std::unique_ptr<Node> inner = ParseExpr();
      if (!inner) return nullptr;
      SkipSpaces();
      if (Peek() != ')')
        return Fail("expected ')' to close the '(' at column " + std::to_string(start + 1));
      ++pos_;
      return inner;
    }
    if (c == '-') {
      ++pos_;
      std::unique_ptr<Node> operand = ParseFactor();
      if (!operand) return nullptr;
      auto zero = Leaf(KeyTemplate::Token::kConst, start);
      if (!zero) return nullptr;
      return Combine(KeyTemplate::Token::kSub, std::move(zero), std::move(operand));
    }
    if (c == '\0') return FailUnclosed();
    if (c == '}') return Fail("expected a number, i or '(' (e.g. {i % 50})");
    return Fail(std::string("unexpected '") + c + "': expected a number, i or '('");
  }

  std::unique_ptr<Node> Leaf(KeyTemplate::Token::Kind kind, size_t column) {
    // Bounds the tree (and so the recursion that folds and emits it) before kMaxTokens is checked.
    if (++nodes_ > 4 * kMaxTokens) return Fail("expression too long", column);
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->column = static_cast<int>(column);
    return n;
  }

  std::unique_ptr<Node> Combine(KeyTemplate::Token::Kind kind, std::unique_ptr<Node> left,
                                std::unique_ptr<Node> right) {
    if (!left || !right) return nullptr;
    auto n = Leaf(kind, static_cast<size_t>(left->column));
    if (!n) return nullptr;
    n->left = std::move(left);
    n->right = std::move(right);
    return n;
  }

  const std::string& text_;
  size_t pos_;
  size_t open_;
  int depth_ = 0;
  int nodes_ = 0;
  std::string error_;
  int error_column_ = 0;
};

void AppendLiteral(std::vector<KeyTemplate::Part>* parts, char c) {
  if (parts->empty() || !std::holds_alternative<std::string>(parts->back())) {
    parts->emplace_back(std::string());
  }
  std::get<std::string>(parts->back()) += c;
}

int64_t Evaluate(const std::vector<KeyTemplate::Token>& tokens, int64_t i) {
  std::array<int64_t, kMaxTokens> stack;
  size_t top = 0;
  for (const KeyTemplate::Token& t : tokens) {
    switch (t.kind) {
      case KeyTemplate::Token::kIndex:
        stack[top++] = i;
        break;
      case KeyTemplate::Token::kConst:
        stack[top++] = t.value;
        break;
      default:
        --top;
        stack[top - 1] = Apply(t.kind, stack[top - 1], stack[top]);
        break;
    }
  }
  return top > 0 ? stack[top - 1] : 0;
}

// Whether an RPN expression is >= 0 for every index i >= 0 (subtraction and negative constants
// are assumed to go negative; wrap-around on overflow is ignored, the result is an estimate).
bool NonNegative(const std::vector<KeyTemplate::Token>& tokens, size_t count) {
  std::array<bool, kMaxTokens> stack;
  size_t top = 0;
  for (size_t k = 0; k < count; ++k) {
    const KeyTemplate::Token& t = tokens[k];
    if (t.kind == KeyTemplate::Token::kIndex) {
      stack[top++] = true;
    } else if (t.kind == KeyTemplate::Token::kConst) {
      stack[top++] = t.value >= 0;
    } else {
      --top;
      stack[top - 1] = t.kind != KeyTemplate::Token::kSub && stack[top - 1] && stack[top];
    }
  }
  return top == 1 && stack[0];
}

}  // namespace

bool ParseKeyTemplate(const std::string& text, KeyTemplate* out, std::string* error, int* column) {
  KeyTemplate result;
  result.source = text;
  size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '{' && pos + 1 < text.size() && text[pos + 1] == '{') {
      AppendLiteral(&result.parts, '{');
      pos += 2;
    } else if (c == '}' && pos + 1 < text.size() && text[pos + 1] == '}') {
      AppendLiteral(&result.parts, '}');
      pos += 2;
    } else if (c == '}') {
      *error = "unmatched '}' (write '}}' for a literal brace)";
      *column = static_cast<int>(pos);
      return false;
    } else if (c == '{') {
      ExprParser parser(text, pos);
      std::unique_ptr<Node> expr = parser.ParseExpr();
      if (expr) {
        parser.SkipSpaces();
        if (parser.Peek() == '\0') {
          parser.FailUnclosed();
        } else if (parser.Peek() != '}') {
          parser.Fail("expected an operator (+ - * / %) or '}'");
        }
      }
      if (parser.failed()) {
        *error = parser.error();
        *column = parser.error_column();
        return false;
      }
      std::vector<KeyTemplate::Token> tokens;
      Emit(*expr, &tokens);
      if (tokens.size() > static_cast<size_t>(kMaxTokens)) {
        *error = "expression too long (at most " + std::to_string(kMaxTokens) + " terms)";
        *column = static_cast<int>(pos);
        return false;
      }
      result.parts.emplace_back(std::move(tokens));
      pos = parser.pos() + 1;
    } else {
      AppendLiteral(&result.parts, c);
      ++pos;
    }
  }
  *out = std::move(result);
  return true;
}

std::string KeyTemplate::Render(int64_t i) const {
  std::string key;
  key.reserve(source.size() + 16);
  for (const Part& part : parts) {
    if (const auto* literal = std::get_if<std::string>(&part)) {
      key += *literal;
    } else {
      char buf[24];
      const auto [end, ec] =
          std::to_chars(buf, buf + sizeof buf, Evaluate(std::get<std::vector<Token>>(part), i));
      (void)ec;
      key.append(buf, end);
    }
  }
  return key;
}

int64_t KeyTemplate::DistinctUpperBound(int64_t count) const {
  if (count <= 0) return 0;
  int64_t bound = 1;
  for (const Part& part : parts) {
    const auto* tokens = std::get_if<std::vector<Token>>(&part);
    if (tokens == nullptr || tokens->empty()) continue;
    int64_t hole = count;  // any expression of i: at most one key per record
    const size_t n = tokens->size();
    if (n == 1 && (*tokens)[0].kind == Token::kConst) {
      hole = 1;
    } else if (n >= 3 && (*tokens)[n - 1].kind == Token::kMod &&
               (*tokens)[n - 2].kind == Token::kConst) {
      // x % c takes |c| values when x >= 0, and 2|c| - 1 when x may be negative.
      const int64_t c = (*tokens)[n - 2].value;
      const uint64_t magnitude = c < 0 ? 0 - static_cast<uint64_t>(c) : static_cast<uint64_t>(c);
      if (magnitude < static_cast<uint64_t>(count)) {
        const int64_t m = static_cast<int64_t>(magnitude);
        hole = NonNegative(*tokens, n - 2) ? m : std::min(2 * m - 1, count);
      }
    }
    if (hole >= count || bound > count / hole) return count;
    bound *= hole;
  }
  return bound < count ? bound : count;
}

}  // namespace ks
