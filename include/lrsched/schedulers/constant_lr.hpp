// ConstantLR and LinearLR: the usual warm-up factors, applied for `total_iters` epochs.
#pragma once

#include <cstdint>
#include <string_view>

#include "lrsched/scheduler.hpp"

namespace lrsched {

/// Multiplies the lr by `factor` until epoch `total_iters`, then restores it.
class ConstantLR final : public LRScheduler {
 public:
  struct Options {
    double factor = 1.0 / 3;
    std::int64_t total_iters = 5;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  ConstantLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "ConstantLR"; }
  using LRScheduler::step;
  void step() override;
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;
  bool get_closed_form_lr(std::span<double> lrs) override;

 private:
  double factor_;
  std::int64_t total_iters_;
};

/// Scales the lr linearly from `start_factor` to `end_factor` over `total_iters` epochs.
class LinearLR final : public LRScheduler {
 public:
  struct Options {
    double start_factor = 1.0 / 3;
    double end_factor = 1.0;
    std::int64_t total_iters = 5;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  LinearLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "LinearLR"; }
  using LRScheduler::step;
  void step() override;
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;
  bool get_closed_form_lr(std::span<double> lrs) override;

 private:
  double start_factor_;
  double end_factor_;
  std::int64_t total_iters_;
};

}  // namespace lrsched
