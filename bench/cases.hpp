// The benchmarked configurations: for each scheduler class, how to build it (the library) and a
// hand-written loop computing the same sequence inline (the baseline: the formula itself).
//
// Every case has
//   kName          the benchmark name ("StepLR", "LambdaLR[spec]")
//   kResetEvery    steps between two resets (0: never); keeps the schedule in its steady regime
//                  (no denormals, no end of horizon) for millions of steps
//   kRebuild       true: the reset rebuilds the scheduler (outside the timed region);
//                  false: it only writes the initial lrs back into the optimizer (timed, cheap)
//   kMomentum      the schedule cycles momentum too (compared in the verification)
//   kClosedForm    the class has a closed form: `step(epoch)` is benchmarked too
//   Sched          the type stepped: the concrete (final) class, or `Scheduler` for spec-built
//   make(opt)      builds the scheduler
//   step(s, i)     one step; `i` counts steps from 0 (ReduceLROnPlateau's metric index)
//   Baseline       ctor(initial lrs) = the state right after the scheduler's construction;
//                  step(i) = one step; reset() = the same reset as the library's;
//                  lr(g), momentum(g) for the verification.
//
// Baselines follow one rule: per-group state is updated in a per-group loop; user functions
// (lambdas) are called once per group, as PyTorch calls them; math shared by all groups (a cosine
// of the epoch) is computed once per step, as a hand-written loop would; configuration values
// (gamma, step_size, ...) are runtime data, as the library has them, so that the compiler cannot
// fold them (`pow(x, 1.0)` into `x`, `e % 30` into a multiplication). Each baseline is
// verified bit for bit against the library before anything is timed (scheduler_bench.cpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <numbers>
#include <utility>
#include <vector>

#include "lrsched/lrsched.hpp"
#include "lrsched/spec/build.hpp"

namespace lrsched_bench {

using lrsched::InMemoryOptimizer;
using lrsched::Scheduler;
using lrsched::SchedulerList;
constexpr double kPi = std::numbers::pi;

/// Horizon of OneCycleLR and PolynomialLR in the benchmarks: large enough never to be reached,
/// so every timed step is a step inside the schedule (same cost per step as any horizon).
constexpr std::int64_t kHorizon = std::int64_t{1} << 40;

/// SGD with momentum 0.9, one group per lr; lrs 0.1, 0.1 * (1 + 1/64), ... (distinct per group so
/// that the verification sees a per-group mix-up).
inline std::vector<double> initial_lrs(std::size_t groups) {
  std::vector<double> lrs(groups);
  for (std::size_t g = 0; g < groups; ++g) lrs[g] = 0.1 * (1.0 + static_cast<double>(g) / 64.0);
  return lrs;
}
inline InMemoryOptimizer make_optimizer(std::size_t groups) {
  return InMemoryOptimizer::like("sgd", initial_lrs(groups), 0.9);
}

/// Baseline storage: plain per-group arrays.
struct Arrays {
  explicit Arrays(std::vector<double> initial) : base(std::move(initial)), lr(base) {}
  [[nodiscard]] std::size_t size() const noexcept { return lr.size(); }
  [[nodiscard]] double momentum(std::size_t /*g*/) const { return 0; }
  void reset() { lr = base; }
  std::vector<double> base;
  std::vector<double> lr;
};

/// A list of cases (scheduler_bench.cpp registers, verifies and profiles each).
template <class... Cases>
struct CaseTypes {};

template <class S>
struct Chainable {
  static constexpr bool kRebuild = false;
  static constexpr bool kMomentum = false;
  static constexpr bool kClosedForm = false;
  static constexpr std::int64_t kResetEvery = 0;
  using Sched = S;
  static void step(S& s, std::uint64_t /*i*/) { s.step(); }
};

/// A scheduler the spec language built, stepped as code holding a `Scheduler&` steps it.
struct SpecBuilt : Chainable<Scheduler> {
  static void step(Scheduler& s, std::uint64_t /*i*/) { s.advance(); }
};

// ---------------------------------------------------------------------------------------------
struct StepLRCase : Chainable<lrsched::StepLR> {
  static constexpr const char* kName = "StepLR";
  static constexpr bool kClosedForm = true;
  static constexpr std::int64_t kResetEvery = 3000;  // 100 decays of 0.1: far from denormals
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.step_size = 30});
  }
  struct Baseline : Arrays {
    using Arrays::Arrays;
    std::int64_t e = 0;
    std::int64_t step_size = 30;
    double gamma = 0.1;
    void step(std::uint64_t /*i*/) {
      if (++e % step_size == 0) {
        for (double& x : lr) x *= gamma;
      }
    }
  };
};

struct MultiStepLRCase : Chainable<lrsched::MultiStepLR> {
  static constexpr const char* kName = "MultiStepLR";
  static constexpr bool kClosedForm = true;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.milestones = {30, 60, 90}});
  }
  struct Baseline : Arrays {
    using Arrays::Arrays;
    std::int64_t e = 0;
    std::int64_t milestones[3] = {30, 60, 90};
    double gamma = 0.1;
    void step(std::uint64_t /*i*/) {
      ++e;
      if (e == milestones[0] || e == milestones[1] || e == milestones[2]) {
        for (double& x : lr) x *= gamma;
      }
    }
  };
};

struct ConstantLRCase : Chainable<lrsched::ConstantLR> {
  static constexpr const char* kName = "ConstantLR";
  static constexpr bool kClosedForm = true;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{});
  }
  struct Baseline : Arrays {
    double factor = 1.0 / 3;
    std::int64_t total_iters = 5;
    explicit Baseline(std::vector<double> initial) : Arrays(std::move(initial)) {
      for (double& x : lr) x *= factor;
    }
    std::int64_t e = 0;
    void step(std::uint64_t /*i*/) {
      if (++e == total_iters) {
        for (double& x : lr) x *= 1.0 / factor;
      }
    }
  };
};

struct LinearLRCase : Chainable<lrsched::LinearLR> {
  static constexpr const char* kName = "LinearLR";
  static constexpr bool kClosedForm = true;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{});
  }
  struct Baseline : Arrays {
    double start = 1.0 / 3, end = 1.0;
    std::int64_t total = 5;
    explicit Baseline(std::vector<double> initial) : Arrays(std::move(initial)) {
      for (double& x : lr) x *= start;
    }
    std::int64_t e = 0;
    void step(std::uint64_t /*i*/) {
      if (++e <= total) {
        const double delta = end - start;
        const double f =
            1.0 + delta / (static_cast<double>(total) * start + static_cast<double>(e - 1) * delta);
        for (double& x : lr) x *= f;
      }
    }
  };
};

struct ExponentialLRCase : Chainable<lrsched::ExponentialLR> {
  static constexpr const char* kName = "ExponentialLR";
  static constexpr bool kClosedForm = true;
  static constexpr std::int64_t kResetEvery = 3000;  // 0.99 ** 3000 ~ 1e-13
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.gamma = 0.99});
  }
  struct Baseline : Arrays {
    using Arrays::Arrays;
    double gamma = 0.99;
    void step(std::uint64_t /*i*/) {
      for (double& x : lr) x *= gamma;
    }
  };
};

struct PolynomialLRCase : Chainable<lrsched::PolynomialLR> {
  static constexpr const char* kName = "PolynomialLR";
  static constexpr bool kClosedForm = true;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.total_iters = kHorizon});
  }
  struct Baseline : Arrays {
    using Arrays::Arrays;
    std::int64_t e = 0;
    std::int64_t total_iters = kHorizon;
    double power = 1.0;
    void step(std::uint64_t /*i*/) {
      if (++e <= total_iters) {
        const auto t = static_cast<double>(total_iters);
        const double decay = std::pow(
            (1.0 - static_cast<double>(e) / t) / (1.0 - static_cast<double>(e - 1) / t), power);
        for (double& x : lr) x *= decay;
      }
    }
  };
};

/// T_max of the CosineAnnealingLR benchmarks (alone and in SequentialLR).
constexpr std::int64_t kTMax = 1000;

/// The chainable cosine of CosineAnnealingLR at epoch e >= 1 (PyTorch's recursive form).
struct CosineBaseline {
  std::int64_t t_max = kTMax;
  double eta_min = 0.0;
  void step(std::int64_t e, const std::vector<double>& base, std::vector<double>& lr) const {
    const auto t = static_cast<double>(t_max);
    if (e > t_max && (e - 1 - t_max) % (2 * t_max) == 0) {
      const double rise = 1 - std::cos(kPi / t);
      for (std::size_t g = 0; g < lr.size(); ++g) lr[g] = lr[g] + (base[g] - eta_min) * rise / 2;
    } else {
      const auto ep = static_cast<double>(e);
      const double ratio = (1 + std::cos(kPi * ep / t)) / (1 + std::cos(kPi * (ep - 1) / t));
      for (double& x : lr) x = ratio * (x - eta_min) + eta_min;
    }
  }
};

struct CosineAnnealingLRCase : Chainable<lrsched::CosineAnnealingLR> {
  static constexpr const char* kName = "CosineAnnealingLR";
  static constexpr bool kClosedForm = true;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.T_max = kTMax});
  }
  struct Baseline : Arrays {
    using Arrays::Arrays;
    std::int64_t e = 0;
    CosineBaseline cosine;
    void step(std::uint64_t /*i*/) { cosine.step(++e, base, lr); }
  };
};

struct CosineAnnealingWarmRestartsCase : Chainable<lrsched::CosineAnnealingWarmRestarts> {
  static constexpr const char* kName = "CosineAnnealingWarmRestarts";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.T_0 = 100, .T_mult = 2});
  }
  struct Baseline : Arrays {
    using Arrays::Arrays;
    double t_cur = 0;
    std::int64_t t_i = 100;
    std::int64_t t_mult = 2;
    double eta_min = 0.0;
    void step(std::uint64_t /*i*/) {
      t_cur += 1;
      if (t_cur >= static_cast<double>(t_i)) {
        t_cur = std::fmod(t_cur, static_cast<double>(t_i));
        t_i *= t_mult;
      }
      const double cosine = 1 + std::cos(kPi * t_cur / static_cast<double>(t_i));
      for (std::size_t g = 0; g < lr.size(); ++g) {
        lr[g] = eta_min + (base[g] - eta_min) * cosine / 2;
      }
    }
  };
};

struct CyclicLRCase : Chainable<lrsched::CyclicLR> {
  static constexpr const char* kName = "CyclicLR";
  static constexpr bool kMomentum = true;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(
        o, Sched::Options{.base_lr = 0.001, .max_lr = 0.1, .step_size_up = 500});
  }
  struct Baseline {
    explicit Baseline(const std::vector<double>& initial)
        : lr(initial.size(), 0.001), mom(initial.size(), 0.9) {}
    std::vector<double> lr, mom;
    double base_lr = 0.001, max_lr = 0.1, base_mom = 0.8, max_mom = 0.9;
    double total = 1000, ratio = 0.5;
    std::int64_t e = 0;
    [[nodiscard]] double momentum(std::size_t g) const { return mom[g]; }
    void reset() {}
    void step(std::uint64_t /*i*/) {
      const auto ep = static_cast<double>(++e);
      const double cycle = std::floor(1 + ep / total);
      const double x = 1.0 + ep / total - cycle;
      const double sf = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
      for (double& v : lr) v = base_lr + (max_lr - base_lr) * sf;
      for (double& m : mom) m = max_mom - (max_mom - base_mom) * sf;
    }
  };
};

struct OneCycleLRCase : Chainable<lrsched::OneCycleLR> {
  static constexpr const char* kName = "OneCycleLR";
  static constexpr bool kMomentum = true;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.max_lr = 0.1, .total_steps = kHorizon});
  }
  struct Baseline {
    explicit Baseline(const std::vector<double>& initial)
        : lr(initial.size()), mom(initial.size()) {
      compute(0);
    }
    std::vector<double> lr, mom;
    double max_lr = 0.1, initial_lr = max_lr / 25.0, min_lr = initial_lr / 1e4;
    double max_mom = 0.95, base_mom = 0.85;
    double end0 = 0.3 * static_cast<double>(kHorizon) - 1;
    double end1 = static_cast<double>(kHorizon) - 1;
    std::int64_t e = 0;
    [[nodiscard]] double momentum(std::size_t g) const { return mom[g]; }
    void reset() {}
    static double anneal(double start, double end, double cos_term) {
      return end + (start - end) / 2.0 * cos_term;
    }
    void compute(std::int64_t epoch) {
      const auto step = static_cast<double>(epoch);
      const bool first = step <= end0;
      const double pct = first ? (step - 0.0) / (end0 - 0.0) : (step - end0) / (end1 - end0);
      const double c = std::cos(kPi * pct) + 1;
      for (std::size_t g = 0; g < lr.size(); ++g) {
        lr[g] = first ? anneal(initial_lr, max_lr, c) : anneal(max_lr, min_lr, c);
        mom[g] = first ? anneal(max_mom, base_mom, c) : anneal(base_mom, max_mom, c);
      }
    }
    void step(std::uint64_t /*i*/) { compute(++e); }
  };
};

/// ReduceLROnPlateau's metrics: a noisy decreasing loss curve of 1000 values, repeated.
inline const std::vector<double>& plateau_metrics() {
  static const std::vector<double> metrics = [] {
    std::vector<double> m(1000);
    for (std::size_t k = 0; k < m.size(); ++k) {
      const auto x = static_cast<double>(k);
      m[k] = 2.0 * std::exp(-x / 300.0) + 0.05 * std::sin(x * 0.7);
    }
    return m;
  }();
  return metrics;
}

/// ReduceLROnPlateau's default rule (mode "min", threshold_mode "rel", factor 0.1, patience 10)
/// on plateau_metrics(), step `i` reading metric `i % 1000`.
struct PlateauBaseline : Arrays {
  explicit PlateauBaseline(std::vector<double> initial)
      : Arrays(std::move(initial)), min_lrs(lr.size(), 0.0) {}
  std::vector<double> min_lrs;
  double factor = 0.1, threshold = 1e-4, eps = 1e-8;
  std::int64_t patience = 10, cooldown = 0;
  double best = INFINITY;
  std::int64_t bad = 0;
  std::int64_t cooldown_counter = 0;
  const double* metrics = plateau_metrics().data();
  void step(std::uint64_t i) {
    const double m = metrics[i % 1000];
    if (m < best * (1.0 - threshold)) {  // mode "min", threshold_mode "rel"
      best = m;
      bad = 0;
    } else {
      ++bad;
    }
    if (cooldown_counter > 0) {
      --cooldown_counter;
      bad = 0;
    }
    if (bad > patience) {
      for (std::size_t g = 0; g < lr.size(); ++g) {
        const double nw = std::max(lr[g] * factor, min_lrs[g]);
        if (lr[g] - nw > eps) lr[g] = nw;
      }
      cooldown_counter = cooldown;
      bad = 0;
    }
  }
  /// As a newly built scheduler: the lrs and the plateau's counters (`reset()` writes the lrs
  /// back only, as the benchmark's periodic reset does to the library side).
  void restart() {
    reset();
    best = INFINITY;
    bad = 0;
    cooldown_counter = 0;
  }
};

struct ReduceLROnPlateauCase : Chainable<lrsched::ReduceLROnPlateau> {
  static constexpr const char* kName = "ReduceLROnPlateau";
  static constexpr std::int64_t kResetEvery = 1000;  // lrs back up once per metric period
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{});
  }
  static void step(Sched& s, std::uint64_t i) { s.step(plateau_metrics()[i % 1000]); }
  using Baseline = PlateauBaseline;
};

/// `0.95 ** e`, the LambdaLR benchmarks' lambda, once per group.
inline double lambda_095(std::int64_t e) { return std::pow(0.95, static_cast<double>(e)); }

struct LambdaBaseline : Arrays {
  using Arrays::Arrays;
  std::int64_t e = 0;
  void step(std::uint64_t /*i*/) {
    ++e;
    for (std::size_t g = 0; g < lr.size(); ++g) lr[g] = base[g] * lambda_095(e);
  }
  void reset() {
    e = 0;
    lr = base;
  }
};

struct LambdaLRCase : Chainable<lrsched::LambdaLR> {
  static constexpr const char* kName = "LambdaLR";
  // 0.95 ** e is denormal past e ~ 13800: the scheduler is rebuilt (last_epoch back to 0).
  static constexpr std::int64_t kResetEvery = 3000;
  static constexpr bool kRebuild = true;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(
        o, Sched::Options{.lr_lambda = [](std::int64_t e) { return lambda_095(e); }});
  }
  using Baseline = LambdaBaseline;
};

struct LambdaLRSpecCase : SpecBuilt {
  static constexpr const char* kName = "LambdaLR[spec]";
  static constexpr std::int64_t kResetEvery = 3000;
  static constexpr bool kRebuild = true;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return lrsched::spec::build_scheduler("LambdaLR(lr_lambda=lambda e: 0.95 ** e)", o);
  }
  using Baseline = LambdaBaseline;
};

struct MultiplicativeLRSpecCase : SpecBuilt {
  static constexpr const char* kName = "MultiplicativeLR[spec]";
  static constexpr std::int64_t kResetEvery = 3000;  // 0.95 ** 3000 ~ 1e-67
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return lrsched::spec::build_scheduler("MultiplicativeLR(lr_lambda=lambda e: 0.95)", o);
  }
  struct Baseline : Arrays {
    using Arrays::Arrays;
    double factor = 0.95;  // what the lambda returns
    void step(std::uint64_t /*i*/) {
      for (double& x : lr) x *= factor;  // the lambda, once per group
    }
  };
};

struct SequentialLRCase : Chainable<lrsched::SequentialLR> {
  static constexpr const char* kName = "SequentialLR";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    SchedulerList children;
    children.push_back(std::make_unique<lrsched::LinearLR>(
        o, lrsched::LinearLR::Options{.start_factor = 0.1, .total_iters = 5}));
    children.push_back(std::make_unique<lrsched::CosineAnnealingLR>(
        o, lrsched::CosineAnnealingLR::Options{.T_max = kTMax}));
    return std::make_unique<Sched>(
        o, Sched::Options{.schedulers = std::move(children), .milestones = {5}});
  }
  struct Baseline : Arrays {
    double start = 0.1, end = 1.0;
    std::int64_t total = 5, milestone = 5;
    CosineBaseline cosine;
    explicit Baseline(std::vector<double> initial) : Arrays(std::move(initial)) {
      for (double& x : lr) x *= start;
    }
    std::int64_t e = 0;
    void step(std::uint64_t /*i*/) {
      ++e;
      if (e < milestone) {  // LinearLR at its epoch e
        const double delta = end - start;
        const double f =
            1.0 + delta / (static_cast<double>(total) * start + static_cast<double>(e - 1) * delta);
        for (double& x : lr) x *= f;
      } else if (e == milestone) {  // CosineAnnealingLR restarted: its closed form at 0
        const double c = 1 + std::cos(0.0);
        for (std::size_t g = 0; g < lr.size(); ++g) {
          lr[g] = cosine.eta_min + (base[g] - cosine.eta_min) * c / 2;
        }
      } else {
        cosine.step(e - milestone, base, lr);
      }
    }
  };
};

struct ChainedSchedulerCase : Chainable<lrsched::ChainedScheduler> {
  static constexpr const char* kName = "ChainedScheduler";
  static constexpr std::int64_t kResetEvery = 3000;
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    SchedulerList children;
    children.push_back(std::make_unique<lrsched::ExponentialLR>(
        o, lrsched::ExponentialLR::Options{.gamma = 0.99}));
    children.push_back(
        std::make_unique<lrsched::StepLR>(o, lrsched::StepLR::Options{.step_size = 30}));
    return std::make_unique<Sched>(std::move(children));
  }
  struct Baseline : Arrays {
    using Arrays::Arrays;
    std::int64_t e = 0;
    double exp_gamma = 0.99, step_gamma = 0.1;
    std::int64_t step_size = 30;
    void step(std::uint64_t /*i*/) {
      for (double& x : lr) x *= exp_gamma;
      if (++e % step_size == 0) {
        for (double& x : lr) x *= step_gamma;
      }
    }
  };
};

struct SWALRCase : Chainable<lrsched::SWALR> {
  static constexpr const char* kName = "SWALR";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.swa_lr = 0.05, .anneal_epochs = 10});
  }
  struct Baseline : Arrays {
    explicit Baseline(std::vector<double> initial)
        : Arrays(std::move(initial)), swa_lrs(lr.size(), 0.05) {}
    std::vector<double> swa_lrs;
    std::int64_t anneal_epochs = 10;
    std::int64_t step_count = 1;  // the construction's step
    static double anneal(double t) { return (1 - std::cos(kPi * t)) / 2; }
    void step(std::uint64_t /*i*/) {
      const std::int64_t s = ++step_count - 1;
      const auto span = static_cast<double>(anneal_epochs);
      const double prev_alpha =
          anneal(std::max(0.0, std::min(1.0, static_cast<double>(s - 1) / span)));
      const double alpha = anneal(std::max(0.0, std::min(1.0, static_cast<double>(s) / span)));
      for (std::size_t g = 0; g < lr.size(); ++g) {
        const double swa = swa_lrs[g];
        const double start = prev_alpha == 1 ? swa : (lr[g] - prev_alpha * swa) / (1 - prev_alpha);
        lr[g] = swa * alpha + start * (1 - alpha);
      }
    }
  };
};

}  // namespace lrsched_bench
