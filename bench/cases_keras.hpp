// Keras' schedules (keras.optimizers.schedules): each of lrsched::keras's six classes driving the
// optimizer through ScheduleLR in absolute mode, against its `__call__` written inline. Every run
// is one episode of kFamilyEpisode (3000) steps. Float64 (a float initial_learning_rate), Keras'
// operation order as src/families/keras.cpp computes it; PiecewiseConstantDecay's sum of
// `indicator * value` over every range is the branch below for finite values.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "family_cases.hpp"
#include "lrsched/families/keras.hpp"

namespace lrsched_bench::keras_cases {

namespace ks = lrsched::keras;
using lrsched::ScheduleLR;

/// The tail of `_decay_function` (and of CosineDecayRestarts): a cosine part lifted to `alpha`.
inline double lifted(double cosine_decayed, double alpha) {
  return (1 - alpha) * cosine_decayed + alpha;
}

struct ExponentialDecayCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "keras.ExponentialDecay";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ks::ExponentialDecay(
               {.initial_learning_rate = 0.1, .decay_steps = 100, .decay_rate = 0.96}));
  }
  struct Formula {
    double initial = 0.1;
    std::int64_t decay_steps = 100;
    double rate = 0.96;
    bool staircase = false;
    double operator()(std::int64_t step) const {
      double p = static_cast<double>(step) / static_cast<double>(decay_steps);
      if (staircase) p = std::floor(p);
      return initial * std::pow(rate, p);
    }
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct PiecewiseConstantDecayCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "keras.PiecewiseConstantDecay";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ks::PiecewiseConstantDecay({.boundaries = {1000, 2000}, .values = {0.1, 0.01, 0.001}}));
  }
  struct Formula {
    std::array<std::int64_t, 2> boundaries = {1000, 2000};
    std::array<double, 3> values = {0.1, 0.01, 0.001};
    double operator()(std::int64_t step) const {
      // values[i] while step <= boundaries[i]: the range is closed on the right.
      for (std::size_t i = 0; i < boundaries.size(); ++i) {
        if (step <= boundaries[i]) return values[i];
      }
      return values.back();
    }
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct PolynomialDecayCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "keras.PolynomialDecay";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(o, ks::PolynomialDecay({.initial_learning_rate = 0.1,
                                                        .decay_steps = 2500,
                                                        .end_learning_rate = 1e-4,
                                                        .power = 0.5}));
  }
  struct Formula {  // cycle=False
    double initial = 0.1;
    std::int64_t decay_steps = 2500;
    double end = 1e-4, power = 0.5;
    double operator()(std::int64_t step) const {
      const auto steps = static_cast<double>(decay_steps);
      const double p = std::min(static_cast<double>(step), steps) / steps;
      return (initial - end) * std::pow(1 - p, power) + end;
    }
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct InverseTimeDecayCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "keras.InverseTimeDecay";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o, ks::InverseTimeDecay(
               {.initial_learning_rate = 0.1, .decay_steps = 100, .decay_rate = 0.5}));
  }
  struct Formula {
    double initial = 0.1;
    std::int64_t decay_steps = 100;
    double rate = 0.5;
    bool staircase = false;
    double operator()(std::int64_t step) const {
      double p = static_cast<double>(step) / static_cast<double>(decay_steps);
      if (staircase) p = std::floor(p);
      return initial / (1.0 + rate * p);
    }
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct CosineDecayCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "keras.CosineDecay";
  // Keras' decay_steps excludes the warmup: 100 + 2900 steps.
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(o, ks::CosineDecay({.initial_learning_rate = 0.0,
                                                    .decay_steps = 2900,
                                                    .alpha = 0.01,
                                                    .warmup_target = 0.1,
                                                    .warmup_steps = 100}));
  }
  struct Formula {
    double initial = 0.0;
    std::int64_t decay_steps = 2900;
    double alpha = 0.01, target = 0.1;
    std::int64_t warmup_steps = 100;
    double operator()(std::int64_t step) const {
      const auto decay = static_cast<double>(decay_steps);
      const auto warmup = static_cast<double>(warmup_steps);
      const double s = std::min(static_cast<double>(step), decay + warmup);
      if (s < warmup) return (target - initial) * (s / warmup) + initial;
      const double completed_fraction = (s - warmup) / decay;
      return target * lifted(0.5 * (1.0 + std::cos(kPi * completed_fraction)), alpha);
    }
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

struct CosineDecayRestartsCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "keras.CosineDecayRestarts";
  // Periods of 500, 1000, 2000 steps: restarts at 500 and 1500, peaks 0.1, 0.09, 0.081.
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return absolute_schedule_lr(
        o,
        ks::CosineDecayRestarts(
            {.initial_learning_rate = 0.1, .first_decay_steps = 500, .t_mul = 2.0, .m_mul = 0.9}));
  }
  struct Formula {
    double initial = 0.1;
    std::int64_t first_decay_steps = 500;
    double t_mul = 2.0, m_mul = 0.9, alpha = 0.0;
    double operator()(std::int64_t step) const {
      double fraction = static_cast<double>(step) / static_cast<double>(first_decay_steps);
      double i_restart = 0;
      if (t_mul == 1.0) {
        i_restart = std::floor(fraction);
        fraction -= i_restart;
      } else {
        i_restart = std::floor(std::log(1.0 - fraction * (1.0 - t_mul)) / std::log(t_mul));
        const double t_mul_i = std::pow(t_mul, i_restart);
        const double sum_r = (1.0 - t_mul_i) / (1.0 - t_mul);
        fraction = (fraction - sum_r) / t_mul_i;
      }
      const double m_fac = std::pow(m_mul, i_restart);
      return initial * lifted(0.5 * m_fac * (1.0 + std::cos(kPi * fraction)), alpha);
    }
  };
  using Baseline = AbsoluteBaseline<Formula>;
};

}  // namespace lrsched_bench::keras_cases

namespace lrsched_bench {
using KerasCases =
    CaseTypes<keras_cases::ExponentialDecayCase, keras_cases::PiecewiseConstantDecayCase,
              keras_cases::PolynomialDecayCase, keras_cases::InverseTimeDecayCase,
              keras_cases::CosineDecayCase, keras_cases::CosineDecayRestartsCase>;
}  // namespace lrsched_bench
