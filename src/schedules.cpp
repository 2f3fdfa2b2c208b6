#include "lrsched/schedules.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "lrsched/detail/formulas.hpp"
#include "lrsched/detail/pymath.hpp"
#include "lrsched/detail/pyrepr.hpp"

namespace lrsched::schedules {

Schedule::Schedule(std::shared_ptr<const Node> node) : node_(std::move(node)) {
  if (!node_) throw TypeError("schedule should be a function, got none");
}

namespace {

using lrsched::detail::cosine_anneal;
using lrsched::detail::cosine_term;
using lrsched::detail::linear_ramp;
using lrsched::detail::py_float_repr;
using lrsched::detail::py_floordiv;
using lrsched::detail::py_pow;
using lrsched::detail::py_true_div;

// --- argument checks: one line naming the function, the argument and the value -----------------

[[noreturn]] void fail(const char* function, const std::string& message) {
  throw ValueError(std::string(function) + ": " + message);
}

void require_positive(const char* function, const char* name, std::int64_t value) {
  if (value <= 0) {
    fail(function, std::string(name) + " must be positive, got " + std::to_string(value));
  }
}

void require_non_negative(const char* function, const char* name, std::int64_t value) {
  if (value < 0) {
    fail(function, std::string(name) + " must be non-negative, got " + std::to_string(value));
  }
}

void require_finite(const char* function, const char* name, double value) {
  if (!std::isfinite(value)) {
    fail(function, std::string(name) + " must be finite, got " + py_float_repr(value));
  }
}

void require_finite_non_negative(const char* function, const char* name, double value) {
  require_finite(function, name, value);
  if (value < 0) {
    fail(function, std::string(name) + " must be non-negative, got " + py_float_repr(value));
  }
}

// The ramps' position: steps before 0 count as 0, steps past the end as the end.
double ramp_position(std::int64_t step, std::int64_t steps) {
  return static_cast<double>(std::clamp<std::int64_t>(step, 0, steps));
}

// --- nodes ---------------------------------------------------------------------------------------

class ConstantNode final : public Schedule::Node {
 public:
  explicit ConstantNode(double value) : value_(value) {}
  [[nodiscard]] double at(std::int64_t /*step*/) const override { return value_; }

 private:
  double value_;
};

class LinearNode final : public Schedule::Node {
 public:
  LinearNode(double init, double end, std::int64_t steps) : init_(init), end_(end), steps_(steps) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    return linear_ramp(init_, end_, ramp_position(step, steps_), static_cast<double>(steps_));
  }

 private:
  double init_;
  double end_;
  std::int64_t steps_;
};

class CosineNode final : public Schedule::Node {
 public:
  CosineNode(double init, double end, std::int64_t steps) : init_(init), end_(end), steps_(steps) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    const double term = cosine_term(ramp_position(step, steps_), static_cast<double>(steps_));
    return cosine_anneal(init_, end_, term);
  }

 private:
  double init_;
  double end_;
  std::int64_t steps_;
};

class ExponentialNode final : public Schedule::Node {
 public:
  ExponentialNode(double init, double rate, std::int64_t steps_per_decay, bool staircase)
      : init_(init), rate_(rate), steps_per_decay_(steps_per_decay), staircase_(staircase) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    const std::int64_t t = std::max<std::int64_t>(step, 0);
    // Python's int division in either case: exact (correctly rounded) beyond 2**53 too.
    const double exponent = staircase_ ? static_cast<double>(py_floordiv(t, steps_per_decay_))
                                       : py_true_div(t, steps_per_decay_);
    return init_ * py_pow(rate_, exponent);
  }

 private:
  double init_;
  double rate_;
  std::int64_t steps_per_decay_;
  bool staircase_;
};

class PolynomialNode final : public Schedule::Node {
 public:
  PolynomialNode(double init, double end, double power, std::int64_t steps)
      : init_(init), end_(end), power_(power), steps_(steps) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    const std::int64_t t = std::clamp<std::int64_t>(step, 0, steps_);
    const double remaining = 1.0 - py_true_div(t, steps_);
    return (init_ - end_) * py_pow(remaining, power_) + end_;
  }

 private:
  double init_;
  double end_;
  double power_;
  std::int64_t steps_;
};

class PiecewiseConstantNode final : public Schedule::Node {
 public:
  PiecewiseConstantNode(double init, std::vector<std::pair<std::int64_t, double>> sorted)
      : init_(init), boundaries_and_scales_(std::move(sorted)) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    double value = init_;
    for (const auto& [boundary, scale] : boundaries_and_scales_) {
      if (step < boundary) break;
      value *= scale;
    }
    return value;
  }

 private:
  double init_;
  std::vector<std::pair<std::int64_t, double>> boundaries_and_scales_;  // by boundary
};

class JoinNode final : public Schedule::Node {
 public:
  JoinNode(std::vector<Schedule> schedules, std::vector<std::int64_t> boundaries)
      : schedules_(std::move(schedules)), boundaries_(std::move(boundaries)) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    // The last boundary at or before `step` wins, as Optax's loop of `where(step < boundary)`.
    const auto passed = static_cast<std::size_t>(
        std::upper_bound(boundaries_.begin(), boundaries_.end(), step) - boundaries_.begin());
    if (passed == 0) return schedules_.front()(step);
    return schedules_[passed](step - boundaries_[passed - 1]);
  }

 private:
  std::vector<Schedule> schedules_;
  std::vector<std::int64_t> boundaries_;
};

class ScaleNode final : public Schedule::Node {
 public:
  ScaleNode(Schedule schedule, double factor) : schedule_(std::move(schedule)), factor_(factor) {}
  [[nodiscard]] double at(std::int64_t step) const override { return schedule_(step) * factor_; }

 private:
  Schedule schedule_;
  double factor_;
};

class CycleNode final : public Schedule::Node {
 public:
  CycleNode(Schedule schedule, std::int64_t period, double decay)
      : schedule_(std::move(schedule)), period_(period), decay_(decay) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    const std::int64_t t = std::max<std::int64_t>(step, 0);
    const double value = schedule_(t % period_);
    if (decay_ == 1.0) return value;  // the same value as `* 1.0 ** k`, without the pow
    return value * py_pow(decay_, static_cast<double>(py_floordiv(t, period_)));
  }

 private:
  Schedule schedule_;
  std::int64_t period_;
  double decay_;
};

class ClampNode final : public Schedule::Node {
 public:
  ClampNode(Schedule schedule, double lo, double hi)
      : schedule_(std::move(schedule)), lo_(lo), hi_(hi) {}
  [[nodiscard]] double at(std::int64_t step) const override {
    return std::clamp(schedule_(step), lo_, hi_);
  }

 private:
  Schedule schedule_;
  double lo_;
  double hi_;
};

}  // namespace

Schedule constant(double value) {
  require_finite("constant", "value", value);
  return Schedule(std::make_shared<const ConstantNode>(value));
}

Schedule linear(double init, double end, std::int64_t steps) {
  require_finite("linear", "init", init);
  require_finite("linear", "end", end);
  require_positive("linear", "steps", steps);
  return Schedule(std::make_shared<const LinearNode>(init, end, steps));
}

Schedule cosine(double init, double end, std::int64_t steps) {
  require_finite("cosine", "init", init);
  require_finite("cosine", "end", end);
  require_positive("cosine", "steps", steps);
  return Schedule(std::make_shared<const CosineNode>(init, end, steps));
}

Schedule exponential(double init, double rate, std::int64_t steps_per_decay, bool staircase) {
  require_finite("exponential", "init", init);
  require_finite_non_negative("exponential", "rate", rate);
  require_positive("exponential", "steps_per_decay", steps_per_decay);
  return Schedule(std::make_shared<const ExponentialNode>(init, rate, steps_per_decay, staircase));
}

Schedule polynomial(double init, double end, double power, std::int64_t steps) {
  require_finite("polynomial", "init", init);
  require_finite("polynomial", "end", end);
  require_finite_non_negative("polynomial", "power", power);  // 0 ** -p would raise at the end
  require_positive("polynomial", "steps", steps);
  return Schedule(std::make_shared<const PolynomialNode>(init, end, power, steps));
}

Schedule piecewise_constant(double init,
                            std::vector<std::pair<std::int64_t, double>> boundaries_and_scales) {
  require_finite("piecewise_constant", "init", init);
  for (const auto& [boundary, scale] : boundaries_and_scales) {
    require_non_negative("piecewise_constant", "a boundary", boundary);
    require_finite_non_negative("piecewise_constant", "a scale", scale);
  }
  std::sort(boundaries_and_scales.begin(), boundaries_and_scales.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto duplicate =
      std::adjacent_find(boundaries_and_scales.begin(), boundaries_and_scales.end(),
                         [](const auto& a, const auto& b) { return a.first == b.first; });
  if (duplicate != boundaries_and_scales.end()) {
    fail("piecewise_constant", "boundary " + std::to_string(duplicate->first) + " is given twice");
  }
  return Schedule(
      std::make_shared<const PiecewiseConstantNode>(init, std::move(boundaries_and_scales)));
}

Schedule join(std::vector<Schedule> schedules, std::vector<std::int64_t> boundaries) {
  if (schedules.empty()) fail("join", "needs at least one schedule");
  if (boundaries.size() + 1 != schedules.size()) {
    fail("join", "expected one boundary fewer than schedules, got " +
                     std::to_string(boundaries.size()) + " boundaries for " +
                     std::to_string(schedules.size()) + " schedules");
  }
  for (std::size_t i = 0; i < boundaries.size(); ++i) {
    require_non_negative("join", "a boundary", boundaries[i]);
    if (i > 0 && boundaries[i] < boundaries[i - 1]) {
      fail("join", "boundaries must be non-decreasing, got " + std::to_string(boundaries[i]) +
                       " after " + std::to_string(boundaries[i - 1]));
    }
  }
  if (schedules.size() == 1) return schedules.front();
  return Schedule(std::make_shared<const JoinNode>(std::move(schedules), std::move(boundaries)));
}

Schedule warmup_then(std::int64_t warmup_steps, double warmup_start, Schedule then) {
  require_non_negative("warmup_then", "warmup_steps", warmup_steps);
  require_finite("warmup_then", "warmup_start", warmup_start);
  if (warmup_steps == 0) return then;
  const double peak = then(0);
  require_finite("warmup_then", "the schedule's value at step 0", peak);
  return join({linear(warmup_start, peak, warmup_steps), std::move(then)}, {warmup_steps});
}

Schedule scale(Schedule schedule, double factor) {
  require_finite("scale", "factor", factor);
  return Schedule(std::make_shared<const ScaleNode>(std::move(schedule), factor));
}

Schedule cycle(Schedule schedule, std::int64_t period, double decay) {
  require_positive("cycle", "period", period);
  require_finite_non_negative("cycle", "decay", decay);
  return Schedule(std::make_shared<const CycleNode>(std::move(schedule), period, decay));
}

Schedule clamp(Schedule schedule, double lo, double hi) {
  if (std::isnan(lo) || std::isnan(hi) || lo > hi) {
    fail("clamp", "expected lo <= hi, got lo=" + py_float_repr(lo) + ", hi=" + py_float_repr(hi));
  }
  return Schedule(std::make_shared<const ClampNode>(std::move(schedule), lo, hi));
}

}  // namespace lrsched::schedules
