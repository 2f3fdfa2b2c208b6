// NumPy's elementwise operations as JAX (x64) and Keras' NumPy backend apply them to scalars,
// for the Optax and Keras families. Private to the library.
#pragma once

#include <cmath>
#include <cstdint>

#include "lrsched/detail/pymath.hpp"

namespace lrsched::families {

/// `np.maximum(a, b)`: NaN-propagating; on equal operands (0.0 and -0.0) it returns `b`, as
/// NumPy does (`np.maximum(0.0, -0.0)` is -0.0). std::max and std::fmax differ on both counts.
[[nodiscard]] inline double np_maximum(double a, double b) {
  if (std::isnan(a)) return a;
  return a > b ? a : b;
}

/// `np.minimum(a, b)`, likewise.
[[nodiscard]] inline double np_minimum(double a, double b) {
  if (std::isnan(a)) return a;
  return a < b ? a : b;
}

/// `a - b` on Python ints (a step count minus a boundary). Python's ints never overflow;
/// lrsched's are 64-bit, so a result past int64 is an OverflowError rather than a wrap.
[[nodiscard]] inline std::int64_t py_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) detail::throw_int_overflow();
  return r;
}

/// `a + b` on Python ints, likewise.
[[nodiscard]] inline std::int64_t py_add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) detail::throw_int_overflow();
  return r;
}

/// NumPy's int64 subtraction: wraps around, silently (JAX and NumPy arrays do not check).
[[nodiscard]] inline std::int64_t wrapping_sub(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}

}  // namespace lrsched::families
