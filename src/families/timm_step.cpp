// timm's StepLRScheduler (step_lr.py) and MultiStepLRScheduler (multistep_lr.py).
#include <algorithm>

#include "families/timm_math.hpp"
#include "families/timm_state.hpp"
#include "lrsched/families/timm.hpp"

namespace lrsched::timm {

// --- StepLRScheduler -----------------------------------------------------------------------

StepLRScheduler::StepLRScheduler(OptimizerView& optimizer, Options options)
    : Scheduler(optimizer, {.t_in_epochs = options.t_in_epochs,
                            .noise_range_t = options.noise_range_t,
                            .noise_pct = options.noise_pct,
                            .noise_std = options.noise_std,
                            .noise_seed = options.noise_seed,
                            .initialize = options.initialize}),
      decay_t_(options.decay_t),
      decay_rate_(options.decay_rate),
      warmup_prefix_(options.warmup_prefix) {
  // No validation, as in timm: a zero decay_t fails at the first step past the warmup.
  warmup_t_ = options.warmup_t;
  warmup_lr_init_ = options.warmup_lr_init;
  set_up_warmup(base_values_);
}

void StepLRScheduler::compute_lr(Number t, std::span<double> lrs) {
  if (warmup_lr(t, lrs)) return;
  if (warmup_prefix_) t = detail::sub(t, warmup_t_);
  if (lrs.empty()) return;  // timm evaluates `t // decay_t` once per group
  // Python's `//`: an int quotient for ints, float floor division (and its own message for a
  // zero divisor) as soon as either is a float. The quotient is integral: a real power.
  const Number decays = detail::floordiv(t, decay_t_);
  const double factor = detail::real_pow(decay_rate_, decays.value());
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_values_[i] * factor;
}

void StepLRScheduler::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  detail::visit_number(visitor, "decay_t", decay_t_);
  visitor.field("decay_rate", decay_rate_);
  visit_warmup_state(visitor);
  visitor.field("warmup_prefix", warmup_prefix_);
}

// --- MultiStepLRScheduler ------------------------------------------------------------------

MultiStepLRScheduler::MultiStepLRScheduler(OptimizerView& optimizer, Options options)
    : Scheduler(optimizer, {.t_in_epochs = options.t_in_epochs,
                            .noise_range_t = options.noise_range_t,
                            .noise_pct = options.noise_pct,
                            .noise_std = options.noise_std,
                            .noise_seed = options.noise_seed,
                            .initialize = options.initialize}),
      decay_t_(std::move(options.decay_t).get()),
      decay_rate_(options.decay_rate),
      warmup_prefix_(options.warmup_prefix) {
  warmup_t_ = options.warmup_t;
  warmup_lr_init_ = options.warmup_lr_init;
  set_up_warmup(base_values_);
}

std::size_t MultiStepLRScheduler::get_curr_decay_steps(Number t) const {
  // bisect.bisect_right(decay_t, t + 1), with Python's probes also when decay_t is not sorted
  // (timm assumes it is and does not check).
  const Number x = detail::add(t, 1);
  std::size_t lo = 0;
  std::size_t hi = decay_t_.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (x < Number(decay_t_[mid])) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

void MultiStepLRScheduler::compute_lr(Number t, std::span<double> lrs) {
  if (warmup_lr(t, lrs)) return;
  if (warmup_prefix_) t = detail::sub(t, warmup_t_);
  if (lrs.empty()) return;
  const double factor = detail::real_pow(decay_rate_, static_cast<double>(get_curr_decay_steps(t)));
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_values_[i] * factor;
}

void MultiStepLRScheduler::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("decay_t", decay_t_);
  visitor.field("decay_rate", decay_rate_);
  visit_warmup_state(visitor);
  visitor.field("warmup_prefix", warmup_prefix_);
}

}  // namespace lrsched::timm
