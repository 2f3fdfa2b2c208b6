#include "lrsched/families/optax.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <memory>
#include <numbers>
#include <string>
#include <utility>

#include "families/numpy_ops.hpp"
#include "lrsched/detail/pymath.hpp"
#include "lrsched/error.hpp"

namespace lrsched::optax {

using schedules::Schedule;

namespace {

using detail::py_div;
using detail::py_int;
using detail::py_true_div;
using families::np_maximum;
using families::np_minimum;
using families::py_add;
using families::py_sub;
using families::wrapping_sub;
constexpr double kPi = std::numbers::pi;  // jnp.pi

// A Python dict built from `items` in order (a repeated key keeps its first position and takes
// the last value), then `sorted(d.items())`: by key, as every Optax function iterates it.
BoundariesAndScales sorted_dict_items(const BoundariesAndScales& items) {
  BoundariesAndScales dict;
  dict.reserve(items.size());
  for (const auto& [key, value] : items) {
    const auto found = std::find_if(dict.begin(), dict.end(),
                                    [key = key](const auto& item) { return item.first == key; });
    if (found != dict.end()) {
      found->second = value;
    } else {
      dict.emplace_back(key, value);
    }
  }
  std::sort(dict.begin(), dict.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return dict;
}

// `all(scale >= 0.0 for scale in scales)`: nan fails too.
bool all_non_negative(const BoundariesAndScales& items) {
  return std::all_of(items.begin(), items.end(),
                     [](const auto& item) { return item.second >= 0.0; });
}

template <class Node, class... Args>
Schedule make(Args&&... args) {
  return Schedule(std::make_shared<const Node>(std::forward<Args>(args)...));
}

// --- nodes ---------------------------------------------------------------------------------------

// `lambda count: value`.
class ConstantNode final : public Schedule::Node {
 public:
  explicit ConstantNode(double value) : value_(value) {}
  [[nodiscard]] double at(std::int64_t /*count*/) const override { return value_; }
  [[nodiscard]] bool may_throw() const noexcept override { return false; }

 private:
  double value_;
};

class PolynomialNode final : public Schedule::Node {
 public:
  PolynomialNode(double init, double end, double power, std::int64_t steps, std::int64_t begin)
      : init_(init), end_(end), power_(power), steps_(steps), begin_(begin) {}
  [[nodiscard]] double at(std::int64_t count) const override {
    // count = jnp.clip(count - transition_begin, 0, transition_steps): max with 0, then min.
    const std::int64_t t = std::min(steps_, std::max<std::int64_t>(0, py_sub(count, begin_)));
    // frac = 1 - count / transition_steps: an int64 scalar over a Python int, NumPy's division
    // of the two as doubles.
    const double frac = 1 - static_cast<double>(t) / static_cast<double>(steps_);
    return (init_ - end_) * std::pow(frac, power_) + end_;
  }
  // Its only failure is lrsched's: a count past int64, which Python's ints would hold.
  [[nodiscard]] bool may_throw() const noexcept override { return false; }

 private:
  double init_;
  double end_;
  double power_;
  std::int64_t steps_;  // > 0
  std::int64_t begin_;  // >= 0
};

class PiecewiseConstantNode final : public Schedule::Node {
 public:
  PiecewiseConstantNode(double init, BoundariesAndScales sorted)
      : init_(init), sorted_(std::move(sorted)) {}
  [[nodiscard]] double at(std::int64_t count) const override {
    double v = init_;
    for (const auto& [threshold, scale] : sorted_) {
      // indicator = jnp.maximum(0.0, jnp.sign(threshold - count)): 1 before the boundary.
      const double indicator = threshold > count ? 1.0 : 0.0;
      v = v * indicator + (1 - indicator) * scale * v;
    }
    return v;
  }
  [[nodiscard]] bool may_throw() const noexcept override { return false; }

 private:
  double init_;
  BoundariesAndScales sorted_;
};

class ExponentialNode final : public Schedule::Node {
 public:
  ExponentialNode(double init, std::int64_t steps, double rate, std::int64_t begin, bool staircase,
                  std::optional<double> end)
      : init_(init),
        steps_(steps),
        rate_(rate),
        begin_(begin),
        staircase_(staircase),
        end_(end),
        end_is_lower_bound_(rate < 1.0) {}
  [[nodiscard]] double at(std::int64_t count) const override {
    const std::int64_t decreased_count = py_sub(count, begin_);
    // Python ints: `decreased_count / transition_steps` is Python's true division.
    double p = py_true_div(decreased_count, steps_);
    if (staircase_) p = std::floor(p);
    double decayed = decreased_count <= 0 ? init_ : init_ * std::pow(rate_, p);
    if (end_) {
      decayed = end_is_lower_bound_ ? np_maximum(decayed, *end_) : np_minimum(decayed, *end_);
    }
    return decayed;
  }
  // As PolynomialNode's: only a count past int64 fails.
  [[nodiscard]] bool may_throw() const noexcept override { return false; }

 private:
  double init_;
  std::int64_t steps_;  // > 0
  double rate_;
  std::int64_t begin_;  // >= 0
  bool staircase_;
  std::optional<double> end_;
  bool end_is_lower_bound_;  // clip_fn: jnp.maximum when decay_rate < 1, else jnp.minimum
};

class CosineDecayNode final : public Schedule::Node {
 public:
  CosineDecayNode(double init, std::int64_t decay_steps, double alpha, double exponent)
      : init_(init),
        decay_steps_(static_cast<double>(decay_steps)),  // float(decay_steps)
        alpha_(alpha),
        exponent_(exponent) {}
  [[nodiscard]] double at(std::int64_t count) const override {
    // float(count), then jnp.minimum: no clamp below 0 (a negative count rises again).
    const double t = np_minimum(static_cast<double>(count), decay_steps_);
    const double cosine_decay = 0.5 * (1 + std::cos(kPi * t / decay_steps_));
    const double decayed = (1 - alpha_) * std::pow(cosine_decay, exponent_) + alpha_;
    return init_ * decayed;
  }
  [[nodiscard]] bool may_throw() const noexcept override { return false; }

 private:
  double init_;
  double decay_steps_;
  double alpha_;
  double exponent_;
};

class PiecewiseInterpolateNode final : public Schedule::Node {
 public:
  PiecewiseInterpolateNode(bool cosine, double init, const BoundariesAndScales& sorted)
      : cosine_(cosine) {
    // bounds = stack((0,) + boundaries); values = cumprod(stack((init,) + scales)), left to
    // right; interval_sizes = maximum(bounds[1:] - bounds[:-1], 1) in int64.
    bounds_.push_back(0);
    values_.push_back(init);
    for (const auto& [boundary, scale] : sorted) {
      bounds_.push_back(boundary);
      values_.push_back(values_.back() * scale);
    }
    for (std::size_t j = 0; j + 1 < bounds_.size(); ++j) {
      sizes_.push_back(std::max<std::int64_t>(wrapping_sub(bounds_[j + 1], bounds_[j]), 1));
    }
    // Optax adds up `indicator[j] * interpolation[j]` over every interval with NumPy's dot: all
    // but one indicator are 0, and 0 * x is ±0 for every finite x. With values this small every
    // interpolation is finite (|pct| < 2**64), so the sum is the interpolation of the one
    // interval holding the count: only that one is computed. Otherwise (inf, nan, huge values)
    // all of them are, as 0 * inf is nan.
    constexpr double kSmall = 1e280;
    one_term_ = std::all_of(values_.begin(), values_.end(),
                            [](double v) { return std::fabs(v) <= kSmall; });
  }

  [[nodiscard]] double at(std::int64_t count) const override {
    const std::size_t intervals = sizes_.size();
    double dot = 0.0;
    if (intervals == 1) {
      // NumPy multiplies two 1-element vectors as scalars: the product itself, -0.0 included
      // (`0.0 * x` for a negative x outside the interval).
      dot = indicator(0, count) * interpolate(0, count);
    } else {
      // Longer vectors go to BLAS's ddot, a sum that starts at +0.0.
      for (std::size_t j = 0; j < intervals; ++j) {
        if (one_term_) {
          if (indicator(j, count) != 0.0) {
            dot += interpolate(j, count);
            break;
          }
        } else {
          dot += indicator(j, count) * interpolate(j, count);
        }
      }
    }
    // + (bounds[-1] <= count) * values[-1]: a bool times a float, 0.0 * values[-1] when false.
    return dot + (bounds_.back() <= count ? 1.0 : 0.0) * values_.back();
  }
  [[nodiscard]] bool may_throw() const noexcept override { return false; }

 private:
  /// `logical_and(bounds[:-1] <= count, count < bounds[1:])[j]` as the float the dot uses.
  [[nodiscard]] double indicator(std::size_t j, std::int64_t count) const {
    return bounds_[j] <= count && count < bounds_[j + 1] ? 1.0 : 0.0;
  }

  [[nodiscard]] double interpolate(std::size_t j, std::int64_t count) const {
    // pct = (count - bounds[:-1]) / interval_sizes: int64 arrays, divided as doubles.
    const double pct =
        static_cast<double>(wrapping_sub(count, bounds_[j])) / static_cast<double>(sizes_[j]);
    const double start = values_[j];
    const double end = values_[j + 1];
    if (cosine_)
      return end + (start - end) / 2.0 * (std::cos(kPi * pct) + 1);  // _cosine_interpolate
    return (end - start) * pct + start;                              // _linear_interpolate
  }

  bool cosine_;
  bool one_term_ = true;
  std::vector<std::int64_t> bounds_;
  std::vector<double> values_;
  std::vector<std::int64_t> sizes_;
};

class JoinNode final : public Schedule::Node {
 public:
  JoinNode(std::vector<Schedule> schedules, std::vector<std::int64_t> boundaries)
      : schedules_(std::move(schedules)), boundaries_(std::move(boundaries)) {
    // zip(boundaries, schedules[1:]) stops at the shorter one.
    const std::size_t pairs = schedules_.empty() ? 0 : schedules_.size() - 1;
    if (boundaries_.size() > pairs) boundaries_.resize(pairs);
    if (schedules_.size() > boundaries_.size() + 1) {
      schedules_.erase(schedules_.begin() + static_cast<std::ptrdiff_t>(boundaries_.size() + 1),
                       schedules_.end());
    }
    for (const Schedule& schedule : schedules_) may_throw_.push_back(schedule.may_throw());
  }

  [[nodiscard]] double at(std::int64_t step) const override {
    if (schedules_.empty()) throw IndexError("list index out of range");  // schedules[0]
    // jnp.where evaluates every piece, also before its boundary, and what one raises is raised;
    // only the value of the last one whose boundary the step has reached is used (boundaries
    // need not be sorted). A piece that cannot raise is evaluated only when it is that one.
    std::size_t used = 0;
    for (std::size_t i = 0; i < boundaries_.size(); ++i) {
      if (!(step < boundaries_[i])) used = i + 1;
    }
    double output = 0.0;
    for (std::size_t j = 0; j < schedules_.size(); ++j) {
      if (j != used && !may_throw_[j]) continue;
      const double value = schedules_[j](j == 0 ? step : py_sub(step, boundaries_[j - 1]));
      if (j == used) output = value;
    }
    return output;
  }
  [[nodiscard]] bool may_throw() const noexcept override {
    return schedules_.empty() ||
           std::find(may_throw_.begin(), may_throw_.end(), true) != may_throw_.end();
  }

 private:
  std::vector<Schedule> schedules_;
  std::vector<std::int64_t> boundaries_;
  std::vector<bool> may_throw_;  // per schedule: evaluated even where its value is unused
};

}  // namespace

Schedule constant_schedule(const ConstantScheduleOptions& options) {
  return make<ConstantNode>(options.value.get());
}

Schedule polynomial_schedule(const PolynomialScheduleOptions& options) {
  // Optax logs (at INFO) and degrades instead of refusing: a constant init_value, a begin of 0.
  if (options.transition_steps <= 0) return make<ConstantNode>(options.init_value.get());
  const std::int64_t begin = std::max<std::int64_t>(options.transition_begin, 0);
  return make<PolynomialNode>(options.init_value, options.end_value, options.power,
                              options.transition_steps, begin);
}

Schedule linear_schedule(const LinearScheduleOptions& options) {
  return polynomial_schedule({.init_value = options.init_value,
                              .end_value = options.end_value,
                              .power = 1.0,
                              .transition_steps = options.transition_steps,
                              .transition_begin = options.transition_begin});
}

Schedule piecewise_constant_schedule(const PiecewiseConstantScheduleOptions& options) {
  BoundariesAndScales sorted = sorted_dict_items(options.boundaries_and_scales);
  if (!all_non_negative(sorted)) {
    throw ValueError("`piecewise_constant_schedule` expects non-negative scale factors");
  }
  return make<PiecewiseConstantNode>(options.init_value, std::move(sorted));
}

Schedule exponential_decay(const ExponentialDecayOptions& options) {
  if (options.transition_steps <= 0) return make<ConstantNode>(options.init_value.get());
  if (options.decay_rate == 0) return make<ConstantNode>(options.init_value.get());
  const std::int64_t begin = std::max<std::int64_t>(options.transition_begin, 0);
  return make<ExponentialNode>(options.init_value, options.transition_steps, options.decay_rate,
                               begin, options.staircase, options.end_value);
}

Schedule cosine_decay_schedule(const CosineDecayScheduleOptions& options) {
  if (!(options.decay_steps > 0)) {
    throw ValueError("The cosine_decay_schedule requires positive decay_steps, got decay_steps=" +
                     std::to_string(options.decay_steps.get()) + ".");
  }
  return make<CosineDecayNode>(options.init_value, options.decay_steps, options.alpha,
                               options.exponent);
}

Schedule piecewise_interpolate_schedule(const PiecewiseInterpolateScheduleOptions& options) {
  const std::string& type = options.interpolate_type;
  if (type != "linear" && type != "cosine") {
    throw ValueError("`interpolate_type` must be either 'cosine' or 'linear'");
  }
  const BoundariesAndScales sorted = sorted_dict_items(options.boundaries_and_scales);
  if (!all_non_negative(sorted)) {
    throw ValueError("`piecewise_interpolate_schedule` expects non-negative scale factors");
  }
  return make<PiecewiseInterpolateNode>(type == "cosine", options.init_value, sorted);
}

Schedule linear_onecycle_schedule(const LinearOnecycleScheduleOptions& options) {
  const std::int64_t steps = options.transition_steps;
  if (steps <= 0) {
    throw ValueError("A linear onecycle schedule was set with a non-positive `transition_steps`");
  }
  // Python's order: the initial value, then the dict display key by key, value by value.
  const double init = py_div(options.peak_value, options.div_factor);
  const std::int64_t rise = py_int(options.pct_start * static_cast<double>(steps));
  const std::int64_t fall = py_int(options.pct_final * static_cast<double>(steps));
  const double down = py_div(1.0, options.div_factor);
  const double last = py_div(1.0, options.final_div_factor);
  return piecewise_interpolate_schedule(
      {.interpolate_type = "linear",
       .init_value = init,
       .boundaries_and_scales = {{rise, options.div_factor}, {fall, down}, {steps, last}}});
}

Schedule cosine_onecycle_schedule(const CosineOnecycleScheduleOptions& options) {
  const std::int64_t steps = options.transition_steps;
  if (steps <= 0) {
    throw ValueError("A cosine onecycle schedule was set with a non-positive `transition_steps`");
  }
  const double init = py_div(options.peak_value, options.div_factor);
  const std::int64_t start = py_int(options.pct_start * static_cast<double>(steps));
  const double last = py_div(1.0, options.div_factor * options.final_div_factor);
  return piecewise_interpolate_schedule(
      {.interpolate_type = "cosine",
       .init_value = init,
       .boundaries_and_scales = {{start, options.div_factor}, {steps, last}}});
}

Schedule warmup_constant_schedule(const WarmupConstantScheduleOptions& options) {
  return linear_schedule({.init_value = options.init_value,
                          .end_value = options.peak_value,
                          .transition_steps = options.warmup_steps});
}

Schedule warmup_cosine_decay_schedule(const WarmupCosineDecayScheduleOptions& options) {
  const double peak = options.peak_value;
  // `0.0 if peak_value == 0.0 else end_value / peak_value`: the end is peak * (end / peak).
  const double alpha = peak == 0.0 ? 0.0 : options.end_value / peak;
  Schedule warmup = linear_schedule({.init_value = options.init_value,
                                     .end_value = peak,
                                     .transition_steps = options.warmup_steps});
  Schedule decay =
      cosine_decay_schedule({.init_value = peak,
                             .decay_steps = py_sub(options.decay_steps, options.warmup_steps),
                             .alpha = alpha,
                             .exponent = options.exponent});
  return join_schedules({std::move(warmup), std::move(decay)}, {options.warmup_steps});
}

Schedule warmup_exponential_decay_schedule(const WarmupExponentialDecayScheduleOptions& options) {
  Schedule warmup = linear_schedule({.init_value = options.init_value,
                                     .end_value = options.peak_value,
                                     .transition_steps = options.warmup_steps});
  Schedule decay = exponential_decay({.init_value = options.peak_value,
                                      .transition_steps = options.transition_steps,
                                      .decay_rate = options.decay_rate,
                                      .transition_begin = options.transition_begin,
                                      .staircase = options.staircase,
                                      .end_value = options.end_value});
  return join_schedules({std::move(warmup), std::move(decay)}, {options.warmup_steps});
}

Schedule sgdr_schedule(const std::vector<WarmupCosineDecayScheduleOptions>& cosine_kwargs) {
  std::vector<Schedule> cycles;
  std::vector<std::int64_t> boundaries;
  cycles.reserve(cosine_kwargs.size());
  boundaries.reserve(cosine_kwargs.size());
  std::int64_t step = 0;
  for (const WarmupCosineDecayScheduleOptions& kwargs : cosine_kwargs) {
    cycles.push_back(warmup_cosine_decay_schedule(kwargs));
    step = py_add(step, kwargs.decay_steps);
    boundaries.push_back(step);
  }
  if (!boundaries.empty()) boundaries.pop_back();  // boundaries[:-1]
  return join_schedules(std::move(cycles), std::move(boundaries));
}

Schedule join_schedules(std::vector<Schedule> schedules, std::vector<std::int64_t> boundaries) {
  return make<JoinNode>(std::move(schedules), std::move(boundaries));
}

}  // namespace lrsched::optax
