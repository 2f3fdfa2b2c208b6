// CyclicLR: the lr cycles between base_lr and max_lr (Smith, "Cyclical Learning Rates for
// Training Neural Networks", https://arxiv.org/abs/1506.01186), momentum in opposition.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/scheduler.hpp"

namespace lrsched {

class CyclicLR final : public LRScheduler {
 public:
  /// A custom scale function of the cycle number (or of the iteration, per `scale_mode`).
  using ScaleFn = std::function<double(std::int64_t)>;

  struct Options {
    Required<PerGroup> base_lr;
    Required<PerGroup> max_lr;
    double step_size_up = 2000;
    std::optional<double> step_size_down{};
    std::string mode = "triangular";  // "triangular", "triangular2" or "exp_range"
    double gamma = 1.0;
    ScaleFn scale_fn{};                // overrides `mode` when set
    std::string scale_mode = "cycle";  // "cycle" or "iterations"; used with scale_fn only
    bool cycle_momentum = true;
    PerGroup base_momentum = 0.8;
    PerGroup max_momentum = 0.9;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  CyclicLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "CyclicLR"; }
  using LRScheduler::step;
  void step() override;
  [[nodiscard]] bool cycles_momentum() const noexcept override { return cycle_momentum_; }
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;

 private:
  enum class BuiltinScale : std::uint8_t { triangular, triangular2, exp_range };
  /// `_init_scale_fn()`: derives the built-in scale function and scale mode from `mode_`.
  void init_scale_fn();
  void init_builtin_scale();
  [[nodiscard]] double scale(std::int64_t x) const;
  /// `scale_fn(cycle)` for a cycle computed as a double (`math.floor(...)`).
  [[nodiscard]] double scale_cycle(double cycle) const;

  std::vector<double> max_lrs_;
  double total_size_;
  double step_ratio_;
  std::string mode_;
  double gamma_;
  ScaleFn scale_fn_custom_;
  BuiltinScale builtin_ = BuiltinScale::triangular;
  std::string scale_mode_;
  bool scale_by_cycle_ = true;  // scale_mode_ == "cycle", decided once rather than every step
  bool cycle_momentum_;
  bool use_beta1_ = false;
  std::vector<double> base_momentums_;
  std::vector<double> max_momentums_;
};

}  // namespace lrsched
