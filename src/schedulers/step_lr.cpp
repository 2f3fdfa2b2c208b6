#include "lrsched/schedulers/step_lr.hpp"

#include <algorithm>

#include "lrsched/detail/pymath.hpp"

namespace lrsched {

using detail::py_floordiv;
using detail::py_mod;
using detail::py_pow;

StepLR::StepLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, options.last_epoch),
      step_size_(options.step_size),
      gamma_(options.gamma) {
  initial_step();
}

void StepLR::get_lr(std::span<double> out) {
  const bool decay = last_epoch_ != 0 && py_mod(last_epoch_, step_size_) == 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double lr = current_[i];
    out[i] = decay ? lr * gamma_ : lr;
  }
}

bool StepLR::get_closed_form_lr(std::span<double> out) {
  const double factor = py_pow(gamma_, static_cast<double>(py_floordiv(last_epoch_, step_size_)));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = base_lrs_[i] * factor;
  return true;
}

void StepLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("step_size", step_size_);
  visitor.field("gamma", gamma_);
}

MultiStepLR::MultiStepLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, options.last_epoch),
      milestones_(options.milestones.get()),
      gamma_(options.gamma) {
  std::sort(milestones_.begin(), milestones_.end());
  initial_step();
}

void MultiStepLR::get_lr(std::span<double> out) {
  const auto [first, last] = std::equal_range(milestones_.begin(), milestones_.end(), last_epoch_);
  const auto count = last - first;
  const double factor = count == 0 ? 1.0 : py_pow(gamma_, static_cast<double>(count));
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double lr = current_[i];
    out[i] = count == 0 ? lr : lr * factor;
  }
}

bool MultiStepLR::get_closed_form_lr(std::span<double> out) {
  // bisect_right(sorted(milestones.elements()), last_epoch)
  const auto passed =
      std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch_) - milestones_.begin();
  const double factor = py_pow(gamma_, static_cast<double>(passed));
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = base_lrs_[i] * factor;
  return true;
}

void MultiStepLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("milestones", milestones_);
  visitor.field("gamma", gamma_);
  std::sort(milestones_.begin(), milestones_.end());  // a loaded list may be in any order
}

}  // namespace lrsched
