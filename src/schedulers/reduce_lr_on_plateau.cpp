#include "lrsched/schedulers/reduce_lr_on_plateau.hpp"

#include <algorithm>
#include <limits>

namespace lrsched {

namespace {
double checked_factor(double factor) {
  if (factor >= 1.0) throw ValueError("Factor should be < 1.0.");
  return factor;
}
}  // namespace

ReduceLROnPlateau::ReduceLROnPlateau(OptimizerView& optimizer, Options options)
    : Scheduler(optimizer, kStepping, options.behavior),
      factor_(checked_factor(options.factor)),
      patience_(options.patience),
      cooldown_(options.cooldown),
      mode_(std::move(options.mode)),
      threshold_(options.threshold),
      threshold_mode_(std::move(options.threshold_mode)),
      eps_(options.eps) {
  const std::size_t groups = optimizer.num_groups();
  if (options.min_lr.is_list()) {
    if (options.min_lr.values().size() != groups) {
      throw ValueError("expected " + std::to_string(groups) + " min_lrs, got " +
                       std::to_string(options.min_lr.values().size()));
    }
    min_lrs_ = options.min_lr.values();
  } else {
    default_min_lr_ = options.min_lr.values().front();
    min_lrs_.assign(groups, *default_min_lr_);
  }
  init_is_better();
  best_ = mode_worse_;
  record_last_lr();
}

void ReduceLROnPlateau::init_is_better() {
  if (mode_ != "min" && mode_ != "max") throw ValueError("mode " + mode_ + " is unknown!");
  if (threshold_mode_ != "rel" && threshold_mode_ != "abs") {
    throw ValueError("threshold mode " + threshold_mode_ + " is unknown!");
  }
  min_mode_ = mode_ == "min";
  rel_threshold_ = threshold_mode_ == "rel";
  mode_worse_ = min_mode_ ? std::numeric_limits<double>::infinity()
                          : -std::numeric_limits<double>::infinity();
}

void ReduceLROnPlateau::step_with(const StepInput& input) {
  if (input.epoch) {
    step(*input.metric, integer_epoch(*input.epoch));
  } else {
    step(*input.metric);
  }
}

void ReduceLROnPlateau::step(double metric) {
  apply(metric, last_epoch_ + 1);  // entered at most detail::kMaxStepCounter
}

void ReduceLROnPlateau::step(double metric, std::int64_t epoch) {
  (void)detail::checked_counter(epoch, "epoch");  // again: step(metric, epoch) is public
  warn(kEpochDeprecationWarning);
  apply(metric, epoch);
}

void ReduceLROnPlateau::apply(double metric, std::int64_t epoch) {
  last_epoch_ = epoch;
  if (is_better(metric, best_)) {
    best_ = metric;
    num_bad_epochs_ = 0;
  } else {
    ++num_bad_epochs_;  // entered at most detail::kMaxStepCounter, like the other counters
  }
  if (cooldown_counter_ > 0) {
    --cooldown_counter_;
    num_bad_epochs_ = 0;  // ignore bad epochs in cooldown
  }
  if (num_bad_epochs_ > patience_) {
    reduce_lr();
    cooldown_counter_ = cooldown_;
    num_bad_epochs_ = 0;
  }
  record_last_lr();
}

void ReduceLROnPlateau::reduce_lr() {
  const std::size_t groups = optimizer_->num_groups();
  if (groups > min_lrs_.size() && torch_behavior() == TorchBehavior::v1_13) {
    // 1.13 reduces the groups min_lrs covers, then indexes past its end.
    for (std::size_t i = 0; i < min_lrs_.size(); ++i) reduce_group(i);
    throw IndexError("list index out of range");
  }
  if (groups != min_lrs_.size()) {
    if (!default_min_lr_) {
      throw RuntimeError(
          "The number of param groups in the `optimizer` (" + std::to_string(groups) +
          ") differs from when `ReduceLROnPlateau` was initialized (" +
          std::to_string(min_lrs_.size()) +
          "), usually due to a new param group being added to the optimizer. Please modify the "
          "`min_lrs` field to match the length of the `optimizer` param groups.");
    }
    min_lrs_.assign(groups, *default_min_lr_);
  }
  for (std::size_t i = 0; i < groups; ++i) reduce_group(i);
}

void ReduceLROnPlateau::reduce_group(std::size_t i) {
  const double old_lr = optimizer_->lr(i);
  const double new_lr = std::max(old_lr * factor_, min_lrs_[i]);
  if (old_lr - new_lr > eps_) optimizer_->set_lr(i, new_lr);
}

void ReduceLROnPlateau::visit_state(StateVisitor& visitor) {
  visitor.field("factor", factor_);
  visitor.field("min_lrs", min_lrs_);
  visitor.field("default_min_lr", default_min_lr_);
  visitor.field("patience", patience_);
  visitor.field("cooldown", cooldown_);
  visitor.field("cooldown_counter", cooldown_counter_);
  visitor.field("mode", mode_);
  visitor.field("threshold", threshold_);
  visitor.field("threshold_mode", threshold_mode_);
  visitor.field("best", best_);
  visitor.field("num_bad_epochs", num_bad_epochs_);
  (void)detail::checked_counter(num_bad_epochs_, "num_bad_epochs", detail::kMaxLoadedStepCounter);
  visitor.field("mode_worse", mode_worse_);
  visitor.field("eps", eps_);
  visitor.field("last_epoch", last_epoch_);
  (void)detail::checked_counter(last_epoch_, "last_epoch", detail::kMaxLoadedStepCounter);
  visitor.group_field("_last_lr", last_lr_);
  (void)checked_factor(factor_);
  init_is_better();  // as load_state_dict re-runs _init_is_better (it resets mode_worse only)
}

}  // namespace lrsched
