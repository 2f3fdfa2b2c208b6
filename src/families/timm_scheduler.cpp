// timm's Scheduler base (timm/scheduler/scheduler.py), its numbers and its noise.
#include <algorithm>
#include <cmath>
#include <string>

#include "families/timm_math.hpp"
#include "families/timm_state.hpp"
#include "families/torch_generator.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/families/timm.hpp"

namespace lrsched::timm {

namespace {
// Python's exact comparison of an int with a float (no rounding of the int).
std::partial_ordering compare_int_float(std::int64_t i, double d) noexcept {
  constexpr double kTwo63 = 9223372036854775808.0;
  if (std::isnan(d)) return std::partial_ordering::unordered;
  if (d >= kTwo63) return std::partial_ordering::less;
  if (d < -kTwo63) return std::partial_ordering::greater;
  const double whole = std::trunc(d);
  const auto whole_int = static_cast<std::int64_t>(whole);
  if (i != whole_int) return i <=> whole_int;
  return 0.0 <=> (d - whole);  // equal integer parts: the fraction decides
}
}  // namespace

std::partial_ordering Number::compare_mixed(const Number& a, const Number& b) noexcept {
  if (!a.is_int_ && !b.is_int_) return a.float_ <=> b.float_;
  if (a.is_int_) return compare_int_float(a.int_, b.float_);
  return 0 <=> compare_int_float(b.int_, a.float_);
}

bool NoiseRange::contains_count(std::int64_t t) const noexcept {
  const Number x = t;
  if (size_ == 2) return Number(lo_) <= x && x < Number(hi_);
  return size_ == 1 && x >= Number(lo_);
}

std::vector<double> NoiseRange::values() const {
  if (size_ == 2) return {lo_, hi_};
  if (size_ == 1) return {lo_};
  return {};
}

NoiseRange NoiseRange::from_values(std::span<const double> values) {
  switch (values.size()) {
    case 0:
      return {};
    case 1:
      return {values[0]};
    case 2:
      return {values[0], values[1]};
    default:
      throw ValueError("noise_range_t holds None, a number or a pair, not " +
                       std::to_string(values.size()) + " values");
  }
}

Scheduler::Scheduler(OptimizerView& optimizer, BaseOptions options)
    : lrsched::Scheduler(optimizer, Stepping{.metric = MetricUse::optional,
                                             .epoch = EpochUse::integer,
                                             .update_count = true,
                                             .count = options.t_in_epochs ? StepCount::epoch
                                                                          : StepCount::updates}),
      t_in_epochs_(options.t_in_epochs),
      noise_range_t_(options.noise_range_t),
      noise_pct_(options.noise_pct),
      noise_type_(std::move(options.noise_type)),
      noise_std_(options.noise_std),
      noise_seed_(options.noise_seed.value_or(42)) {
  const std::size_t groups = optimizer.num_groups();
  for (std::size_t i = 0; i < groups; ++i) {
    if (optimizer.key(i, GroupKey::initial_lr)) continue;
    if (!options.initialize) {
      // str(KeyError(...)) quotes its message.
      throw KeyError("'initial_lr missing from param_groups[" + std::to_string(i) + "]'");
    }
    optimizer.set_key(i, GroupKey::initial_lr, optimizer.lr(i));  // setdefault
  }
  base_values_.resize(groups);
  for (std::size_t i = 0; i < groups; ++i) {
    base_values_[i] = *optimizer.key(i, GroupKey::initial_lr);
  }
  values_.resize(groups);
  update_groups(base_values_);
}

void Scheduler::get_lr(Number t, std::span<double> lrs) {
  if (lrs.size() != base_values_.size()) {
    throw ValueError("get_lr needs " + std::to_string(base_values_.size()) +
                     " values (one per group of base_values), got room for " +
                     std::to_string(lrs.size()));
  }
  compute_lr(t, lrs);
}

double Scheduler::calculate_noise(std::int64_t t) const {
  const bool normal = noise_type_ == "normal";
  if (normal && !(noise_pct_ > 0.0)) {
    // timm draws until |noise| < noise_pct: forever. Refused where timm would hang.
    throw ValueError("noise_pct must be > 0 for normal noise, got " +
                     lrsched::detail::py_float_repr(noise_pct_) +
                     ": timm's rejection sampling would never end");
  }
  // torch keeps the low 32 bits of `noise_seed + t` (a negative one as its two's complement):
  // the wrapped unsigned sum has the same low bits.
  const std::uint64_t seed =
      static_cast<std::uint64_t>(noise_seed_) + static_cast<std::uint64_t>(t);
  return lrsched::detail::timm_noise(seed, normal, noise_pct_);
}

void Scheduler::step_epoch(std::int64_t epoch, std::optional<double> metric) {
  metric_ = metric;
  if (!t_in_epochs_) return;
  compute_lr(epoch, values_);
  add_noise(values_, epoch);
  update_groups(values_);
}

void Scheduler::step_updates(std::int64_t num_updates, std::optional<double> metric) {
  metric_ = metric;
  if (t_in_epochs_) return;
  compute_lr(num_updates, values_);
  add_noise(values_, num_updates);
  update_groups(values_);
}

void Scheduler::step_with(const StepInput& input) {
  if (input.epoch) step_epoch(integer_epoch(*input.epoch), input.metric);
  if (input.num_updates) step_updates(*input.num_updates, input.metric);
}

void Scheduler::update_groups(double value) {
  const std::size_t groups = group_count();
  for (std::size_t i = 0; i < groups; ++i) optimizer_->set_lr(i, value);
  record_last_lr();
}

void Scheduler::apply_noise_to(std::span<double> values, std::int64_t t) const {
  const double noise = calculate_noise(t);
  for (double& v : values) v = v + v * noise;
}

bool Scheduler::warmup_lr(Number t, std::span<double> lrs) const {
  if (!(t < warmup_t_)) return false;
  const double count = t.value();
  for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = warmup_lr_init_ + count * warmup_steps_[i];
  return true;
}

void Scheduler::set_up_warmup(std::span<const double> targets) {
  warmup_steps_.assign(targets.size(), 1.0);  // timm's int 1 when there is no warmup
  if (!warmup_t_) return;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    warmup_steps_[i] = lrsched::detail::py_div(targets[i] - warmup_lr_init_, warmup_t_.value());
  }
  update_groups(warmup_lr_init_);
}

void Scheduler::visit_base_state(StateVisitor& visitor) {
  detail::visit_constant(visitor, "param_group_field", "lr");
  detail::visit_constant(visitor, "_initial_param_group_field", "initial_lr");
  visitor.group_field("base_values", base_values_);
  visitor.field("metric", metric_);
  bool t_in_epochs = t_in_epochs_;
  visitor.field("t_in_epochs", t_in_epochs);
  if (t_in_epochs != t_in_epochs_) {
    // Who counts the steps (stepping()) was decided when the scheduler was built.
    throw StateError(std::string("field 't_in_epochs' is ") + (t_in_epochs ? "true" : "false") +
                     ", this " + std::string(name()) +
                     " was built with t_in_epochs=" + (t_in_epochs_ ? "True" : "False"));
  }
  std::vector<double> range = noise_range_t_.values();
  visitor.field("noise_range_t", range);
  noise_range_t_ = NoiseRange::from_values(range);
  visitor.field("noise_pct", noise_pct_);
  visitor.field("noise_type", noise_type_);
  visitor.field("noise_std", noise_std_);
  visitor.field("noise_seed", noise_seed_);
  values_.resize(base_values_.size());
}

void Scheduler::visit_warmup_state(StateVisitor& visitor) {
  detail::visit_number(visitor, "warmup_t", warmup_t_);
  visitor.field("warmup_lr_init", warmup_lr_init_);
  visitor.group_field("warmup_steps", warmup_steps_);
}

}  // namespace lrsched::timm
