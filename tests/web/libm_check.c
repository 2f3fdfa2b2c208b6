/* The WebAssembly module's libm against the native one, argument by argument.
 *
 *   libm_check dump N FILE   (native) N seeded arguments per function, with glibc's results
 *   libm_check check FILE    (WebAssembly, under node) the same calls through the module's libm;
 *                            prints each function's count of differing results, exits 1 on any
 *
 * The arguments mix the ones schedules pass (pi * k / T, k / T, gamma ** k) with wide ranges. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kFunctions = 11 };
static const char *const kNames[kFunctions] = {"cos", "sin", "tan", "exp", "log", "log2", "log10",
                                               "pow", "expm1", "log1p", "tanh"};

static double call(int f, double x, double y) {
  switch (f) {
    case 0: return cos(x);
    case 1: return sin(x);
    case 2: return tan(x);
    case 3: return exp(x);
    case 4: return log(x);
    case 5: return log2(x);
    case 6: return log10(x);
    case 7: return pow(x, y);
    case 8: return expm1(x);
    case 9: return log1p(x);
    default: return tanh(x);
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
static double uniform(double a, double b) { return a + (b - a) * ((double)(next() >> 11) * 0x1p-53); }

static double argument(int f, int i) {
  if (i % 4 == 0) { /* a schedule's progress: k / T, and pi * k / T for the trigonometric ones */
    double total = (double)(1 + next() % 100000), k = (double)(next() % (uint64_t)(total + 1));
    return f <= 2 ? M_PI * k / total : f == 7 ? uniform(0, 1) : k / total;
  }
  switch (f) {
    case 0: case 1: return i % 4 == 1 ? uniform(-10, 10) : i % 4 == 2 ? uniform(-1e4, 1e4) : uniform(-1e9, 1e9);
    case 2: return uniform(-10, 10);
    case 3: return uniform(-745, 710);
    case 4: case 5: case 6: return i % 4 == 1 ? uniform(0, 2) : exp(uniform(-700, 700));
    case 7: return i % 4 == 1 ? uniform(0, 1) : uniform(0, 10);
    case 8: return uniform(-40, 40);
    case 9: return i % 4 == 1 ? uniform(-1, 1) : uniform(-1, 1e6);
    default: return uniform(-20, 20);
  }
}
static double exponent(int i) {
  return i % 3 == 0 ? (double)(next() % 100000) : i % 3 == 1 ? uniform(-10, 10) : uniform(-1, 1);
}
#endif

int main(int argc, char **argv) {
#ifndef __EMSCRIPTEN__
  if (argc == 4 && !strcmp(argv[1], "dump")) {
    long n = atol(argv[2]);
    FILE *out = fopen(argv[3], "wb");
    if (!out || n <= 0) return 2;
    for (int f = 0; f < kFunctions; ++f)
      for (long i = 0; i < n; ++i) {
        double record[3] = {argument(f, (int)i), exponent((int)i), 0};
        record[2] = call(f, record[0], record[1]);
        fwrite(record, sizeof record, 1, out);
      }
    return fclose(out) != 0;
  }
#else
  if (argc == 3 && !strcmp(argv[1], "check")) {
    FILE *in = fopen(argv[2], "rb");
    if (!in || fseek(in, 0, SEEK_END) != 0) return 2;
    long n = ftell(in) / (long)(kFunctions * 3 * sizeof(double));
    rewind(in);
    long total = 0;
    for (int f = 0; f < kFunctions; ++f) {
      long differ = 0;
      for (long i = 0; i < n; ++i) {
        double record[3];
        if (fread(record, sizeof record, 1, in) != 1) return 2;
        double ours = call(f, record[0], record[1]);
        if (memcmp(&ours, &record[2], sizeof ours) != 0 && !(isnan(ours) && isnan(record[2]))) {
          if (differ < 3) printf("  %s(%a, %a): native %a, WebAssembly %a\n", kNames[f], record[0], record[1], record[2], ours);
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
