// Python's numeric semantics for the operations PyTorch's scheduler formulas use.
//
// Bit parity needs more than the same formulas: `%` and `//` floor, `/` and `**` raise where
// Python raises instead of producing inf/NaN, and `math.log(x, b)` is `log(x)/log(b)`.
#pragma once

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>

#include "lrsched/error.hpp"

namespace lrsched::detail {

/// An int result past int64, which Python's unbounded ints would hold.
[[noreturn, gnu::cold, gnu::noinline]] inline void throw_int_overflow() {
  throw OverflowError("integer result does not fit in 64 bits (lrsched's ints are 64-bit)");
}

/// `a // b` on Python ints.
inline std::int64_t py_floordiv(std::int64_t a, std::int64_t b) {
  if (b == 0) throw ZeroDivisionError("integer division or modulo by zero");
  if (b == -1) {
    // -INT64_MIN is 2**63, past int64 (and a / -1 would trap on x86).
    if (a == std::numeric_limits<std::int64_t>::min()) throw_int_overflow();
    return -a;
  }
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

/// `a / b` on Python ints (long_true_divide): correctly rounded also beyond 2**53, where
/// converting each int to double first would round twice.
inline double py_true_div(std::int64_t a, std::int64_t b) {
  if (b == 0) throw ZeroDivisionError("division by zero");
  constexpr std::int64_t kExact = std::int64_t{1} << 53;
  if (a >= -kExact && a <= kExact && b >= -kExact && b <= kExact) {
    return static_cast<double>(a) / static_cast<double>(b);
  }
  // GCC/Clang builtins; __extension__ keeps -Wpedantic quiet.
  __extension__ using Uint128 = unsigned __int128;
  __extension__ using Int128 = __int128;
  const bool negative = (a < 0) != (b < 0);
  const auto ua = static_cast<Uint128>(a < 0 ? -static_cast<Int128>(a) : a);
  const auto ub = static_cast<Uint128>(b < 0 ? -static_cast<Int128>(b) : b);
  if (ua == 0) return negative ? -0.0 : 0.0;
  const auto bits = [](Uint128 v) {
    int n = 0;
    while (v != 0) {
      v >>= 1;
      ++n;
    }
    return n;
  };
  // Scale so the quotient has at least 55 bits, then round to 53 with a sticky remainder bit.
  const int shift = std::max(0, 55 + bits(ub) - bits(ua));
  const Uint128 q = (ua << shift) / ub;
  const bool sticky = (ua << shift) % ub != 0;
  const int extra = bits(q) - 53;
  Uint128 mantissa = q >> extra;
  const Uint128 rest = q & ((static_cast<Uint128>(1) << extra) - 1);
  const Uint128 half = static_cast<Uint128>(1) << (extra - 1);
  if (rest > half || (rest == half && (sticky || (mantissa & 1) != 0))) ++mantissa;
  const double magnitude = std::ldexp(static_cast<double>(mantissa), extra - shift);
  return negative ? -magnitude : magnitude;
}

/// `a % b` on Python ints (the result takes the divisor's sign).
inline std::int64_t py_mod(std::int64_t a, std::int64_t b) {
  if (b == 0) throw ZeroDivisionError("integer division or modulo by zero");
  if (b == -1) return 0;  // INT64_MIN % -1 traps on x86; every int is a multiple of -1
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

/// The largest value a step counter (`last_epoch`, `_step_count`) may be given by a constructor's
/// `last_epoch` or by `step(epoch)`. Python's ints never overflow; int64 counters would, so values
/// this close to the end of int64 are refused where they enter, and `step()` adds 1 with no test
/// on its path: from here it takes 2**56 steps (over two years at a step per nanosecond) to reach
/// the end. Every counter PyTorch's own tests and ours use is far below.
inline constexpr std::int64_t kMaxStepCounter =
    std::numeric_limits<std::int64_t>::max() - (std::int64_t{1} << 56);
/// The same bound for a loaded state, 2**55 steps higher, so that a state saved after stepping
/// on from kMaxStepCounter still loads.
inline constexpr std::int64_t kMaxLoadedStepCounter = kMaxStepCounter + (std::int64_t{1} << 55);

[[noreturn, gnu::cold, gnu::noinline]] inline void throw_counter_too_large(const char* counter,
                                                                           std::int64_t value,
                                                                           std::int64_t limit) {
  throw OverflowError(std::string(counter) + " " + std::to_string(value) +
                      " is too close to the end of the 64-bit range of a step counter (at most " +
                      std::to_string(limit) + ")");
}

/// `value` as a step counter: OverflowError past `limit`.
inline std::int64_t checked_counter(std::int64_t value, const char* counter,
                                    std::int64_t limit = kMaxStepCounter) {
  if (value > limit) [[unlikely]]
    throw_counter_too_large(counter, value, limit);
  return value;
}

/// `bisect.bisect_right(a, x)`, the same probes as Python's also when `a` is not sorted
/// (std::upper_bound requires a partitioned range).
inline std::size_t bisect_right(std::span<const std::int64_t> a, std::int64_t x) {
  std::size_t lo = 0;
  std::size_t hi = a.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (x < a[mid]) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
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
