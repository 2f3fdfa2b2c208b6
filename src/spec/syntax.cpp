// Tokenizer and recursive-descent parser of the spec language and of expressions: text to a
// syntax tree, with Python's grammar, literal spellings and SyntaxError messages. No meaning is
// given to the tree here: the expression compiler and the spec reader (parser.cpp) do that.
#include "syntax.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "detail/charconv.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/limits.hpp"

namespace lrsched::spec::syntax {
namespace {

enum class TokenKind : std::uint8_t { kEnd, kName, kInt, kFloat, kString, kOp };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::size_t offset = 0;
  std::size_t end = 0;
  std::string text;  // name, operator spelling, or decoded string literal
  std::int64_t int_value = 0;
  double float_value = 0.0;
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

// What a character pasted in place of an ASCII one stands for: the quotes, dashes and spaces of
// word processors and web pages, and the full-width forms and punctuation of CJK text. Each row
// maps `first`..`last` either all to `ascii` or, `in_order`, to `ascii`, `ascii + 1`, ...
struct AsciiLookalike {
  char32_t first;
  char32_t last;
  char ascii;
  bool in_order = false;
};
constexpr AsciiLookalike kAsciiLookalikes[] = {
    {0x00A0, 0x00A0, ' '},        // no-break space
    {0x00D7, 0x00D7, '*'},        // multiplication sign
    {0x2013, 0x2014, '-'},        // en and em dashes
    {0x2018, 0x2019, '\''},       // single curly quotes
    {0x201C, 0x201D, '"'},        // double curly quotes
    {0x2032, 0x2032, '\''},       // prime
    {0x2033, 0x2033, '"'},        // double prime
    {0x2212, 0x2212, '-'},        // minus sign
    {0x3000, 0x3000, ' '},        // ideographic space
    {0x3001, 0x3001, ','},        // ideographic comma
    {0x3002, 0x3002, '.'},        // ideographic full stop
    {0xFF01, 0xFF5E, '!', true},  // full-width forms of '!' to '~'
};

std::optional<char> ascii_lookalike(char32_t code) {
  for (const AsciiLookalike& row : kAsciiLookalikes) {
    if (code >= row.first && code <= row.last) {
      return static_cast<char>(static_cast<char32_t>(row.ascii) +
                               (row.in_order ? code - row.first : 0));
    }
  }
  return std::nullopt;
}

// Operators the tokenizer knows, longest first so "**" wins over "*".
constexpr std::string_view kOperators[] = {
    "**=", "//=", ">>=", "<<=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "->", ":=",
    "+=",  "-=",  "*=",  "/=",  "%=", "+",  "-",  "*",  "/",  "%",  "(",  ")",  "[",  "]",
    "{",   "}",   ",",   ":",   ".",  "=",  "<",  ">",  "|",  "&",  "^",  "~",  "@",  ";"};

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    check_utf8();
    std::vector<Token> tokens;
    while (true) {
      skip_space();
      if (pos_ >= text_.size()) break;
      tokens.push_back(next());
    }
    Token end;
    end.offset = end.end = text_.size();
    tokens.push_back(end);
    return tokens;
  }

 private:
  [[noreturn]] void fail(const std::string& message, std::size_t offset) const {
    throw SyntaxError(message, text_, offset);
  }

  // Python source is UTF-8: other bytes are a SyntaxError with the codec's words, before any
  // token (a string literal would otherwise carry them into a scheduler's state).
  void check_utf8() const {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text_[i]); };
    for (std::size_t i = 0; i < text_.size();) {
      const unsigned char lead = byte(i);
      std::size_t length = 1;
      unsigned char low = 0x80;  // the range of the first continuation byte
      unsigned char high = 0xBF;
      if (lead < 0x80) {
        ++i;
        continue;
      }
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // no overlong forms
        if (lead == 0xED) high = 0x9F;  // no surrogates
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
      } else {
        utf8_error(i, "invalid start byte");
      }
      for (std::size_t k = 1; k < length; ++k) {
        if (i + k >= text_.size()) utf8_error(i, "unexpected end of data");
        const unsigned char c = byte(i + k);
        if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF)) {
          utf8_error(i, "invalid continuation byte");
        }
      }
      i += length;
    }
  }
  [[noreturn]] void utf8_error(std::size_t offset, const char* reason) const {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(text_[offset]));
    fail(std::string("(unicode error) 'utf-8' codec can't decode byte ") + hex + " in position " +
             std::to_string(offset) + ": " + reason,
         offset);
  }

  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  void skip_space() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++pos_;
      } else if (c == '\\' && (peek(1) == '\n' || peek(1) == '\r')) {
        pos_ += 2;  // explicit line continuation
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  Token next() {
    const char c = peek();
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return number();
    if (c == '\'' || c == '"') return string();
    if (is_name_start(c)) return name();
    for (std::string_view op : kOperators) {
      if (text_.substr(pos_, op.size()) == op) {
        Token token{TokenKind::kOp, pos_, pos_ + op.size(), std::string(op)};
        pos_ += op.size();
        return token;
      }
    }
    if (static_cast<unsigned char>(c) >= 0x80) non_ascii();
    fail(std::string("invalid character '") + c + "'", pos_);
  }

  // Python refuses a character outside ASCII where a token starts, and so does the spec
  // language (names included); where the character stands for an ASCII one, as the quotes and
  // punctuation of text copied from a word processor or a CJK document do, the message says which.
  [[noreturn]] void non_ascii() const {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text_[i]); };
    const unsigned char lead = byte(pos_);
    const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;  // check_utf8 passed it
    char32_t code = lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) code = (code << 6) | (byte(pos_ + k) & 0x3F);
    char hex[16];
    std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(code));
    std::string message =
        "invalid character '" + std::string(text_.substr(pos_, length)) + "' (" + hex + ")";
    if (const std::optional<char> ascii = ascii_lookalike(code)) {
      const char quote = *ascii == '\'' ? '"' : '\'';
      message += std::string(": use ") + quote + *ascii + quote + " instead";
    } else {
      message += ": a spec is ASCII outside its strings and comments";
    }
    fail(message, pos_);
  }

  Token name() {
    const std::size_t start = pos_;
    while (is_name_char(peek())) ++pos_;
    if (peek() == '\'' || peek() == '"') {
      fail("string prefixes such as r'' or f'' are not supported", start);
    }
    return Token{TokenKind::kName, start, pos_, std::string(text_.substr(start, pos_ - start))};
  }

  // Digits with single underscores between them (Python's `1_000`); returns them without '_'.
  std::string digits(bool (*accept)(char)) {
    std::string out;
    while (true) {
      if (accept(peek())) {
        out += peek();
        ++pos_;
      } else if (peek() == '_' && !out.empty() && accept(peek(1))) {
        ++pos_;
      } else {
        break;
      }
    }
    return out;
  }

  void check_literal_end(std::size_t start) const {
    if (peek() == 'j' || peek() == 'J') fail("complex numbers are not supported", start);
    if (is_name_char(peek())) fail("invalid decimal literal", pos_);
  }

  Token number() {
    const std::size_t start = pos_;
    if (peek() == '0' && std::string_view("xXoObB").find(peek(1)) != std::string_view::npos &&
        peek(1) != '\0') {
      return prefixed_int(start);
    }
    std::string literal = digits(is_digit);
    bool is_float = false;
    if (peek() == '.') {
      is_float = true;
      ++pos_;
      literal += '.';
      literal += digits(is_digit);
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
      is_float = true;
      literal += 'e';
      ++pos_;
      if (peek() == '+' || peek() == '-') {
        literal += peek();
        ++pos_;
      }
      literal += digits(is_digit);
    }
    check_literal_end(start);
    Token token{TokenKind::kInt, start, pos_, {}};
    if (is_float) {
      token.kind = TokenKind::kFloat;
      token.float_value = parse_float_literal(literal);
      return token;
    }
    if (literal.size() > 1 && literal[0] == '0' &&
        literal.find_first_not_of('0') != std::string::npos) {
      fail(
          "leading zeros in decimal integer literals are not permitted; use an 0o prefix for "
          "octal integers",
          start);
    }
    token.int_value = parse_int(literal, 10, start);
    return token;
  }

  Token prefixed_int(std::size_t start) {
    const char kind = static_cast<char>(peek(1) | 0x20);
    pos_ += 2;
    if (peek() == '_') ++pos_;  // Python allows 0x_ff
    const int base = kind == 'x' ? 16 : kind == 'o' ? 8 : 2;
    std::string literal;
    switch (base) {
      case 16:
        literal = digits(
            [](char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); });
        break;
      case 8:
        literal = digits([](char c) { return c >= '0' && c <= '7'; });
        break;
      default:
        literal = digits([](char c) { return c == '0' || c == '1'; });
    }
    if (literal.empty() || is_name_char(peek())) fail("invalid integer literal", pos_);
    Token token{TokenKind::kInt, start, pos_, {}};
    token.int_value = parse_int(literal, base, start);
    return token;
  }

  std::int64_t parse_int(const std::string& literal, int base, std::size_t start) const {
    std::int64_t value = 0;
    const auto result =
        std::from_chars(literal.data(), literal.data() + literal.size(), value, base);
    if (result.ec != std::errc()) {
      throw OverflowError("integer literal too large (lrsched ints are 64-bit)", text_, start);
    }
    return value;
  }

  // Python rounds float literals correctly and turns overflow into inf, underflow into 0.0.
  static double parse_float_literal(const std::string& literal) {
    double value = 0.0;
    const auto result =
        lrsched::detail::from_chars(literal.data(), literal.data() + literal.size(), value);
    if (result.ec == std::errc::result_out_of_range) {
      // Decide by the decimal exponent: out of range means beyond 1e308 or below 1e-324.
      const std::size_t e = literal.find('e');
      // strtoll saturates at its limits; clamping keeps the sum below from overflowing, and an
      // exponent this large outweighs any mantissa the length limit allows.
      constexpr long long kExponentBound = 1LL << 40;
      const long long exponent =
          e == std::string::npos ? 0
                                 : std::clamp(std::strtoll(literal.c_str() + e + 1, nullptr, 10),
                                              -kExponentBound, kExponentBound);
      const std::string mantissa = literal.substr(0, e);
      const std::size_t first = mantissa.find_first_not_of("0.");
      const std::size_t point = std::min(mantissa.find('.'), mantissa.size());
      const long long magnitude =
          exponent + static_cast<long long>(point) -
          static_cast<long long>(first == std::string::npos ? point : first);
      return magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    }
    return value;
  }

  Token string() {
    const std::size_t start = pos_;
    const char quote = peek();
    ++pos_;
    std::string value;
    while (true) {
      if (pos_ >= text_.size() || peek() == '\n') {
        fail("unterminated string literal", start);
      }
      const char c = text_[pos_++];
      if (c == quote) break;
      if (c != '\\') {
        value += c;
        continue;
      }
      if (pos_ >= text_.size()) fail("unterminated string literal", start);
      const char e = text_[pos_++];
      switch (e) {
        case '\n':
          break;
        case 'n':
          value += '\n';
          break;
        case 't':
          value += '\t';
          break;
        case 'r':
          value += '\r';
          break;
        case '0':
          value += '\0';
          break;
        case '\\':
        case '\'':
        case '"':
          value += e;
          break;
        case 'x': {
          unsigned code = 0;
          const auto result = std::from_chars(
              text_.data() + pos_, text_.data() + std::min(pos_ + 2, text_.size()), code, 16);
          if (result.ptr != text_.data() + pos_ + 2) {
            fail("truncated \\xXX escape", pos_ - 2);
          }
          pos_ += 2;
          value += static_cast<char>(code);
          break;
        }
        default:  // Python keeps unknown escapes verbatim
          value += '\\';
          value += e;
      }
    }
    return Token{TokenKind::kString, start, pos_, std::move(value)};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

bool is_keyword(std::string_view name) {
  static constexpr std::string_view kKeywords[] = {
      "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
      "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
      "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
      "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};
  return std::find(std::begin(kKeywords), std::end(kKeywords), name) != std::end(kKeywords);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {
    if (text.size() > kMaxSpecLength) {
      fail("text too long (" + std::to_string(text.size()) + " characters; the limit is " +
               std::to_string(kMaxSpecLength) + ")",
           kMaxSpecLength);
    }
    tokens_ = Tokenizer(text).run();
  }

  Ast parse_all() {
    if (at_end()) fail("empty input: expected an expression", 0);
    Ast ast = expression();
    if (!at_end()) {
      fail("invalid syntax: unexpected " + describe(current()) + " after the expression",
           current().offset);
    }
    return ast;
  }

 private:
  // Bounds recursion so hostile input cannot exhaust the stack.
  class NestingGuard {
   public:
    NestingGuard(Parser& parser, std::size_t offset) : parser_(parser) {
      if (++parser_.nesting_ > kMaxNesting) {
        parser_.fail("too deeply nested (the limit is " + std::to_string(kMaxNesting) + " levels)",
                     offset);
      }
    }
    ~NestingGuard() { --parser_.nesting_; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

   private:
    Parser& parser_;
  };

  [[noreturn]] void fail(const std::string& message, std::size_t offset) const {
    throw SyntaxError(message, text_, offset);
  }

  const Token& current() const { return tokens_[pos_]; }
  bool at_end() const { return current().kind == TokenKind::kEnd; }
  bool is_op(std::string_view op) const {
    return current().kind == TokenKind::kOp && current().text == op;
  }
  bool is_name(std::string_view name) const {
    return current().kind == TokenKind::kName && current().text == name;
  }
  Token take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  static std::string describe(const Token& token) {
    switch (token.kind) {
      case TokenKind::kEnd:
        return "end of input";
      case TokenKind::kName:
        return "name '" + token.text + "'";
      case TokenKind::kString:
        return "string";
      case TokenKind::kInt:
      case TokenKind::kFloat:
        return "number";
      case TokenKind::kOp:
        break;
    }
    return "'" + token.text + "'";
  }

  // Expects `op`; an end of input reports the unclosed bracket opened at `open`.
  void expect_close(std::string_view op, const Token& open) {
    if (is_op(op)) {
      take();
      return;
    }
    if (at_end()) fail("'" + open.text + "' was never closed", open.offset);
    fail("invalid syntax: expected '" + std::string(op) + "' but found " + describe(current()),
         current().offset);
  }

  Ast make(AstKind kind, std::size_t offset, std::vector<Ast> children = {}) const {
    Ast ast;
    ast.kind = kind;
    ast.offset = offset;
    ast.end = pos_ > 0 ? tokens_[pos_ - 1].end : offset;
    for (const Ast& child : children) ast.depth = std::max(ast.depth, child.depth + 1);
    if (ast.depth > kMaxExpressionDepth) {
      fail("expression too deeply nested (the limit is " + std::to_string(kMaxExpressionDepth) +
               " levels)",
           offset);
    }
    ast.children = std::move(children);
    return ast;
  }

  // Every recursive path (brackets, calls, lambdas, conditionals) re-enters here, or goes through
  // the guarded unary, `not` and `**` rules, so the guard bounds the recursion.
  Ast expression() {
    NestingGuard guard(*this, current().offset);
    if (is_name("lambda")) return lambda();
    Ast body = disjunction();
    if (!is_name("if")) return body;
    take();
    Ast condition = disjunction();
    if (!is_name("else")) {
      fail("invalid syntax: expected 'else' after condition expression", current().offset);
    }
    take();
    Ast orelse = expression();
    const std::size_t offset = body.offset;
    return make(AstKind::kIfElse, offset,
                {std::move(body), std::move(condition), std::move(orelse)});
  }

  Ast lambda() {
    const std::size_t offset = take().offset;
    std::vector<std::string> names;
    while (!is_op(":")) {
      if (!names.empty()) {
        if (!is_op(",")) {
          fail("invalid syntax: expected ',' or ':' in lambda parameters", current().offset);
        }
        take();
        if (is_op(":")) break;
      }
      if (is_op("*") || is_op("**")) {
        fail("variadic lambda parameters are not supported", current().offset);
      }
      if (current().kind != TokenKind::kName || is_keyword(current().text)) {
        fail("invalid syntax: expected a lambda parameter name, found " + describe(current()),
             current().offset);
      }
      const Token name = take();
      if (std::find(names.begin(), names.end(), name.text) != names.end()) {
        fail("duplicate argument '" + name.text + "' in function definition", name.offset);
      }
      if (is_op("=")) fail("default parameter values are not supported", current().offset);
      names.push_back(name.text);
    }
    take();  // ':'
    Ast body = expression();
    Ast ast = make(AstKind::kLambda, offset, {std::move(body)});
    ast.names = std::move(names);
    return ast;
  }

  Ast bool_chain(AstKind kind, std::string_view word, Ast (Parser::*operand)()) {
    Ast first = (this->*operand)();
    if (!is_name(word)) return first;
    const std::size_t offset = first.offset;
    std::vector<Ast> operands;
    operands.push_back(std::move(first));
    while (is_name(word)) {
      take();
      operands.push_back((this->*operand)());
    }
    Ast ast = make(kind, offset, std::move(operands));
    ast.op = static_cast<std::uint8_t>(word[0]);
    return ast;
  }

  Ast disjunction() { return bool_chain(AstKind::kBoolOp, "or", &Parser::conjunction); }
  Ast conjunction() { return bool_chain(AstKind::kBoolOp, "and", &Parser::inversion); }

  Ast inversion() {
    if (!is_name("not")) return comparison();
    NestingGuard guard(*this, current().offset);
    const std::size_t offset = take().offset;
    return make(AstKind::kNot, offset, {inversion()});
  }

  std::optional<CompareOp> compare_op() {
    static constexpr std::pair<std::string_view, CompareOp> kOps[] = {
        {"<", CompareOp::kLt},  {"<=", CompareOp::kLe}, {">", CompareOp::kGt},
        {">=", CompareOp::kGe}, {"==", CompareOp::kEq}, {"!=", CompareOp::kNe}};
    if (current().kind == TokenKind::kOp) {
      for (const auto& [text, op] : kOps) {
        if (current().text == text) {
          take();
          return op;
        }
      }
      return std::nullopt;
    }
    if (is_name("in")) {
      take();
      return CompareOp::kIn;
    }
    if (is_name("not") && tokens_[pos_ + 1].kind == TokenKind::kName &&
        tokens_[pos_ + 1].text == "in") {
      take();
      take();
      return CompareOp::kNotIn;
    }
    if (is_name("is")) fail("'is' comparisons are not supported; use '=='", current().offset);
    return std::nullopt;
  }

  Ast comparison() {
    Ast first = bitwise();
    std::vector<CompareOp> ops;
    std::vector<Ast> operands;
    const std::size_t offset = first.offset;
    operands.push_back(std::move(first));
    while (auto op = compare_op()) {
      ops.push_back(*op);
      operands.push_back(bitwise());
    }
    if (ops.empty()) return std::move(operands.front());
    Ast ast = make(AstKind::kCompare, offset, std::move(operands));
    ast.compare_ops = std::move(ops);
    return ast;
  }

  Ast bitwise() {
    Ast ast = sum();
    for (std::string_view op : {"|", "&", "^", "<<", ">>", "@"}) {
      if (is_op(op)) {
        fail("operator '" + std::string(op) + "' is not supported", current().offset);
      }
    }
    return ast;
  }

  Ast binary_chain(std::initializer_list<std::pair<std::string_view, BinaryOp>> ops,
                   Ast (Parser::*operand)()) {
    Ast left = (this->*operand)();
    while (true) {
      std::optional<BinaryOp> found;
      for (const auto& [text, op] : ops) {
        if (is_op(text)) found = op;
      }
      if (!found) return left;
      take();
      const std::size_t offset = left.offset;
      Ast right = (this->*operand)();
      left = make(AstKind::kBinary, offset, {std::move(left), std::move(right)});
      left.op = static_cast<std::uint8_t>(*found);
    }
  }

  Ast sum() { return binary_chain({{"+", BinaryOp::kAdd}, {"-", BinaryOp::kSub}}, &Parser::term); }
  Ast term() {
    return binary_chain({{"*", BinaryOp::kMul},
                         {"/", BinaryOp::kDiv},
                         {"//", BinaryOp::kFloorDiv},
                         {"%", BinaryOp::kMod}},
                        &Parser::factor);
  }

  Ast factor() {
    if (is_op("-") || is_op("+")) {
      NestingGuard guard(*this, current().offset);
      const Token sign = take();
      Ast ast = make(AstKind::kUnary, sign.offset, {factor()});
      ast.op = static_cast<std::uint8_t>(sign.text[0]);
      return ast;
    }
    if (is_op("~")) fail("operator '~' is not supported", current().offset);
    return power();
  }

  Ast power() {
    Ast base = primary();
    if (!is_op("**")) return base;
    NestingGuard guard(*this, current().offset);
    take();
    const std::size_t offset = base.offset;
    Ast ast = make(AstKind::kBinary, offset, {std::move(base), factor()});
    ast.op = static_cast<std::uint8_t>(BinaryOp::kPow);
    return ast;
  }

  Ast primary() {
    Ast ast = atom();
    while (true) {
      if (is_op(".")) {
        const std::size_t dot = take().offset;
        if (current().kind != TokenKind::kName) {
          fail("invalid syntax: expected a name after '.'", current().offset);
        }
        const Token name = take();
        const std::size_t offset = ast.offset;
        ast = make(AstKind::kAttribute, offset, {std::move(ast)});
        ast.text = name.text;
        ast.int_value = static_cast<std::int64_t>(dot);
      } else if (is_op("(")) {
        ast = call(std::move(ast));
      } else if (is_op("[")) {
        fail("subscripts are not supported", current().offset);
      } else {
        return ast;
      }
    }
  }

  Ast call(Ast callee) {
    const Token open = take();
    std::vector<Ast> children;
    std::vector<Keyword> keywords;
    children.push_back(std::move(callee));
    while (!is_op(")")) {
      if (children.size() > 1) {
        if (!is_op(",")) {
          if (at_end()) fail("'(' was never closed", open.offset);
          fail("invalid syntax: expected ',' or ')' but found " + describe(current()),
               current().offset);
        }
        take();
        if (is_op(")")) break;
      }
      if (is_op("*") || is_op("**")) {
        fail("starred arguments are not supported", current().offset);
      }
      if (current().kind == TokenKind::kName && tokens_[pos_ + 1].kind == TokenKind::kOp &&
          tokens_[pos_ + 1].text == "=") {
        const Token name = take();
        take();
        for (const Keyword& keyword : keywords) {
          if (keyword.name == name.text) {
            fail("keyword argument repeated: " + name.text, name.offset);
          }
        }
        keywords.push_back({name.text, name.offset});
        children.push_back(expression());
        continue;
      }
      if (!keywords.empty()) {
        fail("positional argument follows keyword argument", current().offset);
      }
      children.push_back(expression());
      if (is_name("for")) fail("comprehensions are not supported", current().offset);
    }
    expect_close(")", open);
    const std::size_t offset = children.front().offset;
    Ast ast = make(AstKind::kCall, offset, std::move(children));
    ast.keywords = std::move(keywords);
    return ast;
  }

  // Items of a bracketed display up to `close`; sets `trailing_comma` as Python needs it for
  // telling `(1)` from `(1,)`.
  std::vector<Ast> items(const Token& open, std::string_view close, bool& trailing_comma) {
    std::vector<Ast> children;
    trailing_comma = false;
    while (!is_op(close)) {
      if (!children.empty()) {
        if (!is_op(",")) {
          if (at_end()) fail("'" + open.text + "' was never closed", open.offset);
          if (is_name("for")) fail("comprehensions are not supported", current().offset);
          fail("invalid syntax: expected ',' or '" + std::string(close) + "' but found " +
                   describe(current()),
               current().offset);
        }
        take();
        trailing_comma = true;
        if (is_op(close)) break;
      }
      if (at_end()) fail("'" + open.text + "' was never closed", open.offset);
      children.push_back(expression());
      trailing_comma = false;
    }
    expect_close(close, open);
    return children;
  }

  Ast atom() {
    const Token& token = current();
    switch (token.kind) {
      case TokenKind::kEnd:
        fail("invalid syntax: unexpected end of input", token.offset);
      case TokenKind::kInt: {
        Ast ast = make(AstKind::kInt, token.offset);
        ast.int_value = token.int_value;
        take();
        ast.end = token.end;
        return ast;
      }
      case TokenKind::kFloat: {
        Ast ast = make(AstKind::kFloat, token.offset);
        ast.float_value = token.float_value;
        take();
        ast.end = token.end;
        return ast;
      }
      case TokenKind::kString: {
        Ast ast = make(AstKind::kString, token.offset);
        while (current().kind == TokenKind::kString) ast.text += take().text;  // 'a' 'b'
        ast.end = tokens_[pos_ - 1].end;
        return ast;
      }
      case TokenKind::kName:
        return name_atom();
      case TokenKind::kOp:
        break;
    }
    if (is_op("(") || is_op("[")) {
      const Token open = take();
      const bool is_list = open.text == "[";
      bool trailing_comma = false;
      std::vector<Ast> children = items(open, is_list ? "]" : ")", trailing_comma);
      if (!is_list && children.size() == 1 && !trailing_comma) {
        Ast inner = std::move(children.front());  // parenthesized expression
        return inner;
      }
      return make(is_list ? AstKind::kList : AstKind::kTuple, open.offset, std::move(children));
    }
    if (is_op("{")) return brace_display();
    fail("invalid syntax: unexpected " + describe(token), token.offset);
  }

  // `{key: value, ...}` (the keys and values in the order written) or `{item, ...}`, a set
  // display, told apart by what follows the first item as Python does.
  Ast brace_display() {
    const Token open = take();
    std::vector<Ast> children;
    std::optional<bool> is_dict;  // decided at the first item
    while (!is_op("}")) {
      if (!children.empty()) {
        if (!is_op(",")) {
          if (at_end()) fail("'{' was never closed", open.offset);
          if (is_name("for")) fail("comprehensions are not supported", current().offset);
          fail("invalid syntax: expected ',' or '}' but found " + describe(current()),
               current().offset);
        }
        take();
        if (is_op("}")) break;
      }
      if (at_end()) fail("'{' was never closed", open.offset);
      if (is_op("**")) fail("dict unpacking is not supported", current().offset);
      if (is_op("*")) fail("starred items are not supported", current().offset);
      children.push_back(expression());
      if (!is_dict) is_dict = is_op(":");
      if (!*is_dict) continue;
      if (!is_op(":")) {
        if (is_name("for")) fail("comprehensions are not supported", current().offset);
        if (at_end()) fail("'{' was never closed", open.offset);
        fail("invalid syntax: expected ':' but found " + describe(current()), current().offset);
      }
      take();
      children.push_back(expression());
    }
    expect_close("}", open);
    return make(is_dict.value_or(true) ? AstKind::kDict : AstKind::kSet, open.offset,
                std::move(children));
  }

  Ast name_atom() {
    const Token token = take();
    if (token.text == "None") return make(AstKind::kNone, token.offset);
    if (token.text == "True" || token.text == "False") {
      Ast ast = make(AstKind::kBool, token.offset);
      ast.int_value = token.text == "True" ? 1 : 0;
      return ast;
    }
    if (is_keyword(token.text)) {
      fail("invalid syntax: unexpected keyword '" + token.text + "'", token.offset);
    }
    Ast ast = make(AstKind::kName, token.offset);
    ast.text = token.text;
    return ast;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int nesting_ = 0;
};

}  // namespace

Ast parse(std::string_view text) { return Parser(text).parse_all(); }

std::optional<std::string> dotted_name(const Ast& ast) {
  if (ast.kind == AstKind::kName) return ast.text;
  if (ast.kind != AstKind::kAttribute) return std::nullopt;
  auto base = dotted_name(ast.children.front());
  if (!base) return std::nullopt;
  return *base + "." + ast.text;
}

}  // namespace lrsched::spec::syntax
