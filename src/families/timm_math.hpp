// Python's arithmetic on the ints and floats of timm's formulas: int and float `//`, `-`, `*`
// and `/` on `timm::Number`, float `**` where Python returns a complex number, and `math.log`,
// `math.floor`, `math.cos` with CPython's errors. Private to the timm family.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

#include "lrsched/detail/pymath.hpp"
#include "lrsched/error.hpp"
#include "lrsched/families/timm.hpp"

namespace lrsched::timm::detail {

/// `a // b` on Python floats (CPython's float_floor_div): the quotient of `a - fmod(a, b)` snapped
/// to an integer, which is not always `floor(a / b)` (`1 // 0.1` is 9.0).
inline double float_floordiv(double a, double b) {
  if (b == 0.0) throw ZeroDivisionError("float floor division by zero");
  const double mod = std::fmod(a, b);
  double div = (a - mod) / b;
  if (mod != 0.0 && ((b < 0) != (mod < 0))) div -= 1.0;  // NaN counts as nonzero, as in C
  if (div != 0.0) {
    double floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
    return floordiv;
  }
  return std::copysign(0.0, a / b);
}

inline std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) lrsched::detail::throw_int_overflow();
  return r;
}
inline std::int64_t checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) lrsched::detail::throw_int_overflow();
  return r;
}
inline std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) lrsched::detail::throw_int_overflow();
  return r;
}

/// `a + b`, `a - b`, `a * b`: an int when both are ints.
inline Number add(Number a, Number b) {
  if (a.is_int() && b.is_int()) return checked_add(a.int_value(), b.int_value());
  return a.value() + b.value();
}
inline Number sub(Number a, Number b) {
  if (a.is_int() && b.is_int()) return checked_sub(a.int_value(), b.int_value());
  return a.value() - b.value();
}
inline Number mul(Number a, Number b) {
  if (a.is_int() && b.is_int()) return checked_mul(a.int_value(), b.int_value());
  return a.value() * b.value();
}
/// `a // b`: int or float floor division, each with its own ZeroDivisionError message.
inline Number floordiv(Number a, Number b) {
  if (a.is_int() && b.is_int()) return lrsched::detail::py_floordiv(a.int_value(), b.int_value());
  return float_floordiv(a.value(), b.value());
}
/// `a / b`.
inline double true_div(Number a, Number b) {
  if (a.is_int() && b.is_int()) return lrsched::detail::py_true_div(a.int_value(), b.int_value());
  return lrsched::detail::py_div(a.value(), b.value());
}

/// `a ** b` on Python floats, with CPython's ZeroDivisionError and OverflowError; nullopt where
/// Python returns a complex number (a negative base to a fractional power).
inline std::optional<double> float_pow(double a, double b) {
  if (a < 0.0 && std::isfinite(a) && std::isfinite(b) && b != std::floor(b)) return std::nullopt;
  return lrsched::detail::py_pow(a, b);
}

/// `float_pow` where the result is known to be real (an integral exponent).
inline double real_pow(double a, double b) { return lrsched::detail::py_pow(a, b); }

/// CPython's `m_log` as `math.log` applies it: NaN and +inf pass through, other non-positive
/// values are a domain error.
inline double log_of(double x) {
  if (std::isnan(x) || x == std::numeric_limits<double>::infinity()) return x;
  if (!(x > 0.0)) throw ValueError("math domain error");
  return std::log(x);
}

/// `math.log(x, base)`: `log(x) / log(base)`.
inline double math_log(double x, double base) {
  const double num = log_of(x);
  const double den = log_of(base);
  return lrsched::detail::py_div(num, den);
}

/// `math.floor(x)` of a float: an int; ValueError for NaN, OverflowError for an infinity.
inline std::int64_t math_floor(double x) { return lrsched::detail::py_int(std::floor(x)); }

/// `math.cos(x)`: an infinity is a domain error.
inline double math_cos(double x) {
  if (std::isinf(x)) throw ValueError("math domain error");
  return std::cos(x);
}

/// What `math.cos` and `math.floor` say when handed a complex number.
[[noreturn, gnu::cold]] inline void throw_complex_math_argument() {
  throw TypeError("must be real number, not complex");
}

}  // namespace lrsched::timm::detail
