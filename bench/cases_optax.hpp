// Optax's schedules (optax.schedules): each of lrsched::optax's 14 functions driving the
// optimizer through ScheduleLR in absolute mode, against its formula written inline. Every run is
// one episode of kFamilyEpisode (3000) steps: warmups of 50-100 steps, decays over the episode.
//
// The formulas are Optax's in float64 as src/families/optax.cpp computes them (`jnp.clip` as max
// then min, int64 counts divided as doubles, `**` as pow, the same operation order), written as a
// hand-written loop would: the composite schedules are the simple formulas below joined by one
// switch, and only the piece (or interval) holding the step is evaluated. Optax's vectorized
// forms (`v * indicator + (1 - indicator) * scale * v`, the dot over every interval, `where`
// evaluating every joined schedule) are the same numbers as the branch for the finite,
// non-negative values of these configurations.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>

#include "family_cases.hpp"
#include "lrsched/families/optax.hpp"

namespace lrsched_bench::optax_cases {

namespace ox = lrsched::optax;
using lrsched::ScheduleLR;

// --- the simple schedules --------------------------------------------------------------------

/// `constant_schedule`.
struct Constant {
  double value = 0;
  double operator()(std::int64_t /*count*/) const { return value; }
};

/// `polynomial_schedule`; `linear_schedule` is its power 1 (as Optax's, through pow).
struct Polynomial {
  double init = 0, end = 0, power = 1;
  std::int64_t steps = 1, begin = 0;
  double operator()(std::int64_t count) const {
    const std::int64_t t = std::min(steps, std::max<std::int64_t>(0, count - begin));
    const double frac = 1 - static_cast<double>(t) / static_cast<double>(steps);
    return (init - end) * std::pow(frac, power) + end;
  }
};

/// `linear_schedule` (and the warmups of the composite schedules).
inline Polynomial linear(double init, double end, std::int64_t steps, std::int64_t begin = 0) {
  return {.init = init, .end = end, .power = 1.0, .steps = steps, .begin = begin};
}

/// `exponential_decay`, decay_rate < 1 (`end_value` a lower bound).
struct Exponential {
  double init = 0;
  std::int64_t steps = 1;
  double rate = 1;
  std::int64_t begin = 0;
  bool staircase = false;
  std::optional<double> end_value;
  double operator()(std::int64_t count) const {
    const std::int64_t decreased = count - begin;
    double p = static_cast<double>(decreased) / static_cast<double>(steps);
    if (staircase) p = std::floor(p);
    double decayed = decreased <= 0 ? init : init * std::pow(rate, p);
    if (end_value) decayed = std::max(decayed, *end_value);
    return decayed;
  }
};

/// `cosine_decay_schedule`.
struct CosineDecay {
  double init = 0;
  std::int64_t decay_steps = 1;
  double alpha = 0, exponent = 1;
  double operator()(std::int64_t count) const {
    const auto steps = static_cast<double>(decay_steps);
    const double t = std::min(static_cast<double>(count), steps);
    const double cosine = 0.5 * (1 + std::cos(kPi * t / steps));
    return init * ((1 - alpha) * std::pow(cosine, exponent) + alpha);
  }
};

/// `piecewise_constant_schedule` with N boundaries, sorted.
template <std::size_t N>
struct PiecewiseConstant {
  double init = 0;
  std::array<std::pair<std::int64_t, double>, N> boundaries_and_scales{};
  double operator()(std::int64_t count) const {
    double v = init;
    for (const auto& [boundary, scale] : boundaries_and_scales) {
      if (count >= boundary) v = scale * v;
    }
    return v;
  }
};

/// `piecewise_interpolate_schedule` over N intervals: `bounds` 0 then the sorted boundaries,
/// `values` the running products of init and the scales.
template <std::size_t N>
struct Interpolate {
  bool cosine = false;
  std::array<std::int64_t, N + 1> bounds{};
  std::array<double, N + 1> values{};
  double operator()(std::int64_t count) const {
    if (count >= bounds[N]) return values[N];
    std::size_t j = 0;
    while (count >= bounds[j + 1]) ++j;
    const double pct =
        static_cast<double>(count - bounds[j]) / static_cast<double>(bounds[j + 1] - bounds[j]);
    const double from = values[j];
    const double to = values[j + 1];
    if (cosine) return to + (from - to) / 2.0 * (std::cos(kPi * pct) + 1);
    return (to - from) * pct + from;
  }
};

template <std::size_t N>
Interpolate<N> interpolate(bool cosine, double init,
                           const std::array<std::pair<std::int64_t, double>, N>& sorted) {
  Interpolate<N> f{.cosine = cosine};
  f.values[0] = init;
  for (std::size_t j = 0; j < N; ++j) {
    f.bounds[j + 1] = sorted[j].first;
    f.values[j + 1] = f.values[j] * sorted[j].second;
  }
  return f;
}

// --- the join and the schedules built on it --------------------------------------------------

/// `join_schedules([before, after], [boundary])`: `after` counts from its boundary. Nested, it
/// joins more pieces: Optax's loop lets the last boundary passed win.
template <class Before, class After>
struct Joined {
  Before before;
  After after;
  std::int64_t boundary = 0;
  double operator()(std::int64_t step) const {
    return step < boundary ? before(step) : after(step - boundary);
  }
};

/// `warmup_cosine_decay_schedule`: `decay_steps` includes the warmup, the end is
/// `peak * (end / peak)`.
using WarmupCosine = Joined<Polynomial, CosineDecay>;
inline WarmupCosine warmup_cosine(double init, double peak, std::int64_t warmup,
                                  std::int64_t decay_steps, double end = 0.0,
                                  double exponent = 1.0) {
  return {.before = linear(init, peak, warmup),
          .after = {.init = peak,
                    .decay_steps = decay_steps - warmup,
                    .alpha = peak == 0.0 ? 0.0 : end / peak,
                    .exponent = exponent},
          .boundary = warmup};
}

// --- the cases -------------------------------------------------------------------------------

struct ConstantCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.constant_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(o, ox::constant_schedule({.value = 0.1}));
  }
  struct Formula : Constant {
    Formula() : Constant{.value = 0.1} {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct PolynomialCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.polynomial_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(o, ox::polynomial_schedule({.init_value = 0.1,
                                                            .end_value = 1e-4,
                                                            .power = 2.0,
                                                            .transition_steps = 2800,
                                                            .transition_begin = 100}));
  }
  struct Formula : Polynomial {
    Formula() : Polynomial{.init = 0.1, .end = 1e-4, .power = 2.0, .steps = 2800, .begin = 100} {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct LinearCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.linear_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ox::linear_schedule({.init_value = 0.1, .end_value = 1e-3, .transition_steps = 2500}));
  }
  struct Formula : Polynomial {
    Formula() : Polynomial(linear(0.1, 1e-3, 2500)) {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct PiecewiseConstantCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.piecewise_constant_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ox::piecewise_constant_schedule(
               {.init_value = 0.1, .boundaries_and_scales = {{1000, 0.1}, {2000, 0.1}}}));
  }
  struct Formula : PiecewiseConstant<2> {
    Formula()
        : PiecewiseConstant<2>{.init = 0.1, .boundaries_and_scales = {{{1000, 0.1}, {2000, 0.1}}}} {
    }
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct ExponentialDecayCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.exponential_decay";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(o, ox::exponential_decay({.init_value = 0.1,
                                                          .transition_steps = 100,
                                                          .decay_rate = 0.9,
                                                          .transition_begin = 100,
                                                          .end_value = 0.01}));
  }
  struct Formula : Exponential {  // reaches its end value at step ~2285
    Formula()
        : Exponential{.init = 0.1, .steps = 100, .rate = 0.9, .begin = 100, .end_value = 0.01} {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct CosineDecayCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.cosine_decay_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ox::cosine_decay_schedule({.init_value = 0.1, .decay_steps = 2800, .alpha = 0.01}));
  }
  struct Formula : CosineDecay {
    Formula() : CosineDecay{.init = 0.1, .decay_steps = 2800, .alpha = 0.01} {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct PiecewiseInterpolateCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.piecewise_interpolate_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ox::piecewise_interpolate_schedule(
               {.interpolate_type = "cosine",
                .init_value = 1e-3,
                .boundaries_and_scales = {{100, 100.0}, {1500, 0.5}, {2800, 0.1}}}));
  }
  struct Formula : Interpolate<3> {
    Formula()
        : Interpolate<3>(interpolate<3>(true, 1e-3, {{{100, 100.0}, {1500, 0.5}, {2800, 0.1}}})) {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

/// `linear_onecycle_schedule`'s interpolation: boundaries truncated with `int()`.
inline Interpolate<3> linear_onecycle(std::int64_t steps, double peak, double pct_start = 0.3,
                                      double pct_final = 0.85, double div_factor = 25.0,
                                      double final_div_factor = 1e4) {
  const auto at = [steps](double pct) {
    return static_cast<std::int64_t>(pct * static_cast<double>(steps));
  };
  return interpolate<3>(false, peak / div_factor,
                        {{{at(pct_start), div_factor},
                          {at(pct_final), 1.0 / div_factor},
                          {steps, 1.0 / final_div_factor}}});
}

struct LinearOnecycleCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.linear_onecycle_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ox::linear_onecycle_schedule({.transition_steps = kFamilyEpisode, .peak_value = 0.1}));
  }
  struct Formula : Interpolate<3> {
    Formula() : Interpolate<3>(linear_onecycle(kFamilyEpisode, 0.1)) {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

/// `cosine_onecycle_schedule`'s interpolation.
inline Interpolate<2> cosine_onecycle(std::int64_t steps, double peak, double pct_start = 0.3,
                                      double div_factor = 25.0, double final_div_factor = 1e4) {
  return interpolate<2>(
      true, peak / div_factor,
      {{{static_cast<std::int64_t>(pct_start * static_cast<double>(steps)), div_factor},
        {steps, 1.0 / (div_factor * final_div_factor)}}});
}

struct CosineOnecycleCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.cosine_onecycle_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ox::cosine_onecycle_schedule({.transition_steps = kFamilyEpisode, .peak_value = 0.1}));
  }
  struct Formula : Interpolate<2> {
    Formula() : Interpolate<2>(cosine_onecycle(kFamilyEpisode, 0.1)) {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct WarmupConstantCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.warmup_constant_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o,
        ox::warmup_constant_schedule({.init_value = 0.0, .peak_value = 0.1, .warmup_steps = 100}));
  }
  struct Formula : Polynomial {
    Formula() : Polynomial(linear(0.0, 0.1, 100)) {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct WarmupCosineDecayCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.warmup_cosine_decay_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(o, ox::warmup_cosine_decay_schedule({.init_value = 0.0,
                                                                     .peak_value = 0.1,
                                                                     .warmup_steps = 100,
                                                                     .decay_steps = kFamilyEpisode,
                                                                     .end_value = 1e-3}));
  }
  struct Formula : WarmupCosine {
    Formula() : WarmupCosine(warmup_cosine(0.0, 0.1, 100, kFamilyEpisode, 1e-3)) {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct WarmupExponentialDecayCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.warmup_exponential_decay_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(o, ox::warmup_exponential_decay_schedule({.init_value = 0.0,
                                                                          .peak_value = 0.1,
                                                                          .warmup_steps = 100,
                                                                          .transition_steps = 250,
                                                                          .decay_rate = 0.8,
                                                                          .staircase = true}));
  }
  using Schedule = Joined<Polynomial, Exponential>;
  struct Formula : Schedule {
    Formula()
        : Schedule{.before = linear(0.0, 0.1, 100),
                   .after = {.init = 0.1,
                             .steps = 250,
                             .rate = 0.8,
                             .staircase = true,
                             .end_value = std::nullopt},
                   .boundary = 100} {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct SgdrCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.sgdr_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(o, ox::sgdr_schedule({{.init_value = 0.0,
                                                       .peak_value = 0.1,
                                                       .warmup_steps = 50,
                                                       .decay_steps = 500,
                                                       .end_value = 1e-4},
                                                      {.init_value = 0.0,
                                                       .peak_value = 0.08,
                                                       .warmup_steps = 50,
                                                       .decay_steps = 1000,
                                                       .end_value = 1e-4},
                                                      {.init_value = 0.0,
                                                       .peak_value = 0.06,
                                                       .warmup_steps = 50,
                                                       .decay_steps = 1500,
                                                       .end_value = 1e-4}}));
  }
  // Three cycles joined at the running sums of their decay_steps: 500, 1500.
  using Schedule = Joined<Joined<WarmupCosine, WarmupCosine>, WarmupCosine>;
  struct Formula : Schedule {
    Formula()
        : Schedule{.before = {.before = warmup_cosine(0.0, 0.1, 50, 500, 1e-4),
                              .after = warmup_cosine(0.0, 0.08, 50, 1000, 1e-4),
                              .boundary = 500},
                   .after = warmup_cosine(0.0, 0.06, 50, 1500, 1e-4),
                   .boundary = 1500} {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct JoinCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "optax.join_schedules";
  // Warmup, a plateau, a cosine decay (warmup-stable-decay).
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ox::join_schedules(
               {ox::linear_schedule({.init_value = 0.0, .end_value = 0.1, .transition_steps = 100}),
                ox::constant_schedule({.value = 0.1}),
                ox::cosine_decay_schedule({.init_value = 0.1, .decay_steps = 2000, .alpha = 0.01})},
               {100, 1000}));
  }
  using Schedule = Joined<Joined<Polynomial, Constant>, CosineDecay>;
  struct Formula : Schedule {
    Formula()
        : Schedule{
              .before = {.before = linear(0.0, 0.1, 100), .after = {.value = 0.1}, .boundary = 100},
              .after = {.init = 0.1, .decay_steps = 2000, .alpha = 0.01},
              .boundary = 1000} {}
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

}  // namespace lrsched_bench::optax_cases

namespace lrsched_bench {
using OptaxCases =
    CaseTypes<optax_cases::ConstantCase, optax_cases::PolynomialCase, optax_cases::LinearCase,
              optax_cases::PiecewiseConstantCase, optax_cases::ExponentialDecayCase,
              optax_cases::CosineDecayCase, optax_cases::PiecewiseInterpolateCase,
              optax_cases::LinearOnecycleCase, optax_cases::CosineOnecycleCase,
              optax_cases::WarmupConstantCase, optax_cases::WarmupCosineDecayCase,
              optax_cases::WarmupExponentialDecayCase, optax_cases::SgdrCase,
              optax_cases::JoinCase>;
}  // namespace lrsched_bench
