#include "lrsched/schedulers/cosine_annealing_warm_restarts.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "lrsched/detail/formulas.hpp"
#include "lrsched/detail/pymath.hpp"
#include "lrsched/detail/pyrepr.hpp"

namespace lrsched {

using detail::py_fmod;

namespace {
// The constructor's checks, also applied to a loaded state.
void check_periods(std::int64_t t_0, std::int64_t t_mult) {
  if (t_0 <= 0) throw ValueError("Expected positive integer T_0, but got " + std::to_string(t_0));
  if (t_mult < 1) {
    throw ValueError("Expected integer T_mult >= 1, but got " + std::to_string(t_mult));
  }
}

std::int64_t checked(const CosineAnnealingWarmRestarts::Options& o) {
  check_periods(o.T_0, o.T_mult);
  return o.last_epoch;
}

// T_mult ** n on Python ints; a result beyond int64 is an epoch no schedule reaches.
std::int64_t int_pow(std::int64_t base, std::int64_t n) {
  std::int64_t r = 1;
  for (std::int64_t k = 0; k < n; ++k) {
    if (r > std::numeric_limits<std::int64_t>::max() / base) {
      throw OverflowError("T_mult ** n exceeds the 64-bit range of T_i");
    }
    r *= base;
  }
  return r;
}

// a * b for T_i, OverflowError past int64 (signed overflow would be undefined behaviour).
std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) {
    throw OverflowError("T_i exceeds the 64-bit range of a step counter");
  }
  return r;
}
}  // namespace

CosineAnnealingWarmRestarts::CosineAnnealingWarmRestarts(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, checked(options), kStepping, options.behavior),
      T_0_(options.T_0),
      T_i_(options.T_0),
      T_mult_(options.T_mult),
      eta_min_(options.eta_min),
      T_cur_(static_cast<double>(options.last_epoch)) {
  initial_step();
}

bool CosineAnnealingWarmRestarts::get_lr(std::span<double> lrs) {
  const double cosine = detail::cosine_term(T_cur_, static_cast<double>(T_i_));
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    lrs[i] = detail::cosine_anneal(base_lrs_[i], eta_min_, cosine);
  }
  return true;
}

// PyTorch overrides step() entirely: no _step_count increment and no warnings.
void CosineAnnealingWarmRestarts::step() {
  if (last_epoch_ < 0) {
    apply_epoch(0.0);
    return;
  }
  const double epoch = static_cast<double>(last_epoch_) + 1;
  // Computed aside and committed together, so that an OverflowError changes nothing.
  double t_cur = T_cur_ + 1;
  std::int64_t t_i = T_i_;
  if (t_cur >= static_cast<double>(T_i_)) {
    // 1.13 subtracts one period: a T_cur set by hand past 2 * T_i stays past T_i.
    t_cur = torch_behavior() == TorchBehavior::newest ? py_fmod(t_cur, static_cast<double>(T_i_))
                                                      : t_cur - static_cast<double>(T_i_);
    t_i = checked_mul(T_i_, T_mult_);
  }
  const std::int64_t new_last_epoch = detail::py_int(std::floor(epoch));
  T_cur_ = t_cur;
  T_i_ = t_i;
  last_epoch_ = new_last_epoch;
  get_lr(values_);
  apply_values();
}

void CosineAnnealingWarmRestarts::step_with(const StepInput& input) {
  if (input.epoch) {
    step(input.epoch->value());
  } else {
    step();
  }
}

void CosineAnnealingWarmRestarts::step(double epoch) {
  if (std::isnan(epoch) || std::isinf(epoch)) {
    throw ValueError("Expected a finite epoch, but got " + detail::py_float_repr(epoch));
  }
  apply_epoch(epoch);
}

void CosineAnnealingWarmRestarts::apply_epoch(double epoch) {
  if (epoch < 0) {
    // Integral and within int64: printed as an int (the cast is defined only in range).
    const bool integral = epoch == std::floor(epoch) && epoch >= -0x1p63;
    throw ValueError("Expected non-negative epoch, but got " +
                     (integral ? std::to_string(static_cast<std::int64_t>(epoch))
                               : detail::py_float_repr(epoch)));
  }
  // Before any state changes: an epoch past int64 is an OverflowError, as for step(int).
  const std::int64_t new_last_epoch =
      detail::checked_counter(detail::py_int(std::floor(epoch)), "epoch");
  const auto t0 = static_cast<double>(T_0_);
  if (epoch >= t0) {
    if (T_mult_ == 1) {
      T_cur_ = py_fmod(epoch, t0);
    } else {
      const auto mult = static_cast<double>(T_mult_);
      const std::int64_t n = detail::py_int(detail::py_log(epoch / t0 * (mult - 1) + 1, mult));
      const std::int64_t power = int_pow(T_mult_, n);
      // T_0 * (T_mult ** n - 1) / (T_mult - 1): an exact int over an int, then Python's true
      // division (correctly rounded, as a double division of exact operands is).
      const std::int64_t t_i = checked_mul(T_0_, power);
      T_cur_ = epoch - static_cast<double>(checked_mul(T_0_, power - 1)) / (mult - 1);
      T_i_ = t_i;
    }
  } else {
    T_i_ = T_0_;
    T_cur_ = epoch;
  }
  last_epoch_ = new_last_epoch;
  get_lr(values_);
  apply_values();
}

void CosineAnnealingWarmRestarts::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("T_0", T_0_);
  visitor.field("T_i", T_i_);
  visitor.field("T_mult", T_mult_);
  visitor.field("eta_min", eta_min_);
  visitor.field("T_cur", T_cur_);
  check_periods(T_0_, T_mult_);
}

}  // namespace lrsched
