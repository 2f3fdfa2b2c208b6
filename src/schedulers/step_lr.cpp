#include "lrsched/schedulers/step_lr.hpp"

#include <algorithm>
#include <utility>

#include "lrsched/detail/pymath.hpp"

namespace lrsched {

using detail::py_floordiv;
using detail::py_mod;
using detail::py_pow;

StepLR::StepLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, options.last_epoch, kStepping, options.behavior),
      step_size_(options.step_size),
      gamma_(options.gamma) {
  initial_step();
}

void StepLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool StepLR::get_lr(std::span<double> lrs) {
  if (last_epoch_ == 0 || py_mod(last_epoch_, step_size_) != 0) return false;
  for (double& lr : lrs) lr *= gamma_;
  return true;
}

bool StepLR::get_closed_form_lr(std::span<double> lrs) {
  const double factor = py_pow(gamma_, static_cast<double>(py_floordiv(last_epoch_, step_size_)));
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * factor;
  return true;
}

void StepLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("step_size", step_size_);
  visitor.field("gamma", gamma_);
}

MultiStepLR::MultiStepLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, options.last_epoch, kStepping, options.behavior),
      milestones_(std::move(options.milestones).get()),
      gamma_(options.gamma) {
  std::sort(milestones_.begin(), milestones_.end());
  initial_step();
}

void MultiStepLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool MultiStepLR::get_lr(std::span<double> lrs) {
  const auto [first, last] = std::equal_range(milestones_.begin(), milestones_.end(), last_epoch_);
  const auto count = last - first;
  if (count == 0) return false;
  const double factor = py_pow(gamma_, static_cast<double>(count));
  for (double& lr : lrs) lr *= factor;
  return true;
}

bool MultiStepLR::get_closed_form_lr(std::span<double> lrs) {
  // bisect_right(sorted(milestones.elements()), last_epoch)
  const auto passed =
      std::upper_bound(milestones_.begin(), milestones_.end(), last_epoch_) - milestones_.begin();
  const double factor = py_pow(gamma_, static_cast<double>(passed));
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * factor;
  return true;
}

void MultiStepLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("milestones", milestones_);
  visitor.field("gamma", gamma_);
  std::sort(milestones_.begin(), milestones_.end());  // a loaded list may be in any order
}

}  // namespace lrsched
