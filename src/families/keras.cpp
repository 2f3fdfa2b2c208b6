#include "lrsched/families/keras.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <numbers>
#include <string>
#include <utility>

#include "families/numpy_ops.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"

namespace lrsched::keras {

using schedules::Schedule;

namespace {

using families::np_minimum;
constexpr double kPi = std::numbers::pi;  // math.pi

// --- Keras' casts to int32 (its NumPy backend: np.array(x, dtype="int32")) --------------------

/// A Python int (a step count, a boundary, an int argument) as int32: NumPy wraps it around.
std::int32_t wrap_int32(std::int64_t value) {
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(static_cast<std::uint64_t>(value)));
}

/// A Python float as int32: `int(x)` (truncation, with Python's errors for nan and inf), then
/// wrapped around; past the int64 range NumPy cannot convert the int at all.
std::int32_t py_float_to_int32(double x) {
  if (std::isnan(x)) throw ValueError("cannot convert float NaN to integer");
  if (std::isinf(x)) throw OverflowError("cannot convert float infinity to integer");
  const double t = std::trunc(x);
  if (t >= 9223372036854775808.0 || t < -9223372036854775808.0) {
    throw OverflowError("Python int too large to convert to C long");
  }
  return wrap_int32(static_cast<std::int64_t>(t));
}

/// A NumPy float64 as int32: the C conversion, which on x86-64 gives INT32_MIN for nan and for
/// values out of range (no error).
std::int32_t np_float_to_int32(double x) {
  if (!(x > -2147483649.0 && x < 2147483648.0)) return INT32_MIN;
  return static_cast<std::int32_t>(x);
}

/// int32 + int32 and int32 - int32 on NumPy scalars: wrapped around.
std::int32_t add_int32(std::int32_t a, std::int32_t b) {
  return wrap_int32(static_cast<std::int64_t>(a) + b);
}
std::int32_t sub_int32(std::int32_t a, std::int32_t b) {
  return wrap_int32(static_cast<std::int64_t>(a) - b);
}

double f(std::int32_t x) { return static_cast<double>(x); }
double f(std::int64_t x) { return static_cast<double>(x); }

void check_decay_steps(const char* argument, std::int64_t value) {
  if (value <= 0) {
    throw ValueError(std::string("Argument `") + argument + "` must be > 0. Received: " + argument +
                     "=" + std::to_string(value));
  }
}

template <class Node, class... Args>
std::shared_ptr<const Schedule::Node> make(Args&&... args) {
  return std::make_shared<const Node>(std::forward<Args>(args)...);
}

// --- nodes: Keras' __call__, in float64 and in int32 ---------------------------------------------
// In int32, Keras' `/` on two int32 scalars, `ops.divide`, `ops.power` and `ops.multiply` with a
// float operand, `ops.floor` and `ops.cos` all compute in float64 on the int32 values; only
// `+`/`-` of two int32 values and `ops.minimum` of two stay int32.

// ExponentialDecay and InverseTimeDecay: `Decay(initial, rate, p)` with `p = step /
// decay_steps`, floored with `staircase`. In int32 the lr, rate, step and decay_steps are int32
// values first.
template <double (*Decay)(double initial, double rate, double p)>
class RateDecayNode final : public Schedule::Node {
 public:
  template <class Options>
  explicit RateDecayNode(const Options& o)
      : initial_(o.initial_learning_rate),
        decay_steps_(o.decay_steps),
        rate_(o.decay_rate),
        staircase_(o.staircase),
        int32_(o.dtype == DType::int32) {}

  [[nodiscard]] double at(std::int64_t step) const override {
    if (int32_) {
      const std::int32_t initial = py_float_to_int32(initial_);
      const std::int32_t decay_steps = wrap_int32(decay_steps_);
      const std::int32_t rate = py_float_to_int32(rate_);
      const std::int32_t global_step = wrap_int32(step);
      double p = f(global_step) / f(decay_steps);
      if (staircase_) p = std::floor(p);
      return Decay(f(initial), f(rate), p);
    }
    double p = f(step) / f(decay_steps_);
    if (staircase_) p = std::floor(p);
    return Decay(initial_, rate_, p);
  }

 private:
  double initial_;
  std::int64_t decay_steps_;
  double rate_;
  bool staircase_;
  bool int32_;
};

double exponential_decay(double initial, double rate, double p) {
  return initial * std::pow(rate, p);
}

double inverse_time_decay(double initial, double rate, double p) {
  const double denom = 1.0 + rate * p;  // ops.add(const 1, ops.multiply(rate, p))
  return initial / denom;
}

using ExponentialDecayNode = RateDecayNode<exponential_decay>;
using InverseTimeDecayNode = RateDecayNode<inverse_time_decay>;

class PiecewiseConstantDecayNode final : public Schedule::Node {
 public:
  explicit PiecewiseConstantDecayNode(const PiecewiseConstantDecay::Options& o)
      : values_(o.values.get()) {
    boundaries_.reserve(o.boundaries.get().size());
    for (const std::int64_t b : o.boundaries.get()) boundaries_.push_back(wrap_int32(b));
    // With sorted boundaries the ranges are disjoint and cover every step: one indicator is 1,
    // and with finite values every other term is ±0, so the sum is the one value (+0.0 for a
    // zero). Otherwise (unsorted boundaries, inf or nan values) every term is added.
    one_term_ =
        values_.size() == boundaries_.size() + 1 &&
        std::is_sorted(boundaries_.begin(), boundaries_.end()) &&
        std::all_of(values_.begin(), values_.end(), [](double v) { return std::isfinite(v); });
  }

  [[nodiscard]] double at(std::int64_t step) const override {
    if (boundaries_.empty()) throw IndexError("list index out of range");  // boundaries[0]
    const std::int32_t s = wrap_int32(step);
    if (one_term_) {
      const auto range = std::lower_bound(boundaries_.begin(), boundaries_.end(), s);
      return values_[static_cast<std::size_t>(range - boundaries_.begin())] + 0.0;
    }
    const auto indicator = [](bool in_range) { return in_range ? 1.0 : 0.0; };
    double result = 0.0;
    result += indicator(s <= boundaries_.front()) * values_.front();
    result += indicator(s > boundaries_.back()) * values_.back();
    for (std::size_t i = 0; i + 1 < boundaries_.size(); ++i) {
      result += indicator(s > boundaries_[i] && s <= boundaries_[i + 1]) * values_[i + 1];
    }
    return result;
  }

 private:
  std::vector<std::int32_t> boundaries_;
  std::vector<double> values_;
  bool one_term_ = false;
};

class PolynomialDecayNode final : public Schedule::Node {
 public:
  explicit PolynomialDecayNode(const PolynomialDecay::Options& o)
      : initial_(o.initial_learning_rate),
        decay_steps_(o.decay_steps),
        end_(o.end_learning_rate),
        power_(o.power),
        cycle_(o.cycle),
        int32_(o.dtype == DType::int32) {}

  [[nodiscard]] double at(std::int64_t step) const override {
    if (int32_) return at_int32(step);
    double global_step = f(step);
    double decay_steps = f(decay_steps_);
    if (cycle_) {
      // The first multiple of decay_steps at or after the step; 1 at step 0.
      const double multiplier = global_step == 0 ? 1.0 : std::ceil(global_step / f(decay_steps_));
      decay_steps = decay_steps * multiplier;
    } else {
      global_step = np_minimum(global_step, decay_steps);
    }
    const double p = global_step / decay_steps;
    return (initial_ - end_) * std::pow(1 - p, power_) + end_;
  }

 private:
  [[nodiscard]] double at_int32(std::int64_t step) const {
    const std::int32_t initial = py_float_to_int32(initial_);
    const std::int32_t end = py_float_to_int32(end_);
    const std::int32_t power = py_float_to_int32(power_);
    std::int32_t global_step = wrap_int32(step);
    const std::int32_t decay_steps = wrap_int32(decay_steps_);
    double p = 0.0;
    if (cycle_) {
      // `global_step / self.decay_steps`: the Python int argument, not its int32 cast.
      const double multiplier =
          global_step == 0 ? 1.0 : std::ceil(f(global_step) / f(decay_steps_));
      p = f(global_step) / (f(decay_steps) * multiplier);
    } else {
      global_step = std::min(global_step, decay_steps);
      p = f(global_step) / f(decay_steps);
    }
    return f(sub_int32(initial, end)) * std::pow(1 - p, f(power)) + f(end);
  }

  double initial_;
  std::int64_t decay_steps_;
  double end_;
  double power_;
  bool cycle_;
  bool int32_;
};

class CosineDecayNode final : public Schedule::Node {
 public:
  explicit CosineDecayNode(const CosineDecay::Options& o)
      : initial_(o.initial_learning_rate),
        decay_steps_(o.decay_steps),
        alpha_(o.alpha),
        warmup_target_(o.warmup_target),
        warmup_steps_(o.warmup_steps),
        int32_(o.dtype == DType::int32) {}

  [[nodiscard]] double at(std::int64_t step) const override {
    if (int32_) return at_int32(step);
    const double decay_steps = f(decay_steps_);
    double global_step = f(step);
    if (!warmup_target_) {
      global_step = np_minimum(global_step, decay_steps);
      return decay(global_step, decay_steps, initial_, kPi);
    }
    const double target = *warmup_target_;
    const double warmup_steps = f(warmup_steps_);
    global_step = np_minimum(global_step, decay_steps + warmup_steps);
    if (global_step < warmup_steps) {
      const double completed_fraction = global_step / warmup_steps;
      const double total_step_delta = target - initial_;
      return total_step_delta * completed_fraction + initial_;
    }
    return decay(global_step - warmup_steps, decay_steps, target, kPi);
  }

 private:
  // `_decay_function`; `pi` is `ops.array(math.pi, dtype)`: 3 in int32. `self.alpha` is used as
  // the Python number given, in either dtype.
  [[nodiscard]] double decay(double step, double decay_steps, double decay_from, double pi) const {
    const double completed_fraction = step / decay_steps;
    const double cosine_decayed = 0.5 * (1.0 + std::cos(pi * completed_fraction));
    const double decayed = (1 - alpha_) * cosine_decayed + alpha_;
    return decay_from * decayed;
  }

  [[nodiscard]] double at_int32(std::int64_t step) const {
    constexpr double kPiInt32 = 3.0;  // ops.array(math.pi, dtype="int32")
    const std::int32_t initial = py_float_to_int32(initial_);
    const std::int32_t decay_steps = wrap_int32(decay_steps_);
    std::int32_t global_step = wrap_int32(step);
    if (!warmup_target_) {
      global_step = std::min(global_step, decay_steps);
      return decay(f(global_step), f(decay_steps), f(initial), kPiInt32);
    }
    const std::int32_t target = py_float_to_int32(*warmup_target_);
    const std::int32_t warmup_steps = wrap_int32(warmup_steps_);
    global_step = std::min(global_step, add_int32(decay_steps, warmup_steps));
    if (global_step < warmup_steps) {
      const double completed_fraction = f(global_step) / f(warmup_steps);
      const std::int32_t total_step_delta = sub_int32(target, initial);
      return f(total_step_delta) * completed_fraction + f(initial);
    }
    return decay(f(sub_int32(global_step, warmup_steps)), f(decay_steps), f(target), kPiInt32);
  }

  double initial_;
  std::int64_t decay_steps_;
  double alpha_;
  std::optional<double> warmup_target_;
  std::int64_t warmup_steps_;
  bool int32_;
};

class CosineDecayRestartsNode final : public Schedule::Node {
 public:
  explicit CosineDecayRestartsNode(const CosineDecayRestarts::Options& o)
      : initial_(o.initial_learning_rate),
        first_decay_steps_(o.first_decay_steps),
        t_mul_(o.t_mul),
        m_mul_(o.m_mul),
        alpha_(o.alpha),
        int32_(o.dtype == DType::int32) {}

  [[nodiscard]] double at(std::int64_t step) const override {
    if (int32_) return at_int32(step);
    const double completed_fraction = f(step) / f(first_decay_steps_);
    const Restart r = t_mul_ == 1.0 ? arithmetic(completed_fraction)
                                    : geometric(completed_fraction, t_mul_, false);
    return finish(r, initial_, m_mul_, 1 - alpha_, alpha_, kPi);
  }

 private:
  struct Restart {
    double i_restart;
    double completed_fraction;
  };

  // `compute_step(completed_fraction, geometric=False)`.
  static Restart arithmetic(double completed_fraction) {
    const double i_restart = std::floor(completed_fraction);
    return {i_restart, completed_fraction - i_restart};
  }

  // `compute_step(completed_fraction, geometric=True)`. Keras takes the log of
  // `ops.cast(1.0 - completed_fraction * (1.0 - t_mul), dtype)`: truncated in int32.
  static Restart geometric(double completed_fraction, double t_mul, bool int32) {
    double log_argument = 1.0 - completed_fraction * (1.0 - t_mul);
    if (int32) log_argument = f(np_float_to_int32(log_argument));
    const double i_restart = std::floor(std::log(log_argument) / std::log(t_mul));
    const double sum_r = (1.0 - std::pow(t_mul, i_restart)) / (1.0 - t_mul);
    return {i_restart, (completed_fraction - sum_r) / std::pow(t_mul, i_restart)};
  }

  static double finish(const Restart& r, double initial, double m_mul, double one_minus_alpha,
                       double alpha, double pi) {
    const double m_fac = std::pow(m_mul, r.i_restart);
    const double cosine_decayed = 0.5 * m_fac * (1.0 + std::cos(pi * r.completed_fraction));
    const double decayed = one_minus_alpha * cosine_decayed + alpha;
    return initial * decayed;
  }

  [[nodiscard]] double at_int32(std::int64_t step) const {
    constexpr double kPiInt32 = 3.0;  // ops.array(math.pi, dtype="int32")
    const std::int32_t initial = py_float_to_int32(initial_);
    const std::int32_t first_decay_steps = wrap_int32(first_decay_steps_);
    const std::int32_t alpha = py_float_to_int32(alpha_);
    const std::int32_t t_mul = py_float_to_int32(t_mul_);
    const std::int32_t m_mul = py_float_to_int32(m_mul_);
    const std::int32_t global_step = wrap_int32(step);
    const double completed_fraction = f(global_step) / f(first_decay_steps);
    const Restart r =
        t_mul == 1 ? arithmetic(completed_fraction) : geometric(completed_fraction, f(t_mul), true);
    // `1 - alpha`: a Python int minus an int32 scalar, computed in int64 by NumPy.
    const double one_minus_alpha = f(std::int64_t{1} - alpha);
    return finish(r, f(initial), f(m_mul), one_minus_alpha, f(alpha), kPiInt32);
  }

  double initial_;
  std::int64_t first_decay_steps_;
  double t_mul_;
  double m_mul_;
  double alpha_;
  bool int32_;
};

std::string python_list(const std::vector<std::int64_t>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(items[i]);
  }
  return out + "]";
}

std::string python_list(const std::vector<double>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    detail::append_py_float_repr(out, items[i]);
  }
  return out + "]";
}

const ExponentialDecay::Options& checked(const ExponentialDecay::Options& o) {
  check_decay_steps("decay_steps", o.decay_steps);
  return o;
}
const PolynomialDecay::Options& checked(const PolynomialDecay::Options& o) {
  check_decay_steps("decay_steps", o.decay_steps);
  return o;
}
const InverseTimeDecay::Options& checked(const InverseTimeDecay::Options& o) {
  check_decay_steps("decay_steps", o.decay_steps);
  return o;
}
const CosineDecay::Options& checked(const CosineDecay::Options& o) {
  check_decay_steps("decay_steps", o.decay_steps);
  return o;
}
const CosineDecayRestarts::Options& checked(const CosineDecayRestarts::Options& o) {
  check_decay_steps("first_decay_steps", o.first_decay_steps);
  return o;
}
const PiecewiseConstantDecay::Options& checked(const PiecewiseConstantDecay::Options& o) {
  const std::vector<std::int64_t>& boundaries = o.boundaries;
  const std::vector<double>& values = o.values;
  if (boundaries.size() + 1 != values.size()) {
    throw ValueError(
        "The length of boundaries should be 1 less than the length of values. Received: "
        "boundaries=" +
        python_list(boundaries) + " of length " + std::to_string(boundaries.size()) +
        ", and values=" + python_list(values) + " of length " + std::to_string(values.size()) +
        ".");
  }
  return o;
}

}  // namespace

ExponentialDecay::ExponentialDecay(const Options& options)
    : Schedule(make<ExponentialDecayNode>(checked(options))) {}

PiecewiseConstantDecay::PiecewiseConstantDecay(const Options& options)
    : Schedule(make<PiecewiseConstantDecayNode>(checked(options))) {}

PolynomialDecay::PolynomialDecay(const Options& options)
    : Schedule(make<PolynomialDecayNode>(checked(options))) {}

InverseTimeDecay::InverseTimeDecay(const Options& options)
    : Schedule(make<InverseTimeDecayNode>(checked(options))) {}

CosineDecay::CosineDecay(const Options& options)
    : Schedule(make<CosineDecayNode>(checked(options))) {}

CosineDecayRestarts::CosineDecayRestarts(const Options& options)
    : Schedule(make<CosineDecayRestartsNode>(checked(options))) {}

}  // namespace lrsched::keras
