#include "lrsched/schedulers/cyclic_lr.hpp"

#include <cmath>

#include "lrsched/detail/pymath.hpp"
#include "momentum_cycling.hpp"

namespace lrsched {

using detail::py_div;
using detail::py_pow;

namespace {
// 1.13's momentum set-up: momentum only (Adam-like optimizers are refused), base_momentum
// written on a fresh start, and no group keys.
void init_momentum_v1_13(OptimizerView& optimizer, const CyclicLR::Options& o) {
  if (optimizer.momentum_kind() != MomentumKind::momentum) {
    throw ValueError("optimizer must support momentum with `cycle_momentum` option enabled");
  }
  const std::vector<double> base =
      o.base_momentum.for_groups("base_momentum", optimizer, o.behavior);
  if (o.last_epoch == -1) {
    for (std::size_t i = 0; i < base.size(); ++i) optimizer.set_momentum(i, base[i]);
  }
  (void)o.max_momentum.for_groups("max_momentum", optimizer, o.behavior);
}

// Everything PyTorch does before LRScheduler.__init__: argument checks and the writes of the
// group lr (base_lr) and momentum (max_momentum) that precede the initial step.
std::int64_t prepare(OptimizerView& optimizer, const CyclicLR::Options& o) {
  (void)detail::checked_counter(o.last_epoch, "last_epoch");  // before any write
  const std::vector<double> base_lrs = o.base_lr.get().for_groups("base_lr", optimizer, o.behavior);
  if (o.last_epoch == -1) {
    for (std::size_t i = 0; i < base_lrs.size(); ++i) optimizer.set_lr(i, base_lrs[i]);
  }
  (void)o.max_lr.get().for_groups("max_lr", optimizer, o.behavior);
  const double total = o.step_size_up + o.step_size_down.value_or(o.step_size_up);
  (void)py_div(o.step_size_up, total);
  if (o.mode != "triangular" && o.mode != "triangular2" && o.mode != "exp_range" && !o.scale_fn) {
    throw ValueError("mode is invalid and scale_fn is None");
  }
  if (o.cycle_momentum && o.behavior == TorchBehavior::v1_13) {
    init_momentum_v1_13(optimizer, o);
  } else if (o.cycle_momentum) {
    detail::init_momentum_cycling(optimizer, o.base_momentum, o.max_momentum, o.last_epoch,
                                  detail::MomentumOrder::base_first);
  }
  return o.last_epoch;
}
}  // namespace

CyclicLR::CyclicLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, prepare(optimizer, options), kStepping, options.behavior),
      max_lrs_(options.max_lr.get().for_groups("max_lr", optimizer)),
      total_size_(options.step_size_up + options.step_size_down.value_or(options.step_size_up)),
      step_ratio_(options.step_size_up / total_size_),
      mode_(std::move(options.mode)),
      gamma_(options.gamma),
      scale_fn_custom_(std::move(options.scale_fn)),
      scale_mode_(std::move(options.scale_mode)),
      cycle_momentum_(options.cycle_momentum) {
  init_scale_fn();
  if (cycle_momentum_) {
    use_beta1_ = optimizer.momentum_kind() == MomentumKind::betas;
    base_momentums_ = options.base_momentum.for_groups("base_momentum", optimizer);
    max_momentums_ = options.max_momentum.for_groups("max_momentum", optimizer);
    if (options.behavior == TorchBehavior::v1_13) {
      // 1.13 reads base_momentums back from the groups: on resume, the optimizer's momentum.
      for (std::size_t i = 0; i < base_momentums_.size(); ++i) {
        base_momentums_[i] = optimizer.momentum(i);
      }
    }
  }
  // PyTorch's initial step still sees base_lrs = initial_lr (which an earlier scheduler may have
  // set); base_lr only replaces them afterwards.
  initial_step();
  base_lrs_ = options.base_lr.get().for_groups("base_lr", optimizer);
}

void CyclicLR::init_scale_fn() {
  init_builtin_scale();
  scale_by_cycle_ = scale_mode_ == "cycle";
}

void CyclicLR::init_builtin_scale() {
  if (scale_fn_custom_) return;  // the user's scale_mode stays as given
  if (mode_ == "triangular") {
    builtin_ = BuiltinScale::triangular;
    scale_mode_ = "cycle";
  } else if (mode_ == "triangular2") {
    builtin_ = BuiltinScale::triangular2;
    scale_mode_ = "cycle";
  } else if (mode_ == "exp_range") {
    builtin_ = BuiltinScale::exp_range;
    scale_mode_ = "iterations";
  } else {
    throw ValueError("mode is invalid and scale_fn is None");  // a loaded state with a bad mode
  }
}

double CyclicLR::scale(std::int64_t x) const {
  if (scale_fn_custom_) return scale_fn_custom_(x);
  switch (builtin_) {
    case BuiltinScale::triangular:
      return 1.0;
    case BuiltinScale::triangular2:
      return py_div(1, py_pow(2.0, static_cast<double>(x - 1)));
    case BuiltinScale::exp_range:
      return py_pow(gamma_, static_cast<double>(x));
  }
  return 1.0;
}

double CyclicLR::scale_cycle(double cycle) const {
  // PyTorch's cycle is a Python int, unbounded for a tiny step size; triangular ignores it, and
  // any other scale of a cycle past int64 is an OverflowError (Python's `2. ** cycle` is one too).
  if (!scale_fn_custom_ && builtin_ == BuiltinScale::triangular) return 1.0;
  return scale(detail::py_int(cycle));
}

void CyclicLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool CyclicLR::get_lr(std::span<double> lrs) {
  const auto epoch = static_cast<double>(last_epoch_);
  const double cycle_f = std::floor(1 + py_div(epoch, total_size_));
  const double x = 1.0 + epoch / total_size_ - cycle_f;
  const double scale_factor =
      x <= step_ratio_ ? py_div(x, step_ratio_) : py_div(x - 1, step_ratio_ - 1);
  const double scaled = scale_by_cycle_ ? scale_cycle(cycle_f) : scale(last_epoch_);
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    const double base_height = (max_lrs_[i] - base_lrs_[i]) * scale_factor;
    lrs[i] = base_lrs_[i] + base_height * scaled;
  }
  if (cycle_momentum_) {
    for (std::size_t i = 0; i < lrs.size(); ++i) {
      const double base_height = (max_momentums_[i] - base_momentums_[i]) * scale_factor;
      write_momentum(i, max_momentums_[i] - base_height * scaled);
    }
  }
  return true;
}

void CyclicLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.group_field("max_lrs", max_lrs_);
  visitor.field("total_size", total_size_);
  visitor.field("step_ratio", step_ratio_);
  visitor.field("mode", mode_);
  visitor.field("gamma", gamma_);
  visitor.field("scale_mode", scale_mode_);
  visitor.field("cycle_momentum", cycle_momentum_);
  visitor.field("use_beta1", use_beta1_);
  if (cycle_momentum_) {
    visitor.group_field("base_momentums", base_momentums_);
    visitor.group_field("max_momentums", max_momentums_);
  } else {  // not used: PyTorch keeps whatever was there
    visitor.field("base_momentums", base_momentums_);
    visitor.field("max_momentums", max_momentums_);
  }
  init_scale_fn();  // `load_state_dict` rebuilds the scale function from `mode`
}

}  // namespace lrsched
