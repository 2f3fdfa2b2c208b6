// timm's learning-rate schedulers (`timm.scheduler` of pytorch-image-models): CosineLRScheduler,
// TanhLRScheduler, StepLRScheduler, MultiStepLRScheduler, PlateauLRScheduler and PolyLRScheduler,
// with timm's protocol, arguments, defaults, noise and quirks, bit for bit.
//
// timm's schedulers keep no step count: the training loop tells them the count on every call,
// `step(epoch + 1)` after each epoch, or `step_update(num_updates)` after each optimizer update
// when `t_in_epochs` is false, and each call sets the lr of that count (with noise where asked).
// The constructor stores `initial_lr` in each param group and sets the lr (to the warmup's start
// when there is a warmup). See docs/families.md for the quirks reproduced.
#pragma once

#include <algorithm>
#include <compare>
#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/scheduler.hpp"
#include "lrsched/schedulers/reduce_lr_on_plateau.hpp"

namespace lrsched::timm {

/// A number timm takes as a Python int or a Python float, where the two differ: `//` (a float
/// `decay_t` floors as Python's float division does, a zero int divisor and a zero float one fail
/// with different messages), and the kind of what `get_cycle_length` returns. Compares exactly,
/// int with float too, as Python does.
class Number {
 public:
  template <std::integral I>
  constexpr Number(I value) noexcept  // NOLINT(google-explicit-constructor): reads as Python
      : int_(static_cast<std::int64_t>(value)), is_int_(true) {}
  constexpr Number(double value) noexcept  // NOLINT(google-explicit-constructor)
      : float_(value) {}

  [[nodiscard]] constexpr bool is_int() const noexcept { return is_int_; }
  /// The int; meaningful when `is_int()`.
  [[nodiscard]] constexpr std::int64_t int_value() const noexcept { return int_; }
  /// `float(x)`.
  [[nodiscard]] constexpr double value() const noexcept {
    return is_int_ ? static_cast<double>(int_) : float_;
  }
  /// Python's truth value: nonzero (NaN is true).
  [[nodiscard]] constexpr explicit operator bool() const noexcept {
    return is_int_ ? int_ != 0 : float_ != 0.0;
  }

  friend std::partial_ordering operator<=>(const Number& a, const Number& b) noexcept {
    if (a.is_int_ && b.is_int_) return a.int_ <=> b.int_;  // every step's comparisons: inline
    return compare_mixed(a, b);
  }
  friend bool operator==(const Number& a, const Number& b) noexcept {
    return (a <=> b) == std::partial_ordering::equivalent;
  }

 private:
  /// `<=>` where either is a float: exact, an int against a float included.
  static std::partial_ordering compare_mixed(const Number& a, const Number& b) noexcept;

  // One of the two, by `is_int_`: 16 bytes, so that a Number is passed in registers.
  union {
    std::int64_t int_;
    double float_ = 0.0;
  };
  bool is_int_ = false;
};

/// `noise_range_t`: None (no noise), a number `n` (noise for every t >= n), or a pair `(lo, hi)`
/// (noise for lo <= t < hi). Bounds are held as doubles: exact for ints up to 2**53.
class NoiseRange {
 public:
  constexpr NoiseRange() noexcept = default;
  constexpr NoiseRange(std::nullopt_t /*none*/) noexcept {}  // NOLINT(google-explicit-constructor)
  template <std::integral I>
  constexpr NoiseRange(I from) noexcept  // NOLINT(google-explicit-constructor)
      : size_(1), lo_(static_cast<double>(from)) {}
  constexpr NoiseRange(double from) noexcept  // NOLINT(google-explicit-constructor)
      : size_(1), lo_(from) {}
  /// `(lo, hi)`, written `{lo, hi}`.
  constexpr NoiseRange(Number lo, Number hi) noexcept
      : size_(2), lo_(lo.value()), hi_(hi.value()) {}

  /// `_is_apply_noise(t)`.
  [[nodiscard]] bool contains(std::int64_t t) const noexcept {
    return size_ != 0 && contains_count(t);  // no noise (the usual case): one test, inline
  }
  /// None.
  [[nodiscard]] constexpr bool none() const noexcept { return size_ == 0; }
  /// The bounds as timm holds them: none, one number or a pair.
  [[nodiscard]] std::vector<double> values() const;
  /// From `values()`: ValueError for more than two.
  static NoiseRange from_values(std::span<const double> values);

 private:
  /// `contains` for a range that is not None.
  [[nodiscard]] bool contains_count(std::int64_t t) const noexcept;

  int size_ = 0;
  double lo_ = 0.0;
  double hi_ = 0.0;
};

/// timm's `Scheduler` base: `initial_lr` in every param group, `base_values`, `step(epoch)`,
/// `step_update(num_updates)` and the noise. timm's `lr_scale` param-group key (a per-group factor
/// applied by `update_groups`) is not modelled: lrsched's groups have no such key.
class Scheduler : public lrsched::Scheduler {
 public:
  /// After each epoch, with the number of the next one (timm's train.py: `step(epoch + 1)`).
  /// Sets the lr of that epoch when `t_in_epochs`; otherwise only records the metric.
  void step(std::int64_t epoch, std::optional<double> metric = std::nullopt) {
    step_epoch(epoch, metric);
  }
  /// After each optimizer update, with the number of updates so far. Sets the lr of that count
  /// when not `t_in_epochs`; otherwise only records the metric.
  void step_update(std::int64_t num_updates, std::optional<double> metric = std::nullopt) {
    step_updates(num_updates, metric);
  }

  [[nodiscard]] const std::vector<double>& base_values() const noexcept { return base_values_; }
  /// The metric of the most recent `step` or `step_update` (timm keeps it, and never uses it).
  [[nodiscard]] std::optional<double> metric() const noexcept { return metric_; }
  [[nodiscard]] bool t_in_epochs() const noexcept { return t_in_epochs_; }
  [[nodiscard]] const NoiseRange& noise_range_t() const noexcept { return noise_range_t_; }
  [[nodiscard]] const std::string& noise_type() const noexcept { return noise_type_; }
  [[nodiscard]] double noise_pct() const noexcept { return noise_pct_; }
  [[nodiscard]] double noise_std() const noexcept { return noise_std_; }
  [[nodiscard]] std::int64_t noise_seed() const noexcept { return noise_seed_; }
  [[nodiscard]] const Number& warmup_t() const noexcept { return warmup_t_; }
  [[nodiscard]] double warmup_lr_init() const noexcept { return warmup_lr_init_; }
  [[nodiscard]] const std::vector<double>& warmup_steps() const noexcept { return warmup_steps_; }

  /// `_get_lr(t)`: the values (before noise) for count `t` into `lrs`, one per group of
  /// `base_values` (ValueError for another length).
  void get_lr(Number t, std::span<double> lrs);
  /// `_calculate_noise(t)`: the noise factor drawn for count `t` (seed `noise_seed + t`).
  [[nodiscard]] double calculate_noise(std::int64_t t) const;

  /// Nothing: the constructor has set the lr.
  void initial_step() override {}

 protected:
  /// The arguments timm's base constructor takes.
  struct BaseOptions {
    bool t_in_epochs = true;
    NoiseRange noise_range_t = std::nullopt;
    std::string noise_type = "normal";
    double noise_pct = 0.67;
    double noise_std = 1.0;
    std::optional<std::int64_t> noise_seed = std::nullopt;
    bool initialize = true;
  };
  /// timm's `Scheduler.__init__`: `initial_lr` set (or, with `initialize=False`, required),
  /// `base_values` read, and every group's lr set to its base value.
  Scheduler(OptimizerView& optimizer, BaseOptions options);

  /// The class's `_get_lr(t)`.
  virtual void compute_lr(Number t, std::span<double> lrs) = 0;
  /// The class's `step`; this one is timm's base `step`.
  virtual void step_epoch(std::int64_t epoch, std::optional<double> metric);
  /// The class's `step_update`; this one is timm's base `step_update`.
  virtual void step_updates(std::int64_t num_updates, std::optional<double> metric);
  /// `epoch` to `step`, `num_updates` to `step_update` (both, when both are given).
  void step_with(const StepInput& input) override;

  /// `update_groups(values)`: each group's lr, zipped with the values (the shorter decides).
  void update_groups(std::span<const double> values) {
    write_lrs(values.first(std::min(values.size(), group_count())));
    record_last_lr();
  }
  /// `update_groups(value)`: the same lr in every group.
  void update_groups(double value);
  /// `_add_noise(values, t)` in place.
  void add_noise(std::span<double> values, std::int64_t t) const {
    if (noise_range_t_.contains(t)) apply_noise_to(values, t);
  }

  /// The warmup every class but PlateauLRScheduler shares: `warmup_lr_init + t * s` while
  /// `t < warmup_t`. Returns false past the warmup.
  bool warmup_lr(Number t, std::span<double> lrs) const;
  /// The constructor's `if self.warmup_t:` block, once `warmup_t_` and `warmup_lr_init_` are
  /// set: the per-group slopes from `warmup_lr_init` towards `targets` and every lr set to
  /// `warmup_lr_init`; without a warmup, slopes of 1.
  void set_up_warmup(std::span<const double> targets);

  /// timm's base `state_dict()` keys (`param_group_field`, `base_values`, `metric`, the noise
  /// settings, ...).
  void visit_base_state(StateVisitor& visitor);
  /// The warmup keys (`warmup_t`, `warmup_lr_init`, `warmup_steps`).
  void visit_warmup_state(StateVisitor& visitor);

  std::vector<double> base_values_;
  std::vector<double> values_;  // the values a step computes: allocated once
  Number warmup_t_ = 0;
  double warmup_lr_init_ = 0.0;
  std::vector<double> warmup_steps_;

 private:
  /// The noise of count `t` applied to `values`, `t` in noise_range_t.
  void apply_noise_to(std::span<double> values, std::int64_t t) const;
  std::optional<double> metric_;
  bool t_in_epochs_;
  NoiseRange noise_range_t_;
  double noise_pct_;
  std::string noise_type_;
  double noise_std_;
  std::int64_t noise_seed_;
};

/// What Cosine, Tanh and Poly share: restarts of `t_initial` epochs, each `cycle_mul` times the
/// last, up to `cycle_limit` cycles, the peak scaled by `cycle_decay` per cycle.
class CyclicScheduler : public Scheduler {
 public:
  /// `get_cycle_length(cycles=0)`: the length of `cycles` cycles (`cycle_limit` for 0), plus
  /// the warmup with `warmup_prefix`. An int when timm's is.
  [[nodiscard]] Number get_cycle_length(Number cycles = 0) const;

  [[nodiscard]] const Number& t_initial() const noexcept { return t_initial_; }
  [[nodiscard]] double lr_min() const noexcept { return lr_min_; }
  [[nodiscard]] double cycle_mul() const noexcept { return cycle_mul_; }
  [[nodiscard]] double cycle_decay() const noexcept { return cycle_decay_; }
  [[nodiscard]] const Number& cycle_limit() const noexcept { return cycle_limit_; }
  [[nodiscard]] bool warmup_prefix() const noexcept { return warmup_prefix_; }

 protected:
  struct CycleOptions {
    Number t_initial;
    double lr_min;
    double cycle_mul;
    double cycle_decay;
    Number cycle_limit;
    bool warmup_prefix;
  };
  CyclicScheduler(OptimizerView& optimizer, BaseOptions base, const CycleOptions& cycle);
  /// From the Options of a scheduler with restarts (Cosine, Tanh, Poly): its base and cycle
  /// options.
  template <class Options>
  CyclicScheduler(OptimizerView& optimizer, const Options& options)
      : CyclicScheduler(optimizer,
                        {.t_in_epochs = options.t_in_epochs,
                         .noise_range_t = options.noise_range_t,
                         .noise_pct = options.noise_pct,
                         .noise_std = options.noise_std,
                         .noise_seed = options.noise_seed,
                         .initialize = options.initialize},
                        {.t_initial = options.t_initial,
                         .lr_min = options.lr_min,
                         .cycle_mul = options.cycle_mul,
                         .cycle_decay = options.cycle_decay,
                         .cycle_limit = options.cycle_limit,
                         .warmup_prefix = options.warmup_prefix}) {}
  /// timm's asserts on the cycle: Cosine's and Poly's, and the first of Tanh's.
  void check_cycle() const;
  /// The end of Cosine's and Poly's constructors: the asserts, the warning for a schedule that
  /// never changes the lr, then the warmup towards the base values.
  void set_up_cycles(Number warmup_t, double warmup_lr_init);

  /// Where count `t` (after the warmup prefix) falls: cycle `i`, its length `t_i`, and `t_curr`,
  /// the count within it.
  struct Position {
    Number i;
    Number t_i;
    Number t_curr;
  };
  [[nodiscard]] Position position(Number t) const;
  /// Where count `t` falls for Cosine's and Poly's curves, and `cycle_decay**i`; nullopt once
  /// `lrs` hold the warmup's lrs or, from cycle `cycle_limit` on, `lr_min`, and with no groups
  /// (timm computes the curve once per group).
  struct Decayed {
    Position position;
    double gamma;
  };
  [[nodiscard]] std::optional<Decayed> decayed_position(Number t, std::span<double> lrs) const;
  /// `t - warmup_t` with `warmup_prefix`, else `t`.
  [[nodiscard]] Number after_prefix(Number t) const;
  /// The cycle keys of timm's `state_dict()`.
  void visit_cycle_state(StateVisitor& visitor);

  Number t_initial_;
  double lr_min_;
  double cycle_mul_;
  double cycle_decay_;
  Number cycle_limit_;
  bool warmup_prefix_;
};

/// Cosine annealing with restarts, warmup, noise and k-decay (`timm.scheduler.CosineLRScheduler`):
/// `lr_min + 0.5 * (lr_max - lr_min) * (1 + cos(pi * t_curr**k / t_i**k))`, `lr_max` the base lr
/// times `cycle_decay**i`; `lr_min` from cycle `cycle_limit` on.
class CosineLRScheduler final : public CyclicScheduler {
 public:
  struct Options {
    Required<Number> t_initial;
    double lr_min = 0.0;
    double cycle_mul = 1.0;
    double cycle_decay = 1.0;
    Number cycle_limit = 1;
    Number warmup_t = 0;
    double warmup_lr_init = 0.0;
    bool warmup_prefix = false;
    bool t_in_epochs = true;
    NoiseRange noise_range_t = std::nullopt;
    double noise_pct = 0.67;
    double noise_std = 1.0;  // accepted and never used, as in timm
    std::int64_t noise_seed = 42;
    double k_decay = 1.0;
    bool initialize = true;
  };
  CosineLRScheduler(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "CosineLRScheduler"; }
  [[nodiscard]] double k_decay() const noexcept { return k_decay_; }
  void visit_state(StateVisitor& visitor) override;

 protected:
  void compute_lr(Number t, std::span<double> lrs) override;

 private:
  double k_decay_;
};

/// Hyperbolic-tangent decay with restarts (`timm.scheduler.TanhLRScheduler`):
/// `lr_min + 0.5 * (lr_max - lr_min) * (1 - tanh(lb * (1 - tr) + ub * tr))`, tr = t_curr / t_i.
/// Without `warmup_prefix` the warmup climbs towards the curve's value at `warmup_t`.
class TanhLRScheduler final : public CyclicScheduler {
 public:
  struct Options {
    Required<Number> t_initial;
    double lb = -7.0;
    double ub = 3.0;
    double lr_min = 0.0;
    double cycle_mul = 1.0;
    double cycle_decay = 1.0;
    Number cycle_limit = 1;
    Number warmup_t = 0;
    double warmup_lr_init = 0.0;
    bool warmup_prefix = false;
    bool t_in_epochs = true;
    NoiseRange noise_range_t = std::nullopt;
    double noise_pct = 0.67;
    double noise_std = 1.0;  // accepted and never used, as in timm
    std::int64_t noise_seed = 42;
    bool initialize = true;
  };
  TanhLRScheduler(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "TanhLRScheduler"; }
  [[nodiscard]] double lb() const noexcept { return lb_; }
  [[nodiscard]] double ub() const noexcept { return ub_; }
  void visit_state(StateVisitor& visitor) override;

 protected:
  void compute_lr(Number t, std::span<double> lrs) override;

 private:
  void check() const;
  double lb_;
  double ub_;
};

/// Polynomial decay with restarts, warmup, noise and k-decay (`timm.scheduler.PolyLRScheduler`):
/// `lr_min + (lr_max - lr_min) * (1 - t_curr**k / t_i**k) ** power`.
class PolyLRScheduler final : public CyclicScheduler {
 public:
  struct Options {
    Required<Number> t_initial;
    double power = 0.5;
    double lr_min = 0.0;
    double cycle_mul = 1.0;
    double cycle_decay = 1.0;
    Number cycle_limit = 1;
    Number warmup_t = 0;
    double warmup_lr_init = 0.0;
    bool warmup_prefix = false;
    bool t_in_epochs = true;
    NoiseRange noise_range_t = std::nullopt;
    double noise_pct = 0.67;
    double noise_std = 1.0;  // accepted and never used, as in timm
    std::int64_t noise_seed = 42;
    double k_decay = 1.0;
    bool initialize = true;
  };
  PolyLRScheduler(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "PolyLRScheduler"; }
  [[nodiscard]] double power() const noexcept { return power_; }
  [[nodiscard]] double k_decay() const noexcept { return k_decay_; }
  void visit_state(StateVisitor& visitor) override;

 protected:
  void compute_lr(Number t, std::span<double> lrs) override;

 private:
  double power_;
  double k_decay_;
};

/// Step decay (`timm.scheduler.StepLRScheduler`): `base * decay_rate ** (t // decay_t)`.
/// `decay_t` may be a float, floored with Python's float `//`.
class StepLRScheduler final : public Scheduler {
 public:
  struct Options {
    Required<Number> decay_t;
    double decay_rate = 1.0;
    Number warmup_t = 0;
    double warmup_lr_init = 0.0;
    bool warmup_prefix = true;
    bool t_in_epochs = true;
    NoiseRange noise_range_t = std::nullopt;
    double noise_pct = 0.67;
    double noise_std = 1.0;  // accepted and never used, as in timm
    std::int64_t noise_seed = 42;
    bool initialize = true;
  };
  StepLRScheduler(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "StepLRScheduler"; }
  [[nodiscard]] const Number& decay_t() const noexcept { return decay_t_; }
  [[nodiscard]] double decay_rate() const noexcept { return decay_rate_; }
  [[nodiscard]] bool warmup_prefix() const noexcept { return warmup_prefix_; }
  void visit_state(StateVisitor& visitor) override;

 protected:
  void compute_lr(Number t, std::span<double> lrs) override;

 private:
  Number decay_t_;
  double decay_rate_;
  bool warmup_prefix_;
};

/// Decay at milestones (`timm.scheduler.MultiStepLRScheduler`):
/// `base * decay_rate ** bisect_right(decay_t, t + 1)`: each decay lands one count before its
/// milestone.
class MultiStepLRScheduler final : public Scheduler {
 public:
  struct Options {
    Required<std::vector<std::int64_t>> decay_t;
    double decay_rate = 1.0;
    Number warmup_t = 0;
    double warmup_lr_init = 0.0;
    bool warmup_prefix = true;
    bool t_in_epochs = true;
    NoiseRange noise_range_t = std::nullopt;
    double noise_pct = 0.67;
    double noise_std = 1.0;  // accepted and never used, as in timm
    std::int64_t noise_seed = 42;
    bool initialize = true;
  };
  MultiStepLRScheduler(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "MultiStepLRScheduler"; }
  /// `get_curr_decay_steps(t)`: `bisect_right(decay_t, t + 1)`.
  [[nodiscard]] std::size_t get_curr_decay_steps(Number t) const;
  [[nodiscard]] const std::vector<std::int64_t>& decay_t() const noexcept { return decay_t_; }
  [[nodiscard]] double decay_rate() const noexcept { return decay_rate_; }
  [[nodiscard]] bool warmup_prefix() const noexcept { return warmup_prefix_; }
  void visit_state(StateVisitor& visitor) override;

 protected:
  void compute_lr(Number t, std::span<double> lrs) override;

 private:
  std::vector<std::int64_t> decay_t_;
  double decay_rate_;
  bool warmup_prefix_;
};

/// PyTorch's ReduceLROnPlateau with timm's warmup and noise (`timm.scheduler.PlateauLRScheduler`).
/// Always counts epochs; `step_update` does nothing. While `epoch <= warmup_t` the lr follows the
/// warmup (metrics ignored); then each `step(epoch, metric)` restores the lr the last noise
/// perturbed, steps the plateau scheduler when a metric is given, and adds noise in the noise
/// range.
class PlateauLRScheduler final : public Scheduler {
 public:
  struct Options {
    double decay_rate = 0.1;
    std::int64_t patience_t = 10;
    double threshold = 1e-4;
    std::int64_t cooldown_t = 0;
    Number warmup_t = 0;
    double warmup_lr_init = 0.0;
    double lr_min = 0.0;
    std::string mode = "max";
    NoiseRange noise_range_t = std::nullopt;
    std::string noise_type = "normal";  // any other value draws uniform noise, as in timm
    double noise_pct = 0.67;
    double noise_std = 1.0;                                 // accepted and never used, as in timm
    std::optional<std::int64_t> noise_seed = std::nullopt;  // None: 42
    bool initialize = true;
  };
  PlateauLRScheduler(OptimizerView& optimizer, Options options);
  [[nodiscard]] std::string_view name() const noexcept override { return "PlateauLRScheduler"; }
  /// The wrapped `lr_scheduler`.
  [[nodiscard]] const ReduceLROnPlateau& lr_scheduler() const noexcept { return *plateau_; }
  /// Whether the last step added noise: `restore_lr` is not None.
  [[nodiscard]] bool has_restore_lr() const noexcept { return has_restore_lr_; }
  /// The lrs before the last noise, restored before the next plateau step (`restore_lr`).
  [[nodiscard]] const std::vector<double>& restore_lr() const noexcept { return restore_lr_; }
  void visit_state(StateVisitor& visitor) override;

 protected:
  void compute_lr(Number t, std::span<double> lrs) override;
  void step_epoch(std::int64_t epoch, std::optional<double> metric) override;
  void step_updates(std::int64_t num_updates, std::optional<double> metric) override;

 private:
  void apply_noise(std::int64_t epoch);

  std::unique_ptr<lrsched::Scheduler> holder_;  // the ReduceLROnPlateau, as state's child
  ReduceLROnPlateau* plateau_;
  bool has_restore_lr_ = false;
  std::vector<double> restore_lr_;  // kept allocated between steps
};

}  // namespace lrsched::timm
