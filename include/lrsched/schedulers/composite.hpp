// SequentialLR and ChainedScheduler: schedulers built from other schedulers on one optimizer.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "lrsched/scheduler.hpp"

namespace lrsched {

using SchedulerList = std::vector<std::unique_ptr<Scheduler>>;

/// Runs `schedulers[i]` between milestones i-1 and i. The children's construction-time steps are
/// undone and the first child starts again, so each child begins its schedule at its milestone.
/// With `TorchBehavior::v1_13` it does what 1.13 did: the undo is `last_epoch -= 1` on each
/// direct child (a nested ChainedScheduler is an AttributeError), a milestone restarts its child
/// with the deprecated `step(0)` (counted in `_step_count`, with its warning), and only the
/// optimizer is checked.
class SequentialLR final : public Scheduler {
 public:
  struct Options {
    Required<SchedulerList> schedulers;
    Required<std::vector<std::int64_t>> milestones;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  /// `step()` only: each step goes to the child whose turn it is.
  static constexpr Stepping kStepping{};
  SequentialLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "SequentialLR"; }
  void step();
  [[nodiscard]] bool cycles_momentum() const noexcept override;
  [[nodiscard]] std::int64_t last_epoch() const noexcept { return last_epoch_; }
  [[nodiscard]] const SchedulerList& schedulers() const noexcept { return schedulers_; }
  void visit_state(StateVisitor& visitor) override;

  void initial_step() override { step(); }
  void undo_initial_step() override;
  void restart_at_milestone() override;
  void decrement_last_epoch() override { --last_epoch_; }

 protected:
  void step_with(const StepInput& /*input*/) override { step(); }

 private:
  /// PyTorch's check that there is one milestone fewer than schedulers, also run on a loaded state.
  void check_milestone_count() const;
  /// The constructor's checks and undo, as 1.13 has them.
  void start_v1_13(OptimizerView& optimizer);
  SchedulerList schedulers_;
  std::vector<std::int64_t> milestones_;
  std::int64_t last_epoch_;
};

/// Steps every scheduler in turn at each step, so their effects compound.
class ChainedScheduler final : public Scheduler {
 public:
  struct Options {
    Required<SchedulerList> schedulers;
    /// Defaults to the first scheduler's, as `optimizer=None` does in PyTorch.
    OptimizerView* optimizer = nullptr;
    /// 1.13 checks only that the children share an optimizer (with its own texts), and fails
    /// at the first step on a child that needs a metric.
    TorchBehavior behavior = TorchBehavior::newest;
  };
  /// `step()` only: every child steps in turn.
  static constexpr Stepping kStepping{};
  explicit ChainedScheduler(Options options);
  /// `optimizer` defaults to the first scheduler's, as `optimizer=None` does in PyTorch.
  explicit ChainedScheduler(SchedulerList schedulers, OptimizerView* optimizer = nullptr)
      : ChainedScheduler(Options{.schedulers = std::move(schedulers), .optimizer = optimizer}) {}
  [[nodiscard]] std::string_view name() const noexcept override { return "ChainedScheduler"; }
  void step();
  [[nodiscard]] bool cycles_momentum() const noexcept override;
  [[nodiscard]] const SchedulerList& schedulers() const noexcept { return schedulers_; }
  void visit_state(StateVisitor& visitor) override;

  void initial_step() override { step(); }
  void undo_initial_step() override;
  void restart_at_milestone() override;

 protected:
  void step_with(const StepInput& /*input*/) override { step(); }

 private:
  SchedulerList schedulers_;
};

}  // namespace lrsched
