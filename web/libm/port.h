/* Included before every glibc source of the port (-include): what glibc's own build provides.
   Every name the port defines starts with lrsched_glibc_, so that it cannot meet the C library's
   own (musl's exp and pow read a table of the same name and a different layout). */
#include <errno.h>
#include <stdint.h>

#define attribute_hidden
#define strong_alias(name, alias)
#define weak_alias(name, alias)
#define libm_hidden_def(name)
#undef __glibc_unlikely
#undef __glibc_likely
#define __glibc_unlikely(cond) __builtin_expect ((cond), 0)
#define __glibc_likely(cond) __builtin_expect ((cond), 1)
#ifndef __always_inline
#define __always_inline __inline __attribute__ ((__always_inline__))
#endif
#define __set_errno(value) (errno = (value))

/* the entry points, called by overrides.c */
#define __cos lrsched_glibc_cos
#define __sin lrsched_glibc_sin
#define __tan lrsched_glibc_tan
#define __exp lrsched_glibc_exp
#define __log lrsched_glibc_log
#define __ieee754_log lrsched_glibc_log
#define __log2 lrsched_glibc_log2
#define __ieee754_log10 lrsched_glibc_log10
#define __pow lrsched_glibc_pow
#define __expm1 lrsched_glibc_expm1
#define __log1p lrsched_glibc_log1p
#define __tanh lrsched_glibc_tanh
double __cos (double);
double __sin (double);
double __tan (double);
double __exp (double);
double __log (double);
double __log2 (double);
double __ieee754_log10 (double);
double __pow (double, double);
double __expm1 (double);
double __log1p (double);
double __tanh (double);

/* tables and helpers shared between the sources */
#define __branred lrsched_glibc_branred
#define __sincostab lrsched_glibc_sincostab
#define __exp_data lrsched_glibc_exp_data
#define __log_data lrsched_glibc_log_data
#define __log2_data lrsched_glibc_log2_data
#define __pow_log_data lrsched_glibc_pow_log_data
#define __math_oflow lrsched_glibc_math_oflow
#define __math_uflow lrsched_glibc_math_uflow
#define __math_may_uflow lrsched_glibc_math_may_uflow
#define __math_divzero lrsched_glibc_math_divzero
#define __math_invalid lrsched_glibc_math_invalid
#define __math_check_uflow lrsched_glibc_math_check_uflow
#define __math_check_oflow lrsched_glibc_math_check_oflow
