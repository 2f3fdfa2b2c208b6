#include "lrsched/schedulers/cosine_annealing_lr.hpp"

#include <cmath>
#include <limits>
#include <numbers>

#include "lrsched/detail/formulas.hpp"
#include "lrsched/detail/pymath.hpp"

namespace lrsched {

using detail::py_div;
using detail::py_floordiv;
using detail::py_mod;
constexpr double kPi = std::numbers::pi;  // Python's math.pi

CosineAnnealingLR::CosineAnnealingLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, options.last_epoch, kStepping, options.behavior),
      T_max_(options.T_max),
      eta_min_(options.eta_min) {
  initial_step();
}

void CosineAnnealingLR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool CosineAnnealingLR::get_lr(std::span<double> lrs) {
  const auto t_max = static_cast<double>(T_max_);
  const auto epoch = static_cast<double>(last_epoch_);
  if (keeps_initial_lr()) return false;
  if (step_count_ == 1 && last_epoch_ > 0) {
    // 1.13's resume: the constructor's step jumps to the closed form. The newest release keeps
    // the branch although its initial step returns early above. (PyTorch writes
    // `last_epoch * math.pi`: the same product as cosine_term's.)
    const double cosine = detail::cosine_term(epoch, t_max);
    for (std::size_t i = 0; i < lrs.size(); ++i) {
      lrs[i] = detail::cosine_anneal(base_lrs_[i], eta_min_, cosine);
    }
  } else if (period_boundary()) {
    // The recursive formula's denominator is 0 here: add the closed-form increment instead.
    const double rise = 1 - std::cos(py_div(kPi, t_max));
    for (std::size_t i = 0; i < lrs.size(); ++i) {
      lrs[i] = lrs[i] + (base_lrs_[i] - eta_min_) * rise / 2;
    }
  } else {
    const double ratio =
        py_div(detail::cosine_term(epoch, t_max), detail::cosine_term(epoch - 1, t_max));
    for (std::size_t i = 0; i < lrs.size(); ++i) {
      lrs[i] = ratio * (lrs[i] - eta_min_) + eta_min_;
    }
  }
  return true;
}

bool CosineAnnealingLR::period_boundary() const {
  // `(last_epoch - 1 - T_max) % (2 * T_max) == 0`. 2 * T_max overflows int64 for T_max >= 2**62
  // (Python's ints do not): such a T_max takes the slower test that never forms it.
  const std::int64_t x = last_epoch_ - 1 - T_max_;
  if (T_max_ <= std::numeric_limits<std::int64_t>::max() / 2) return py_mod(x, 2 * T_max_) == 0;
  return py_mod(x, T_max_) == 0 && py_mod(py_floordiv(x, T_max_), 2) == 0;
}

bool CosineAnnealingLR::get_closed_form_lr(std::span<double> lrs) {
  const double cosine =
      detail::cosine_term(static_cast<double>(last_epoch_), static_cast<double>(T_max_));
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    lrs[i] = detail::cosine_anneal(base_lrs_[i], eta_min_, cosine);
  }
  return true;
}

void CosineAnnealingLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("T_max", T_max_);
  visitor.field("eta_min", eta_min_);
}

}  // namespace lrsched
