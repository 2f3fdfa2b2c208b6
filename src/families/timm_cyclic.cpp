// timm's schedulers with restarts: CosineLRScheduler (cosine_lr.py), TanhLRScheduler
// (tanh_lr.py) and PolyLRScheduler (poly_lr.py), in timm's operation order.
#include <algorithm>
#include <numbers>

#include "families/timm_math.hpp"
#include "families/timm_state.hpp"
#include "lrsched/families/timm.hpp"

namespace lrsched::timm {

using detail::float_pow;
using detail::real_pow;
using lrsched::detail::py_div;
constexpr double kPi = std::numbers::pi;  // math.pi

namespace {
// The warning Cosine and Poly log (through `logging`) for a schedule that never changes the lr.
constexpr std::string_view kNoEffectWarning =
    "Cosine annealing scheduler will have no effect on the learning rate since t_initial = "
    "t_mul = eta_mul = 1.";
}  // namespace

CyclicScheduler::CyclicScheduler(OptimizerView& optimizer, BaseOptions base,
                                 const CycleOptions& cycle)
    : Scheduler(optimizer, std::move(base)),
      t_initial_(cycle.t_initial),
      lr_min_(cycle.lr_min),
      cycle_mul_(cycle.cycle_mul),
      cycle_decay_(cycle.cycle_decay),
      cycle_limit_(cycle.cycle_limit),
      warmup_prefix_(cycle.warmup_prefix) {}

Number CyclicScheduler::after_prefix(Number t) const {
  return warmup_prefix_ ? detail::sub(t, warmup_t_) : t;
}

CyclicScheduler::Position CyclicScheduler::position(Number t) const {
  if (cycle_mul_ != 1) {
    // The cycle lengths form a geometric series; `math.log` finds the cycle. With cycle_mul < 1
    // the series converges to t_initial / (1 - cycle_mul): from there on the log's argument is
    // not positive and timm raises ValueError("math domain error").
    const double x = 1 - detail::true_div(t, t_initial_) * (1 - cycle_mul_);
    const std::int64_t i = detail::math_floor(detail::math_log(x, cycle_mul_));
    const double grown = real_pow(cycle_mul_, static_cast<double>(i));  // timm computes it twice
    const double t_i = grown * t_initial_.value();
    const double t_curr = t.value() - py_div(1 - grown, 1 - cycle_mul_) * t_initial_.value();
    return {i, t_i, t_curr};
  }
  const Number i = detail::floordiv(t, t_initial_);
  return {i, t_initial_, detail::sub(t, detail::mul(t_initial_, i))};
}

std::optional<CyclicScheduler::Decayed> CyclicScheduler::decayed_position(
    Number t, std::span<double> lrs) const {
  if (warmup_lr(t, lrs)) return std::nullopt;
  const Position p = position(after_prefix(t));
  const double gamma = real_pow(cycle_decay_, p.i.value());
  if (!(p.i < cycle_limit_)) {
    std::fill(lrs.begin(), lrs.end(), lr_min_);
    return std::nullopt;
  }
  if (lrs.empty()) return std::nullopt;
  return Decayed{p, gamma};
}

Number CyclicScheduler::get_cycle_length(Number cycles) const {
  Number count = cycles ? cycles : cycle_limit_;  // `cycles or self.cycle_limit`
  if (!(count > 1)) count = 1;                    // max(1, count): the first of equals
  Number t = 0;
  if (cycle_mul_ == 1.0) {
    t = detail::mul(t_initial_, count);
  } else {
    const std::optional<double> power = float_pow(cycle_mul_, count.value());
    if (!power) detail::throw_complex_math_argument();
    t = detail::math_floor(py_div(-t_initial_.value() * (*power - 1), 1 - cycle_mul_));
  }
  return warmup_prefix_ ? detail::add(t, warmup_t_) : t;
}

void CyclicScheduler::check_cycle() const {
  if (!(t_initial_ > 0)) throw AssertionError("t_initial > 0");
  if (!(lr_min_ >= 0)) throw AssertionError("lr_min >= 0");
}

void CyclicScheduler::set_up_cycles(Number warmup_t, double warmup_lr_init) {
  check_cycle();
  if (t_initial_ == 1 && cycle_mul_ == 1 && cycle_decay_ == 1) warn(kNoEffectWarning);
  warmup_t_ = warmup_t;
  warmup_lr_init_ = warmup_lr_init;
  set_up_warmup(base_values_);
}

void CyclicScheduler::visit_cycle_state(StateVisitor& visitor) {
  detail::visit_number(visitor, "t_initial", t_initial_);
  visitor.field("lr_min", lr_min_);
  visitor.field("cycle_mul", cycle_mul_);
  visitor.field("cycle_decay", cycle_decay_);
  detail::visit_number(visitor, "cycle_limit", cycle_limit_);
  visit_warmup_state(visitor);
  visitor.field("warmup_prefix", warmup_prefix_);
}

// --- CosineLRScheduler ---------------------------------------------------------------------

CosineLRScheduler::CosineLRScheduler(OptimizerView& optimizer, Options options)
    : CyclicScheduler(optimizer, options), k_decay_(options.k_decay) {
  set_up_cycles(options.warmup_t, options.warmup_lr_init);
}

void CosineLRScheduler::compute_lr(Number t, std::span<double> lrs) {
  const std::optional<Decayed> d = decayed_position(t, lrs);
  if (!d) return;
  // `math.pi * t_curr ** k / t_i ** k`; a negative t_curr to a fractional k is a complex number,
  // which math.cos refuses.
  const std::optional<double> curr = float_pow(d->position.t_curr.value(), k_decay_);
  if (!curr) detail::throw_complex_math_argument();
  const double length = real_pow(d->position.t_i.value(), k_decay_);
  const double cosine = 1 + detail::math_cos(py_div(kPi * *curr, length));
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    const double lr_max = base_values_[i] * d->gamma;
    lrs[i] = lr_min_ + 0.5 * (lr_max - lr_min_) * cosine;
  }
}

void CosineLRScheduler::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visit_cycle_state(visitor);
  visitor.field("k_decay", k_decay_);
  check_cycle();
}

// --- TanhLRScheduler -----------------------------------------------------------------------

TanhLRScheduler::TanhLRScheduler(OptimizerView& optimizer, Options options)
    : CyclicScheduler(optimizer, options), lb_(options.lb), ub_(options.ub) {
  warmup_t_ = options.warmup_t;
  warmup_lr_init_ = options.warmup_lr_init;
  check();
  if (warmup_t_ && !warmup_prefix_) {
    // Without the prefix the warmup climbs towards the curve's value at warmup_t, not the base.
    compute_lr(warmup_t_, values_);
    set_up_warmup(values_);
  } else {
    set_up_warmup(base_values_);
  }
}

void TanhLRScheduler::check() const {
  check_cycle();
  if (!(lb_ < ub_)) throw AssertionError("lb < ub");
  if (!(cycle_limit_ >= 0)) throw AssertionError("cycle_limit >= 0");
  if (!(warmup_t_ >= 0)) throw AssertionError("warmup_t >= 0");
  if (!(warmup_lr_init_ >= 0)) throw AssertionError("warmup_lr_init >= 0");
}

void TanhLRScheduler::compute_lr(Number t, std::span<double> lrs) {
  if (warmup_lr(t, lrs)) return;
  const Position p = position(after_prefix(t));
  if (!(p.i < cycle_limit_)) {
    std::fill(lrs.begin(), lrs.end(), lr_min_);
    return;
  }
  const double gamma = real_pow(cycle_decay_, p.i.value());
  const double tr = detail::true_div(p.t_curr, p.t_i);
  if (lrs.empty()) return;  // timm evaluates the tanh once per group
  const double tanh = 1 - std::tanh(lb_ * (1. - tr) + ub_ * tr);
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    const double lr_max = base_values_[i] * gamma;
    lrs[i] = lr_min_ + 0.5 * (lr_max - lr_min_) * tanh;
  }
}

void TanhLRScheduler::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("lb", lb_);
  visitor.field("ub", ub_);
  visit_cycle_state(visitor);
  check();
}

// --- PolyLRScheduler -----------------------------------------------------------------------

PolyLRScheduler::PolyLRScheduler(OptimizerView& optimizer, Options options)
    : CyclicScheduler(optimizer, options), power_(options.power), k_decay_(options.k_decay) {
  set_up_cycles(options.warmup_t, options.warmup_lr_init);
}

void PolyLRScheduler::compute_lr(Number t, std::span<double> lrs) {
  const std::optional<Decayed> d = decayed_position(t, lrs);
  if (!d) return;
  // `(1 - t_curr ** k / t_i ** k) ** power`. Where Python's result is complex, timm stores a
  // complex lr, which the next `float(group["lr"])` refuses: lrsched refuses it at this step.
  const std::optional<double> curr = float_pow(d->position.t_curr.value(), k_decay_);
  const double length = real_pow(d->position.t_i.value(), k_decay_);
  const std::optional<double> factor =
      curr ? float_pow(1 - py_div(*curr, length), power_) : std::nullopt;
  if (!factor) {
    throw TypeError("float() argument must be a string or a real number, not 'complex'");
  }
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    const double lr_max = base_values_[i] * d->gamma;
    lrs[i] = lr_min_ + (lr_max - lr_min_) * *factor;
  }
}

void PolyLRScheduler::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("power", power_);
  visit_cycle_state(visitor);
  visitor.field("k_decay", k_decay_);
  check_cycle();
}

}  // namespace lrsched::timm
