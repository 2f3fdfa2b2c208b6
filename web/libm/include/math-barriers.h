/* glibc keeps these operations for their floating-point exception flags; the values are the same */
#ifndef LRSCHED_LIBM_MATH_BARRIERS_H
#define LRSCHED_LIBM_MATH_BARRIERS_H
#define math_opt_barrier(x) ({ volatile __typeof (x) x_ = (x); x_; })
#define math_force_eval(x) ({ volatile __typeof (x) x_ = (x); (void) x_; })
#endif
