// Hugging Face transformers' learning-rate schedules (`transformers.optimization`), with the
// origin's numbers to the last bit.
//
// Upstream, each `get_*_schedule*` function builds a torch `LambdaLR` over an `lr_lambda`; here
// each builds a `ScheduleLR` in factor mode (`lr = initial_lr * lr_lambda(last_epoch)`, LambdaLR's
// protocol and arithmetic) named after the function, so that a state file names its schedule.
// Each lr_lambda is also a pure `schedules::Schedule` (the `*_lr_lambda` functions), to compose.
// Arguments keep upstream's names, order and defaults; validation and error texts are upstream's
// (Python 3.11's formatting), and so are its quirks (see docs/families.md):
//
//   namespace tf = lrsched::transformers;
//   auto optimizer = lrsched::InMemoryOptimizer::like("adamw", {3e-4});
//   auto scheduler = tf::get_cosine_schedule_with_warmup(
//       optimizer, {.num_warmup_steps = 100, .num_training_steps = 10'000});
//   for (...) { train_step(optimizer.lr(0)); scheduler.step(); }
//
// Return types. The typed functions return their scheduler by value: C++17's guaranteed copy
// elision builds it in place although schedulers can be neither copied nor moved, so a trainer
// that knows its schedule keeps a concrete object on its stack or as a member, with no heap
// allocation and non-virtual `step()` calls. `get_scheduler` picks the schedule at run time, from
// a name, and may return a `ReduceLROnPlateau` as well as a `ScheduleLR`: it returns
// `std::unique_ptr<Scheduler>`, to be stepped through `Scheduler::advance` (which takes the metric
// that `reduce_lr_on_plateau` requires).
//
// Integer arithmetic is Python's: an int result past 64 bits is an OverflowError, `/` on ints is
// correctly rounded, and a division by zero raises ZeroDivisionError with Python's message at the
// step where upstream raises it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/schedulers/reduce_lr_on_plateau.hpp"
#include "lrsched/schedulers/schedule_lr.hpp"
#include "lrsched/schedules.hpp"

namespace lrsched::transformers {

// --- the lr lambdas, as pure factor schedules ----------------------------------------------------
//
// Each is upstream's `_get_..._lr_lambda` with its keyword arguments bound (the `partial` the
// function passes to LambdaLR): a factor of the initial lr, evaluated at any step, raising what
// the Python function raises there.

/// `_get_constant_lambda`: 1 at every step.
[[nodiscard]] schedules::Schedule constant_lambda();

/// `_get_constant_schedule_with_warmup_lr_lambda`: `step / max(1.0, num_warmup_steps)` before
/// `num_warmup_steps`, then 1.
[[nodiscard]] schedules::Schedule constant_schedule_with_warmup_lr_lambda(
    std::int64_t num_warmup_steps);

/// `_get_linear_schedule_with_warmup_lr_lambda`: the linear warmup, then
/// `max(0.0, (num_training_steps - step) / max(1, num_training_steps - num_warmup_steps))`.
[[nodiscard]] schedules::Schedule linear_schedule_with_warmup_lr_lambda(
    std::int64_t num_warmup_steps, std::int64_t num_training_steps);

/// `_get_cosine_schedule_with_warmup_lr_lambda`, the second of upstream's two definitions (the one
/// Python keeps): the linear warmup, then `max(0, f * (1 - min_lr_rate) + min_lr_rate)` with
/// `f = 0.5 * (1 + cos(pi * num_cycles * 2 * progress))`. Progress is not clamped at 1.
[[nodiscard]] schedules::Schedule cosine_schedule_with_warmup_lr_lambda(
    std::int64_t num_warmup_steps, std::int64_t num_training_steps, double num_cycles,
    double min_lr_rate = 0.0);

/// `_get_cosine_with_hard_restarts_schedule_with_warmup_lr_lambda`: the linear warmup, then
/// `0.5 * (1 + cos(pi * ((num_cycles * progress) % 1.0)))`, and 0 from progress 1 on.
[[nodiscard]] schedules::Schedule cosine_with_hard_restarts_schedule_with_warmup_lr_lambda(
    std::int64_t num_warmup_steps, std::int64_t num_training_steps, double num_cycles);

/// `_get_polynomial_decay_schedule_with_warmup_lr_lambda`: the linear warmup, then
/// `((lr_init - lr_end) * (1 - (step - w) / (t - w)) ** power + lr_end) / lr_init` up to
/// `num_training_steps`, `lr_end / lr_init` after. `t - w` is not guarded: 0 raises
/// ZeroDivisionError at step `num_training_steps`.
[[nodiscard]] schedules::Schedule polynomial_decay_schedule_with_warmup_lr_lambda(
    std::int64_t num_warmup_steps, std::int64_t num_training_steps, double lr_end, double power,
    double lr_init);

/// `_get_inverse_sqrt_schedule_lr_lambda` with a resolved `timescale`: the linear warmup, then
/// `1.0 / sqrt((step + timescale - num_warmup_steps) / timescale)`.
[[nodiscard]] schedules::Schedule inverse_sqrt_schedule_lr_lambda(std::int64_t num_warmup_steps,
                                                                  std::int64_t timescale);

/// `_get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda`: one step ahead of
/// `cosine_schedule_with_warmup_lr_lambda`, in floats: warmup `(step + 1) / max(1, w)`, or from
/// `warmup_lr_rate` over `max(1, w - 1)` steps when given; progress `(step - w + 1) / max(1, t -
/// w)`.
[[nodiscard]] schedules::Schedule cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda(
    std::int64_t num_warmup_steps, std::int64_t num_training_steps, double num_cycles,
    double min_lr_rate = 0.0, std::optional<double> warmup_lr_rate = std::nullopt);

/// `_get_wsd_scheduler_lambda`: warmup (`warmup_type` "linear", "cosine" or "1-sqrt") from
/// `min_lr_ratio` to 1, `num_stable_steps` at 1, decay (`decay_type`) to `min_lr_ratio`, then
/// `min_lr_ratio`. An unknown type is refused here with `get_wsd_schedule`'s ValueError (upstream's
/// lambda would fail later, with an UnboundLocalError at its first step in that phase).
[[nodiscard]] schedules::Schedule wsd_scheduler_lambda(std::int64_t num_warmup_steps,
                                                       std::int64_t num_stable_steps,
                                                       std::int64_t num_decay_steps,
                                                       std::string_view warmup_type,
                                                       std::string_view decay_type,
                                                       double min_lr_ratio, double num_cycles);

// --- the schedule functions ----------------------------------------------------------------------
//
// Each Options struct holds the function's arguments after `optimizer`, with upstream's names,
// order and defaults; `last_epoch` goes to the scheduler as upstream passes it to LambdaLR (a
// value >= 0 resumes: each group needs its `initial_lr`, else KeyError).

struct ConstantScheduleOptions {
  std::int64_t last_epoch = -1;
};
/// `get_constant_schedule(optimizer, last_epoch=-1)`.
[[nodiscard]] ScheduleLR get_constant_schedule(OptimizerView& optimizer,
                                               ConstantScheduleOptions options = {});

struct ConstantScheduleWithWarmupOptions {
  Required<std::int64_t> num_warmup_steps;
  std::int64_t last_epoch = -1;
};
/// `get_constant_schedule_with_warmup(optimizer, num_warmup_steps, last_epoch=-1)`.
[[nodiscard]] ScheduleLR get_constant_schedule_with_warmup(
    OptimizerView& optimizer, ConstantScheduleWithWarmupOptions options);

struct LinearScheduleWithWarmupOptions {
  Required<std::int64_t> num_warmup_steps;
  Required<std::int64_t> num_training_steps;
  std::int64_t last_epoch = -1;
};
/// `get_linear_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps,
/// last_epoch=-1)`.
[[nodiscard]] ScheduleLR get_linear_schedule_with_warmup(OptimizerView& optimizer,
                                                         LinearScheduleWithWarmupOptions options);

struct CosineScheduleWithWarmupOptions {
  Required<std::int64_t> num_warmup_steps;
  Required<std::int64_t> num_training_steps;
  double num_cycles = 0.5;
  std::int64_t last_epoch = -1;
};
/// `get_cosine_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps,
/// num_cycles=0.5, last_epoch=-1)`.
[[nodiscard]] ScheduleLR get_cosine_schedule_with_warmup(OptimizerView& optimizer,
                                                         CosineScheduleWithWarmupOptions options);

struct CosineWithHardRestartsScheduleWithWarmupOptions {
  Required<std::int64_t> num_warmup_steps;
  Required<std::int64_t> num_training_steps;
  /// An int upstream (default 1), used as `float(num_cycles)`: a fractional count works there too.
  double num_cycles = 1;
  std::int64_t last_epoch = -1;
};
/// `get_cosine_with_hard_restarts_schedule_with_warmup(optimizer, num_warmup_steps,
/// num_training_steps, num_cycles=1, last_epoch=-1)`.
[[nodiscard]] ScheduleLR get_cosine_with_hard_restarts_schedule_with_warmup(
    OptimizerView& optimizer, CosineWithHardRestartsScheduleWithWarmupOptions options);

struct PolynomialDecayScheduleWithWarmupOptions {
  Required<std::int64_t> num_warmup_steps;
  Required<std::int64_t> num_training_steps;
  double lr_end = 1e-7;
  double power = 1.0;
  std::int64_t last_epoch = -1;
};
/// `get_polynomial_decay_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps,
/// lr_end=1e-7, power=1.0, last_epoch=-1)`. `lr_init` is `optimizer.default_lr()`
/// (`optimizer.defaults["lr"]`), for every group: ValueError unless `lr_init > lr_end`.
[[nodiscard]] ScheduleLR get_polynomial_decay_schedule_with_warmup(
    OptimizerView& optimizer, PolynomialDecayScheduleWithWarmupOptions options);

struct InverseSqrtScheduleOptions {
  Required<std::int64_t> num_warmup_steps;
  /// None: `num_warmup_steps or 10_000`.
  std::optional<std::int64_t> timescale = std::nullopt;
  std::int64_t last_epoch = -1;
};
/// `get_inverse_sqrt_schedule(optimizer, num_warmup_steps, timescale=None, last_epoch=-1)`.
[[nodiscard]] ScheduleLR get_inverse_sqrt_schedule(OptimizerView& optimizer,
                                                   InverseSqrtScheduleOptions options);

struct CosineWithMinLrScheduleWithWarmupOptions {
  Required<std::int64_t> num_warmup_steps;
  Required<std::int64_t> num_training_steps;
  double num_cycles = 0.5;
  std::int64_t last_epoch = -1;
  /// Exactly one of `min_lr` (divided by `optimizer.default_lr()`) and `min_lr_rate`.
  std::optional<double> min_lr = std::nullopt;
  std::optional<double> min_lr_rate = std::nullopt;
};
/// `get_cosine_with_min_lr_schedule_with_warmup(optimizer, num_warmup_steps, num_training_steps,
/// num_cycles=0.5, last_epoch=-1, min_lr=None, min_lr_rate=None)`.
[[nodiscard]] ScheduleLR get_cosine_with_min_lr_schedule_with_warmup(
    OptimizerView& optimizer, CosineWithMinLrScheduleWithWarmupOptions options);

struct CosineWithMinLrScheduleWithWarmupLrRateOptions {
  Required<std::int64_t> num_warmup_steps;
  Required<std::int64_t> num_training_steps;
  double num_cycles = 0.5;
  std::int64_t last_epoch = -1;
  std::optional<double> min_lr = std::nullopt;
  std::optional<double> min_lr_rate = std::nullopt;
  /// None: the warmup starts at `1 / num_warmup_steps`.
  std::optional<double> warmup_lr_rate = std::nullopt;
};
/// `get_cosine_with_min_lr_schedule_with_warmup_lr_rate(optimizer, num_warmup_steps,
/// num_training_steps, num_cycles=0.5, last_epoch=-1, min_lr=None, min_lr_rate=None,
/// warmup_lr_rate=None)`.
[[nodiscard]] ScheduleLR get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
    OptimizerView& optimizer, CosineWithMinLrScheduleWithWarmupLrRateOptions options);

struct WsdScheduleOptions {
  Required<std::int64_t> num_warmup_steps;
  Required<std::int64_t> num_decay_steps;
  /// At least one of the two; `num_stable_steps` wins (with a warning) when both are given, else
  /// it is `num_training_steps - num_warmup_steps - num_decay_steps` (negative values accepted).
  std::optional<std::int64_t> num_training_steps = std::nullopt;
  std::optional<std::int64_t> num_stable_steps = std::nullopt;
  std::string warmup_type = "linear";  // "linear", "cosine" or "1-sqrt"
  std::string decay_type = "cosine";   // "linear", "cosine" or "1-sqrt"
  double min_lr_ratio = 0;
  double num_cycles = 0.5;
  std::int64_t last_epoch = -1;
};
/// `get_wsd_schedule(optimizer, num_warmup_steps, num_decay_steps, num_training_steps=None,
/// num_stable_steps=None, warmup_type='linear', decay_type='cosine', min_lr_ratio=0,
/// num_cycles=0.5, last_epoch=-1)`.
[[nodiscard]] ScheduleLR get_wsd_schedule(OptimizerView& optimizer,
                                          const WsdScheduleOptions& options);

/// `get_reduce_on_plateau_schedule(optimizer, **kwargs)`: `ReduceLROnPlateau(optimizer,
/// **kwargs)`, whose Options are torch's keyword arguments.
[[nodiscard]] ReduceLROnPlateau get_reduce_on_plateau_schedule(
    OptimizerView& optimizer, ReduceLROnPlateau::Options options = {});

// --- get_scheduler -------------------------------------------------------------------------------

/// transformers' `SchedulerType`: one member per name `get_scheduler` accepts.
enum class SchedulerType : std::uint8_t {
  linear,                     // "linear"
  cosine,                     // "cosine"
  cosine_with_restarts,       // "cosine_with_restarts"
  polynomial,                 // "polynomial"
  constant,                   // "constant"
  constant_with_warmup,       // "constant_with_warmup"
  inverse_sqrt,               // "inverse_sqrt"
  reduce_on_plateau,          // "reduce_lr_on_plateau"
  cosine_with_min_lr,         // "cosine_with_min_lr"
  cosine_warmup_with_min_lr,  // "cosine_warmup_with_min_lr"
  warmup_stable_decay,        // "warmup_stable_decay"
};

/// Every member, in upstream's definition order (`list(SchedulerType)`).
[[nodiscard]] std::span<const SchedulerType> scheduler_types() noexcept;
/// The member's value: the name `get_scheduler` takes ("reduce_lr_on_plateau").
[[nodiscard]] std::string_view to_string(SchedulerType type) noexcept;
/// The member's Python name ("REDUCE_ON_PLATEAU"), as `SchedulerType.REDUCE_ON_PLATEAU` prints.
[[nodiscard]] std::string_view member_name(SchedulerType type) noexcept;
/// `SchedulerType(value)`: ValueError with transformers' message for an unknown value
/// (`foo is not a valid SchedulerType, please select one of ['linear', ...]`).
[[nodiscard]] SchedulerType scheduler_type(std::string_view value);

/// `scheduler_specific_kwargs`: the keyword arguments of the functions `get_scheduler` calls,
/// each passed only when set. `get_scheduler` forwards them as upstream does: not at all for
/// `constant`, `constant_with_warmup` and `inverse_sqrt` (so `timescale` never reaches the
/// latter); every set one to the other functions, where one the function does not take is
/// Python's TypeError (`get_linear_schedule_with_warmup() got an unexpected keyword argument
/// 'num_cycles'`). Python reports the first such argument in the dict's order; here the first
/// in the order below, which is the order a designated initializer lists them in.
struct SchedulerSpecificKwargs {
  // The LambdaLR schedules'.
  std::optional<double> num_cycles = std::nullopt;
  std::optional<std::int64_t> last_epoch = std::nullopt;
  std::optional<double> lr_end = std::nullopt;
  std::optional<double> power = std::nullopt;
  std::optional<std::int64_t> timescale = std::nullopt;
  /// The cosine-with-min-lr schedules' `min_lr` (a list there is a TypeError, as dividing one
  /// is in Python), or ReduceLROnPlateau's (a value, or one per group).
  std::optional<PerGroup> min_lr = std::nullopt;
  std::optional<double> min_lr_rate = std::nullopt;
  std::optional<double> warmup_lr_rate = std::nullopt;
  std::optional<std::int64_t> num_decay_steps = std::nullopt;
  std::optional<std::int64_t> num_stable_steps = std::nullopt;
  std::optional<std::string> warmup_type = std::nullopt;
  std::optional<std::string> decay_type = std::nullopt;
  std::optional<double> min_lr_ratio = std::nullopt;
  // ReduceLROnPlateau's.
  std::optional<std::string> mode = std::nullopt;
  std::optional<double> factor = std::nullopt;
  std::optional<std::int64_t> patience = std::nullopt;
  std::optional<double> threshold = std::nullopt;
  std::optional<std::string> threshold_mode = std::nullopt;
  std::optional<std::int64_t> cooldown = std::nullopt;
  std::optional<double> eps = std::nullopt;
};

struct GetSchedulerOptions {
  std::optional<std::int64_t> num_warmup_steps = std::nullopt;
  std::optional<std::int64_t> num_training_steps = std::nullopt;
  /// Upstream's None and `{}` are the same: nothing set.
  SchedulerSpecificKwargs scheduler_specific_kwargs = {};
};

/// `get_scheduler(name, optimizer, num_warmup_steps=None, num_training_steps=None,
/// scheduler_specific_kwargs=None)`: the function of `name` with the arguments upstream passes
/// it. ValueError (`SchedulerType.COSINE requires `num_training_steps`, please provide that
/// argument.`) when a length the name needs is missing; the called function's own errors.
[[nodiscard]] std::unique_ptr<Scheduler> get_scheduler(SchedulerType name, OptimizerView& optimizer,
                                                       GetSchedulerOptions options = {});
/// The same with the name as a string, converted by `scheduler_type(name)` first.
[[nodiscard]] std::unique_ptr<Scheduler> get_scheduler(std::string_view name,
                                                       OptimizerView& optimizer,
                                                       GetSchedulerOptions options = {});

}  // namespace lrsched::transformers
