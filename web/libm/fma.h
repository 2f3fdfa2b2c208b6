/* The fused multiply-add of the port (fuse_fma.py --fma lrsched_fma): a * b + c rounded once.
 * Included into every fused source, so that it inlines where it is called (a call costs more than
 * most of the work, and a constant operand's split folds away).
 *
 * WebAssembly's core has no fma instruction. Compiled with relaxed SIMD (clang -mrelaxed-simd:
 * the site's main module), it is f64x2.relaxed_madd, which browsers fuse on CPUs with an FMA
 * unit; lrsched-api.js loads that module only where a test of the instruction shows it fused.
 * Otherwise (the portable module) it is computed in software, about five times slower: glibc's
 * cos makes nine to twenty.
 *
 * The software fma computes the exact value as an unevaluated sum of doubles (Dekker's product,
 * Knuth's sums), rounds it once, and proves that rounding correct; where it cannot (arguments
 * near the ends of the exponent range, a result that is a power of two, zero or subnormal, or one
 * within 2^-50 of a tie), it returns the C library's fma, exact in integer arithmetic and about
 * 23 ns a call under V8. Without contraction: the algorithm needs every operation rounded. */
#ifndef LRSCHED_LIBM_FMA_H
#define LRSCHED_LIBM_FMA_H
#include <math.h>
#include <stdint.h>
#include <string.h>

/* The C library's fma (overrides.c): called, not inlined, so that fuse_fma.py, which renames the
   fma intrinsic, leaves it alone. */
double lrsched_exact_fma(double a, double b, double c);

static inline uint64_t lrsched_bits_of(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}
static inline double lrsched_from_bits(uint64_t u) {
  double x;
  memcpy(&x, &u, sizeof x);
  return x;
}
static inline uint64_t lrsched_exponent_field(double x) {
  return (lrsched_bits_of(x) >> 52) & 0x7ff;
}

#ifdef __wasm_relaxed_simd__
static inline __attribute__((always_inline, used)) double lrsched_fma(double a, double b,
                                                                      double c) {
  typedef double f64x2 __attribute__((vector_size(16)));
  const f64x2 r = __builtin_wasm_relaxed_madd_f64x2((f64x2){a, a}, (f64x2){b, b}, (f64x2){c, c});
  return r[0];
}
#else
static inline __attribute__((always_inline, used)) double lrsched_fma(double a, double b,
                                                                      double c) {
#pragma clang fp contract(off)
  /* |a|, |b| within 2^+-480 and |c| below 2^1001: no product, split or sum below overflows, and
     the product's low part (a multiple of ulp(a) * ulp(b) >= 2^-1064) is representable. */
  if (lrsched_exponent_field(a) - (1023 - 480) > 960 ||
      lrsched_exponent_field(b) - (1023 - 480) > 960 || lrsched_exponent_field(c) > 1023 + 1000)
    return lrsched_exact_fma(a, b, c);

  /* a * b = p + e exactly (Veltkamp's split into 26-bit halves, Dekker's product) */
  const double split = 0x1p27 + 1;
  double t = split * a;
  const double a_hi = t - (t - a), a_lo = a - a_hi;
  t = split * b;
  const double b_hi = t - (t - b), b_lo = b - b_hi;
  const double p = a * b;
  const double e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;

  /* p + c = s + s_err, s_err + e = w + z, s + w = r + d: each exactly (Knuth's two-sum), so
     a * b + c = r + d + z, where r is the one rounding of s + w. */
  const double s = p + c, s_c = s - c, s_err = (p - s_c) + (c - (s - s_c));
  const double w = s_err + e, w_e = w - e, z = (s_err - w_e) + (e - (w - w_e));
  const double r = s + w, r_w = r - w, d = (s - r_w) + (w - (r - r_w));

  if (z == 0) return r; /* s + w is the exact value: r is its correct rounding */
  /* otherwise r is correct when |d + z| is under half the gap to r's neighbours (equal on both
     sides unless r is a power of two), with a margin for the rounding of the test itself */
  const uint64_t r_bits = lrsched_bits_of(r), r_exponent = lrsched_exponent_field(r);
  if (r_exponent <= 53 || r_exponent == 0x7ff || (r_bits & 0xfffffffffffffull) == 0)
    return lrsched_exact_fma(a, b, c);
  const double half_gap = lrsched_from_bits((r_exponent - 53) << 52);
  if (fabs(d) + 2 * fabs(z) < half_gap * (1 - 0x1p-50)) return r;
  return lrsched_exact_fma(a, b, c);
}
#endif
#endif
