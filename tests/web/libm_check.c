/* The WebAssembly module's libm against the native one, argument by argument.
 *
 *   libm_check dump N FILE   (native) N seeded arguments per function, with glibc's results
 *   libm_check check FILE    (WebAssembly, under node) the same calls through the module's libm;
 *                            prints each function's count of differing results, exits 1 on any
 *                            (built twice: with relaxed SIMD's fma, run by a node that has relaxed
 *                            SIMD, and with the software fma)
 *
 * The arguments mix the ones schedules pass (pi * k / T, k / T, gamma ** k) with wide ranges.
 * The last function is the port's fused multiply-add (web/libm/fma.h, fma_entry.c) against the
 * exact one, on products near ties and cancellations as well as random ones. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kFunctions = 12 };
static const char* const kNames[kFunctions] = {"cos",   "sin", "tan",   "exp",   "log",  "log2",
                                               "log10", "pow", "expm1", "log1p", "tanh", "fma"};

#ifdef __EMSCRIPTEN__
double lrsched_port_fma(double a, double b, double c); /* web/libm/fma_entry.c */
#define FMA lrsched_port_fma
#else
#define FMA fma
#endif

static double call(int f, double x, double y, double z) {
  switch (f) {
    case 0:
      return cos(x);
    case 1:
      return sin(x);
    case 2:
      return tan(x);
    case 3:
      return exp(x);
    case 4:
      return log(x);
    case 5:
      return log2(x);
    case 6:
      return log10(x);
    case 7:
      return pow(x, y);
    case 8:
      return expm1(x);
    case 9:
      return log1p(x);
    case 10:
      return tanh(x);
    default:
      return FMA(x, y, z);
  }
}

#ifndef __EMSCRIPTEN__
static uint64_t state = 88172645463325252ull;
static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}
static double uniform(double a, double b) {
  return a + (b - a) * ((double)(next() >> 11) * 0x1p-53);
}

static double argument(int f, int i) {
  if (i % 4 == 0) { /* a schedule's progress: k / T, and pi * k / T for the trigonometric ones */
    double total = (double)(1 + next() % 100000), k = (double)(next() % (uint64_t)(total + 1));
    return f <= 2 ? M_PI * k / total : f == 7 ? uniform(0, 1) : k / total;
  }
  switch (f) {
    case 0:
    case 1:
      return i % 4 == 1 ? uniform(-10, 10) : i % 4 == 2 ? uniform(-1e4, 1e4) : uniform(-1e9, 1e9);
    case 2:
      return uniform(-10, 10);
    case 3:
      return uniform(-745, 710);
    case 4:
    case 5:
    case 6:
      return i % 4 == 1 ? uniform(0, 2) : exp(uniform(-700, 700));
    case 7:
      return i % 4 == 1 ? uniform(0, 1) : uniform(0, 10);
    case 8:
      return uniform(-40, 40);
    case 9:
      return i % 4 == 1 ? uniform(-1, 1) : uniform(-1, 1e6);
    default:
      return uniform(-20, 20);
  }
}
static double exponent(int i) {
  return i % 3 == 0 ? (double)(next() % 100000) : i % 3 == 1 ? uniform(-10, 10) : uniform(-1, 1);
}

/* a * b + c: random; c cancelling a * b to a few ulps; few-bit operands (exact ties); and
   exponents near the ends of the range, where the port falls back to the C library's fma */
static double random_binade(int low, int high) {
  const double m = ldexp(1 + uniform(0, 1), low + (int)(next() % (uint64_t)(high - low + 1)));
  return next() & 1 ? -m : m;
}
static double few_bits(void) {
  return (double)((int64_t)(next() % 2000001) - 1000000) * ldexp(1, (int)(next() % 40) - 20);
}
static void fma_arguments(int i, double* a, double* b, double* c) {
  switch (i % 5) {
    case 0:
      *a = random_binade(-20, 20);
      *b = random_binade(-20, 20);
      *c = random_binade(-40, 40);
      break;
    case 1:
      *a = random_binade(-20, 20);
      *b = random_binade(-20, 20);
      *c = -(*a * *b) * (1 + (double)((int)(next() % 9) - 4) * 0x1p-52);
      break;
    case 2:
      *a = few_bits();
      *b = few_bits();
      *c = few_bits();
      break;
    case 3:
      *a = few_bits();
      *b = random_binade(-5, 5);
      *c = -(*a * *b) + random_binade(-80, -40);
      break;
    default:
      *a = random_binade(-600, 600);
      *b = random_binade(-600, 600);
      *c = random_binade(-1100, 1020);
  }
}
#endif

int main(int argc, char** argv) {
#ifndef __EMSCRIPTEN__
  if (argc == 4 && !strcmp(argv[1], "dump")) {
    long n = atol(argv[2]);
    FILE* out = fopen(argv[3], "wb");
    if (!out || n <= 0) return 2;
    for (int f = 0; f < kFunctions; ++f)
      for (long i = 0; i < n; ++i) {
        double record[4] = {0, 0, 0, 0};
        if (f == kFunctions - 1) {
          fma_arguments((int)i, &record[0], &record[1], &record[2]);
        } else {
          record[0] = argument(f, (int)i);
          record[1] = exponent((int)i);
        }
        record[3] = call(f, record[0], record[1], record[2]);
        fwrite(record, sizeof record, 1, out);
      }
    return fclose(out) != 0;
  }
#else
  if (argc == 3 && !strcmp(argv[1], "check")) {
    FILE* in = fopen(argv[2], "rb");
    if (!in || fseek(in, 0, SEEK_END) != 0) return 2;
    long n = ftell(in) / (long)(kFunctions * 4 * sizeof(double));
    rewind(in);
    long total = 0;
    for (int f = 0; f < kFunctions; ++f) {
      long differ = 0;
      for (long i = 0; i < n; ++i) {
        double record[4];
        if (fread(record, sizeof record, 1, in) != 1) return 2;
        double ours = call(f, record[0], record[1], record[2]);
        if (memcmp(&ours, &record[3], sizeof ours) != 0 && !(isnan(ours) && isnan(record[3]))) {
          if (differ < 3)
            printf("  %s(%a, %a, %a): native %a, WebAssembly %a\n", kNames[f], record[0], record[1],
                   record[2], record[3], ours);
          ++differ;
        }
      }
      printf("%-6s %ld of %ld differ\n", kNames[f], differ, n);
      total += differ;
    }
    return total != 0;
  }
#endif
  fprintf(stderr, "usage: libm_check dump N FILE (native) | libm_check check FILE (WebAssembly)\n");
  return 2;
}
