#include "lrsched/schedulers/swalr.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "lrsched/detail/pymath.hpp"

namespace lrsched {

namespace {
// The constructor's checks, also applied to a loaded state.
void check_annealing(const std::string& anneal_strategy, std::int64_t anneal_epochs) {
  if (anneal_strategy != "cos" && anneal_strategy != "linear") {
    // "must by" is PyTorch's text, typo included.
    throw ValueError("anneal_strategy must by one of 'cos' or 'linear', instead got " +
                     anneal_strategy);
  }
  if (anneal_epochs < 0) {
    throw ValueError("anneal_epochs must be equal or greater than 0, got " +
                     std::to_string(anneal_epochs));
  }
}

std::int64_t prepare(OptimizerView& optimizer, const SWALR::Options& o) {
  (void)detail::checked_counter(o.last_epoch, "last_epoch");  // before any write
  const auto swa_lrs = o.swa_lr.get().for_groups("swa_lr", optimizer, o.behavior);
  for (std::size_t i = 0; i < swa_lrs.size(); ++i) {
    optimizer.set_key(i, GroupKey::swa_lr, swa_lrs[i]);  // always, even when resuming
  }
  check_annealing(o.anneal_strategy, o.anneal_epochs);
  return o.last_epoch;
}
}  // namespace

SWALR::SWALR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, prepare(optimizer, options), kStepping, options.behavior),
      anneal_strategy_(std::move(options.anneal_strategy)),
      anneal_epochs_(options.anneal_epochs) {
  cos_ = anneal_strategy_ == "cos";
  initial_step();
}

double SWALR::anneal(double t) const {
  // PyTorch's own order, here and in get_lr's mix, not detail/formulas.hpp's cosine or ramp.
  if (cos_) return (1 - std::cos(std::numbers::pi * t)) / 2;
  return t;
}

void SWALR::step() {
  chainable_step([this](std::span<double> lrs) { return get_lr(lrs); });
}

bool SWALR::get_lr(std::span<double> lrs) {
  std::int64_t step = step_count_ - 1;
  if (anneal_epochs_ == 0) step = std::max<std::int64_t>(1, step);
  // `step / max(1, anneal_epochs)` divides ints in PyTorch: Python's int true division.
  const std::int64_t span = std::max<std::int64_t>(1, anneal_epochs_);
  const double prev_t = std::max(0.0, std::min(1.0, detail::py_true_div(step - 1, span)));
  const double prev_alpha = anneal(prev_t);
  const double t = std::max(0.0, std::min(1.0, detail::py_true_div(step, span)));
  const double alpha = anneal(t);
  for (std::size_t i = 0; i < lrs.size(); ++i) {
    const double swa_lr = optimizer_->require_key(i, GroupKey::swa_lr);
    const double lr = lrs[i];
    // `_get_initial_lr`: the lr the annealing started from, recovered from the current one.
    const double start = prev_alpha == 1 ? swa_lr : (lr - prev_alpha * swa_lr) / (1 - prev_alpha);
    lrs[i] = swa_lr * alpha + start * (1 - alpha);
  }
  return true;
}

void SWALR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  visitor.field("_anneal_strategy", anneal_strategy_);
  visitor.field("anneal_epochs", anneal_epochs_);
  check_annealing(anneal_strategy_, anneal_epochs_);
  cos_ = anneal_strategy_ == "cos";
}

}  // namespace lrsched
