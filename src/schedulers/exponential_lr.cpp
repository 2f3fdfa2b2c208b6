#include "lrsched/schedulers/exponential_lr.hpp"

#include <algorithm>

#include "lrsched/detail/pymath.hpp"

namespace lrsched {

using detail::py_div;
using detail::py_pow;

ExponentialLR::ExponentialLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, options.last_epoch, kStepping, options.behavior),
      gamma_(options.gamma) {
  initial_step();
}

void ExponentialLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool ExponentialLR::get_lr(std::span<double> lrs) {
  if (keeps_initial_lr()) return false;
  for (double& lr : lrs) lr *= gamma_;
  return true;
}

bool ExponentialLR::get_closed_form_lr(std::span<double> lrs) {
  const double factor = py_pow(gamma_, static_cast<double>(last_epoch_));
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * factor;
  return true;
}

void ExponentialLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("gamma", gamma_);
}

PolynomialLR::PolynomialLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, options.last_epoch, kStepping, options.behavior),
      total_iters_(options.total_iters),
      power_(options.power) {
  initial_step();
}

void PolynomialLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool PolynomialLR::get_lr(std::span<double> lrs) {
  if (keeps_initial_lr() || last_epoch_ > total_iters_) return false;
  // `last_epoch / total_iters` divides ints in PyTorch: Python's int true division.
  const double decay = py_pow(py_div(1.0 - detail::py_true_div(last_epoch_, total_iters_),
                                     1.0 - detail::py_true_div(last_epoch_ - 1, total_iters_)),
                              power_);
  for (double& lr : lrs) lr *= decay;
  return true;
}

bool PolynomialLR::get_closed_form_lr(std::span<double> lrs) {
  const double factor =
      py_pow(1.0 - detail::py_true_div(std::min(total_iters_, last_epoch_), total_iters_), power_);
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * factor;
  return true;
}

void PolynomialLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("total_iters", total_iters_);
  visitor.field("power", power_);
}

}  // namespace lrsched
