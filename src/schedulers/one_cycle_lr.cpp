#include "lrsched/schedulers/one_cycle_lr.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "lrsched/detail/pymath.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "momentum_cycling.hpp"

namespace lrsched {

using detail::py_div;

namespace {
std::int64_t resolve_total_steps(const OneCycleLR::Options& o) {
  if (o.total_steps) return *o.total_steps;  // checked by check_phases
  if (o.behavior == TorchBehavior::v1_13 && (o.epochs || o.steps_per_epoch) &&
      !(o.epochs && o.steps_per_epoch)) {
    // 1.13 compares the missing one with 0.
    throw TypeError("'<=' not supported between instances of 'NoneType' and 'int'");
  }
  if (o.epochs && o.steps_per_epoch) {
    if (*o.epochs <= 0) {
      throw ValueError("Expected positive integer epochs, but got " + std::to_string(*o.epochs));
    }
    if (*o.steps_per_epoch <= 0) {
      throw ValueError("Expected positive integer steps_per_epoch, but got " +
                       std::to_string(*o.steps_per_epoch));
    }
    std::int64_t total = 0;
    // Python's ints do not overflow; an int64 product past the range is an OverflowError here.
    if (__builtin_mul_overflow(*o.epochs, *o.steps_per_epoch, &total)) {
      throw OverflowError("epochs * steps_per_epoch exceeds the 64-bit range of a step counter");
    }
    return total;
  }
  throw ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)");
}

// The constructor's checks of the values a state holds, also applied to a loaded state.
void check_phases(std::int64_t total_steps, double pct_start, const std::string& anneal_strategy,
                  TorchBehavior behavior) {
  if (total_steps <= 0) {
    throw ValueError("Expected positive integer total_steps, but got " +
                     std::to_string(total_steps));
  }
  if (pct_start < 0 || pct_start > 1) {
    throw ValueError("Expected float between 0 and 1 pct_start, but got " +
                     detail::py_float_repr(pct_start));
  }
  if (anneal_strategy != "cos" && anneal_strategy != "linear") {
    // "must by" is 1.13's text, typo included.
    throw ValueError(std::string("anneal_strategy must ") +
                     (behavior == TorchBehavior::newest ? "be" : "by") +
                     " one of 'cos' or 'linear', instead got " + anneal_strategy);
  }
}

// PyTorch validates and writes the group keys before LRScheduler.__init__.
std::int64_t prepare(OptimizerView& optimizer, const OneCycleLR::Options& o) {
  (void)detail::checked_counter(o.last_epoch, "last_epoch");  // before any write
  check_phases(resolve_total_steps(o), o.pct_start, o.anneal_strategy, o.behavior);
  const auto max_lrs = o.max_lr.get().for_groups("max_lr", optimizer, o.behavior);
  if (o.last_epoch == -1) {
    for (std::size_t i = 0; i < max_lrs.size(); ++i) {
      const double initial_lr = max_lrs[i] / o.div_factor;
      optimizer.set_key(i, GroupKey::initial_lr, initial_lr);  // overwritten, not setdefault
      optimizer.set_key(i, GroupKey::max_lr, max_lrs[i]);
      optimizer.set_key(i, GroupKey::min_lr, initial_lr / o.final_div_factor);
    }
  }
  if (o.cycle_momentum) {
    detail::init_momentum_cycling(optimizer, o.base_momentum, o.max_momentum, o.last_epoch,
                                  detail::MomentumOrder::max_first, o.behavior);
  }
  return o.last_epoch;
}
}  // namespace

OneCycleLR::OneCycleLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, prepare(optimizer, options), kStepping, options.behavior),
      total_steps_(resolve_total_steps(options)),
      pct_start_(options.pct_start),
      three_phase_(options.three_phase),
      anneal_strategy_(std::move(options.anneal_strategy)),
      cycle_momentum_(options.cycle_momentum) {
  if (cycle_momentum_) use_beta1_ = optimizer.momentum_kind() == MomentumKind::betas;
  build_phases();
  initial_step();
}

void OneCycleLR::build_phases() {
  cos_ = anneal_strategy_ == "cos";
  const auto total = static_cast<double>(total_steps_);
  using K = GroupKey;
  if (three_phase_) {
    phases_[0] = {pct_start_ * total - 1, K::initial_lr, K::max_lr, K::max_momentum,
                  K::base_momentum};
    phases_[1] = {2 * pct_start_ * total - 2, K::max_lr, K::initial_lr, K::base_momentum,
                  K::max_momentum};
    phases_[2] = {total - 1, K::initial_lr, K::min_lr, K::max_momentum, K::max_momentum};
    phase_count_ = 3;
  } else {
    phases_[0] = {pct_start_ * total - 1, K::initial_lr, K::max_lr, K::max_momentum,
                  K::base_momentum};
    phases_[1] = {total - 1, K::max_lr, K::min_lr, K::base_momentum, K::max_momentum};
    phase_count_ = 2;
  }
}

// `_annealing_cos` / `_annealing_linear`; `cos_term` is `math.cos(math.pi * pct) + 1`, computed
// once for the lr and the momentum, which PyTorch evaluates twice to the same double.
double OneCycleLR::anneal(double start, double end, double pct, double cos_term) const {
  // PyTorch's own order here, not detail::cosine_anneal's or detail::linear_ramp's.
  if (cos_) return end + (start - end) / 2.0 * cos_term;
  return (end - start) * pct + start;
}

void OneCycleLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool OneCycleLR::get_lr(std::span<double> lrs) {
  const std::int64_t step_num = last_epoch_;
  if (step_num > total_steps_) {
    // 1.13 reported one step more than it took.
    const std::int64_t shown = torch_behavior() == TorchBehavior::newest ? step_num : step_num + 1;
    throw ValueError("Tried to step " + std::to_string(shown) +
                     " times. The specified number of total steps is " +
                     std::to_string(total_steps_));
  }
  const auto step = static_cast<double>(step_num);
  for (std::size_t g = 0; g < lrs.size(); ++g) {
    double start_step = 0.0;
    for (std::size_t p = 0; p < phase_count_; ++p) {
      const Phase& phase = phases_[p];
      if (step <= phase.end_step || p == phase_count_ - 1) {
        const double pct = py_div(step - start_step, phase.end_step - start_step);
        // Keys read in Python's left-to-right order, so a missing one is reported as PyTorch does.
        const double start_lr = optimizer_->require_key(g, phase.start_lr);
        const double end_lr = optimizer_->require_key(g, phase.end_lr);
        const double cos_term = cos_ ? std::cos(std::numbers::pi * pct) + 1 : 0.0;
        lrs[g] = anneal(start_lr, end_lr, pct, cos_term);
        if (cycle_momentum_) {
          const double start_momentum = optimizer_->require_key(g, phase.start_momentum);
          const double end_momentum = optimizer_->require_key(g, phase.end_momentum);
          write_momentum(g, anneal(start_momentum, end_momentum, pct, cos_term));
        }
        break;
      }
      start_step = phase.end_step;
    }
  }
  return true;
}

void OneCycleLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("total_steps", total_steps_);
  visitor.field("_pct_start", pct_start_);
  visitor.field("_three_phase", three_phase_);
  visitor.field("_anneal_func_type", anneal_strategy_);
  visitor.field("cycle_momentum", cycle_momentum_);
  visitor.field("use_beta1", use_beta1_);
  check_phases(total_steps_, pct_start_, anneal_strategy_, torch_behavior());
  build_phases();  // PyTorch stores `_schedule_phases`; they follow from these fields
}

}  // namespace lrsched
