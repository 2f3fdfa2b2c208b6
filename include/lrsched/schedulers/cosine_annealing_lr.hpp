// CosineAnnealingLR: cosine annealing from the initial lr to eta_min over T_max epochs.
#pragma once

#include <cstdint>
#include <string_view>

#include "lrsched/scheduler.hpp"

namespace lrsched {

/// Follows `eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2` through the
/// recursive (chainable) form, as PyTorch does. Past `T_max` the curve keeps going: it rises
/// back along the cosine (period 2*T_max) rather than restarting.
class CosineAnnealingLR final : public LRScheduler {
 public:
  struct Options {
    Required<std::int64_t> T_max;  // NOLINT(readability-identifier-naming): PyTorch's name
    double eta_min = 0.0;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  CosineAnnealingLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "CosineAnnealingLR"; }
  using LRScheduler::step;
  void step() override;
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;
  bool get_closed_form_lr(std::span<double> lrs) override;

 private:
  /// The chainable formula's zero-denominator epochs: last_epoch - 1 - T_max is a multiple of
  /// 2 * T_max.
  [[nodiscard]] bool period_boundary() const;
  std::int64_t T_max_;  // NOLINT(readability-identifier-naming)
  double eta_min_;
};

}  // namespace lrsched
