#include "lrsched/schedulers/schedule_lr.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "lrsched/error.hpp"

namespace lrsched {

namespace {
// Before LRScheduler's constructor, so that a refused scheduler leaves the optimizer untouched.
std::int64_t checked(const ScheduleLR::Options& o) {
  if (o.mode != ScheduleLR::Mode::factor && o.mode != ScheduleLR::Mode::absolute) {
    throw ValueError("mode must be Mode::factor or Mode::absolute, got " +
                     std::to_string(static_cast<int>(o.mode)));
  }
  return o.last_epoch;
}
}  // namespace

ScheduleLR::ScheduleLR(OptimizerView& optimizer, Options options)
    : LRScheduler(optimizer, checked(options)),
      schedule_(std::move(options.schedule).get()),
      mode_(options.mode),
      name_(std::move(options.name)) {
  initial_step();
}

void ScheduleLR::step() {
  // get_lr's values without its buffer: the schedule evaluated once, after the counting.
  direct_step([this] {
    const double value = schedule_(last_epoch_);
    const bool absolute = mode_ == Mode::absolute;
    return [this, value, absolute](std::size_t group) {
      return absolute ? value : base_lrs_[group] * value;
    };
  });
}

bool ScheduleLR::get_lr(std::span<double> lrs) {
  // Evaluated once per step for all groups: a schedule is a pure function of the step.
  const double value = schedule_(last_epoch_);
  if (mode_ == Mode::absolute) {
    std::fill(lrs.begin(), lrs.end(), value);
  } else {
    for (std::size_t i = 0; i < lrs.size(); ++i) lrs[i] = base_lrs_[i] * value;
  }
  return true;
}

void ScheduleLR::visit_state(StateVisitor& visitor) {
  visit_base_state(visitor);
  std::string mode = mode_ == Mode::absolute ? "absolute" : "factor";
  visitor.field("mode", mode);
  if (mode != "factor" && mode != "absolute") {
    throw ValueError("mode must be 'factor' or 'absolute', got '" + mode + "'");
  }
  mode_ = mode == "absolute" ? Mode::absolute : Mode::factor;
}

}  // namespace lrsched
