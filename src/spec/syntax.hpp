// The syntax layer of the spec language (private to lrsched::spec, never installed): the tree the
// tokenizer and parser build from spec and expression text. Above it, in this order: the
// expression compiler (expression.cpp), the spec reader (parser.cpp: Values), the binding of
// arguments to signatures (signature.cpp) and the factory (build.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lrsched::spec::syntax {

/// Node kinds of the syntax tree.
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
  kDict,    // children = key, value, key, value, ... in the order written
  kSet,     // children = items in the order written
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

/// Parses a whole spec or expression. Throws SyntaxError (OverflowError for an int literal past
/// 64 bits) with the position, and refuses text past the bounds of lrsched/spec/limits.hpp.
[[nodiscard]] Ast parse(std::string_view text);

/// "a.b.c" for a chain of names and attributes; nullopt for anything else.
[[nodiscard]] std::optional<std::string> dotted_name(const Ast& ast);

}  // namespace lrsched::spec::syntax
