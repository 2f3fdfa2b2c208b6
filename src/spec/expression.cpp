// Compiler and evaluator of the safe Python expression subset. Every operation follows CPython
// 3.11's numeric code (Objects/longobject.c, Objects/floatobject.c, Modules/mathmodule.c),
// including its error messages; ints are 64-bit and overflow raises instead of growing.
#include "lrsched/spec/expression.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "detail/charconv.hpp"
#include "expression_compiler.hpp"
#include "lrsched/detail/pymath.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/value.hpp"
#include "syntax.hpp"

namespace lrsched::spec {

// The leaves first: `op <= Op::kParam` tests for one.
enum class Expression::Op : std::uint8_t {
  kConst,     // value
  kParam,     // argument number value.i
  kNeg,       // -operand
  kPos,       // +operand
  kBinary,    // sub = syntax::BinaryOp
  kAnd,       // Python `and` over count operands
  kOr,        // Python `or`
  kNot,       // not operand
  kCompare,   // chained comparison; ops in compare_ops_ from value.i
  kIfElse,    // operands: body, condition, orelse
  kCall,      // sub = Function
  kSequence,  // literal tuple/list on the right of `in`
};

namespace detail {

// A Number while an expression is evaluated: 16 bytes, so that eval passes and returns it in two
// registers, where a Number's 24 bytes go through memory (a store and a reload on each node of
// every step of a spec lambda). Only the member that is_int names is read.
struct EvalValue {
  union {
    std::int64_t i;
    double f;
  };
  bool is_int;

  static EvalValue from_int(std::int64_t value) {
    EvalValue v;
    v.i = value;
    v.is_int = true;
    return v;
  }
  static EvalValue from_float(double value) {
    EvalValue v;
    v.f = value;
    v.is_int = false;
    return v;
  }
  static EvalValue of(const Number& n) { return n.is_int ? from_int(n.i) : from_float(n.f); }
  [[nodiscard]] double to_double() const { return is_int ? static_cast<double>(i) : f; }
  [[nodiscard]] Number number() const {
    return is_int ? Number::from_int(i) : Number::from_float(f);
  }
};

}  // namespace detail

namespace {

using detail::EvalValue;
using syntax::Ast;
using syntax::AstKind;
using syntax::BinaryOp;
using syntax::CompareOp;

enum class Function : std::uint8_t {
  kMin,
  kMax,
  kAbs,
  kInt,
  kFloat,
  kRound,
  kCos,
  kSin,
  kTan,
  kExp,
  kLog,
  kLog2,
  kLog10,
  kSqrt,
  kFloor,
  kCeil,
  kPow,
  kFabs,
};

struct FunctionInfo {
  std::string_view name;
  Function id;
  std::uint32_t min_args;
  std::uint32_t max_args;
};

constexpr std::uint32_t kVariadic = std::numeric_limits<std::uint32_t>::max();

constexpr FunctionInfo kFunctions[] = {
    {"min", Function::kMin, 2, kVariadic},  {"max", Function::kMax, 2, kVariadic},
    {"abs", Function::kAbs, 1, 1},          {"int", Function::kInt, 1, 1},
    {"float", Function::kFloat, 1, 1},      {"round", Function::kRound, 1, 2},
    {"math.cos", Function::kCos, 1, 1},     {"math.sin", Function::kSin, 1, 1},
    {"math.tan", Function::kTan, 1, 1},     {"math.exp", Function::kExp, 1, 1},
    {"math.log", Function::kLog, 1, 2},     {"math.log2", Function::kLog2, 1, 1},
    {"math.log10", Function::kLog10, 1, 1}, {"math.sqrt", Function::kSqrt, 1, 1},
    {"math.floor", Function::kFloor, 1, 1}, {"math.ceil", Function::kCeil, 1, 1},
    {"math.pow", Function::kPow, 2, 2},     {"math.fabs", Function::kFabs, 1, 1},
};

struct MathConstant {
  std::string_view name;
  double value;
};

constexpr MathConstant kMathConstants[] = {
    {"pi", 3.141592653589793},
    {"e", 2.718281828459045},
    {"tau", 6.283185307179586},
    {"inf", std::numeric_limits<double>::infinity()},
    {"nan", std::numeric_limits<double>::quiet_NaN()},
};

const FunctionInfo* find_function(std::string_view name) {
  for (const FunctionInfo& info : kFunctions) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

// Arithmetic with CPython's semantics ------------------------------------------------------------

constexpr double kTwoPow63 = 9223372036854775808.0;

[[noreturn]] void int_overflow() { lrsched::detail::throw_int_overflow(); }

std::int64_t checked_add(std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(x, y, &r)) int_overflow();
  return r;
}

std::int64_t checked_sub(std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(x, y, &r)) int_overflow();
  return r;
}

std::int64_t checked_mul(std::int64_t x, std::int64_t y) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(x, y, &r)) int_overflow();
  return r;
}

// PyLong_FromDouble after truncation: int(x), math.floor(x), round(x).
std::int64_t float_to_int(double x) {
  if (std::isnan(x)) throw ValueError("cannot convert float NaN to integer");
  if (std::isinf(x)) throw OverflowError("cannot convert float infinity to integer");
  const double truncated = std::trunc(x);
  if (truncated < -kTwoPow63 || truncated >= kTwoPow63) int_overflow();
  return static_cast<std::int64_t>(truncated);
}

bool truthy(const EvalValue& n) { return n.is_int ? n.i != 0 : n.f != 0.0; }

bool is_odd_integer(double x) { return std::fmod(std::fabs(x), 2.0) == 1.0; }

// Python compares ints and floats exactly, not by converting the int to double.
std::partial_ordering compare_int_float(std::int64_t i, double f) {
  if (std::isnan(f)) return std::partial_ordering::unordered;
  if (f >= kTwoPow63) return std::partial_ordering::less;
  if (f < -kTwoPow63) return std::partial_ordering::greater;
  const double whole = std::trunc(f);
  const auto whole_int = static_cast<std::int64_t>(whole);
  if (i != whole_int) return i <=> whole_int;
  return 0.0 <=> (f - whole);
}

std::partial_ordering compare(const EvalValue& a, const EvalValue& b) {
  if (a.is_int && b.is_int) return a.i <=> b.i;
  if (!a.is_int && !b.is_int) return a.f <=> b.f;
  if (a.is_int) return compare_int_float(a.i, b.f);
  return 0 <=> compare_int_float(b.i, a.f);  // reverse the ordering
}

[[noreturn, gnu::noinline]] void throw_pow_overflow() {
  throw OverflowError("(34, 'Numerical result out of range')");
}

// float_pow's cases other than a positive finite base with a finite non-zero exponent: apart, so
// that the usual case (float_pow below) is inlined without their code.
[[gnu::noinline]] double float_pow_special(double iv, double iw) {
  if (iw == 0.0) return 1.0;
  if (std::isnan(iv)) return iv;
  if (std::isnan(iw)) return iv == 1.0 ? 1.0 : iw;
  if (std::isinf(iw)) {
    iv = std::fabs(iv);
    if (iv == 1.0) return 1.0;
    if ((iw > 0.0) == (iv > 1.0)) return std::fabs(iw);
    return 0.0;
  }
  if (std::isinf(iv)) {
    const bool odd = is_odd_integer(iw);
    if (iw > 0.0) return odd ? iv : std::fabs(iv);
    return odd ? std::copysign(0.0, iv) : 0.0;
  }
  if (iv == 0.0) {
    const bool odd = is_odd_integer(iw);
    if (iw < 0.0) throw ZeroDivisionError("0.0 cannot be raised to a negative power");
    return odd ? iv : 0.0;
  }
  bool negate = false;
  if (iv < 0.0) {
    if (iw != std::floor(iw)) {
      // Python returns a complex number here; lrsched has none.
      throw ValueError("negative number cannot be raised to a fractional power");
    }
    iv = -iv;
    negate = is_odd_integer(iw);
  }
  if (iv == 1.0) return negate ? -1.0 : 1.0;
  // Here iv > 0 and both are finite, so pow() cannot fail with EDOM, and glibc sets ERANGE only
  // with an infinite or zero result; CPython clears ERANGE on a zero result
  // (_Py_ADJUST_ERANGE1), so an infinite result is the one error left. Testing it instead of
  // errno saves two thread-local accesses per `**` in every spec lambda.
  double result = std::pow(iv, iw);
  if (std::isinf(result)) throw_pow_overflow();
  if (negate) result = -result;
  return result;
}

// float_pow, including the cases CPython handles before calling pow(). The usual case first (a
// positive finite base, a finite non-zero exponent): none of CPython's special cases applies, and
// pow(1, y) is 1 exactly as CPython returns.
inline double float_pow(double iv, double iw) {
  if (iv > 0.0 && std::isfinite(iv) && std::isfinite(iw) && iw != 0.0) [[likely]] {
    const double result = std::pow(iv, iw);
    if (std::isinf(result)) [[unlikely]]
      throw_pow_overflow();
    return result;
  }
  return float_pow_special(iv, iw);
}

// long_pow for a non-negative exponent: square-and-multiply, at most 63 rounds.
std::int64_t int_pow(std::int64_t base, std::int64_t exponent) {
  std::int64_t result = 1;
  while (exponent > 0) {
    if ((exponent & 1) != 0) result = checked_mul(result, base);
    exponent >>= 1;
    if (exponent > 0) base = checked_mul(base, base);
  }
  return result;
}

// _float_div_mod.
std::pair<double, double> float_div_mod(double vx, double wx) {
  double mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0.0) {
    if ((wx < 0) != (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, wx);
  }
  double floordiv = 0.0;
  if (div != 0.0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, vx / wx);
  }
  return {floordiv, mod};
}

// Inlined into eval and evaluate_double: a call would pass both operands through memory.
[[gnu::always_inline]] inline EvalValue binary(BinaryOp op, EvalValue a, EvalValue b) {
  if (a.is_int && b.is_int) {
    const std::int64_t x = a.i;
    const std::int64_t y = b.i;
    switch (op) {
      case BinaryOp::kAdd:
        return EvalValue::from_int(checked_add(x, y));
      case BinaryOp::kSub:
        return EvalValue::from_int(checked_sub(x, y));
      case BinaryOp::kMul:
        return EvalValue::from_int(checked_mul(x, y));
      case BinaryOp::kDiv:
        return EvalValue::from_float(lrsched::detail::py_true_div(x, y));
      case BinaryOp::kFloorDiv:
        return EvalValue::from_int(lrsched::detail::py_floordiv(x, y));
      case BinaryOp::kMod: {
        if (y == 0) throw ZeroDivisionError("integer modulo by zero");
        if (y == -1) return EvalValue::from_int(0);
        std::int64_t m = x % y;
        if (m != 0 && ((m < 0) != (y < 0))) m += y;
        return EvalValue::from_int(m);
      }
      case BinaryOp::kPow:
        if (y >= 0) return EvalValue::from_int(int_pow(x, y));
        return EvalValue::from_float(float_pow(static_cast<double>(x), static_cast<double>(y)));
    }
  }
  const double x = a.to_double();
  const double y = b.to_double();
  switch (op) {
    case BinaryOp::kAdd:
      return EvalValue::from_float(x + y);
    case BinaryOp::kSub:
      return EvalValue::from_float(x - y);
    case BinaryOp::kMul:
      return EvalValue::from_float(x * y);
    case BinaryOp::kDiv:
      if (y == 0.0) throw ZeroDivisionError("float division by zero");
      return EvalValue::from_float(x / y);
    case BinaryOp::kFloorDiv:
      if (y == 0.0) throw ZeroDivisionError("float floor division by zero");
      return EvalValue::from_float(float_div_mod(x, y).first);
    case BinaryOp::kMod: {
      if (y == 0.0) throw ZeroDivisionError("float modulo");
      double mod = std::fmod(x, y);
      if (mod != 0.0) {
        if ((y < 0) != (mod < 0)) mod += y;
      } else {
        mod = std::copysign(0.0, y);
      }
      return EvalValue::from_float(mod);
    }
    case BinaryOp::kPow:
      return EvalValue::from_float(float_pow(x, y));
  }
  return {};
}

// Modules/mathmodule.c: math_1 and is_error.
double math_1(double x, double (*func)(double), bool can_overflow) {
  errno = 0;
  const double r = func(x);
  if (std::isnan(r) && !std::isnan(x)) throw ValueError("math domain error");
  if (std::isinf(r) && std::isfinite(x)) {
    if (can_overflow) throw OverflowError("math range error");
    throw ValueError("math domain error");
  }
  if (std::isfinite(r) && errno != 0) {
    if (errno == EDOM) throw ValueError("math domain error");
    if (errno == ERANGE && std::fabs(r) >= 1.5) throw OverflowError("math range error");
  }
  return r;
}

// m_log, m_log2, m_log10: domain errors for x <= 0.
template <double (*kLog)(double)>
double python_log(double x) {
  if (std::isfinite(x)) {
    if (x > 0.0) return kLog(x);
    return x == 0.0 ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::quiet_NaN();
  }
  if (std::isnan(x) || x > 0.0) return x;
  return std::numeric_limits<double>::quiet_NaN();
}

double std_log(double x) { return std::log(x); }
double std_log2(double x) { return std::log2(x); }
double std_log10(double x) { return std::log10(x); }
double std_cos(double x) { return std::cos(x); }
double std_sin(double x) { return std::sin(x); }
double std_tan(double x) { return std::tan(x); }
double std_exp(double x) { return std::exp(x); }
double std_sqrt(double x) { return std::sqrt(x); }

// math_pow.
double math_pow(double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) {
    if (std::isnan(x)) return y == 0.0 ? 1.0 : x;
    if (std::isnan(y)) return x == 1.0 ? 1.0 : y;
    if (std::isinf(x)) {
      const bool odd_y = std::isfinite(y) && std::fmod(std::fabs(y), 2.0) == 1.0;
      if (y > 0.0) return odd_y ? x : std::fabs(x);
      if (y == 0.0) return 1.0;
      return odd_y ? std::copysign(0.0, x) : 0.0;
    }
    if (std::fabs(x) == 1.0) return 1.0;
    if (y > 0.0 && std::fabs(x) > 1.0) return y;
    if (y < 0.0 && std::fabs(x) < 1.0) return -y;
    return 0.0;
  }
  errno = 0;
  const double r = std::pow(x, y);
  int error = errno;
  if (!std::isfinite(r)) {
    if (std::isnan(r)) {
      error = EDOM;
    } else {
      error = x == 0.0 ? EDOM : ERANGE;
    }
  }
  if (error == EDOM) throw ValueError("math domain error");
  if (error == ERANGE && std::fabs(r) >= 1.5) throw OverflowError("math range error");
  return r;
}

// float.__round__(None): round half to even, then int.
std::int64_t round_half_even(double x) {
  double rounded = std::round(x);
  if (std::fabs(x - rounded) == 0.5) rounded = 2.0 * std::round(x / 2.0);
  return float_to_int(rounded);
}

// float.__round__(ndigits): round the exact decimal value half-to-even at `ndigits`, then read
// it back, as CPython's double_round does with dtoa.
double round_float(double x, std::int64_t ndigits) {
  constexpr std::int64_t kMaxDigits = 323;   // NDIGITS_MAX
  constexpr std::int64_t kMinDigits = -308;  // NDIGITS_MIN
  if (!std::isfinite(x) || x == 0.0 || ndigits > kMaxDigits) return x;
  if (ndigits < kMinDigits) return 0.0 * x;
  // The exact expansion: at most 309 integer digits and 1074 fractional ones.
  std::array<char, 1500> exact{};
  const auto written = lrsched::detail::to_chars_fixed(exact.data(), exact.data() + exact.size(),
                                                       std::fabs(x), 1074);
  std::array<char, 1500> digits{};
  std::size_t count = 0;
  std::int64_t point = -1;
  for (const char* p = exact.data(); p != written.ptr; ++p) {
    if (*p == '.') {
      point = static_cast<std::int64_t>(count);
    } else {
      digits[count++] = *p;
    }
  }
  const std::int64_t keep = point + ndigits;
  if (keep >= static_cast<std::int64_t>(count)) return x;
  if (keep < 0) return std::copysign(0.0, x);
  const auto k = static_cast<std::size_t>(keep);
  bool round_up = digits[k] > '5';
  if (digits[k] == '5') {
    const bool rest_nonzero = std::any_of(digits.begin() + k + 1, digits.begin() + count,
                                          [](char c) { return c != '0'; });
    const bool previous_odd = k > 0 && ((digits[k - 1] - '0') % 2) == 1;
    round_up = rest_nonzero || previous_odd;
  }
  // Build "[1]d1..dk e(point - k)" with a carry, then parse it.
  std::array<char, 1600> text{};
  std::size_t n = 0;
  text[n++] = '0';  // room for a carry
  for (std::size_t i = 0; i < k; ++i) text[n++] = digits[i];
  if (round_up) {
    std::size_t i = n;
    while (i-- > 0) {
      if (text[i] == '9') {
        text[i] = '0';
      } else {
        ++text[i];
        break;
      }
    }
  }
  text[n++] = 'e';
  const auto exponent = std::to_chars(text.data() + n, text.data() + text.size(), point - keep);
  double result = 0.0;
  const auto parsed = lrsched::detail::from_chars(text.data(), exponent.ptr, result);
  if (parsed.ec == std::errc::result_out_of_range) {
    throw OverflowError("rounded value too large to represent");
  }
  return std::copysign(result, x);
}

// int.__round__(ndigits): half to even at a power of ten.
std::int64_t round_int(std::int64_t x, std::int64_t ndigits) {
  if (ndigits >= 0) return x;
  if (ndigits < -18) return 0;  // |x| < 0.5e19 always rounds to 0
  std::int64_t power = 1;
  for (std::int64_t i = 0; i < -ndigits; ++i) power *= 10;
  std::int64_t quotient = x / power;
  std::int64_t remainder = x % power;
  if (remainder < 0) {
    remainder += power;
    --quotient;
  }
  const std::int64_t twice = remainder * 2;  // < 2e18, no overflow
  if (twice > power || (twice == power && (quotient & 1) != 0)) ++quotient;
  return checked_mul(quotient, power);
}

double float_from_string(std::string_view text, bool& ok) {
  ok = true;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  std::string lower;
  for (const char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view body = lower;
  double sign = 1.0;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    sign = body.front() == '-' ? -1.0 : 1.0;
    body.remove_prefix(1);
  }
  if (body == "inf" || body == "infinity") return sign * std::numeric_limits<double>::infinity();
  if (body == "nan") return std::copysign(std::numeric_limits<double>::quiet_NaN(), sign);
  std::string plain;  // underscores allowed only between digits, as in literals
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '_') {
      if (i == 0 || i + 1 == body.size() ||
          !std::isdigit(static_cast<unsigned char>(body[i - 1])) ||
          !std::isdigit(static_cast<unsigned char>(body[i + 1]))) {
        ok = false;
        return 0.0;
      }
      continue;
    }
    plain += body[i];
  }
  double value = 0.0;
  const auto result = lrsched::detail::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (plain.empty() || result.ptr != plain.data() + plain.size() ||
      (result.ec != std::errc() && result.ec != std::errc::result_out_of_range)) {
    ok = false;
    return 0.0;
  }
  if (result.ec == std::errc::result_out_of_range) {
    // Re-read through the spec tokenizer's rule: overflow is inf, underflow is zero.
    const std::size_t e = plain.find('e');
    value = e != std::string::npos && plain[e + 1] == '-' ? 0.0
                                                          : std::numeric_limits<double>::infinity();
  }
  return sign * value;
}

}  // namespace

std::string repr(const Number& number) {
  return number.is_int ? std::to_string(number.i) : float_repr(number.f);
}

// Compilation ------------------------------------------------------------------------------------

namespace detail {

class ExpressionCompiler {
 public:
  using Op = Expression::Op;
  using Node = Expression::Node;

  /// The Expression of `tree` (see compile_tree).
  static Expression build(const Ast& tree, std::vector<std::string> parameters,
                          std::string_view source) {
    Expression out;
    out.parameters_ = std::move(parameters);
    const std::size_t begin = std::min(tree.offset, source.size());
    out.text_ = std::string(source.substr(begin, tree.end - std::min(tree.offset, tree.end)));
    out.root_ = ExpressionCompiler(out, source).compile(tree);
    return out;
  }

  ExpressionCompiler(Expression& out, std::string_view source) : out_(out), source_(source) {}

  std::uint32_t compile(const Ast& ast) {
    switch (ast.kind) {
      case AstKind::kInt:
      case AstKind::kBool:
        return constant(Number::from_int(ast.int_value));
      case AstKind::kFloat:
        return constant(Number::from_float(ast.float_value));
      case AstKind::kString:
        fail<TypeError>("strings are not supported in expressions", ast.offset);
      case AstKind::kNone:
        fail<TypeError>("None is not supported in expressions", ast.offset);
      case AstKind::kName:
        return name(ast);
      case AstKind::kAttribute:
        return attribute(ast);
      case AstKind::kCall:
        return call(ast);
      case AstKind::kList:
      case AstKind::kTuple:
        fail<TypeError>(
            "lists and tuples are only supported after 'in' and as the argument of min()/max()",
            ast.offset);
      case AstKind::kDict:
        fail<TypeError>("dicts are not supported in expressions", ast.offset);
      case AstKind::kSet:
        fail<TypeError>("sets are only supported after 'in', e.g. step in {10, 20}", ast.offset);
      case AstKind::kLambda:
        fail("nested lambdas are not supported", ast.offset);
      case AstKind::kUnary:
        return add(ast.op == '-' ? Op::kNeg : Op::kPos, 0, {compile(ast.children[0])});
      case AstKind::kBinary:
        return add(Op::kBinary, ast.op, compile_all(ast.children));
      case AstKind::kBoolOp:
        return add(ast.op == 'a' ? Op::kAnd : Op::kOr, 0, compile_all(ast.children));
      case AstKind::kNot:
        return add(Op::kNot, 0, {compile(ast.children[0])});
      case AstKind::kCompare:
        return comparison(ast);
      case AstKind::kIfElse:
        return add(Op::kIfElse, 0, compile_all(ast.children));
    }
    fail("unsupported expression", ast.offset);
  }

 private:
  template <class E = SyntaxError>
  [[noreturn]] void fail(const std::string& message, std::size_t offset) const {
    throw E(message, source_, offset);
  }

  std::uint32_t add(Op op, std::uint8_t sub, const std::vector<std::uint32_t>& operands,
                    Number value = {}) {
    Node node{op, sub, static_cast<std::uint32_t>(out_.operands_.size()),
              static_cast<std::uint32_t>(operands.size()), value};
    out_.operands_.insert(out_.operands_.end(), operands.begin(), operands.end());
    out_.nodes_.push_back(node);
    return static_cast<std::uint32_t>(out_.nodes_.size() - 1);
  }

  std::uint32_t constant(Number value) { return add(Op::kConst, 0, {}, value); }

  std::vector<std::uint32_t> compile_all(const std::vector<Ast>& children) {
    std::vector<std::uint32_t> indices;
    indices.reserve(children.size());
    for (const Ast& child : children) indices.push_back(compile(child));
    return indices;
  }

  std::vector<std::string_view> known_names() const {
    std::vector<std::string_view> names(out_.parameters_.begin(), out_.parameters_.end());
    for (const FunctionInfo& info : kFunctions) {
      if (!info.name.starts_with("math.")) names.push_back(info.name);
    }
    names.push_back("math");
    return names;
  }

  std::uint32_t name(const Ast& ast) {
    const auto& params = out_.parameters_;
    const auto found = std::find(params.begin(), params.end(), ast.text);
    if (found != params.end()) {
      return add(Op::kParam, 0, {}, Number::from_int(found - params.begin()));
    }
    // `inf` and `nan` as names, as in the namespace the families' oracle evaluates specs in.
    if (ast.text == "inf" || ast.text == "nan") {
      return constant(Number::from_float(ast.text == "inf"
                                             ? std::numeric_limits<double>::infinity()
                                             : std::numeric_limits<double>::quiet_NaN()));
    }
    if (find_function(ast.text) != nullptr) {
      fail<TypeError>("function '" + ast.text + "' must be called", ast.offset);
    }
    if (ast.text == "math") {
      fail<TypeError>("'math' must be followed by a function or constant, e.g. math.pi",
                      ast.offset);
    }
    std::string message = "name '" + ast.text + "' is not defined";
    const auto names = known_names();
    if (auto match = closest_name(ast.text, names)) {
      message += ". Did you mean '" + *match + "'?";
    } else {
      message += " (expressions may use ";
      if (!params.empty()) {
        for (const std::string& p : params) message += p + ", ";
      }
      message += "min, max, abs, int, float, round and math.*)";
    }
    fail<NameError>(message, ast.offset);
  }

  // Dotted name "math.cos" of an attribute chain, or empty when it is not one.
  static std::string dotted(const Ast& ast) {
    if (ast.kind == AstKind::kName) return ast.text;
    if (ast.kind != AstKind::kAttribute) return {};
    const std::string base = dotted(ast.children[0]);
    return base.empty() ? base : base + "." + ast.text;
  }

  std::uint32_t attribute(const Ast& ast) {
    const Ast& base = ast.children[0];
    if (base.kind != AstKind::kName || base.text != "math") {
      fail<TypeError>(
          "attribute access is not supported ('." + ast.text + "'); only math.<name> is",
          static_cast<std::size_t>(ast.int_value));
    }
    for (const MathConstant& constant_info : kMathConstants) {
      if (constant_info.name == ast.text) return constant(Number::from_float(constant_info.value));
    }
    if (find_function("math." + ast.text) != nullptr) {
      fail<TypeError>("function 'math." + ast.text + "' must be called", ast.offset);
    }
    std::vector<std::string_view> names;
    for (const MathConstant& c : kMathConstants) names.push_back(c.name);
    for (const FunctionInfo& info : kFunctions) {
      if (info.name.starts_with("math.")) names.push_back(info.name.substr(5));
    }
    std::string message = "module 'math' has no attribute '" + ast.text + "'";
    if (auto match = closest_name(ast.text, names)) {
      message += ". Did you mean '" + *match + "'?";
    } else {
      message += " that lrsched supports";
    }
    fail<AttributeError>(message, static_cast<std::size_t>(ast.int_value) + 1);
  }

  std::uint32_t call(const Ast& ast) {
    const Ast& callee = ast.children[0];
    const std::string name = dotted(callee);
    if (name.empty()) fail<TypeError>("only builtin functions can be called", callee.offset);
    if (!ast.keywords.empty()) {
      fail<TypeError>("keyword arguments are not supported in expressions", ast.keywords[0].offset);
    }
    const FunctionInfo* info = find_function(name);
    if (info == nullptr) {
      if (name.starts_with("math.")) attribute(callee);  // reports the unknown attribute
      if (callee.kind == AstKind::kAttribute) attribute(callee);
      fail<NameError>("function '" + name + "' is not supported in expressions", callee.offset);
    }
    std::vector<Ast> args(ast.children.begin() + 1, ast.children.end());
    // float('inf'), float('-inf'), float('nan'), float('1e-3'): a constant.
    if (info->id == Function::kFloat && args.size() == 1 && args[0].kind == AstKind::kString) {
      bool ok = false;
      const double value = float_from_string(args[0].text, ok);
      if (!ok) {
        fail<ValueError>("could not convert string to float: " + repr(Value{args[0].text, 0}),
                         args[0].offset);
      }
      return constant(Number::from_float(value));
    }
    // min([a, b]) / max((a, b)): a literal sequence stands for its items.
    if ((info->id == Function::kMin || info->id == Function::kMax) && args.size() == 1 &&
        (args[0].kind == AstKind::kList || args[0].kind == AstKind::kTuple)) {
      if (args[0].children.empty()) {
        fail<ValueError>(std::string(info->name) + "() arg is an empty sequence", args[0].offset);
      }
      std::vector<Ast> items = args[0].children;
      args = std::move(items);
      if (args.size() == 1) return compile(args[0]);
    }
    if (args.size() < info->min_args || args.size() > info->max_args) {
      std::string expected = std::to_string(info->min_args);
      if (info->max_args == kVariadic) {
        expected = "at least " + expected;
      } else if (info->max_args != info->min_args) {
        expected = "from " + expected + " to " + std::to_string(info->max_args);
      }
      fail<TypeError>(std::string(info->name) + "() takes " + expected + " argument" +
                          (info->max_args == 1 ? "" : "s") + " (" + std::to_string(args.size()) +
                          " given)",
                      callee.offset);
    }
    return add(Op::kCall, static_cast<std::uint8_t>(info->id), compile_all(args));
  }

  std::uint32_t comparison(const Ast& ast) {
    std::vector<std::uint32_t> operands;
    const std::size_t last = ast.children.size() - 1;
    for (std::size_t j = 0; j <= last; ++j) {
      const Ast& child = ast.children[j];
      const bool after_in = j > 0 && (ast.compare_ops[j - 1] == CompareOp::kIn ||
                                      ast.compare_ops[j - 1] == CompareOp::kNotIn);
      // A set's membership test is a sequence's: `step in {10, 20}` is `step in (10, 20)`.
      const bool is_sequence = child.kind == AstKind::kList || child.kind == AstKind::kTuple ||
                               child.kind == AstKind::kSet;
      if (after_in && !is_sequence) {
        fail<TypeError>(
            "'in' needs a literal tuple, list or set on its right, e.g. step in (10, 20)",
            child.offset);
      }
      if (is_sequence && after_in && j == last) {
        operands.push_back(add(Op::kSequence, 0, compile_all(child.children)));
      } else {
        operands.push_back(compile(child));
      }
    }
    const auto first_op = static_cast<std::int64_t>(out_.compare_ops_.size());
    for (CompareOp op : ast.compare_ops) {
      out_.compare_ops_.push_back(static_cast<std::uint8_t>(op));
    }
    return add(Op::kCompare, 0, operands, Number::from_int(first_op));
  }

  Expression& out_;
  std::string_view source_;
};

}  // namespace detail

Expression compile_tree(const syntax::Ast& tree, std::vector<std::string> parameters,
                        std::string_view source) {
  return detail::ExpressionCompiler::build(tree, std::move(parameters), source);
}

Expression Expression::compile(std::string_view text, std::vector<std::string> parameters) {
  Expression out = compile_tree(syntax::parse(text), std::move(parameters), text);
  out.text_ = std::string(text);
  return out;
}

// Evaluation -------------------------------------------------------------------------------------

Number Expression::evaluate(std::span<const Number> args) const {
  const std::size_t expected = parameters_.size();
  if (args.size() > expected) {
    throw TypeError("<lambda>() takes " + std::to_string(expected) + " positional argument" +
                    (expected == 1 ? "" : "s") + " but " + std::to_string(args.size()) +
                    (args.size() == 1 ? " was" : " were") + " given");
  }
  if (args.size() < expected) {
    const std::size_t missing = expected - args.size();
    std::string names;
    for (std::size_t i = args.size(); i < expected; ++i) {
      if (i > args.size()) names += i + 1 == expected ? (missing > 2 ? ", and " : " and ") : ", ";
      names += "'" + parameters_[i] + "'";
    }
    throw TypeError("<lambda>() missing " + std::to_string(missing) + " required positional " +
                    (missing == 1 ? "argument: " : "arguments: ") + names);
  }
  return eval(root_, args).number();
}

double Expression::evaluate_double(std::int64_t arg) const {
  const Number number = Number::from_int(arg);
  const std::span<const Number> args(&number, 1);
  if (parameters_.size() != 1) [[unlikely]] {
    return evaluate(args).to_double();  // raises the TypeError
  }
  // The usual lambda is a leaf or one operation on the argument and a constant (`0.95`,
  // `0.95 ** epoch`, `epoch // 30`): evaluated here, without the recursive eval's call, frame and
  // dispatch.
  const Node& node = nodes_[root_];
  if (node.op == Op::kBinary) {
    const std::uint32_t* operand = operands_.data() + node.first;
    if (nodes_[operand[0]].op <= Op::kParam && nodes_[operand[1]].op <= Op::kParam) {
      // Left before right, as in Python.
      const EvalValue left = eval_operand(operand[0], args);
      const EvalValue right = eval_operand(operand[1], args);
      return binary(static_cast<BinaryOp>(node.sub), left, right).to_double();
    }
  }
  return eval_operand(root_, args).to_double();
}

[[gnu::always_inline]] inline EvalValue Expression::eval_operand(
    std::uint32_t index, std::span<const Number> args) const {
  const Node& node = nodes_[index];
  if (node.op == Op::kConst) return EvalValue::of(node.value);
  if (node.op == Op::kParam) return EvalValue::of(args[static_cast<std::size_t>(node.value.i)]);
  return eval(index, args);
}

EvalValue Expression::eval(std::uint32_t index, std::span<const Number> args) const {
  const Node& node = nodes_[index];
  const std::uint32_t* operand = operands_.data() + node.first;
  switch (node.op) {
    case Op::kConst:
      return EvalValue::of(node.value);
    case Op::kParam:
      return EvalValue::of(args[static_cast<std::size_t>(node.value.i)]);
    case Op::kNeg: {
      const EvalValue x = eval(operand[0], args);
      if (!x.is_int) return EvalValue::from_float(-x.f);
      if (x.i == std::numeric_limits<std::int64_t>::min()) int_overflow();
      return EvalValue::from_int(-x.i);
    }
    case Op::kPos:
      return eval(operand[0], args);
    case Op::kBinary: {
      // Left before right, as in Python (C++ leaves argument order unspecified).
      const EvalValue left = eval_operand(operand[0], args);
      const EvalValue right = eval_operand(operand[1], args);
      return binary(static_cast<BinaryOp>(node.sub), left, right);
    }
    case Op::kAnd:
    case Op::kOr: {
      // Python returns the deciding operand itself.
      EvalValue x{};
      for (std::uint32_t k = 0; k < node.count; ++k) {
        x = eval(operand[k], args);
        if (truthy(x) == (node.op == Op::kOr)) return x;
      }
      return x;
    }
    case Op::kNot:
      return EvalValue::from_int(truthy(eval(operand[0], args)) ? 0 : 1);
    case Op::kCompare:
      return eval_compare(node, args);
    case Op::kIfElse:
      return truthy(eval(operand[1], args)) ? eval(operand[0], args) : eval(operand[2], args);
    case Op::kCall:
      return eval_call(node, args);
    case Op::kSequence:
      break;  // only evaluated inside eval_compare
  }
  return {};
}

EvalValue Expression::eval_compare(const Node& node, std::span<const Number> args) const {
  const std::uint32_t* operand = operands_.data() + node.first;
  const auto first_op = static_cast<std::size_t>(node.value.i);
  EvalValue left = eval(operand[0], args);
  for (std::uint32_t k = 1; k < node.count; ++k) {
    const auto op = static_cast<CompareOp>(compare_ops_[first_op + k - 1]);
    bool result = false;
    EvalValue right{};
    if (op == CompareOp::kIn || op == CompareOp::kNotIn) {
      // Python builds the whole tuple first, so every item is evaluated (and may raise).
      const Node& sequence = nodes_[operand[k]];
      bool found = false;
      for (std::uint32_t m = 0; m < sequence.count; ++m) {
        const EvalValue item = eval(operands_[sequence.first + m], args);
        found = found || compare(left, item) == 0;
      }
      result = found == (op == CompareOp::kIn);
    } else {
      right = eval(operand[k], args);
      const std::partial_ordering order = compare(left, right);
      switch (op) {
        case CompareOp::kLt:
          result = order < 0;
          break;
        case CompareOp::kLe:
          result = order <= 0;
          break;
        case CompareOp::kGt:
          result = order > 0;
          break;
        case CompareOp::kGe:
          result = order >= 0;
          break;
        case CompareOp::kEq:
          result = order == 0;
          break;
        default:  // kNe: true for NaN too
          result = order != 0;
      }
    }
    if (!result) return EvalValue::from_int(0);
    left = right;
  }
  return EvalValue::from_int(1);
}

EvalValue Expression::eval_call(const Node& node, std::span<const Number> args) const {
  const std::uint32_t* operand = operands_.data() + node.first;
  const auto function = static_cast<Function>(node.sub);
  if (function == Function::kMin || function == Function::kMax) {
    // Python keeps the first extreme item: a later one wins only if strictly better.
    const auto better =
        function == Function::kMax ? std::partial_ordering::greater : std::partial_ordering::less;
    EvalValue best = eval(operand[0], args);
    for (std::uint32_t k = 1; k < node.count; ++k) {
      const EvalValue item = eval(operand[k], args);
      if (compare(item, best) == better) best = item;
    }
    return best;
  }
  const EvalValue x = eval(operand[0], args);
  const double fx = x.to_double();
  switch (function) {
    case Function::kAbs:
      if (!x.is_int) return EvalValue::from_float(std::fabs(x.f));
      if (x.i == std::numeric_limits<std::int64_t>::min()) int_overflow();
      return EvalValue::from_int(x.i < 0 ? -x.i : x.i);
    case Function::kInt:
      return x.is_int ? x : EvalValue::from_int(float_to_int(x.f));
    case Function::kFloat:
      return EvalValue::from_float(fx);
    case Function::kRound: {
      if (node.count == 1) return x.is_int ? x : EvalValue::from_int(round_half_even(x.f));
      const EvalValue digits = eval(operand[1], args);
      if (!digits.is_int) throw TypeError("'float' object cannot be interpreted as an integer");
      if (x.is_int) return EvalValue::from_int(round_int(x.i, digits.i));
      return EvalValue::from_float(round_float(x.f, digits.i));
    }
    case Function::kCos:
      return EvalValue::from_float(math_1(fx, std_cos, false));
    case Function::kSin:
      return EvalValue::from_float(math_1(fx, std_sin, false));
    case Function::kTan:
      return EvalValue::from_float(math_1(fx, std_tan, false));
    case Function::kExp:
      return EvalValue::from_float(math_1(fx, std_exp, true));
    case Function::kSqrt:
      return EvalValue::from_float(math_1(fx, std_sqrt, false));
    case Function::kFabs:
      return EvalValue::from_float(std::fabs(fx));
    case Function::kLog2:
      return EvalValue::from_float(math_1(fx, python_log<std_log2>, false));
    case Function::kLog10:
      return EvalValue::from_float(math_1(fx, python_log<std_log10>, false));
    case Function::kLog: {
      if (node.count == 1) return EvalValue::from_float(math_1(fx, python_log<std_log>, false));
      const double base = eval(operand[1], args).to_double();  // arguments evaluate first
      const double num = math_1(fx, python_log<std_log>, false);
      const double den = math_1(base, python_log<std_log>, false);
      if (den == 0.0) throw ZeroDivisionError("float division by zero");
      return EvalValue::from_float(num / den);
    }
    case Function::kFloor:
      return x.is_int ? x : EvalValue::from_int(float_to_int(std::floor(x.f)));
    case Function::kCeil:
      return x.is_int ? x : EvalValue::from_int(float_to_int(std::ceil(x.f)));
    case Function::kPow:
      return EvalValue::from_float(math_pow(fx, eval(operand[1], args).to_double()));
    default:
      break;
  }
  return {};
}

}  // namespace lrsched::spec
