// The formulas several schedules share, each written once.
//
// Bit parity depends on the order of the operations, not only on the formula: a formula lives
// here only with the operation order of every caller. Where PyTorch's classes order the same
// mathematics differently (the one-cycle policy's `_annealing_cos`, SWA's cosine alpha, the
// linear ramp's chainable factor), the class keeps its own arithmetic.
#pragma once

#include <cmath>
#include <numbers>

#include "lrsched/detail/pymath.hpp"

namespace lrsched::detail {

/// `1 + math.cos(math.pi * t / period)`: 2 at t = 0, 0 at t = period. The cosine term of
/// PyTorch's cosine annealing (closed form and chainable ratio) and of its warm restarts.
/// ZeroDivisionError when `period` is 0, as Python's division.
[[nodiscard]] inline double cosine_term(double t, double period) {
  return 1 + std::cos(py_div(std::numbers::pi * t, period));
}

/// `end + (start - end) * term / 2`: the cosine anneal from `start` (term 2) to `end` (term 0),
/// with `term` from `cosine_term`; PyTorch's `eta_min + (base_lr - eta_min) * (1 + cos(..)) / 2`.
[[nodiscard]] inline double cosine_anneal(double start, double end, double term) {
  return end + (start - end) * term / 2;
}

/// `start + (end - start) * t / steps`: the linear ramp of PyTorch's linear closed form
/// (`start_factor + (end_factor - start_factor) * min(total_iters, last_epoch) / total_iters`).
/// ZeroDivisionError when `steps` is 0.
[[nodiscard]] inline double linear_ramp(double start, double end, double t, double steps) {
  return start + py_div((end - start) * t, steps);
}

}  // namespace lrsched::detail
