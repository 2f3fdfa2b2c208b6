// ExponentialLR and PolynomialLR: smooth decays with a chainable and a closed form.
#pragma once

#include <cstdint>
#include <string_view>

#include "lrsched/scheduler.hpp"

namespace lrsched {

/// Multiplies the lr by `gamma` every epoch.
class ExponentialLR final : public LRScheduler {
 public:
  struct Options {
    Required<double> gamma;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  ExponentialLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "ExponentialLR"; }
  using LRScheduler::step;
  void step() override;
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;
  bool get_closed_form_lr(std::span<double> lrs) override;

 private:
  double gamma_;
};

/// Decays the lr as `(1 - epoch/total_iters) ** power`, reaching 0 at `total_iters`.
class PolynomialLR final : public LRScheduler {
 public:
  struct Options {
    std::int64_t total_iters = 5;
    double power = 1.0;
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  PolynomialLR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "PolynomialLR"; }
  using LRScheduler::step;
  void step() override;
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;
  bool get_closed_form_lr(std::span<double> lrs) override;

 private:
  std::int64_t total_iters_;
  double power_;
};

}  // namespace lrsched
