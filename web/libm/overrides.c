/* The C library's functions that the schedules call, replaced by glibc's (linked into the module
   as an object, so that these definitions win over musl's in libc.a). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "port.h" /* the port's entry points, lrsched_glibc_cos ... */

/* fma.h's software fma, where it cannot prove its own rounding */
double lrsched_exact_fma(double a, double b, double c) { return fma(a, b, c); }

/* cos remembers its last results by their argument's bits: cosine schedules ask for the same
   arguments again (PyTorch's recursive CosineAnnealingLR evaluates each step's cosine twice, and
   a cycle repeats its steps), and a cosine costs 15 to 90 ns here. The module runs on one thread.
 */
enum { kCosCacheSize = 1024 };
static struct {
  uint64_t key;
  double value;
} cos_cache[kCosCacheSize];

double cos(double x) {
  uint64_t key;
  memcpy(&key, &x, sizeof key);
  const uint64_t slot = ((key ^ (key >> 29)) * 0x9E3779B97F4A7C15ull) >> 54; /* 10 bits */
  /* key 0 (x = +0.0) is the empty slot's: computed every time, as every argument at first */
  if (cos_cache[slot].key == key && key != 0) return cos_cache[slot].value;
  const double value = lrsched_glibc_cos(x);
  cos_cache[slot].key = key;
  cos_cache[slot].value = value;
  return value;
}

double sin(double x) { return lrsched_glibc_sin(x); }
double tan(double x) { return lrsched_glibc_tan(x); }
double exp(double x) { return lrsched_glibc_exp(x); }
double log(double x) { return lrsched_glibc_log(x); }
double log2(double x) { return lrsched_glibc_log2(x); }
double log10(double x) { return lrsched_glibc_log10(x); }
double pow(double x, double y) { return lrsched_glibc_pow(x, y); }
double expm1(double x) { return lrsched_glibc_expm1(x); }
double log1p(double x) { return lrsched_glibc_log1p(x); }
double tanh(double x) { return lrsched_glibc_tanh(x); }
