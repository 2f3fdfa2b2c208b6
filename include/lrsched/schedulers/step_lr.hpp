// StepLR and MultiStepLR: decay by gamma every step_size epochs / at given milestones.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lrsched/scheduler.hpp"

namespace lrsched {

/// Multiplies the lr by `gamma` every `step_size` epochs.
class StepLR final : public LRScheduler {
 public:
  struct Options {
    Required<std::int64_t> step_size;
    double gamma = 0.1;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  StepLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "StepLR"; }
  using LRScheduler::step;
  void step() override;
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;
  bool get_closed_form_lr(std::span<double> lrs) override;

 private:
  std::int64_t step_size_;
  double gamma_;
};

/// Multiplies the lr by `gamma` at each milestone; a milestone listed n times decays by gamma**n.
class MultiStepLR final : public LRScheduler {
 public:
  struct Options {
    Required<std::vector<std::int64_t>> milestones;
    double gamma = 0.1;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  MultiStepLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "MultiStepLR"; }
  using LRScheduler::step;
  void step() override;
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;
  bool get_closed_form_lr(std::span<double> lrs) override;

 private:
  std::vector<std::int64_t> milestones_;  // sorted, duplicates kept (PyTorch's Counter)
  double gamma_;
};

}  // namespace lrsched
