// Parser of the spec language: one scheduler call written as in Python, without the optimizer
// argument, e.g. `SequentialLR([LinearLR(start_factor=0.1, total_iters=5), ExponentialLR(0.9)],
// milestones=[5])`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/spec/value.hpp"

namespace lrsched::spec {

/// Longest accepted spec or expression text, in bytes.
inline constexpr std::size_t kMaxSpecLength = 10000;
/// Deepest accepted nesting of brackets, calls, lambdas and unary operators. Each level costs
/// about 6 KiB of parser stack (measured at -O2), so the worst case stays near 200 KiB.
inline constexpr int kMaxNesting = 32;

/// Parses a spec into its top-level call. Literal arithmetic (`1/3`, `0.9**2`, `-1`,
/// `float('inf')`, `math.pi`) is evaluated with Python semantics; lambdas are compiled.
/// Throws SyntaxError (NameError, TypeError, ... as Python would) with a position for malformed
/// text, and ZeroDivisionError / ValueError / OverflowError when literal arithmetic fails as it
/// would in Python.
[[nodiscard]] Call parse_spec(std::string_view text);

namespace detail {

/// Syntax tree shared by the spec parser and the expression compiler (internal).
enum class AstKind : std::uint8_t {
  kInt,     // int_value
  kFloat,   // float_value
  kString,  // text
  kNone,
  kBool,       // int_value 0 or 1
  kName,       // text
  kAttribute,  // children[0] . text; int_value = offset of the '.'
  kCall,       // children[0](children[1..]); the last keywords.size() children are keywords
  kList,
  kTuple,
  kLambda,  // names = parameters, children[0] = body
  kUnary,   // op: '-' or '+'
  kBinary,  // op: BinaryOp
  kBoolOp,  // op: 'a' (and) or 'o' (or); 2+ children
  kNot,
  kCompare,  // children = operands, compare_ops between them
  kIfElse,   // children = body, condition, orelse
};

enum class BinaryOp : std::uint8_t { kAdd, kSub, kMul, kDiv, kFloorDiv, kMod, kPow };
enum class CompareOp : std::uint8_t { kLt, kLe, kGt, kGe, kEq, kNe, kIn, kNotIn };

struct Keyword {
  std::string name;
  std::size_t offset = 0;
};

struct Ast {
  AstKind kind = AstKind::kNone;
  std::uint8_t op = 0;
  std::size_t offset = 0;  // first character
  std::size_t end = 0;     // one past the last character
  int depth = 1;           // height of this subtree
  std::int64_t int_value = 0;
  double float_value = 0.0;
  std::string text;
  std::vector<Ast> children;
  std::vector<Keyword> keywords;       // kCall: names of the trailing keyword children
  std::vector<std::string> names;      // kLambda: parameter names
  std::vector<CompareOp> compare_ops;  // kCompare
};

/// Parses a whole expression (used by Expression::compile).
[[nodiscard]] Ast parse_expression(std::string_view text);

}  // namespace detail

}  // namespace lrsched::spec
