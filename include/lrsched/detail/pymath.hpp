// Python's numeric semantics for the operations PyTorch's scheduler formulas use.
//
// Bit parity needs more than the same formulas: `%` and `//` floor, `/` and `**` raise where
// Python raises instead of producing inf/NaN, and `math.log(x, b)` is `log(x)/log(b)`.
#pragma once

#include <cerrno>
#include <cmath>
#include <cstdint>

#include "lrsched/error.hpp"

namespace lrsched::detail {

/// `a // b` on Python ints.
inline std::int64_t py_floordiv(std::int64_t a, std::int64_t b) {
  if (b == 0) throw ZeroDivisionError("integer division or modulo by zero");
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

/// `a % b` on Python ints (the result takes the divisor's sign).
inline std::int64_t py_mod(std::int64_t a, std::int64_t b) {
  if (b == 0) throw ZeroDivisionError("integer division or modulo by zero");
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

/// `a % b` on Python floats.
inline double py_fmod(double a, double b) {
  if (b == 0.0) throw ZeroDivisionError("float modulo");
  double r = std::fmod(a, b);
  if (r != 0.0) {
    if ((b < 0) != (r < 0)) r += b;
  } else {
    r = std::copysign(0.0, b);
  }
  return r;
}

/// `a / b` on Python floats: ZeroDivisionError instead of inf/NaN.
inline double py_div(double a, double b) {
  if (b == 0.0) throw ZeroDivisionError("float division by zero");
  return a / b;
}

/// `a ** b` on Python floats (float.__pow__), with CPython's error cases.
inline double py_pow(double a, double b) {
  if (a == 0.0 && b < 0.0 && std::isfinite(b)) {
    throw ZeroDivisionError("0.0 cannot be raised to a negative power");
  }
  if (a < 0.0 && std::isfinite(a) && std::isfinite(b) && b != std::floor(b)) {
    // Python 3 returns a complex number here, which no scheduler formula can use.
    throw ValueError("math domain error: negative number cannot be raised to a fractional power");
  }
  const double r = std::pow(a, b);
  if (std::isinf(r) && std::isfinite(a) && std::isfinite(b)) {
    throw OverflowError("(34, 'Numerical result out of range')");
  }
  return r;
}

/// `math.log(x, base)`: CPython computes log(x) / log(base), inexact at exact powers.
inline double py_log(double x, double base) {
  if (!(x > 0.0) || !(base > 0.0)) throw ValueError("math domain error");
  const double den = std::log(base);
  if (den == 0.0) throw ZeroDivisionError("float division by zero");
  return std::log(x) / den;
}

/// Python's `int(x)` for a finite double (truncation), OverflowError/ValueError otherwise.
inline std::int64_t py_int(double x) {
  if (std::isnan(x)) throw ValueError("cannot convert float NaN to integer");
  if (std::isinf(x)) throw OverflowError("cannot convert float infinity to integer");
  const double t = std::trunc(x);
  if (t >= 9223372036854775808.0 || t < -9223372036854775808.0) {
    throw OverflowError("int too large for a 64-bit step counter");
  }
  return static_cast<std::int64_t>(t);
}

}  // namespace lrsched::detail
