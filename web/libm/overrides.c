/* The C library's functions that the schedules call, replaced by glibc's (linked into the module
   as an object, so that these definitions win over musl's in libc.a). */
#include <math.h>

double lrsched_glibc_cos (double);
double lrsched_glibc_sin (double);
double lrsched_glibc_tan (double);
double lrsched_glibc_exp (double);
double lrsched_glibc_log (double);
double lrsched_glibc_log2 (double);
double lrsched_glibc_log10 (double);
double lrsched_glibc_pow (double, double);
double lrsched_glibc_expm1 (double);
double lrsched_glibc_log1p (double);
double lrsched_glibc_tanh (double);

double cos (double x) { return lrsched_glibc_cos (x); }
double sin (double x) { return lrsched_glibc_sin (x); }
double tan (double x) { return lrsched_glibc_tan (x); }
double exp (double x) { return lrsched_glibc_exp (x); }
double log (double x) { return lrsched_glibc_log (x); }
double log2 (double x) { return lrsched_glibc_log2 (x); }
double log10 (double x) { return lrsched_glibc_log10 (x); }
double pow (double x, double y) { return lrsched_glibc_pow (x, y); }
double expm1 (double x) { return lrsched_glibc_expm1 (x); }
double log1p (double x) { return lrsched_glibc_log1p (x); }
double tanh (double x) { return lrsched_glibc_tanh (x); }
