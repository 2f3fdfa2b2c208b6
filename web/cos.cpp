// cos for the WebAssembly build. The command line (and PyTorch) take cos from glibc, whose result
// is the correctly rounded one for all but rare arguments; musl's, which emscripten links
// otherwise, is an ulp off far more often (CosineAnnealingLR differed at one step in three).
// This definition replaces musl's everywhere in the module: cos in quad precision (long double
// is IEEE binary128 in WebAssembly), rounded once to double.
#include <math.h>

extern "C" double cos(double x) { return static_cast<double>(cosl(static_cast<long double>(x))); }
