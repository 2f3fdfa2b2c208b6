// Keras' learning-rate schedules (`keras.optimizers.schedules`): the six classes of Keras 3's
// `learning_rate_schedule.py`, each a `schedules::Schedule`.
//
//   namespace keras = lrsched::keras;
//   const keras::CosineDecay s({.initial_learning_rate = 0.0, .decay_steps = 100,
//                               .warmup_target = 0.1, .warmup_steps = 10});
//   s(0);    // 0.0
//   s(10);   // 0.1, the start of 100 steps of decay
//   s(110);  // 0.0, and every step after
//
// A schedule's value is the learning rate itself, the same for every param group: drive an
// optimizer with `ScheduleLR` in `Mode::absolute` (lrsched/schedulers/schedule_lr.hpp).
//
// Why classes deriving from Schedule: Keras' schedules are classes, so each is a C++ type with
// Keras' name whose `Options` hold Keras' arguments (names, order, defaults, `name` included),
// and which is a Schedule wherever one is expected. The classes add no data member and no
// virtual function to Schedule (the formula lives in the shared node, as every Schedule's),
// so copying one into a `Schedule` slices nothing: it is the same cheap value.
//
// Each equals Keras' own code bit for bit with floatx float64: Keras' operation order and its
// NumPy-backend dtype rules, C `pow` and glibc's `cos`/`log`. Real Keras computes in float32
// (floatx); lrsched computes the formulas in double, as the reference oracle does.
//
// Keras computes in the dtype of `initial_learning_rate`: a Python int makes every cast int32
// (`ExponentialDecay(1, 10, 0.5)` casts `decay_rate` to 0 and gives 1, 0, 0, ...;
// `CosineDecay(1, 100)` uses pi cast to 3). `Options::dtype` says which: `DType::int32` is what
// Keras infers from an int `initial_learning_rate`. Then every value Keras casts is truncated
// toward zero to int32 (a nan or infinite one raises at evaluation, as Keras' first call does),
// step counts wrap to int32 as NumPy does, and int32 sums and differences wrap.
//
// Arguments Keras documents as Python integers (step counts, boundaries) are 64-bit ints here;
// the others are doubles. Validation and its messages are Keras' (ValueError when the schedule
// is built).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lrsched/scheduler.hpp"
#include "lrsched/schedules.hpp"

namespace lrsched::keras {

/// The dtype a schedule computes in: Keras' `initial_learning_rate.dtype` with floatx float64.
enum class DType : std::uint8_t {
  float64,  // a Python float initial_learning_rate
  int32,    // a Python int initial_learning_rate: every cast value is truncated to int32
};

/// `initial_learning_rate * decay_rate ** (step / decay_steps)`, the exponent floored with
/// `staircase`. Never ends.
class ExponentialDecay final : public schedules::Schedule {
 public:
  struct Options {
    Required<double> initial_learning_rate;
    Required<std::int64_t> decay_steps;
    Required<double> decay_rate;
    bool staircase = false;
    std::string name = "ExponentialDecay";
    DType dtype = DType::float64;
  };
  /// ValueError for `decay_steps <= 0`.
  explicit ExponentialDecay(const Options& options);
};

/// `values[0]` while `step <= boundaries[0]`, `values[i + 1]` while `boundaries[i] < step <=
/// boundaries[i + 1]`, `values[-1]` after the last boundary (Optax switches one step earlier,
/// at `step >= boundary`). Computed as Keras does, as a sum of `indicator * value` over every
/// range: boundaries out of order add up the values of every range that matches (Keras does not
/// check the order), and an infinite or nan value makes every step nan (0 * inf). Boundaries are
/// cast to int32, as Keras casts them to the step's dtype (a float boundary is its truncation).
/// An empty `boundaries` raises IndexError when evaluated, as Keras' `boundaries[0]`.
///
/// No `dtype`: Keras computes in `values[0]`'s, and int values give the same numbers as floats
/// (short of sums past 2**31).
class PiecewiseConstantDecay final : public schedules::Schedule {
 public:
  struct Options {
    Required<std::vector<std::int64_t>> boundaries;
    Required<std::vector<double>> values;
    std::string name = "PiecewiseConstant";
  };
  /// ValueError unless `values` has one more element than `boundaries`.
  explicit PiecewiseConstantDecay(const Options& options);
};

/// `(initial - end) * (1 - step / decay_steps) ** power + end`, the step clamped at
/// `decay_steps`. With `cycle`, `decay_steps` is stretched to `decay_steps * ceil(step /
/// decay_steps)` (multiplier 1 at step 0): at an exact multiple the value is the end value,
/// and the next step starts a longer decay from below the initial value.
class PolynomialDecay final : public schedules::Schedule {
 public:
  struct Options {
    Required<double> initial_learning_rate;
    Required<std::int64_t> decay_steps;
    double end_learning_rate = 0.0001;
    double power = 1.0;
    bool cycle = false;
    std::string name = "PolynomialDecay";
    DType dtype = DType::float64;
  };
  /// ValueError for `decay_steps <= 0`.
  explicit PolynomialDecay(const Options& options);
};

/// `initial_learning_rate / (1 + decay_rate * step / decay_steps)`, the quotient floored with
/// `staircase`. Never ends.
class InverseTimeDecay final : public schedules::Schedule {
 public:
  struct Options {
    Required<double> initial_learning_rate;
    Required<std::int64_t> decay_steps;
    Required<double> decay_rate;
    bool staircase = false;
    std::string name = "InverseTimeDecay";
    DType dtype = DType::float64;
  };
  /// ValueError for `decay_steps <= 0`.
  explicit InverseTimeDecay(const Options& options);
};

/// Half a cosine from `initial_learning_rate` to `alpha * initial_learning_rate` over
/// `decay_steps`, then held. With `warmup_target`, first a linear warmup from
/// `initial_learning_rate` to `warmup_target` over `warmup_steps`, then the cosine from
/// `warmup_target` over `decay_steps` more steps (Optax's `decay_steps` includes the warmup);
/// without it, `warmup_steps` is ignored. `alpha` is used as given, never cast to int32.
class CosineDecay final : public schedules::Schedule {
 public:
  struct Options {
    Required<double> initial_learning_rate;
    Required<std::int64_t> decay_steps;
    double alpha = 0.0;
    std::string name = "CosineDecay";
    std::optional<double> warmup_target = std::nullopt;
    std::int64_t warmup_steps = 0;
    DType dtype = DType::float64;
  };
  /// ValueError for `decay_steps <= 0`.
  explicit CosineDecay(const Options& options);
};

/// SGDR: a cosine from `initial_learning_rate` towards `alpha * initial_learning_rate` over
/// `first_decay_steps`, restarted with periods `t_mul` times longer each time and cosine parts
/// `m_mul` times higher (`m_mul` scales the cosine only: `alpha` stays). `t_mul == 1` takes
/// Keras' non-geometric branch; with `t_mul < 1` the periods sum to `first_decay_steps / (1 -
/// t_mul)`, from where the value is nan.
class CosineDecayRestarts final : public schedules::Schedule {
 public:
  struct Options {
    Required<double> initial_learning_rate;
    Required<std::int64_t> first_decay_steps;
    double t_mul = 2.0;
    double m_mul = 1.0;
    double alpha = 0.0;
    std::string name = "SGDRDecay";
    DType dtype = DType::float64;
  };
  /// ValueError for `first_decay_steps <= 0`.
  explicit CosineDecayRestarts(const Options& options);
};

}  // namespace lrsched::keras
