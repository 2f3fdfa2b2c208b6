#include "lrsched/schedulers/constant_lr.hpp"

#include <algorithm>

#include "lrsched/detail/formulas.hpp"
#include "lrsched/detail/pymath.hpp"

namespace lrsched {

using detail::py_div;

namespace {
// The constructors' checks, also applied to a loaded state. Both run before LRScheduler's
// constructor in PyTorch, so a rejected scheduler leaves the optimizer untouched; the
// constructors call them in the base-initializer for the same reason.
void check_constant(double factor) {
  if (factor > 1.0 || factor < 0) {
    throw ValueError("Constant multiplicative factor expected to be between 0 and 1.");
  }
}

void check_linear(double start_factor, double end_factor, TorchBehavior behavior) {
  if (behavior == TorchBehavior::v1_13) {
    // 1.13 accepts 0, which divides by zero at epoch 1.
    if (start_factor > 1.0 || start_factor < 0) {
      throw ValueError("Starting multiplicative factor expected to be between 0 and 1.");
    }
  } else if (start_factor > 1.0 || start_factor <= 0) {
    throw ValueError(
        "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
  }
  if (end_factor > 1.0 || end_factor < 0) {
    throw ValueError("Ending multiplicative factor expected to be between 0 and 1.");
  }
}

std::int64_t checked_constant(const ConstantLR::Options& o) {
  check_constant(o.factor);
  return o.last_epoch;
}

std::int64_t checked_linear(const LinearLR::Options& o) {
  check_linear(o.start_factor, o.end_factor, o.behavior);
  return o.last_epoch;
}
}  // namespace

ConstantLR::ConstantLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, checked_constant(options), kStepping, options.behavior),
      factor_(options.factor),
      total_iters_(options.total_iters) {
  initial_step();
}

void ConstantLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool ConstantLR::get_lr(std::span<double> lrs) {
  double factor = 1.0;
  if (last_epoch_ == 0) {
    factor = factor_;
  } else if (last_epoch_ == total_iters_) {
    factor = py_div(1.0, factor_);
  } else {
    return false;
  }
  for (double& lr : lrs) lr *= factor;
  return true;
}

bool ConstantLR::get_closed_form_lr(std::span<double> lrs) {
  const double undo = last_epoch_ >= total_iters_ ? 1 - factor_ : 0.0;
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * (factor_ + undo);
  return true;
}

void ConstantLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("factor", factor_);
  visitor.field("total_iters", total_iters_);
  check_constant(factor_);
}

LinearLR::LinearLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, checked_linear(options), kStepping, options.behavior),
      start_factor_(options.start_factor),
      end_factor_(options.end_factor),
      total_iters_(options.total_iters) {
  initial_step();
}

void LinearLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool LinearLR::get_lr(std::span<double> lrs) {
  double factor = start_factor_;
  if (last_epoch_ != 0) {
    // 1.13 has no `_is_initial` gate: a resumed lr moves on along the ramp in the constructor.
    const bool keep = torch_behavior() == TorchBehavior::newest && is_initial_;
    if (keep || last_epoch_ > total_iters_) return false;
    const double delta = end_factor_ - start_factor_;
    factor = 1.0 + py_div(delta, static_cast<double>(total_iters_) * start_factor_ +
                                     static_cast<double>(last_epoch_ - 1) * delta);
  }
  for (double& lr : lrs) lr *= factor;
  return true;
}

bool LinearLR::get_closed_form_lr(std::span<double> lrs) {
  const double factor = detail::linear_ramp(
      start_factor_, end_factor_, static_cast<double>(std::min(total_iters_, last_epoch_)),
      static_cast<double>(total_iters_));
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * factor;
  return true;
}

void LinearLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("start_factor", start_factor_);
  visitor.field("end_factor", end_factor_);
  visitor.field("total_iters", total_iters_);
  check_linear(start_factor_, end_factor_, torch_behavior());
}

}  // namespace lrsched
