// ReduceLROnPlateau: lowers the lr when a monitored metric stops improving.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/scheduler.hpp"

namespace lrsched {

/// Multiplies the lr by `factor` after `patience` epochs without improvement of the metric passed
/// to `step(metric)`. A NaN metric never improves. Unlike the other classes it writes no
/// `initial_lr` and leaves the lr alone at construction.
class ReduceLROnPlateau final : public Scheduler {
 public:
  struct Options {
    std::string mode = "min";  // "min" or "max"
    double factor = 0.1;
    std::int64_t patience = 10;
    double threshold = 1e-4;
    std::string threshold_mode = "rel";  // "rel" or "abs"
    std::int64_t cooldown = 0;
    PerGroup min_lr = 0.0;
    double eps = 1e-8;
    TorchBehavior behavior = TorchBehavior::newest;
  };
  /// `step(metric)`, or the deprecated `step(metric, epoch)`; there is no `step()`.
  static constexpr Stepping kStepping{.metric = MetricUse::required, .epoch = EpochUse::integer};
  ReduceLROnPlateau(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "ReduceLROnPlateau"; }

  /// One epoch with the monitored metric.
  void step(double metric);
  /// Deprecated PyTorch form `step(metric, epoch)`.
  void step(double metric, std::int64_t epoch);

  [[nodiscard]] std::int64_t last_epoch() const noexcept { return last_epoch_; }
  [[nodiscard]] double best() const noexcept { return best_; }
  [[nodiscard]] std::int64_t num_bad_epochs() const noexcept { return num_bad_epochs_; }
  [[nodiscard]] std::int64_t cooldown_counter() const noexcept { return cooldown_counter_; }
  [[nodiscard]] const std::vector<double>& min_lrs() const noexcept { return min_lrs_; }
  /// `scheduler.min_lrs = [...]`, e.g. after `add_param_group` with a per-group min_lr.
  void set_min_lrs(std::vector<double> min_lrs) { min_lrs_ = std::move(min_lrs); }
  void visit_state(StateVisitor& visitor) override;

  /// Nothing: the constructor leaves the lr as it is.
  void initial_step() override {}
  void decrement_last_epoch() override { --last_epoch_; }

 protected:
  void step_with(const StepInput& input) override;

 private:
  /// `_init_is_better`: validates the modes and derives `mode_worse`.
  void init_is_better();
  // Inline: called on every step, it is most of a step's cost.
  [[nodiscard]] bool is_better(double a, double best) const {
    if (min_mode_) {
      return rel_threshold_ ? a < best * (1.0 - threshold_) : a < best - threshold_;
    }
    return rel_threshold_ ? a > best * (threshold_ + 1.0) : a > best + threshold_;
  }
  void reduce_lr();
  void reduce_group(std::size_t group);
  void apply(double metric, std::int64_t epoch);

  double factor_;
  std::vector<double> min_lrs_;
  std::optional<double> default_min_lr_;  // None when min_lr was given per group
  std::int64_t patience_;
  std::int64_t cooldown_;
  std::int64_t cooldown_counter_ = 0;
  std::string mode_;
  double threshold_;
  std::string threshold_mode_;
  bool min_mode_ = true;       // mode_ == "min"; both decided once in init_is_better()
  bool rel_threshold_ = true;  // threshold_mode_ == "rel"
  double best_ = 0;
  std::int64_t num_bad_epochs_ = 0;
  double mode_worse_ = 0;
  double eps_;
  std::int64_t last_epoch_ = 0;
};

}  // namespace lrsched
