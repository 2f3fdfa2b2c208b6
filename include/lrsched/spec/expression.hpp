// Safe Python expressions: lambda bodies in specs and the CLI's `--metric` formulas. A small
// subset of Python (arithmetic, comparisons, boolean logic, conditionals, min/max/abs/int/float/
// round and math.*) with CPython's numeric semantics and error messages, compiled once and then
// evaluated with no heap allocation.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/spec/limits.hpp"

namespace lrsched::spec {

namespace detail {
class ExpressionCompiler;  // compiles syntax trees (src/spec/expression.cpp)
struct EvalValue;          // a Number while an expression is evaluated (src/spec/expression.cpp)
}  // namespace detail

/// A Python int (64-bit here) or float. Python bools are ints 0 and 1.
struct Number {
  bool is_int = true;
  std::int64_t i = 0;
  double f = 0.0;

  static constexpr Number from_int(std::int64_t value) { return {true, value, 0.0}; }
  static constexpr Number from_float(double value) { return {false, 0, value}; }
  /// Python's float(x): ints round to nearest.
  [[nodiscard]] double to_double() const { return is_int ? static_cast<double>(i) : f; }
};

/// Python's repr() of a number ("3", "0.1", "1e-05").
[[nodiscard]] std::string repr(const Number& number);

/// A compiled expression over named parameters.
class Expression {
 public:
  /// Nodes deeper than this are rejected at compile time, bounding evaluation recursion.
  static constexpr int kMaxDepth = kMaxExpressionDepth;

  /// Compiles `text` (e.g. "lr * 10 if step < 5 else 1/(step+1)") whose free names are
  /// `parameters`. Throws SyntaxError, NameError, TypeError, ... with a position
  /// (Error::position(), Error::caret()) on anything outside the subset.
  [[nodiscard]] static Expression compile(std::string_view text,
                                          std::vector<std::string> parameters);

  /// Evaluates with one Number per parameter. Throws ZeroDivisionError, ValueError,
  /// OverflowError with CPython's messages, and TypeError on a wrong argument count.
  [[nodiscard]] Number evaluate(std::span<const Number> args) const;
  /// Calls a one-parameter expression with an int and converts the result to double.
  [[nodiscard]] double evaluate_double(std::int64_t arg) const;

  [[nodiscard]] const std::vector<std::string>& parameters() const { return parameters_; }
  /// The expression text as written.
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  enum class Op : std::uint8_t;  // node operation, defined in expression.cpp
  struct Node {
    Op op;
    std::uint8_t sub = 0;     // operator / function / comparison id, per op
    std::uint32_t first = 0;  // first operand in operands_
    std::uint32_t count = 0;  // operand count
    Number value{};           // constant value or parameter index (in value.i)
  };
  friend class detail::ExpressionCompiler;

  Expression() = default;
  [[nodiscard]] detail::EvalValue eval(std::uint32_t node, std::span<const Number> args) const;
  /// eval() with constants and parameters read in place rather than through a recursive call:
  /// most operands are leaves, and the call costs more than reading one.
  [[nodiscard]] detail::EvalValue eval_operand(std::uint32_t node,
                                               std::span<const Number> args) const;
  [[nodiscard]] detail::EvalValue eval_compare(const Node& node,
                                               std::span<const Number> args) const;
  [[nodiscard]] detail::EvalValue eval_call(const Node& node, std::span<const Number> args) const;

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> operands_;    // child node indices, referenced by Node::first/count
  std::vector<std::uint8_t> compare_ops_;  // per Compare node, starting at its value.i
  std::vector<std::string> parameters_;
  std::string text_;
  std::uint32_t root_ = 0;
};

}  // namespace lrsched::spec
