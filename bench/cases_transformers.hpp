// transformers' schedules (transformers.optimization): each function of lrsched::transformers
// against its lr_lambda written inline. Every run is one episode of kFamilyEpisode (3000) steps:
// 100 steps of warmup, `num_training_steps` 3000.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "family_cases.hpp"
#include "lrsched/families/transformers.hpp"

namespace lrsched_bench::transformers_cases {

namespace tf = lrsched::transformers;
using lrsched::ScheduleLR;

/// `float(step) / float(max(1, w))`: the warmup of the lambdas.
inline double warmup(std::int64_t step, std::int64_t w) {
  return static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, w));
}

/// `_get_cosine_schedule_with_warmup_lr_lambda` (with `min_lr_rate`, as the min-lr variant).
struct CosineFormula {
  std::int64_t w = 100, t = kFamilyEpisode;
  double cycles = 0.5, rate = 0.0;
  double operator()(std::int64_t step) const {
    if (step < w) return warmup(step, w);
    const double progress =
        static_cast<double>(step - w) / static_cast<double>(std::max<std::int64_t>(1, t - w));
    double factor = 0.5 * (1.0 + std::cos(kPi * cycles * 2.0 * progress));
    factor = factor * (1 - rate) + rate;
    return std::max(0.0, factor);
  }
};

struct ConstantCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "transformers.get_constant_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>([&] { return tf::get_constant_schedule(o); });
  }
  struct Formula {
    double operator()(std::int64_t /*step*/) const { return 1.0; }
  };
  using Baseline = FactorBaseline<Formula>;
};

struct ConstantWithWarmupCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "transformers.get_constant_schedule_with_warmup";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>(
        [&] { return tf::get_constant_schedule_with_warmup(o, {.num_warmup_steps = 100}); });
  }
  struct Formula {
    std::int64_t w = 100;
    double operator()(std::int64_t step) const { return step < w ? warmup(step, w) : 1.0; }
  };
  using Baseline = FactorBaseline<Formula>;
};

struct LinearWithWarmupCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "transformers.get_linear_schedule_with_warmup";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>([&] {
      return tf::get_linear_schedule_with_warmup(
          o, {.num_warmup_steps = 100, .num_training_steps = kFamilyEpisode});
    });
  }
  struct Formula {
    std::int64_t w = 100, t = kFamilyEpisode;
    double operator()(std::int64_t step) const {
      if (step < w) return warmup(step, w);
      return std::max(0.0, static_cast<double>(t - step) /
                               static_cast<double>(std::max<std::int64_t>(1, t - w)));
    }
  };
  using Baseline = FactorBaseline<Formula>;
};

struct CosineWithWarmupCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "transformers.get_cosine_schedule_with_warmup";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>([&] {
      return tf::get_cosine_schedule_with_warmup(
          o, {.num_warmup_steps = 100, .num_training_steps = kFamilyEpisode});
    });
  }
  using Baseline = FactorBaseline<CosineFormula>;
};

struct HardRestartsCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName =
      "transformers.get_cosine_with_hard_restarts_schedule_with_warmup";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>([&] {
      return tf::get_cosine_with_hard_restarts_schedule_with_warmup(
          o, {.num_warmup_steps = 100, .num_training_steps = kFamilyEpisode, .num_cycles = 3});
    });
  }
  struct Formula {
    std::int64_t w = 100, t = kFamilyEpisode;
    double cycles = 3;
    double operator()(std::int64_t step) const {
      if (step < w) return warmup(step, w);
      const double progress =
          static_cast<double>(step - w) / static_cast<double>(std::max<std::int64_t>(1, t - w));
      if (progress >= 1.0) return 0.0;
      return std::max(0.0, 0.5 * (1.0 + std::cos(kPi * std::fmod(cycles * progress, 1.0))));
    }
  };
  using Baseline = FactorBaseline<Formula>;
};

struct PolynomialCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "transformers.get_polynomial_decay_schedule_with_warmup";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>([&] {
      return tf::get_polynomial_decay_schedule_with_warmup(o, {.num_warmup_steps = 100,
                                                               .num_training_steps = kFamilyEpisode,
                                                               .lr_end = 1e-4,
                                                               .power = 2.0});
    });
  }
  struct Formula {
    std::int64_t w = 100, t = kFamilyEpisode;
    double lr_end = 1e-4, power = 2.0;
    double lr_init = 0.1;  // optimizer.defaults["lr"]: the first group's lr (initial_lrs)
    double operator()(std::int64_t step) const {
      if (step < w) return warmup(step, w);
      if (step > t) return lr_end / lr_init;
      const double pct_remaining = 1 - static_cast<double>(step - w) / static_cast<double>(t - w);
      return ((lr_init - lr_end) * std::pow(pct_remaining, power) + lr_end) / lr_init;
    }
  };
  using Baseline = FactorBaseline<Formula>;
};

struct InverseSqrtCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "transformers.get_inverse_sqrt_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>(
        [&] { return tf::get_inverse_sqrt_schedule(o, {.num_warmup_steps = 100}); });
  }
  struct Formula {
    std::int64_t w = 100, timescale = 100;  // timescale: num_warmup_steps by default
    double operator()(std::int64_t step) const {
      if (step < w) return warmup(step, w);
      const std::int64_t shift = timescale - w;
      return 1.0 / std::sqrt(static_cast<double>(step + shift) / static_cast<double>(timescale));
    }
  };
  using Baseline = FactorBaseline<Formula>;
};

struct CosineWithMinLrCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "transformers.get_cosine_with_min_lr_schedule_with_warmup";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>([&] {
      return tf::get_cosine_with_min_lr_schedule_with_warmup(
          o, {.num_warmup_steps = 100, .num_training_steps = kFamilyEpisode, .min_lr_rate = 0.1});
    });
  }
  struct Formula : CosineFormula {
    Formula() { rate = 0.1; }
  };
  using Baseline = FactorBaseline<Formula>;
};

struct CosineWithMinLrRateCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName =
      "transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>([&] {
      return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
          o, {.num_warmup_steps = 100,
              .num_training_steps = kFamilyEpisode,
              .min_lr_rate = 0.1,
              .warmup_lr_rate = 0.01});
    });
  }
  struct Formula {
    double w = 100, t = kFamilyEpisode;  // upstream converts both to floats
    double cycles = 0.5, rate = 0.1, warmup_rate = 0.01;
    double operator()(std::int64_t step) const {
      const auto current = static_cast<double>(step);
      if (current < w) return warmup_rate + (1.0 - warmup_rate) * current / std::max(1.0, w - 1);
      const double progress = (current - w + 1.) / std::max(1., t - w);
      double factor = 0.5 * (1.0 + std::cos(kPi * cycles * 2.0 * progress));
      factor = factor * (1 - rate) + rate;
      return std::max(0.0, factor);
    }
  };
  using Baseline = FactorBaseline<Formula>;
};

struct WsdCase : FamilyCase<ScheduleLR> {
  static constexpr const char* kName = "transformers.get_wsd_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>([&] {
      return tf::get_wsd_schedule(o, {.num_warmup_steps = 100,
                                      .num_decay_steps = 1000,
                                      .num_training_steps = kFamilyEpisode,
                                      .min_lr_ratio = 0.1});
    });
  }
  struct Formula {  // linear warmup, cosine decay (the defaults)
    std::int64_t w = 100, s = 1900, d = 1000;
    double ratio = 0.1, cycles = 0.5;
    double operator()(std::int64_t step) const {
      if (step < w) return std::max(0.0, warmup(step, w) * (1.0 - ratio) + ratio);
      if (step < w + s) return 1.0;
      if (step < w + s + d) {
        const double progress =
            static_cast<double>(step - w - s) / static_cast<double>(std::max<std::int64_t>(1, d));
        const double factor = 0.5 * (1.0 + std::cos(kPi * cycles * 2.0 * progress));
        return std::max(0.0, factor * (1.0 - ratio) + ratio);
      }
      return ratio;
    }
  };
  using Baseline = FactorBaseline<Formula>;
};

struct ReduceOnPlateauCase : FamilyCase<lrsched::ReduceLROnPlateau> {
  static constexpr const char* kName = "transformers.get_reduce_on_plateau_schedule";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return on_heap<Sched>([&] { return tf::get_reduce_on_plateau_schedule(o); });
  }
  static void step(Sched& s, std::uint64_t i) { s.step(plateau_metrics()[i % 1000]); }
  struct Baseline : PlateauBaseline {
    using PlateauBaseline::PlateauBaseline;
    void reset() { restart(); }  // the library side is rebuilt
  };
};

struct GetSchedulerCase : FamilyCase<lrsched::Scheduler> {
  static constexpr const char* kName = "transformers.get_scheduler";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return tf::get_scheduler(tf::SchedulerType::cosine, o,
                             {.num_warmup_steps = 100, .num_training_steps = kFamilyEpisode});
  }
  static void step(Sched& s, std::uint64_t /*i*/) { s.advance(); }  // a Scheduler&
  using Baseline = FactorBaseline<CosineFormula>;
};

}  // namespace lrsched_bench::transformers_cases

namespace lrsched_bench {
using TransformersCases =
    CaseTypes<transformers_cases::ConstantCase, transformers_cases::ConstantWithWarmupCase,
              transformers_cases::LinearWithWarmupCase, transformers_cases::CosineWithWarmupCase,
              transformers_cases::HardRestartsCase, transformers_cases::PolynomialCase,
              transformers_cases::InverseSqrtCase, transformers_cases::CosineWithMinLrCase,
              transformers_cases::CosineWithMinLrRateCase, transformers_cases::WsdCase,
              transformers_cases::ReduceOnPlateauCase, transformers_cases::GetSchedulerCase>;
}  // namespace lrsched_bench
