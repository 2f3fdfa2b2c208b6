// ScheduleLR: a pure schedule (lrsched/schedules.hpp) driving an optimizer, with PyTorch's
// scheduler protocol (initial_lr and base_lrs, the initial step, last_epoch, state, resume).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lrsched/scheduler.hpp"
#include "lrsched/schedules.hpp"

namespace lrsched {

/// Sets each group's lr from `schedule(last_epoch)`: as a factor of the group's `initial_lr`
/// (as PyTorch's lambda scheduler with the schedule as lr_lambda), or as the lr itself (Optax's
/// and Keras's way).
class ScheduleLR final : public LRScheduler {
 public:
  enum class Mode : std::uint8_t {
    factor,    // lr = initial_lr * schedule(last_epoch)
    absolute,  // lr = schedule(last_epoch), the same for every group
  };
  struct Options {
    Required<schedules::Schedule> schedule;
    Mode mode = Mode::factor;
    std::int64_t last_epoch = -1;
    /// The name the scheduler reports and its state files carry: a registry row whose schedule
    /// is a pure function passes its own, so that a state file names the schedule it holds.
    std::string name = "ScheduleLR";
  };
  ScheduleLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return name_; }
  [[nodiscard]] const schedules::Schedule& schedule() const noexcept { return schedule_; }
  [[nodiscard]] Mode mode() const noexcept { return mode_; }
  using LRScheduler::step;
  void step() override;
  /// The schedule is not state (as lr lambdas are not): build the scheduler with the same
  /// schedule, then load. The mode is saved as "factor" or "absolute".
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;
  /// A schedule is a closed form: `step(epoch)` evaluates it at `epoch`.
  bool get_closed_form_lr(std::span<double> lrs) override { return get_lr(lrs); }

 private:
  schedules::Schedule schedule_;
  Mode mode_;
  std::string name_;
};

}  // namespace lrsched
