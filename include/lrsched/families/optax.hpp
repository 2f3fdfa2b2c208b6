// Optax's learning-rate schedules (`optax.schedules`): the 14 functions of Optax's
// `_schedule.py` and `_join.py`, each returning a `schedules::Schedule`.
//
//   namespace optax = lrsched::optax;
//   const lrsched::schedules::Schedule s = optax::warmup_cosine_decay_schedule(
//       {.init_value = 0.0, .peak_value = 1.0, .warmup_steps = 10, .decay_steps = 100});
//   s(0);    // 0.0
//   s(10);   // 1.0
//   s(100);  // 0.0, and every step after
//
// A schedule's value is the learning rate itself, the same for every param group: drive an
// optimizer with `ScheduleLR` in `Mode::absolute` (lrsched/schedulers/schedule_lr.hpp).
//
// Each function takes an Options struct with Optax's argument names, order and defaults, and
// equals Optax's own code evaluated in float64 (JAX with x64 on scalars) bit for bit: Optax's
// operation order, `jnp.clip` as max then min, NaN-propagating `maximum`/`minimum`, Python's
// int division where Optax divides Python ints, C `pow` for `**`, glibc's `cos`. Real Optax
// computes in float32 under JAX's default configuration; lrsched computes its formulas in
// double, as the reference oracle does.
//
// Arguments Optax types as `int` (step counts, boundaries) are 64-bit ints here; values are
// doubles. Optax checks little and so does this port: degenerate arguments give what Optax
// gives (a constant, nan, inf), and the refusals are Optax's own (ValueError with its message)
// or Python's (ZeroDivisionError, `int(nan)`), raised when the schedule is built. Evaluating a
// schedule raises nothing, except an empty `join_schedules` (IndexError, as Optax's
// `schedules[0]`), what a schedule of your own raises, and OverflowError where a step count
// minus a boundary leaves int64 for a value in use (Python's ints would not).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lrsched/scheduler.hpp"
#include "lrsched/schedules.hpp"

namespace lrsched::optax {

/// `{boundary: scale, ...}`, a Python dict given as its items: a boundary given twice keeps
/// the last scale, as a dict display does. Optax iterates it sorted by boundary. Empty is
/// Optax's `None`.
using BoundariesAndScales = std::vector<std::pair<std::int64_t, double>>;

struct ConstantScheduleOptions {
  Required<double> value;
};
/// `value` at every step.
[[nodiscard]] schedules::Schedule constant_schedule(const ConstantScheduleOptions& options);

struct PolynomialScheduleOptions {
  Required<double> init_value;
  Required<double> end_value;
  Required<double> power;
  Required<std::int64_t> transition_steps;
  std::int64_t transition_begin = 0;
};
/// `(init - end) * (1 - t / transition_steps) ** power + end`, with
/// `t = clip(count - transition_begin, 0, transition_steps)`. `transition_steps <= 0` gives the
/// constant `init_value`; a negative `transition_begin` counts as 0.
[[nodiscard]] schedules::Schedule polynomial_schedule(const PolynomialScheduleOptions& options);

struct LinearScheduleOptions {
  Required<double> init_value;
  Required<double> end_value;
  Required<std::int64_t> transition_steps;
  std::int64_t transition_begin = 0;
};
/// `polynomial_schedule` with `power = 1`.
[[nodiscard]] schedules::Schedule linear_schedule(const LinearScheduleOptions& options);

struct PiecewiseConstantScheduleOptions {
  Required<double> init_value;
  BoundariesAndScales boundaries_and_scales = {};
};
/// `init_value`, multiplied by each scale from `count >= boundary` on, computed as Optax does:
/// `v = v * indicator + (1 - indicator) * scale * v`, so an infinite scale gives nan before
/// its boundary. ValueError for a negative (or nan) scale.
[[nodiscard]] schedules::Schedule piecewise_constant_schedule(
    const PiecewiseConstantScheduleOptions& options);

struct ExponentialDecayOptions {
  Required<double> init_value;
  Required<std::int64_t> transition_steps;
  Required<double> decay_rate;
  std::int64_t transition_begin = 0;
  bool staircase = false;
  std::optional<double> end_value = std::nullopt;
};
/// `init * decay_rate ** ((count - transition_begin) / transition_steps)` (the exponent floored
/// with `staircase`), `init_value` up to `transition_begin`. `end_value` is a lower bound when
/// `decay_rate < 1`, else an upper bound; without it the schedule never ends.
/// `transition_steps <= 0` or `decay_rate == 0` give the constant `init_value`.
[[nodiscard]] schedules::Schedule exponential_decay(const ExponentialDecayOptions& options);

struct CosineDecayScheduleOptions {
  Required<double> init_value;
  Required<std::int64_t> decay_steps;
  double alpha = 0.0;
  double exponent = 1.0;
};
/// `init * ((1 - alpha) * (0.5 * (1 + cos(pi * t / decay_steps))) ** exponent + alpha)` with
/// `t = min(count, decay_steps)`: held at `alpha * init` from `decay_steps` on. ValueError for
/// `decay_steps <= 0`.
[[nodiscard]] schedules::Schedule cosine_decay_schedule(const CosineDecayScheduleOptions& options);

struct PiecewiseInterpolateScheduleOptions {
  Required<std::string> interpolate_type;  // "linear" or "cosine"
  Required<double> init_value;
  BoundariesAndScales boundaries_and_scales = {};
};
/// Linear or cosine interpolation between the accumulated values `init * scale_1 * ... *
/// scale_i` at the boundaries (an interval is at least 1 step long); the last value from the
/// last boundary on. ValueError for another `interpolate_type` or a negative scale.
[[nodiscard]] schedules::Schedule piecewise_interpolate_schedule(
    const PiecewiseInterpolateScheduleOptions& options);

struct LinearOnecycleScheduleOptions {
  Required<std::int64_t> transition_steps;
  Required<double> peak_value;
  double pct_start = 0.3;
  double pct_final = 0.85;
  double div_factor = 25.0;
  double final_div_factor = 1e4;
};
/// `piecewise_interpolate_schedule("linear", peak / div_factor, {int(pct_start * steps):
/// div_factor, int(pct_final * steps): 1 / div_factor, steps: 1 / final_div_factor})`: the
/// boundaries are truncated with `int()`, and coinciding ones merge as dict keys (the later
/// scale wins). ValueError for `transition_steps <= 0`.
[[nodiscard]] schedules::Schedule linear_onecycle_schedule(
    const LinearOnecycleScheduleOptions& options);

struct CosineOnecycleScheduleOptions {
  Required<std::int64_t> transition_steps;
  Required<double> peak_value;
  double pct_start = 0.3;
  double div_factor = 25.0;
  double final_div_factor = 1e4;
};
/// `piecewise_interpolate_schedule("cosine", peak / div_factor, {int(pct_start * steps):
/// div_factor, steps: 1 / (div_factor * final_div_factor)})`. ValueError for
/// `transition_steps <= 0`.
[[nodiscard]] schedules::Schedule cosine_onecycle_schedule(
    const CosineOnecycleScheduleOptions& options);

struct WarmupConstantScheduleOptions {
  Required<double> init_value;
  Required<double> peak_value;
  Required<std::int64_t> warmup_steps;
};
/// `linear_schedule(init_value, peak_value, warmup_steps)`: with `warmup_steps <= 0`, the
/// constant `init_value` (never the peak), as Optax's.
[[nodiscard]] schedules::Schedule warmup_constant_schedule(
    const WarmupConstantScheduleOptions& options);

struct WarmupCosineDecayScheduleOptions {
  Required<double> init_value;
  Required<double> peak_value;
  Required<std::int64_t> warmup_steps;
  Required<std::int64_t> decay_steps;
  double end_value = 0.0;
  double exponent = 1.0;
};
/// `join_schedules([linear_schedule(init, peak, warmup_steps), cosine_decay_schedule(peak,
/// decay_steps - warmup_steps, end / peak, exponent)], [warmup_steps])`: `decay_steps`
/// includes the warmup, and the end is `peak * (end / peak)`. ValueError (from
/// cosine_decay_schedule) when `decay_steps <= warmup_steps`.
[[nodiscard]] schedules::Schedule warmup_cosine_decay_schedule(
    const WarmupCosineDecayScheduleOptions& options);

struct WarmupExponentialDecayScheduleOptions {
  Required<double> init_value;
  Required<double> peak_value;
  Required<std::int64_t> warmup_steps;
  Required<std::int64_t> transition_steps;
  Required<double> decay_rate;
  std::int64_t transition_begin = 0;
  bool staircase = false;
  std::optional<double> end_value = std::nullopt;
};
/// `join_schedules([linear_schedule(init, peak, warmup_steps), exponential_decay(peak, ...)],
/// [warmup_steps])`.
[[nodiscard]] schedules::Schedule warmup_exponential_decay_schedule(
    const WarmupExponentialDecayScheduleOptions& options);

/// SGD with warm restarts: one `warmup_cosine_decay_schedule` per element of `cosine_kwargs`,
/// joined at the running sums of their `decay_steps`. Each cycle's errors are raised in order;
/// an empty list gives a schedule that raises IndexError when evaluated, as Optax's.
[[nodiscard]] schedules::Schedule sgdr_schedule(
    const std::vector<WarmupCosineDecayScheduleOptions>& cosine_kwargs);

/// `schedules[0]` before `boundaries[0]`; from `boundaries[i]` on, `schedules[i + 1]` at
/// `step - boundaries[i]`. As Optax's loop of `where(step < boundary, output, schedule(step -
/// boundary))`: every schedule is evaluated at every step (the later ones at negative counts,
/// so a schedule of your own that raises there makes the join raise; Optax's own schedules,
/// which raise nothing, are computed only where their value is used), the last boundary passed
/// in list order wins (boundaries need not be sorted or non-negative), and extra schedules or
/// boundaries are ignored, as `zip` does. An empty `schedules` raises IndexError when
/// evaluated.
[[nodiscard]] schedules::Schedule join_schedules(std::vector<schedules::Schedule> schedules,
                                                 std::vector<std::int64_t> boundaries);

}  // namespace lrsched::optax
