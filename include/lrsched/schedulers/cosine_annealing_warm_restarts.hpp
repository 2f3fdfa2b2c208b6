// CosineAnnealingWarmRestarts (SGDR): cosine annealing restarted every T_i epochs.
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>

#include "lrsched/scheduler.hpp"

namespace lrsched {

/// `eta_min + (base_lr - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2`, where `T_cur` counts epochs
/// since the last restart and `T_i` starts at `T_0` and is multiplied by `T_mult` at each restart.
/// Accepts fractional epochs: `step(epoch + i / iters)` within an epoch.
class CosineAnnealingWarmRestarts final : public LRScheduler {
 public:
  struct Options {
    Required<std::int64_t> T_0;  // NOLINT(readability-identifier-naming): PyTorch's names
    std::int64_t T_mult = 1;     // NOLINT(readability-identifier-naming)
    double eta_min = 0.0;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  /// `step()`, or `step(epoch)` with an int or float epoch (not deprecated for this class).
  static constexpr Stepping kStepping{.epoch = EpochUse::fractional};
  CosineAnnealingWarmRestarts(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override {
    return "CosineAnnealingWarmRestarts";
  }
  void step() override;
  /// Jumps to a (possibly fractional) epoch. Unlike other classes this is not deprecated.
  void step(double epoch);
  template <std::integral I>
  void step(I epoch) {
    step(static_cast<double>(epoch));
  }
  [[nodiscard]] double T_cur() const noexcept { return T_cur_; }    // NOLINT
  [[nodiscard]] std::int64_t T_i() const noexcept { return T_i_; }  // NOLINT
  /// `scheduler.T_cur = x`: PyTorch users reset the cycle position by hand.
  void set_T_cur(double value) noexcept { T_cur_ = value; }  // NOLINT
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;
  void step_with(const StepInput& input) override;

 private:
  void apply_epoch(double epoch);

  std::int64_t T_0_;     // NOLINT(readability-identifier-naming)
  std::int64_t T_i_;     // NOLINT(readability-identifier-naming)
  std::int64_t T_mult_;  // NOLINT(readability-identifier-naming)
  double eta_min_;
  double T_cur_;  // NOLINT(readability-identifier-naming): a float after fractional epochs
};

}  // namespace lrsched
