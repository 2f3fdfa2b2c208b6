#include "lrsched/families/transformers.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <numbers>
#include <string>
#include <utility>

#include "lrsched/detail/pymath.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"

namespace lrsched::transformers {

namespace {

using detail::py_div;
using detail::py_float_repr;
using detail::py_fmod;
using detail::py_pow;
using detail::py_true_div;
using schedules::Schedule;

// --- Python's arithmetic on the lambdas' ints and floats ----------------------------------------

/// `a - b` on Python ints: OverflowError where int64 would wrap.
std::int64_t int_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) detail::throw_int_overflow();
  return r;
}

/// `a + b` on Python ints.
std::int64_t int_add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) detail::throw_int_overflow();
  return r;
}

/// `float(n)`: round to nearest, as Python converts an int.
double to_float(std::int64_t n) { return static_cast<double>(n); }

/// `math.cos(x)`: ValueError for an infinite argument (a NaN gives NaN), as CPython's math module.
double py_cos(double x) {
  if (std::isinf(x)) throw ValueError("math domain error");
  return std::cos(x);
}

/// `math.sqrt(x)`: ValueError below zero (`sqrt(-0.0)` is -0.0, as in Python).
double py_sqrt(double x) {
  if (x < 0.0) throw ValueError("math domain error");
  return std::sqrt(x);
}

/// `float(current_step) / float(max(1, num_warmup_steps))`: the linear warmup of every lambda but
/// the `_lr_rate` one. (`max(1.0, num_warmup_steps)` in the constant schedule's is the same
/// number: both are the int when it is above 1.)
double warmup_factor(std::int64_t step, std::int64_t num_warmup_steps) {
  return to_float(step) / to_float(std::max<std::int64_t>(1, num_warmup_steps));
}

// Python's `max(0, x)` and `max(0.0, x)` return `x` only when `x > 0`, else the 0: so does
// `std::max(0.0, x)` (it returns its second argument only when the first is less), NaN and -0.0
// included. LambdaLR multiplies an int 0 and a float 0.0 alike.

constexpr double kPi = std::numbers::pi;  // math.pi

// --- the lambdas ---------------------------------------------------------------------------------

class ConstantWithWarmupNode final : public Schedule::Node {
 public:
  explicit ConstantWithWarmupNode(std::int64_t num_warmup_steps) : w_(num_warmup_steps) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    if (step < w_) return warmup_factor(step, w_);
    return 1.0;
  }

 private:
  std::int64_t w_;
};

class LinearWithWarmupNode final : public Schedule::Node {
 public:
  LinearWithWarmupNode(std::int64_t num_warmup_steps, std::int64_t num_training_steps)
      : w_(num_warmup_steps), t_(num_training_steps) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    if (step < w_) return warmup_factor(step, w_);
    return std::max(
        0.0, to_float(int_sub(t_, step)) / to_float(std::max<std::int64_t>(1, int_sub(t_, w_))));
  }

 private:
  std::int64_t w_;
  std::int64_t t_;
};

class CosineWithWarmupNode final : public Schedule::Node {
 public:
  CosineWithWarmupNode(std::int64_t num_warmup_steps, std::int64_t num_training_steps,
                       double num_cycles, double min_lr_rate)
      : w_(num_warmup_steps), t_(num_training_steps), cycles_(num_cycles), rate_(min_lr_rate) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    if (step < w_) return warmup_factor(step, w_);
    // No clamp: past num_training_steps the progress exceeds 1 and the cosine rises again.
    const double progress =
        to_float(int_sub(step, w_)) / to_float(std::max<std::int64_t>(1, int_sub(t_, w_)));
    double factor = 0.5 * (1.0 + py_cos(kPi * cycles_ * 2.0 * progress));
    factor = factor * (1 - rate_) + rate_;
    return std::max(0.0, factor);
  }

 private:
  std::int64_t w_;
  std::int64_t t_;
  double cycles_;
  double rate_;
};

class HardRestartsNode final : public Schedule::Node {
 public:
  HardRestartsNode(std::int64_t num_warmup_steps, std::int64_t num_training_steps,
                   double num_cycles)
      : w_(num_warmup_steps), t_(num_training_steps), cycles_(num_cycles) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    if (step < w_) return warmup_factor(step, w_);
    const double progress =
        to_float(int_sub(step, w_)) / to_float(std::max<std::int64_t>(1, int_sub(t_, w_)));
    if (progress >= 1.0) return 0.0;
    return std::max(0.0, 0.5 * (1.0 + py_cos(kPi * py_fmod(cycles_ * progress, 1.0))));
  }

 private:
  std::int64_t w_;
  std::int64_t t_;
  double cycles_;
};

class PolynomialNode final : public Schedule::Node {
 public:
  PolynomialNode(std::int64_t num_warmup_steps, std::int64_t num_training_steps, double lr_end,
                 double power, double lr_init)
      : w_(num_warmup_steps),
        t_(num_training_steps),
        lr_end_(lr_end),
        power_(power),
        lr_init_(lr_init) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    if (step < w_) return warmup_factor(step, w_);
    if (step > t_) return py_div(lr_end_, lr_init_);
    const double lr_range = lr_init_ - lr_end_;
    const std::int64_t decay_steps = int_sub(t_, w_);
    // Int true division, unguarded: ZeroDivisionError("division by zero") when t == w.
    const double pct_remaining = 1 - py_true_div(int_sub(step, w_), decay_steps);
    const double decay = lr_range * py_pow(pct_remaining, power_) + lr_end_;
    return py_div(decay, lr_init_);
  }

 private:
  std::int64_t w_;
  std::int64_t t_;
  double lr_end_;
  double power_;  // a run-time exponent: pow(x, 2.0) is not always x * x
  double lr_init_;
};

class InverseSqrtNode final : public Schedule::Node {
 public:
  InverseSqrtNode(std::int64_t num_warmup_steps, std::int64_t timescale)
      : w_(num_warmup_steps), timescale_(timescale) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    if (step < w_) return warmup_factor(step, w_);
    const std::int64_t shift = int_sub(timescale_, w_);
    // Int true division (timescale 0: "division by zero"), then a float one (a square root of 0
    // or -0.0: "float division by zero").
    return py_div(1.0, py_sqrt(py_true_div(int_add(step, shift), timescale_)));
  }

 private:
  std::int64_t w_;
  std::int64_t timescale_;
};

class CosineLrRateNode final : public Schedule::Node {
 public:
  CosineLrRateNode(std::int64_t num_warmup_steps, std::int64_t num_training_steps,
                   double num_cycles, double min_lr_rate, std::optional<double> warmup_lr_rate)
      : w_(to_float(num_warmup_steps)),
        t_(to_float(num_training_steps)),
        cycles_(num_cycles),
        rate_(min_lr_rate),
        warmup_rate_(warmup_lr_rate) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    // Upstream converts the step and both lengths to floats first, and compares floats.
    const double current = to_float(step);
    if (current < w_) {
      if (!warmup_rate_) return (current + 1.) / std::max(1., w_);
      const double r = *warmup_rate_;
      return r + (1.0 - r) * current / std::max(1.0, w_ - 1);  // max(1, w - 1): 1 or w - 1
    }
    const double progress = (current - w_ + 1.) / std::max(1., t_ - w_);
    double factor = 0.5 * (1.0 + py_cos(kPi * cycles_ * 2.0 * progress));
    factor = factor * (1 - rate_) + rate_;
    return std::max(0.0, factor);
  }

 private:
  double w_;
  double t_;
  double cycles_;
  double rate_;
  std::optional<double> warmup_rate_;
};

enum class WsdShape : std::uint8_t { linear, cosine, one_minus_sqrt };

std::optional<WsdShape> wsd_shape(std::string_view type) {
  if (type == "linear") return WsdShape::linear;
  if (type == "cosine") return WsdShape::cosine;
  if (type == "1-sqrt") return WsdShape::one_minus_sqrt;
  return std::nullopt;
}

WsdShape checked_wsd_shape(std::string_view type, const char* phase) {
  if (auto shape = wsd_shape(type)) return *shape;
  throw ValueError("Unknown " + std::string(phase) + " type: " + std::string(type) +
                   ", expected 'linear', 'cosine' or '1-sqrt'");
}

class WsdNode final : public Schedule::Node {
 public:
  WsdNode(std::int64_t num_warmup_steps, std::int64_t num_stable_steps,
          std::int64_t num_decay_steps, WsdShape warmup, WsdShape decay, double min_lr_ratio,
          double num_cycles)
      : w_(num_warmup_steps),
        s_(num_stable_steps),
        d_(num_decay_steps),
        warmup_(warmup),
        decay_(decay),
        ratio_(min_lr_ratio),
        cycles_(num_cycles) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    if (step < w_) {
      const double progress = warmup_factor(step, w_);
      double factor = progress;
      if (warmup_ == WsdShape::cosine) {
        factor = 0.5 * (1.0 - py_cos(kPi * progress));
      } else if (warmup_ == WsdShape::one_minus_sqrt) {
        factor = 1.0 - py_sqrt(1.0 - progress);
      }
      factor = factor * (1.0 - ratio_) + ratio_;
      return std::max(0.0, factor);
    }
    const std::int64_t stable_end = int_add(w_, s_);
    if (step < stable_end) return 1.0;
    if (step < int_add(stable_end, d_)) {
      const double progress =
          to_float(int_sub(int_sub(step, w_), s_)) / to_float(std::max<std::int64_t>(1, d_));
      double factor = 1.0 - progress;
      if (decay_ == WsdShape::cosine) {
        factor = 0.5 * (1.0 + py_cos(kPi * cycles_ * 2.0 * progress));
      } else if (decay_ == WsdShape::one_minus_sqrt) {
        factor = 1.0 - py_sqrt(progress);
      }
      factor = factor * (1.0 - ratio_) + ratio_;
      return std::max(0.0, factor);
    }
    return ratio_;
  }

 private:
  std::int64_t w_;
  std::int64_t s_;
  std::int64_t d_;
  WsdShape warmup_;
  WsdShape decay_;
  double ratio_;
  double cycles_;
};

// --- the functions' shared steps -----------------------------------------------------------------

template <class NodeType, class... Args>
Schedule make_schedule(Args&&... args) {
  return Schedule(std::make_shared<const NodeType>(std::forward<Args>(args)...));
}

/// The LambdaLR a function returns: factor mode, `last_epoch` as given, named after the function.
ScheduleLR::Options lambda_lr(Schedule schedule, std::int64_t last_epoch, const char* name) {
  return {.schedule = std::move(schedule),
          .mode = ScheduleLR::Mode::factor,
          .last_epoch = last_epoch,
          .name = name};
}

/// The cosine-with-min-lr schedules' `min_lr_rate`: exactly one of the two, `min_lr` divided by
/// `optimizer.defaults["lr"]`. `min_lr` is a list only through `get_scheduler`'s kwargs, where
/// Python's division refuses it.
double resolve_min_lr_rate(const OptimizerView& optimizer, const std::optional<PerGroup>& min_lr,
                           std::optional<double> min_lr_rate) {
  if (min_lr && min_lr_rate) throw ValueError("Only one of min_lr or min_lr_rate should be set");
  if (min_lr) {
    if (min_lr->is_list()) {
      throw TypeError("unsupported operand type(s) for /: 'list' and 'float'");
    }
    return py_div(min_lr->values().front(), optimizer.default_lr());
  }
  if (!min_lr_rate) {
    throw ValueError(
        "One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`");
  }
  return *min_lr_rate;
}

std::optional<PerGroup> as_per_group(std::optional<double> value) {
  if (!value) return std::nullopt;
  return PerGroup(*value);
}

ScheduleLR::Options constant_options(const ConstantScheduleOptions& o) {
  return lambda_lr(constant_lambda(), o.last_epoch, "get_constant_schedule");
}

ScheduleLR::Options constant_with_warmup_options(const ConstantScheduleWithWarmupOptions& o) {
  return lambda_lr(constant_schedule_with_warmup_lr_lambda(o.num_warmup_steps), o.last_epoch,
                   "get_constant_schedule_with_warmup");
}

ScheduleLR::Options linear_options(const LinearScheduleWithWarmupOptions& o) {
  return lambda_lr(linear_schedule_with_warmup_lr_lambda(o.num_warmup_steps, o.num_training_steps),
                   o.last_epoch, "get_linear_schedule_with_warmup");
}

ScheduleLR::Options cosine_options(const CosineScheduleWithWarmupOptions& o) {
  return lambda_lr(
      cosine_schedule_with_warmup_lr_lambda(o.num_warmup_steps, o.num_training_steps, o.num_cycles),
      o.last_epoch, "get_cosine_schedule_with_warmup");
}

ScheduleLR::Options hard_restarts_options(
    const CosineWithHardRestartsScheduleWithWarmupOptions& o) {
  return lambda_lr(cosine_with_hard_restarts_schedule_with_warmup_lr_lambda(
                       o.num_warmup_steps, o.num_training_steps, o.num_cycles),
                   o.last_epoch, "get_cosine_with_hard_restarts_schedule_with_warmup");
}

ScheduleLR::Options polynomial_options(const OptimizerView& optimizer,
                                       const PolynomialDecayScheduleWithWarmupOptions& o) {
  const double lr_init = optimizer.default_lr();
  if (!(lr_init > o.lr_end)) {
    throw ValueError("lr_end (" + py_float_repr(o.lr_end) + ") must be smaller than initial lr (" +
                     py_float_repr(lr_init) + ")");
  }
  return lambda_lr(polynomial_decay_schedule_with_warmup_lr_lambda(
                       o.num_warmup_steps, o.num_training_steps, o.lr_end, o.power, lr_init),
                   o.last_epoch, "get_polynomial_decay_schedule_with_warmup");
}

ScheduleLR::Options inverse_sqrt_options(const InverseSqrtScheduleOptions& o) {
  const std::int64_t w = o.num_warmup_steps;
  // `timescale = num_warmup_steps or 10_000`; an explicit 0 stays 0.
  const std::int64_t timescale = o.timescale ? *o.timescale : (w != 0 ? w : 10'000);
  return lambda_lr(inverse_sqrt_schedule_lr_lambda(w, timescale), o.last_epoch,
                   "get_inverse_sqrt_schedule");
}

ScheduleLR::Options cosine_with_min_lr_options(const OptimizerView& optimizer,
                                               const CosineWithMinLrScheduleWithWarmupOptions& o,
                                               const std::optional<PerGroup>& min_lr) {
  const double rate = resolve_min_lr_rate(optimizer, min_lr, o.min_lr_rate);
  return lambda_lr(cosine_schedule_with_warmup_lr_lambda(o.num_warmup_steps, o.num_training_steps,
                                                         o.num_cycles, rate),
                   o.last_epoch, "get_cosine_with_min_lr_schedule_with_warmup");
}

ScheduleLR::Options cosine_lr_rate_options(const OptimizerView& optimizer,
                                           const CosineWithMinLrScheduleWithWarmupLrRateOptions& o,
                                           const std::optional<PerGroup>& min_lr) {
  const double rate = resolve_min_lr_rate(optimizer, min_lr, o.min_lr_rate);
  return lambda_lr(
      cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda(
          o.num_warmup_steps, o.num_training_steps, o.num_cycles, rate, o.warmup_lr_rate),
      o.last_epoch, "get_cosine_with_min_lr_schedule_with_warmup_lr_rate");
}

ScheduleLR::Options wsd_options(const WsdScheduleOptions& o) {
  if (!o.num_training_steps && !o.num_stable_steps) {
    throw ValueError("Either num_training_steps or num_stable_steps must be specified.");
  }
  if (o.num_training_steps && o.num_stable_steps) {
    warn(
        "Both num_training_steps and num_stable_steps are specified. num_stable_steps will be "
        "used.");
  }
  const WsdShape warmup = checked_wsd_shape(o.warmup_type, "warmup");
  const WsdShape decay = checked_wsd_shape(o.decay_type, "decay");
  const std::int64_t stable =
      o.num_stable_steps
          ? *o.num_stable_steps
          : int_sub(int_sub(*o.num_training_steps, o.num_warmup_steps), o.num_decay_steps);
  return lambda_lr(make_schedule<WsdNode>(o.num_warmup_steps.get(), stable, o.num_decay_steps.get(),
                                          warmup, decay, o.min_lr_ratio, o.num_cycles),
                   o.last_epoch, "get_wsd_schedule");
}

// --- get_scheduler's keyword arguments -----------------------------------------------------------

constexpr std::array<std::string_view, 11> kTypeValues = {"linear",
                                                          "cosine",
                                                          "cosine_with_restarts",
                                                          "polynomial",
                                                          "constant",
                                                          "constant_with_warmup",
                                                          "inverse_sqrt",
                                                          "reduce_lr_on_plateau",
                                                          "cosine_with_min_lr",
                                                          "cosine_warmup_with_min_lr",
                                                          "warmup_stable_decay"};
constexpr std::array<std::string_view, 11> kTypeMembers = {"LINEAR",
                                                           "COSINE",
                                                           "COSINE_WITH_RESTARTS",
                                                           "POLYNOMIAL",
                                                           "CONSTANT",
                                                           "CONSTANT_WITH_WARMUP",
                                                           "INVERSE_SQRT",
                                                           "REDUCE_ON_PLATEAU",
                                                           "COSINE_WITH_MIN_LR",
                                                           "COSINE_WARMUP_WITH_MIN_LR",
                                                           "WARMUP_STABLE_DECAY"};

/// Each keyword of SchedulerSpecificKwargs, in declaration order, with whether it is set.
std::array<std::pair<std::string_view, bool>, 20> given_kwargs(const SchedulerSpecificKwargs& k) {
  return {{{"num_cycles", k.num_cycles.has_value()},
           {"last_epoch", k.last_epoch.has_value()},
           {"lr_end", k.lr_end.has_value()},
           {"power", k.power.has_value()},
           {"timescale", k.timescale.has_value()},
           {"min_lr", k.min_lr.has_value()},
           {"min_lr_rate", k.min_lr_rate.has_value()},
           {"warmup_lr_rate", k.warmup_lr_rate.has_value()},
           {"num_decay_steps", k.num_decay_steps.has_value()},
           {"num_stable_steps", k.num_stable_steps.has_value()},
           {"warmup_type", k.warmup_type.has_value()},
           {"decay_type", k.decay_type.has_value()},
           {"min_lr_ratio", k.min_lr_ratio.has_value()},
           {"mode", k.mode.has_value()},
           {"factor", k.factor.has_value()},
           {"patience", k.patience.has_value()},
           {"threshold", k.threshold.has_value()},
           {"threshold_mode", k.threshold_mode.has_value()},
           {"cooldown", k.cooldown.has_value()},
           {"eps", k.eps.has_value()}}};
}

/// Python's binding of `**kwargs` to `function`'s parameters: the first keyword it does not take
/// is a TypeError.
void check_kwargs(const SchedulerSpecificKwargs& kwargs, std::string_view function,
                  std::initializer_list<std::string_view> accepted) {
  for (const auto& [name, given] : given_kwargs(kwargs)) {
    if (given && std::find(accepted.begin(), accepted.end(), name) == accepted.end()) {
      throw TypeError(std::string(function) + "() got an unexpected keyword argument '" +
                      std::string(name) + "'");
    }
  }
}

template <class T>
void set_if(const std::optional<T>& given, T& target) {
  if (given) target = *given;
}

[[noreturn]] void throw_requires(SchedulerType name, const char* argument) {
  throw ValueError("SchedulerType." + std::string(member_name(name)) + " requires `" + argument +
                   "`, please provide that argument.");
}

}  // namespace

// --- the lambdas ---------------------------------------------------------------------------------

Schedule constant_lambda() { return schedules::constant(1.0); }

Schedule constant_schedule_with_warmup_lr_lambda(std::int64_t num_warmup_steps) {
  return make_schedule<ConstantWithWarmupNode>(num_warmup_steps);
}

Schedule linear_schedule_with_warmup_lr_lambda(std::int64_t num_warmup_steps,
                                               std::int64_t num_training_steps) {
  return make_schedule<LinearWithWarmupNode>(num_warmup_steps, num_training_steps);
}

Schedule cosine_schedule_with_warmup_lr_lambda(std::int64_t num_warmup_steps,
                                               std::int64_t num_training_steps, double num_cycles,
                                               double min_lr_rate) {
  return make_schedule<CosineWithWarmupNode>(num_warmup_steps, num_training_steps, num_cycles,
                                             min_lr_rate);
}

Schedule cosine_with_hard_restarts_schedule_with_warmup_lr_lambda(std::int64_t num_warmup_steps,
                                                                  std::int64_t num_training_steps,
                                                                  double num_cycles) {
  return make_schedule<HardRestartsNode>(num_warmup_steps, num_training_steps, num_cycles);
}

Schedule polynomial_decay_schedule_with_warmup_lr_lambda(std::int64_t num_warmup_steps,
                                                         std::int64_t num_training_steps,
                                                         double lr_end, double power,
                                                         double lr_init) {
  return make_schedule<PolynomialNode>(num_warmup_steps, num_training_steps, lr_end, power,
                                       lr_init);
}

Schedule inverse_sqrt_schedule_lr_lambda(std::int64_t num_warmup_steps, std::int64_t timescale) {
  return make_schedule<InverseSqrtNode>(num_warmup_steps, timescale);
}

Schedule cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda(
    std::int64_t num_warmup_steps, std::int64_t num_training_steps, double num_cycles,
    double min_lr_rate, std::optional<double> warmup_lr_rate) {
  return make_schedule<CosineLrRateNode>(num_warmup_steps, num_training_steps, num_cycles,
                                         min_lr_rate, warmup_lr_rate);
}

Schedule wsd_scheduler_lambda(std::int64_t num_warmup_steps, std::int64_t num_stable_steps,
                              std::int64_t num_decay_steps, std::string_view warmup_type,
                              std::string_view decay_type, double min_lr_ratio, double num_cycles) {
  const WsdShape warmup = checked_wsd_shape(warmup_type, "warmup");
  const WsdShape decay = checked_wsd_shape(decay_type, "decay");
  return make_schedule<WsdNode>(num_warmup_steps, num_stable_steps, num_decay_steps, warmup, decay,
                                min_lr_ratio, num_cycles);
}

// --- the schedule functions ----------------------------------------------------------------------

ScheduleLR get_constant_schedule(OptimizerView& optimizer, ConstantScheduleOptions options) {
  return {optimizer, constant_options(options)};
}

ScheduleLR get_constant_schedule_with_warmup(OptimizerView& optimizer,
                                             ConstantScheduleWithWarmupOptions options) {
  return {optimizer, constant_with_warmup_options(options)};
}

ScheduleLR get_linear_schedule_with_warmup(OptimizerView& optimizer,
                                           LinearScheduleWithWarmupOptions options) {
  return {optimizer, linear_options(options)};
}

ScheduleLR get_cosine_schedule_with_warmup(OptimizerView& optimizer,
                                           CosineScheduleWithWarmupOptions options) {
  return {optimizer, cosine_options(options)};
}

ScheduleLR get_cosine_with_hard_restarts_schedule_with_warmup(
    OptimizerView& optimizer, CosineWithHardRestartsScheduleWithWarmupOptions options) {
  return {optimizer, hard_restarts_options(options)};
}

ScheduleLR get_polynomial_decay_schedule_with_warmup(
    OptimizerView& optimizer, PolynomialDecayScheduleWithWarmupOptions options) {
  return {optimizer, polynomial_options(optimizer, options)};
}

ScheduleLR get_inverse_sqrt_schedule(OptimizerView& optimizer, InverseSqrtScheduleOptions options) {
  return {optimizer, inverse_sqrt_options(options)};
}

ScheduleLR get_cosine_with_min_lr_schedule_with_warmup(
    OptimizerView& optimizer, CosineWithMinLrScheduleWithWarmupOptions options) {
  return {optimizer, cosine_with_min_lr_options(optimizer, options, as_per_group(options.min_lr))};
}

ScheduleLR get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
    OptimizerView& optimizer, CosineWithMinLrScheduleWithWarmupLrRateOptions options) {
  return {optimizer, cosine_lr_rate_options(optimizer, options, as_per_group(options.min_lr))};
}

ScheduleLR get_wsd_schedule(OptimizerView& optimizer, const WsdScheduleOptions& options) {
  return {optimizer, wsd_options(options)};
}

ReduceLROnPlateau get_reduce_on_plateau_schedule(OptimizerView& optimizer,
                                                 ReduceLROnPlateau::Options options) {
  return {optimizer, std::move(options)};
}

// --- get_scheduler -------------------------------------------------------------------------------

std::span<const SchedulerType> scheduler_types() noexcept {
  static constexpr auto kAll = [] {
    std::array<SchedulerType, kTypeValues.size()> all{};
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<SchedulerType>(i);
    return all;
  }();
  return kAll;
}

std::string_view to_string(SchedulerType type) noexcept {
  const auto i = static_cast<std::size_t>(type);
  return i < kTypeValues.size() ? kTypeValues[i] : std::string_view();
}

std::string_view member_name(SchedulerType type) noexcept {
  const auto i = static_cast<std::size_t>(type);
  return i < kTypeMembers.size() ? kTypeMembers[i] : std::string_view();
}

SchedulerType scheduler_type(std::string_view value) {
  for (std::size_t i = 0; i < kTypeValues.size(); ++i) {
    if (kTypeValues[i] == value) return static_cast<SchedulerType>(i);
  }
  // ExplicitEnum._missing_: `f"{value} is not a valid {cls.__name__}, please select one of
  // {list(cls._value2member_map_.keys())}"`.
  std::string values;
  for (const std::string_view v : kTypeValues) {
    values += (values.empty() ? "'" : ", '") + std::string(v) + "'";
  }
  throw ValueError(std::string(value) + " is not a valid SchedulerType, please select one of [" +
                   values + "]");
}

std::unique_ptr<Scheduler> get_scheduler(std::string_view name, OptimizerView& optimizer,
                                         GetSchedulerOptions options) {
  return get_scheduler(scheduler_type(name), optimizer, std::move(options));
}

std::unique_ptr<Scheduler> get_scheduler(SchedulerType name, OptimizerView& optimizer,
                                         GetSchedulerOptions options) {
  const SchedulerSpecificKwargs& kw = options.scheduler_specific_kwargs;
  const auto make = [&optimizer](ScheduleLR::Options o) -> std::unique_ptr<Scheduler> {
    return std::make_unique<ScheduleLR>(optimizer, std::move(o));
  };

  // `constant` takes the optimizer alone: lengths and kwargs are dropped.
  if (name == SchedulerType::constant) return make(constant_options({}));

  if (name == SchedulerType::reduce_on_plateau) {
    check_kwargs(
        kw, "ReduceLROnPlateau.__init__",
        {"mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"});
    ReduceLROnPlateau::Options o;
    set_if(kw.mode, o.mode);
    set_if(kw.factor, o.factor);
    set_if(kw.patience, o.patience);
    set_if(kw.threshold, o.threshold);
    set_if(kw.threshold_mode, o.threshold_mode);
    set_if(kw.cooldown, o.cooldown);
    set_if(kw.min_lr, o.min_lr);
    set_if(kw.eps, o.eps);
    return std::make_unique<ReduceLROnPlateau>(optimizer, std::move(o));
  }

  if (!options.num_warmup_steps) throw_requires(name, "num_warmup_steps");
  const std::int64_t w = *options.num_warmup_steps;

  // Only num_warmup_steps: the kwargs are dropped (an inverse_sqrt timescale too).
  if (name == SchedulerType::constant_with_warmup) {
    return make(constant_with_warmup_options({.num_warmup_steps = w}));
  }
  if (name == SchedulerType::inverse_sqrt) {
    return make(inverse_sqrt_options({.num_warmup_steps = w}));
  }

  if (name == SchedulerType::warmup_stable_decay) {
    // num_training_steps passed as given (None too); an explicit num_stable_steps wins.
    check_kwargs(kw, "get_wsd_schedule",
                 {"num_decay_steps", "num_stable_steps", "warmup_type", "decay_type",
                  "min_lr_ratio", "num_cycles", "last_epoch"});
    if (!kw.num_decay_steps) {
      throw TypeError(
          "get_wsd_schedule() missing 1 required positional argument: 'num_decay_steps'");
    }
    WsdScheduleOptions o{.num_warmup_steps = w,
                         .num_decay_steps = *kw.num_decay_steps,
                         .num_training_steps = options.num_training_steps,
                         .num_stable_steps = kw.num_stable_steps};
    set_if(kw.warmup_type, o.warmup_type);
    set_if(kw.decay_type, o.decay_type);
    set_if(kw.min_lr_ratio, o.min_lr_ratio);
    set_if(kw.num_cycles, o.num_cycles);
    set_if(kw.last_epoch, o.last_epoch);
    return make(wsd_options(o));
  }

  if (!options.num_training_steps) throw_requires(name, "num_training_steps");
  const std::int64_t t = *options.num_training_steps;

  switch (name) {
    case SchedulerType::linear: {
      check_kwargs(kw, "get_linear_schedule_with_warmup", {"last_epoch"});
      LinearScheduleWithWarmupOptions o{.num_warmup_steps = w, .num_training_steps = t};
      set_if(kw.last_epoch, o.last_epoch);
      return make(linear_options(o));
    }
    case SchedulerType::cosine: {
      check_kwargs(kw, "get_cosine_schedule_with_warmup", {"num_cycles", "last_epoch"});
      CosineScheduleWithWarmupOptions o{.num_warmup_steps = w, .num_training_steps = t};
      set_if(kw.num_cycles, o.num_cycles);
      set_if(kw.last_epoch, o.last_epoch);
      return make(cosine_options(o));
    }
    case SchedulerType::cosine_with_restarts: {
      check_kwargs(kw, "get_cosine_with_hard_restarts_schedule_with_warmup",
                   {"num_cycles", "last_epoch"});
      CosineWithHardRestartsScheduleWithWarmupOptions o{.num_warmup_steps = w,
                                                        .num_training_steps = t};
      set_if(kw.num_cycles, o.num_cycles);
      set_if(kw.last_epoch, o.last_epoch);
      return make(hard_restarts_options(o));
    }
    case SchedulerType::polynomial: {
      check_kwargs(kw, "get_polynomial_decay_schedule_with_warmup",
                   {"lr_end", "power", "last_epoch"});
      PolynomialDecayScheduleWithWarmupOptions o{.num_warmup_steps = w, .num_training_steps = t};
      set_if(kw.lr_end, o.lr_end);
      set_if(kw.power, o.power);
      set_if(kw.last_epoch, o.last_epoch);
      return make(polynomial_options(optimizer, o));
    }
    case SchedulerType::cosine_with_min_lr: {
      check_kwargs(kw, "get_cosine_with_min_lr_schedule_with_warmup",
                   {"num_cycles", "last_epoch", "min_lr", "min_lr_rate"});
      CosineWithMinLrScheduleWithWarmupOptions o{.num_warmup_steps = w, .num_training_steps = t};
      set_if(kw.num_cycles, o.num_cycles);
      set_if(kw.last_epoch, o.last_epoch);
      o.min_lr_rate = kw.min_lr_rate;
      return make(cosine_with_min_lr_options(optimizer, o, kw.min_lr));
    }
    case SchedulerType::cosine_warmup_with_min_lr: {
      check_kwargs(kw, "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
                   {"num_cycles", "last_epoch", "min_lr", "min_lr_rate", "warmup_lr_rate"});
      CosineWithMinLrScheduleWithWarmupLrRateOptions o{.num_warmup_steps = w,
                                                       .num_training_steps = t};
      set_if(kw.num_cycles, o.num_cycles);
      set_if(kw.last_epoch, o.last_epoch);
      o.min_lr_rate = kw.min_lr_rate;
      o.warmup_lr_rate = kw.warmup_lr_rate;
      return make(cosine_lr_rate_options(optimizer, o, kw.min_lr));
    }
    default:
      break;
  }
  // Every member is handled above; a value outside the enum is refused as Python refuses it.
  throw ValueError(std::to_string(static_cast<int>(name)) + " is not a valid SchedulerType");
}

}  // namespace lrsched::transformers
