/* fma.h's fused multiply-add as a function of its own, compiled with each build's fma, so that
   tests/web/libm_check.c can compare it with the exact one. */
double lrsched_port_fma(double a, double b, double c);
double lrsched_port_fma(double a, double b, double c) { return lrsched_fma(a, b, c); }
