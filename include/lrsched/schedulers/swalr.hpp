// SWALR (torch.optim.swa_utils.SWALR): anneals each group's lr to a fixed SWA lr.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lrsched/scheduler.hpp"

namespace lrsched {

/// Anneals from the current lr to `swa_lr` over `anneal_epochs` steps (cosine or linear), then
/// holds `swa_lr`. Counts its own steps (`_step_count`), not `last_epoch`.
class SWALR final : public LRScheduler {
 public:
  struct Options {
    Required<PerGroup> swa_lr;
    std::int64_t anneal_epochs = 10;
    std::string anneal_strategy = "cos";  // "cos" or "linear"
    std::int64_t last_epoch = -1;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  SWALR(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "SWALR"; }
  using LRScheduler::step;
  void step() override;
  void visit_state(StateVisitor& visitor) override;

 protected:
  bool get_lr(std::span<double> lrs) override;

 private:
  [[nodiscard]] double anneal(double t) const;

  std::string anneal_strategy_;
  bool cos_ = true;  // anneal_strategy_ == "cos", decided once rather than every step
  std::int64_t anneal_epochs_;
};

}  // namespace lrsched
