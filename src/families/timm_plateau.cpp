// timm's PlateauLRScheduler (plateau_lr.py): PyTorch's ReduceLROnPlateau with warmup and noise.
#include <algorithm>

#include "families/timm_math.hpp"
#include "families/timm_state.hpp"
#include "lrsched/families/timm.hpp"

namespace lrsched::timm {

namespace {
std::unique_ptr<lrsched::Scheduler> make_plateau(OptimizerView& optimizer, std::string mode,
                                                 const PlateauLRScheduler::Options& options) {
  return std::make_unique<ReduceLROnPlateau>(
      optimizer, ReduceLROnPlateau::Options{.mode = std::move(mode),
                                            .factor = options.decay_rate,
                                            .patience = options.patience_t,
                                            .threshold = options.threshold,
                                            .cooldown = options.cooldown_t,
                                            .min_lr = options.lr_min});
}
}  // namespace

PlateauLRScheduler::PlateauLRScheduler(OptimizerView& optimizer, Options options)
    : Scheduler(optimizer, {.noise_range_t = options.noise_range_t,
                            .noise_type = std::move(options.noise_type),
                            .noise_pct = options.noise_pct,
                            .noise_std = options.noise_std,
                            .noise_seed = options.noise_seed,
                            .initialize = options.initialize}),
      holder_(make_plateau(optimizer, std::move(options.mode), options)),
      plateau_(static_cast<ReduceLROnPlateau*>(holder_.get())) {
  warmup_t_ = options.warmup_t;
  warmup_lr_init_ = options.warmup_lr_init;
  set_up_warmup(base_values_);
  restore_lr_.reserve(optimizer.num_groups());
}

void PlateauLRScheduler::compute_lr(Number /*t*/, std::span<double> /*lrs*/) {
  // timm's `_get_lr`: `assert False, 'should not be called as step is overridden'`.
  throw AssertionError("should not be called as step is overridden");
}

void PlateauLRScheduler::step_epoch(std::int64_t epoch, std::optional<double> metric) {
  // `<=`, unlike the other classes' `t < warmup_t`: the warmup reaches the base lr at warmup_t,
  // and the plateau scheduler sees no metric until then.
  if (Number(epoch) <= warmup_t_) {
    const auto count = static_cast<double>(epoch);
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values_[i] = warmup_lr_init_ + count * warmup_steps_[i];
    }
    update_groups(values_);
    return;
  }
  if (has_restore_lr_) {
    // The lr before the last noise: the plateau scheduler steps from the un-noised lr.
    const std::size_t groups = group_count();
    write_lrs(std::span<const double>(restore_lr_).first(std::min(groups, restore_lr_.size())));
    if (groups > restore_lr_.size()) throw IndexError("list index out of range");
    has_restore_lr_ = false;
  }
  if (metric) plateau_->step(*metric);
  if (noise_range_t().contains(epoch)) apply_noise(epoch);
  record_last_lr();
}

void PlateauLRScheduler::step_updates(std::int64_t /*num_updates*/,
                                      std::optional<double> /*metric*/) {
  // timm's `step_update` returns None here, without recording the metric.
}

void PlateauLRScheduler::apply_noise(std::int64_t epoch) {
  const double noise = calculate_noise(epoch);
  const std::size_t groups = group_count();
  restore_lr_.resize(groups);  // within the reserved capacity while the groups stay
  read_lrs(restore_lr_);
  for (std::size_t i = 0; i < groups; ++i) {
    const double old_lr = restore_lr_[i];
    optimizer_->set_lr(i, old_lr + old_lr * noise);
  }
  has_restore_lr_ = true;
}

void PlateauLRScheduler::visit_state(StateVisitor& visitor) {
  // timm's own state_dict() holds only the plateau scheduler's `best` and `last_epoch`, which does
  // not resume exactly (its bad-epoch and cooldown counters, and the un-noised lr, are lost):
  // this one holds the instance's attributes, the plateau scheduler's whole state included.
  visit_base_state(visitor);
  visitor.children("lr_scheduler",
                   std::span<const std::unique_ptr<lrsched::Scheduler>>(&holder_, 1));
  visit_warmup_state(visitor);
  // None is written as an empty list (a list holds one lr per group).
  std::vector<double> restore = has_restore_lr_ ? restore_lr_ : std::vector<double>{};
  visitor.field("restore_lr", restore);
  if (!restore.empty() && restore.size() != group_count()) {
    throw StateError("field 'restore_lr' holds " + std::to_string(restore.size()) +
                     " values, the optimizer has " + std::to_string(group_count()) +
                     " param groups");
  }
  has_restore_lr_ = !restore.empty();
  restore_lr_.assign(restore.begin(), restore.end());
  restore_lr_.reserve(group_count());
}

}  // namespace lrsched::timm
