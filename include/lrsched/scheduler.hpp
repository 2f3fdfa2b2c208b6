// Base classes shared by every scheduler.
//
// `Scheduler` is what every class has in common (PyTorch's duck type: an optimizer,
// `get_last_lr()`, `state_dict()`), plus what one step of the class consumes (`Stepping`) and the
// one call path that steps any scheduler (`advance`); `LRScheduler` is PyTorch's `LRScheduler`
// base with its constructor protocol (initial_lr, base_lrs, the initial step), the chainable
// `step()` and the deprecated closed-form `step(epoch)`.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "lrsched/detail/pymath.hpp"
#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/state.hpp"

namespace lrsched {

/// PyTorch's `EPOCH_DEPRECATION_WARNING`, reported when `step(epoch)` is used.
extern const std::string_view kEpochDeprecationWarning;

/// Receives the warnings PyTorch emits with `warnings.warn` (UserWarning). The default handler
/// ignores them; the CLI prints them. Not thread-safe to change while schedulers run.
using WarningHandler = void (*)(std::string_view message);
void set_warning_handler(WarningHandler handler) noexcept;
void warn(std::string_view message);

/// Which PyTorch release a scheduler behaves like where releases differ (every difference is
/// listed in docs/differences-from-pytorch.md). The newest release is the default; `v1_13` is
/// PyTorch 1.13.1 (Debian 12's python3-torch), for reproducing what a run on it did: its resume
/// rule, its composites, its error texts. Given in each PyTorch class's `Options` (`.behavior`);
/// build a composite's children with the same behavior as the composite.
enum class TorchBehavior : std::uint8_t {
  newest,  // PyTorch's newest release (2.10-2.12)
  v1_13,   // PyTorch 1.13.1
};

/// The behavior a version text names ("newest", "1.13"), or nullopt.
[[nodiscard]] std::optional<TorchBehavior> parse_torch_behavior(std::string_view text) noexcept;

/// Whether a step takes a monitored metric.
enum class MetricUse : std::uint8_t {
  none,      // step() takes no metric
  optional,  // step(metric) or step(): the metric matters only to some configurations
  required,  // step(metric) only: a plateau scheduler decides on the metric
};

/// Whether a step can jump to a given epoch.
enum class EpochUse : std::uint8_t {
  none,        // no epoch argument (the composites)
  integer,     // PyTorch's deprecated `step(epoch)`: the closed form where the class has one
  fractional,  // `step(epoch)` with a float epoch, not deprecated (warm restarts within an epoch)
};

/// Who counts the steps. PyTorch's schedulers count their own (`last_epoch`); timm's are told
/// the count on every call, as its train.py does: `step(epoch)` after each epoch, or
/// `step_update(num_updates)` after each optimizer update (`t_in_epochs=False`).
enum class StepCount : std::uint8_t {
  internal,  // the scheduler counts its steps
  epoch,     // each step passes the epoch just finished, plus one (`step(epoch + 1)`)
  updates,   // each step passes the number of updates so far (`step_update(num_updates)`)
};

/// What one step of a scheduler consumes, declared by its class: nothing, an epoch, a
/// fractional epoch, a metric, or an update count. Drivers (the CLI, composites, trainers) read
/// it instead of testing the scheduler's type, and step every class through `advance`.
struct Stepping {
  MetricUse metric = MetricUse::none;
  EpochUse epoch = EpochUse::none;
  /// `step_update(num_updates)` as well as `step()`: per-update stepping of a per-epoch schedule.
  bool update_count = false;
  /// Who counts the steps; for `epoch` and `updates`, `advance` needs that count.
  StepCount count = StepCount::internal;

  /// True when a step needs nothing (`step()` is part of the class's interface).
  [[nodiscard]] constexpr bool plain() const noexcept {
    return metric != MetricUse::required && count == StepCount::internal;
  }
  friend constexpr bool operator==(const Stepping&, const Stepping&) = default;
};

/// The epoch of `step(epoch)`: an integer (every 64-bit value exact), or a float for a class whose
/// epochs may be fractional.
class Epoch {
 public:
  template <std::integral I>
  constexpr Epoch(I epoch) noexcept  // NOLINT(google-explicit-constructor): reads as Python
      : integer_(static_cast<std::int64_t>(epoch)), value_(static_cast<double>(epoch)) {}
  constexpr Epoch(double epoch) noexcept  // NOLINT(google-explicit-constructor)
      : value_(epoch) {}
  /// The integer given, if one was.
  [[nodiscard]] constexpr const std::optional<std::int64_t>& integer() const noexcept {
    return integer_;
  }
  [[nodiscard]] constexpr double value() const noexcept { return value_; }

 private:
  std::optional<std::int64_t> integer_;
  double value_;
};

/// What one call of `advance` passes; members left empty are not passed.
struct StepInput {
  std::optional<double> metric = std::nullopt;
  std::optional<Epoch> epoch = std::nullopt;
  std::optional<std::int64_t> num_updates = std::nullopt;
};

/// What a driver that counts steps from 0 passes on step `k`, as `lrsched simulate` and each
/// family's own training loop do: the count the scheduler is told (`k + 1`, the epoch or the
/// update just finished) and `metric` when the scheduler takes one (left out otherwise).
[[nodiscard]] constexpr StepInput step_input(const Stepping& stepping, std::int64_t k,
                                             std::optional<double> metric = std::nullopt) {
  StepInput input;
  if (stepping.metric != MetricUse::none) input.metric = metric;
  if (stepping.count == StepCount::epoch) input.epoch = k + 1;
  if (stepping.count == StepCount::updates) input.num_updates = k + 1;
  return input;
}

class Scheduler {
 public:
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  virtual ~Scheduler() = default;

  /// The class name as its origin spells it.
  [[nodiscard]] virtual std::string_view name() const noexcept = 0;
  /// What a step of this scheduler consumes.
  [[nodiscard]] const Stepping& stepping() const noexcept { return stepping_; }
  /// One step with the inputs the class declares: the one call path for code that drives a
  /// scheduler it did not build itself. An input the class does not take, or a required one
  /// left out, is a TypeError (as Python's call would be), and nothing changes.
  void advance(const StepInput& input = {}) {
    check_input(input);
    step_with(input);
  }
  /// The learning rates written by the most recent step, one per param group.
  [[nodiscard]] const std::vector<double>& get_last_lr() const noexcept { return last_lr_; }
  [[nodiscard]] OptimizerView& optimizer() const noexcept { return *optimizer_; }
  /// Which PyTorch release this scheduler behaves like.
  [[nodiscard]] TorchBehavior torch_behavior() const noexcept { return behavior_; }
  /// True when stepping also writes momentum or beta1 (the cyclic schedules).
  [[nodiscard]] virtual bool cycles_momentum() const noexcept { return false; }
  /// Visits every state field under PyTorch's `state_dict()` key; used to save and to load.
  /// Loading replaces hyper-parameters too, as `load_state_dict` does.
  virtual void visit_state(StateVisitor& visitor) = 0;

 protected:
  Scheduler(OptimizerView& optimizer, Stepping stepping,
            TorchBehavior behavior = TorchBehavior::newest)
      : optimizer_(&optimizer),
        in_memory_(dynamic_cast<InMemoryOptimizer*>(&optimizer)),
        stepping_(stepping),
        behavior_(behavior) {}

  /// The class's step for an input that `advance` has checked against `stepping()`.
  virtual void step_with(const StepInput& input) = 0;
  /// `child.advance()` for a composite that checked `child.stepping().plain()` when it took the
  /// child: the same step, without building and checking an empty input on every step.
  static void advance_checked_child(Scheduler& child) {
    static constexpr StepInput kNoInput{};
    child.step_with(kNoInput);
  }
  /// The epoch of a class whose epochs are integers; a float one is a TypeError.
  [[nodiscard]] std::int64_t integer_epoch(const Epoch& epoch) const;
  /// `_last_lr = [group["lr"] for group in param_groups]`.
  void record_last_lr() {
    const std::size_t groups = group_count();
    if (last_lr_.size() != groups) last_lr_.resize(groups);  // only when groups were added
    read_lrs(last_lr_);
  }

  // The optimizer's groups, through the devirtualized InMemoryOptimizer when it is one.
  [[nodiscard]] std::size_t group_count() const noexcept {
    return in_memory_ != nullptr ? in_memory_->num_groups() : optimizer_->num_groups();
  }
  void read_lrs(std::span<double> out) const {
    if (in_memory_ != nullptr) {
      in_memory_->get_lrs(out);
    } else {
      optimizer_->get_lrs(out);
    }
  }
  void write_lrs(std::span<const double> lrs) {
    if (in_memory_ != nullptr) {
      in_memory_->set_lrs(lrs);
    } else {
      optimizer_->set_lrs(lrs);
    }
  }

  /// `group["momentum"] = value` (or beta1), devirtualized as the lr copies are.
  void write_momentum(std::size_t group, double value) {
    if (in_memory_ != nullptr) {
      in_memory_->set_momentum(group, value);
    } else {
      optimizer_->set_momentum(group, value);
    }
  }

  OptimizerView* optimizer_;
  /// The optimizer when it is an InMemoryOptimizer (a final class): stepping then copies lrs
  /// with inlined loops instead of virtual calls, the bulk of a cheap scheduler's step.
  InMemoryOptimizer* in_memory_;
  std::vector<double> last_lr_;

 public:
  // The protocol a composite drives its children with (PyTorch's `_initial_step`,
  // `recursive_undo` and `_update_lr(0)`); a training loop has no use for it.

  /// `_initial_step()`: the step a constructor takes.
  virtual void initial_step() = 0;
  /// `recursive_undo()`: undoes the construction-time step of every leaf scheduler.
  virtual void undo_initial_step();
  /// `_update_lr(0)`: restarts the scheduler at a milestone of a sequence.
  virtual void restart_at_milestone();
  /// PyTorch 1.13's SequentialLR undo, `scheduler.last_epoch -= 1` on each direct child: an
  /// AttributeError for a class without `last_epoch` (ChainedScheduler).
  virtual void decrement_last_epoch();

 private:
  void check_input(const StepInput& input) const {
    if ((input.metric ? stepping_.metric == MetricUse::none
                      : stepping_.metric == MetricUse::required) ||
        (input.epoch && stepping_.epoch == EpochUse::none) ||
        (input.num_updates && !stepping_.update_count) ||
        (stepping_.count == StepCount::epoch && !input.epoch && !input.num_updates) ||
        (stepping_.count == StepCount::updates && !input.num_updates && !input.epoch))
        [[unlikely]] {
      throw_unsupported_input(input);
    }
  }
  [[noreturn]] void throw_unsupported_input(const StepInput& input) const;

  Stepping stepping_;
  TorchBehavior behavior_;
};

/// PyTorch's `LRScheduler` base: every class with PyTorch's chainable step.
class LRScheduler : public Scheduler {
 public:
  /// How an LRScheduler steps unless its class says otherwise: `step()`, or the deprecated
  /// `step(epoch)`.
  static constexpr Stepping kStepping{.epoch = EpochUse::integer};

  /// Chainable step: `last_epoch += 1`, then the class's recursive formula.
  virtual void step();
  /// Deprecated PyTorch `step(epoch)`: sets `last_epoch = epoch` and uses the closed form where the
  /// class has one, else the same formula as `step()`. Emits kEpochDeprecationWarning. A class
  /// whose epochs may be fractional takes its own path here too.
  void step(std::int64_t epoch) {
    if (stepping().epoch == EpochUse::fractional) {
      step_with({.epoch = epoch});
    } else {
      step_to_epoch(epoch);
    }
  }

  [[nodiscard]] std::int64_t last_epoch() const noexcept { return last_epoch_; }
  [[nodiscard]] const std::vector<double>& base_lrs() const noexcept { return base_lrs_; }
  /// Number of `step()` calls including the constructor's (`_step_count`).
  [[nodiscard]] std::int64_t step_count() const noexcept { return step_count_; }

 protected:
  /// Sets `initial_lr` (setdefault) or checks it is there (resume), and reads `base_lrs`. The
  /// derived constructor finishes its own set-up and then calls `initial_step()`.
  LRScheduler(OptimizerView& optimizer, std::int64_t last_epoch, Stepping stepping = kStepping,
              TorchBehavior behavior = TorchBehavior::newest);

  /// `step()`, or the deprecated `step(epoch)` with an integral epoch.
  void step_with(const StepInput& input) override;

  /// `get_lr()`: the chainable formula for `last_epoch_`. On entry `lrs` holds the groups' current
  /// lrs (PyTorch's `group["lr"]`); the new lrs replace them in place. Returns false when the
  /// formula keeps every lr as it was, so that the step writes nothing back.
  virtual bool get_lr(std::span<double> lrs) = 0;
  /// `_get_closed_form_lr()` into `lrs`; returns false for classes without one.
  virtual bool get_closed_form_lr(std::span<double> /*lrs*/) { return false; }

  /// `_update_lr(epoch)` with an epoch: the closed form where the class has one, else `get_lr()`,
  /// written into the optimizer. (Without an epoch it is `chainable_step`.)
  void update_lr(std::int64_t epoch);

  /// `_update_lr()` of the chainable `step()`. Concrete classes pass their own get_lr, so that the
  /// call is direct (and inlined) rather than through the vtable: the fixed cost of a step is
  /// most of what a cheap schedule costs.
  template <class GetLr>
  void chainable_step(GetLr&& get_lr_of_class) {
    // No overflow test: counters enter at most detail::kMaxStepCounter, 2**56 steps from the end.
    ++step_count_;
    read_current_lrs();
    ++last_epoch_;
    apply_values(get_lr_of_class(std::span<double>(values_)));
  }
  /// `_update_lr()` for a class whose get_lr sets every value without reading the groups' lrs
  /// (LambdaLR's `base_lr * lmbda(epoch)`, a schedule's value): chainable_step without reading
  /// the lrs into `values_` first, which would be overwritten unread.
  template <class GetLr>
  void formula_step(GetLr&& get_lr_of_class) {
    ++step_count_;
    check_group_count();
    ++last_epoch_;
    apply_values(get_lr_of_class(std::span<double>(values_)));
  }
  /// `_update_lr()` for a class whose lrs are a function of what the step has counted alone
  /// (ScheduleLR: a schedule's value, scaled or not): `lrs_of_step()`, called once after the
  /// counting, returns the lr of each group as a function `double(std::size_t group)`. Unlike
  /// formula_step there is no buffer: over an InMemoryOptimizer each lr is computed, written and
  /// recorded in one pass (the last lrs are the lrs written: that view keeps doubles as given).
  template <class LrsOfStep>
  void direct_step(LrsOfStep&& lrs_of_step) {
    ++step_count_;
    check_group_count();
    ++last_epoch_;
    const auto lr_of_group = lrs_of_step();
    if (in_memory_ != nullptr && last_lr_.size() == values_.size()) {
      std::vector<ParamGroup>& groups = in_memory_->groups();
      for (std::size_t g = 0; g < values_.size(); ++g) {
        const double lr = lr_of_group(g);
        groups[g].lr = lr;
        last_lr_[g] = lr;
      }
      return;
    }
    for (std::size_t g = 0; g < values_.size(); ++g) values_[g] = lr_of_group(g);
    apply_values();
  }
  /// ValueError when a group was added or removed since the construction.
  void check_group_count() const {
    const std::size_t groups = group_count();
    if (groups != values_.size()) throw_group_count_changed(groups);
  }
  /// Reads the groups' lrs into `values_`, after checking that no group was added or removed.
  void read_current_lrs() {
    check_group_count();
    read_lrs(values_);
  }
  /// Writes `values_` into the optimizer when `changed`, and records them as the last lrs.
  void apply_values(bool changed = true) {
    if (changed) write_lrs(values_);
    // `_last_lr` re-reads the groups, as PyTorch does, from an InMemoryOptimizer: an inlined loop,
    // cheaper for a few groups than the memmove call a contiguous copy of `values_` becomes.
    // Through any other view, `values_` are the same numbers (a view stores doubles as given)
    // without a second round of virtual calls.
    if (in_memory_ != nullptr) {
      record_last_lr();
      return;
    }
    if (last_lr_.size() != values_.size()) last_lr_.resize(values_.size());  // a loaded state
    std::copy(values_.begin(), values_.end(), last_lr_.begin());
  }
  /// The fields every LRScheduler has (`base_lrs`, `last_epoch`, `_step_count`, ...).
  void visit_base_state(StateVisitor& visitor);
  /// Whether this step keeps the lrs as they are in the classes that do so at their start
  /// (ExponentialLR, PolynomialLR, CosineAnnealingLR): the newest release's `_is_initial` (the
  /// constructor's step, so a resumed lr is kept), 1.13's `last_epoch == 0` (a resumed lr is
  /// advanced once).
  [[nodiscard]] bool keeps_initial_lr() const noexcept {
    return torch_behavior() == TorchBehavior::newest ? is_initial_ : last_epoch_ == 0;
  }

  bool is_initial_ = false;  // `_is_initial`: true only during the constructor's step
  std::int64_t last_epoch_;
  std::int64_t step_count_ = 0;
  std::vector<double> base_lrs_;
  std::vector<double> values_;  // the lrs get_lr() works on: allocated once, so stepping never
                                // allocates

 public:
  void initial_step() override;
  void undo_initial_step() override { --last_epoch_; }
  void restart_at_milestone() override { update_lr(0); }
  void decrement_last_epoch() override { --last_epoch_; }

 private:
  [[noreturn]] void throw_group_count_changed(std::size_t groups) const;
  /// The deprecated `step(epoch)`: apart from `step_with`, so that `step()` is a tail call
  /// there, and called directly by `step(epoch)`, without an input to build.
  void step_to_epoch(std::int64_t epoch);
};

namespace detail {
/// The element type of a list-like option (`T::value_type`), if it has one.
template <class T>
struct ElementOf : std::false_type {
  using type = T;  // unused: the constructor using it is disabled
};
template <class T>
requires requires { typename T::value_type; }
struct ElementOf<T> : std::true_type {
  using type = typename T::value_type;
};
}  // namespace detail

/// A required option: has no default constructor, so leaving it out of an `Options` aggregate
/// is a compile error, as omitting a required argument is a TypeError in PyTorch.
template <class T>
class Required {
 public:
  // Implicit, so that `.step_size = 30` reads as PyTorch; T's own copies are never hidden, as
  // `Required` has no other constructor from T but this one.
  template <class U>
  // NOLINTNEXTLINE(google-explicit-constructor,bugprone-forwarding-reference-overload)
  requires std::constructible_from<T, U&&> Required(U&& value) : value_(std::forward<U>(value)) {}
  /// `{2, 5, 9}` for a list of int64 or a PerGroup: elements take the container's type.
  Required(std::initializer_list<typename detail::ElementOf<T>::type> values) requires
      detail::ElementOf<T>::value : value_(values) {}
  [[nodiscard]] const T& get() const& noexcept { return value_; }
  [[nodiscard]] T&& get() && noexcept { return std::move(value_); }
  operator const T&() const noexcept { return value_; }  // NOLINT(google-explicit-constructor)

 private:
  T value_;
};

/// A hyper-parameter given once for all param groups or once per group, as PyTorch accepts a
/// scalar or a list (`max_lr=0.1` or `max_lr=[0.1, 0.2]`).
class PerGroup {
 public:
  using value_type = double;
  PerGroup(double value)  // NOLINT(google-explicit-constructor): reads as PyTorch
      : values_{value} {}
  PerGroup(std::initializer_list<double> values) : values_(values), is_list_(true) {}
  PerGroup(std::vector<double> values) : values_(std::move(values)), is_list_(true) {}  // NOLINT

  /// `_format_param(name, optimizer, param)`: the scalar repeated per group, or the list after
  /// checking its length (ValueError with PyTorch's message).
  [[nodiscard]] std::vector<double> for_groups(std::string_view name,
                                               const OptimizerView& optimizer) const;
  /// The same with `behavior`'s message: 1.13's was "expected {n} values for {name}, got {m}"
  /// (CyclicLR, OneCycleLR) and SWALR's own for `swa_lr`.
  [[nodiscard]] std::vector<double> for_groups(std::string_view name,
                                               const OptimizerView& optimizer,
                                               TorchBehavior behavior) const;
  [[nodiscard]] bool is_list() const noexcept { return is_list_; }
  [[nodiscard]] const std::vector<double>& values() const noexcept { return values_; }

 private:
  std::vector<double> values_;
  bool is_list_ = false;
};

}  // namespace lrsched
