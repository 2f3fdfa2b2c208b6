// OneCycleLR: the 1cycle policy (Smith & Topin, "Super-Convergence",
// https://arxiv.org/abs/1708.07120): warm up to max_lr, anneal far below the start.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lrsched/scheduler.hpp"

namespace lrsched {

/// Steps once per batch; stepping more than `total_steps` times is an error, as in PyTorch.
class OneCycleLR final : public LRScheduler {
 public:
  struct Options {
    Required<PerGroup> max_lr;
    std::optional<std::int64_t> total_steps{};
    std::optional<std::int64_t> epochs{};
    std::optional<std::int64_t> steps_per_epoch{};
    double pct_start = 0.3;
    std::string anneal_strategy = "cos";  // "cos" or "linear"
    bool cycle_momentum = true;
    PerGroup base_momentum = 0.85;
    PerGroup max_momentum = 0.95;
    double div_factor = 25.0;
    double final_div_factor = 1e4;
    bool three_phase = false;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  OneCycleLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "OneCycleLR"; }
  using LRScheduler::step;
  void step() override;
  [[nodiscard]] bool cycles_momentum() const noexcept override { return cycle_momentum_; }
  [[nodiscard]] std::int64_t total_steps() const noexcept { return total_steps_; }
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;

 private:
  /// One phase of `_schedule_phases`: anneal from one group key to another until `end_step`.
  struct Phase {
    double end_step;
    GroupKey start_lr, end_lr, start_momentum, end_momentum;
  };
  void build_phases();
  [[nodiscard]] double anneal(double start, double end, double pct, double cos_term) const;

  std::int64_t total_steps_;
  double pct_start_;
  bool three_phase_;
  std::string anneal_strategy_;
  bool cos_ = true;  // anneal_strategy_ == "cos", decided once rather than every step
  bool cycle_momentum_;
  bool use_beta1_ = false;
  std::array<Phase, 3> phases_{};
  std::size_t phase_count_ = 0;
};

}  // namespace lrsched
