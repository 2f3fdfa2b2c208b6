// timm's schedulers (timm.scheduler): each class built through its C++ API and stepped as timm's
// train.py steps it, `step(epoch + 1)` after each epoch (one case `step_update(num_updates)`
// after each update, `t_in_epochs=False`), against its `_get_lr(t)` written inline. Every run is
// one episode of kFamilyEpisode (3000) counts, 1 to 3000: a warmup of 20 counts from 1e-5
// (100 for the update-counting case), then restarts, decays or plateaus within the episode.
//
// Where timm's train.py passes a float (`decay_t`, from `--decay-epochs`), the case passes one:
// the kind of a Number decides the arithmetic (a float `//`).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "families/torch_generator.hpp"
#include "family_cases.hpp"
#include "lrsched/families/timm.hpp"

namespace lrsched_bench::timm_cases {

namespace timm = lrsched::timm;

/// The count step `i` tells the scheduler: `k + 1`, k the step within the episode (train.py's
/// `step(epoch + 1)`, `step_update(num_updates)` with the updates counted from 1).
inline std::int64_t count_of(std::uint64_t i) {
  return static_cast<std::int64_t>(i % static_cast<std::uint64_t>(kFamilyEpisode)) + 1;
}

/// timm's warmup: from `warmup_lr_init` towards each group's target in `warmup_t` counts, the lr
/// at count t being `warmup_lr_init + t * warmup_steps[g]`.
struct Warmup {
  std::int64_t t = 20;  // warmup_t
  double lr_init = 1e-5;
  std::vector<double> steps;  // warmup_steps: (target - warmup_lr_init) / warmup_t, per group
  void set_up(const std::vector<double>& targets) {
    steps.resize(targets.size());
    for (std::size_t g = 0; g < targets.size(); ++g) {
      steps[g] = (targets[g] - lr_init) / static_cast<double>(t);
    }
  }
  /// The lrs at count `count` of the warmup.
  void ramp(std::int64_t count, std::vector<double>& lr) const {
    const auto c = static_cast<double>(count);
    for (std::size_t g = 0; g < lr.size(); ++g) lr[g] = lr_init + c * steps[g];
  }
};

/// Where count t falls among the restarts of Cosine, Tanh and Poly: cycle `i`, its length `t_i`,
/// `t_curr` counts into it. `t // t_initial` when the cycles are equal; otherwise the lengths
/// grow geometrically and `math.log` finds the cycle.
struct Cycles {
  std::int64_t t_initial = 1000;
  double mul = 1.0;  // cycle_mul
  struct Position {
    double i, t_i, t_curr;
  };
  [[nodiscard]] Position at(std::int64_t t) const {
    if (mul != 1) {
      const auto initial = static_cast<double>(t_initial);
      const double x = 1 - static_cast<double>(t) / initial * (1 - mul);
      const double i = std::floor(std::log(x) / std::log(mul));
      const double grown = std::pow(mul, i);
      return {i, grown * initial, static_cast<double>(t) - (1 - grown) / (1 - mul) * initial};
    }
    const std::int64_t i = t / t_initial;
    return {static_cast<double>(i), static_cast<double>(t_initial),
            static_cast<double>(t - t_initial * i)};
  }
};

/// The baselines of Tanh, Poly, Step and MultiStep: timm's warmup ramp while `t < warmup_t`, then
/// `Derived::after_warmup(t)`; every reset back to `warmup_lr_init`.
template <class Derived>
struct WarmupBaseline : Arrays {
  explicit WarmupBaseline(std::vector<double> initial) : Arrays(std::move(initial)) {}
  Warmup warmup;
  void step(std::uint64_t i) {
    const std::int64_t t = count_of(i);
    if (t < warmup.t) {
      warmup.ramp(t, lr);
    } else {
      static_cast<Derived*>(this)->after_warmup(t);
    }
  }
  void reset() { std::fill(lr.begin(), lr.end(), warmup.lr_init); }
};

// --- CosineLRScheduler -----------------------------------------------------------------------

/// CosineLRScheduler's configuration, as the cases give it to the library.
struct CosineSettings {
  Warmup warmup;
  Cycles cycles;
  double cycle_decay = 0.5;
  std::int64_t cycle_limit = 3;
  double lr_min = 1e-5;
  double k_decay = 1.5;
};

/// CosineLRScheduler's `_get_lr(t)`: the warmup, then in cycle i
/// `lr_min + 0.5 * (base * cycle_decay**i - lr_min) * (1 + cos(pi * t_curr**k / t_i**k))`, and
/// `lr_min` from cycle `cycle_limit` on.
struct CosineBaseline : Arrays {
  CosineBaseline(std::vector<double> initial, CosineSettings settings)
      : Arrays(std::move(initial)), s(std::move(settings)) {
    s.warmup.set_up(base);
    reset();
  }
  CosineSettings s;
  void set(std::int64_t t) {
    if (t < s.warmup.t) {
      s.warmup.ramp(t, lr);
      return;
    }
    const Cycles::Position p = s.cycles.at(t);
    if (p.i >= static_cast<double>(s.cycle_limit)) {
      std::fill(lr.begin(), lr.end(), s.lr_min);
      return;
    }
    const double gamma = std::pow(s.cycle_decay, p.i);
    const double cosine =
        1 + std::cos(kPi * std::pow(p.t_curr, s.k_decay) / std::pow(p.t_i, s.k_decay));
    for (std::size_t g = 0; g < lr.size(); ++g) {
      lr[g] = s.lr_min + 0.5 * (base[g] * gamma - s.lr_min) * cosine;
    }
  }
  void step(std::uint64_t i) { set(count_of(i)); }
  void reset() { std::fill(lr.begin(), lr.end(), s.warmup.lr_init); }
};

/// The options of CosineSettings{}.
inline timm::CosineLRScheduler::Options cosine_options() {
  return {.t_initial = 1000,
          .lr_min = 1e-5,
          .cycle_decay = 0.5,
          .cycle_limit = 3,
          .warmup_t = 20,
          .warmup_lr_init = 1e-5,
          .k_decay = 1.5};
}

struct CosineCase : FamilyCase<timm::CosineLRScheduler> {
  static constexpr const char* kName = "timm.CosineLRScheduler";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, cosine_options());
  }
  static void step(Sched& s, std::uint64_t i) { s.step(count_of(i)); }
  struct Baseline : CosineBaseline {
    explicit Baseline(std::vector<double> initial)
        : CosineBaseline(std::move(initial), CosineSettings{}) {}
  };
};

/// The same schedule with timm's noise at every count: each lr v becomes `v + v * noise`, the
/// noise drawn from a generator seeded with `noise_seed + t`.
struct CosineNoiseCase : FamilyCase<timm::CosineLRScheduler> {
  static constexpr const char* kName = "timm.CosineLRScheduler[noise]";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    Sched::Options options = cosine_options();
    options.noise_range_t = {0, kFamilyEpisode + 1};
    options.noise_pct = 0.67;
    options.noise_std = 1.0;
    options.noise_seed = 42;
    return std::make_unique<Sched>(o, options);
  }
  static void step(Sched& s, std::uint64_t i) { s.step(count_of(i)); }
  struct Baseline : CosineBaseline {
    explicit Baseline(std::vector<double> initial)
        : CosineBaseline(std::move(initial), CosineSettings{}) {}
    double noise_lo = 0, noise_hi = static_cast<double>(kFamilyEpisode + 1);  // noise_range_t
    double noise_pct = 0.67;
    std::int64_t noise_seed = 42;
    void step(std::uint64_t i) {
      const std::int64_t t = count_of(i);
      set(t);
      const auto x = static_cast<double>(t);
      if (noise_lo <= x && x < noise_hi) {
        const double noise = lrsched::detail::timm_noise(static_cast<std::uint64_t>(noise_seed + t),
                                                         true, noise_pct);
        for (double& v : lr) v = v + v * noise;
      }
    }
  };
};

/// `t_in_epochs=False`: the counts are updates, told by `step_update(num_updates)`; cycles of
/// 1000 then 2000 updates (`cycle_mul` 2), the second ending with the episode.
struct CosineUpdatesCase : FamilyCase<timm::CosineLRScheduler> {
  static constexpr const char* kName = "timm.CosineLRScheduler[step_update]";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.t_initial = 1000,
                                                     .lr_min = 1e-5,
                                                     .cycle_mul = 2.0,
                                                     .cycle_decay = 0.5,
                                                     .cycle_limit = 2,
                                                     .warmup_t = 100,
                                                     .warmup_lr_init = 1e-5,
                                                     .t_in_epochs = false});
  }
  static void step(Sched& s, std::uint64_t i) { s.step_update(count_of(i)); }
  /// The default CosineSettings but a 100-count warmup, `cycle_mul` 2, 2 cycles, k 1.
  static CosineSettings settings() {
    CosineSettings s;
    s.warmup.t = 100;
    s.cycles.mul = 2.0;
    s.cycle_limit = 2;
    s.k_decay = 1.0;
    return s;
  }
  struct Baseline : CosineBaseline {
    explicit Baseline(std::vector<double> initial)
        : CosineBaseline(std::move(initial), settings()) {}
  };
};

// --- TanhLRScheduler -------------------------------------------------------------------------

/// Cycles of 1000 and 2000 counts (`cycle_mul` 2), the peak halved at the restart; without the
/// warmup prefix, the warmup climbs towards the curve's value at `warmup_t`.
struct TanhCase : FamilyCase<timm::TanhLRScheduler> {
  static constexpr const char* kName = "timm.TanhLRScheduler";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.t_initial = 1000,
                                                     .lr_min = 1e-5,
                                                     .cycle_mul = 2.0,
                                                     .cycle_decay = 0.5,
                                                     .cycle_limit = 2,
                                                     .warmup_t = 20,
                                                     .warmup_lr_init = 1e-5});
  }
  static void step(Sched& s, std::uint64_t i) { s.step(count_of(i)); }
  /// `lr_min + 0.5 * (base * cycle_decay**i - lr_min) * (1 - tanh(lb * (1 - tr) + ub * tr))`,
  /// `tr = t_curr / t_i`.
  struct Baseline : WarmupBaseline<Baseline> {
    explicit Baseline(std::vector<double> initial) : WarmupBaseline(std::move(initial)) {
      after_warmup(warmup.t);  // the warmup's targets
      warmup.set_up(lr);
      reset();
    }
    Cycles cycles{.t_initial = 1000, .mul = 2.0};
    double lb = -7.0, ub = 3.0, cycle_decay = 0.5, lr_min = 1e-5;
    std::int64_t cycle_limit = 2;
    void after_warmup(std::int64_t t) {
      const Cycles::Position p = cycles.at(t);
      if (p.i >= static_cast<double>(cycle_limit)) {
        std::fill(lr.begin(), lr.end(), lr_min);
        return;
      }
      const double gamma = std::pow(cycle_decay, p.i);
      const double tr = p.t_curr / p.t_i;
      const double tanh = 1 - std::tanh(lb * (1. - tr) + ub * tr);
      for (std::size_t g = 0; g < lr.size(); ++g) {
        lr[g] = lr_min + 0.5 * (base[g] * gamma - lr_min) * tanh;
      }
    }
  };
};

// --- PolyLRScheduler -------------------------------------------------------------------------

/// Two cycles of 1490 counts after a 20-count warmup prefix, the second at 0.5 of the peak:
/// `lr_min` from count 3000 on.
struct PolyCase : FamilyCase<timm::PolyLRScheduler> {
  static constexpr const char* kName = "timm.PolyLRScheduler";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.t_initial = 1490,
                                                     .power = 2.0,
                                                     .lr_min = 1e-5,
                                                     .cycle_decay = 0.5,
                                                     .cycle_limit = 2,
                                                     .warmup_t = 20,
                                                     .warmup_lr_init = 1e-5,
                                                     .warmup_prefix = true,
                                                     .k_decay = 1.5});
  }
  static void step(Sched& s, std::uint64_t i) { s.step(count_of(i)); }
  /// `lr_min + (base * cycle_decay**i - lr_min) * (1 - t_curr**k / t_i**k) ** power`, counted
  /// after the warmup.
  struct Baseline : WarmupBaseline<Baseline> {
    explicit Baseline(std::vector<double> initial) : WarmupBaseline(std::move(initial)) {
      warmup.set_up(base);
      reset();
    }
    Cycles cycles{.t_initial = 1490, .mul = 1.0};
    double power = 2.0, cycle_decay = 0.5, lr_min = 1e-5, k_decay = 1.5;
    std::int64_t cycle_limit = 2;
    void after_warmup(std::int64_t t) {
      const Cycles::Position p = cycles.at(t - warmup.t);
      if (p.i >= static_cast<double>(cycle_limit)) {
        std::fill(lr.begin(), lr.end(), lr_min);
        return;
      }
      const double gamma = std::pow(cycle_decay, p.i);
      const double factor =
          std::pow(1 - std::pow(p.t_curr, k_decay) / std::pow(p.t_i, k_decay), power);
      for (std::size_t g = 0; g < lr.size(); ++g) {
        lr[g] = lr_min + (base[g] * gamma - lr_min) * factor;
      }
    }
  };
};

// --- StepLRScheduler, MultiStepLRScheduler ---------------------------------------------------

/// `decay_t` a float, as train.py's `--decay-epochs` is: 0.97 every 24 counts after the warmup.
struct StepCase : FamilyCase<timm::StepLRScheduler> {
  static constexpr const char* kName = "timm.StepLRScheduler";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(
        o, Sched::Options{
               .decay_t = 24.0, .decay_rate = 0.97, .warmup_t = 20, .warmup_lr_init = 1e-5});
  }
  static void step(Sched& s, std::uint64_t i) { s.step(count_of(i)); }
  /// `base * decay_rate ** ((t - warmup_t) // decay_t)`, Python's float `//` (the quotient of
  /// `a - fmod(a, b)`, snapped to the nearest integer; both operands are positive here).
  struct Baseline : WarmupBaseline<Baseline> {
    explicit Baseline(std::vector<double> initial) : WarmupBaseline(std::move(initial)) {
      warmup.set_up(base);
      reset();
    }
    double decay_t = 24.0, decay_rate = 0.97;
    void after_warmup(std::int64_t t) {
      const auto a = static_cast<double>(t - warmup.t);
      const double quotient = (a - std::fmod(a, decay_t)) / decay_t;
      double decays = std::floor(quotient);
      if (quotient - decays > 0.5) decays += 1.0;
      const double factor = std::pow(decay_rate, decays);
      for (std::size_t g = 0; g < lr.size(); ++g) lr[g] = base[g] * factor;
    }
  };
};

struct MultiStepCase : FamilyCase<timm::MultiStepLRScheduler> {
  static constexpr const char* kName = "timm.MultiStepLRScheduler";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.decay_t = {900, 1800, 2700},
                                                     .decay_rate = 0.1,
                                                     .warmup_t = 20,
                                                     .warmup_lr_init = 1e-5});
  }
  static void step(Sched& s, std::uint64_t i) { s.step(count_of(i)); }
  /// `base * decay_rate ** bisect_right(decay_t, t - warmup_t + 1)`: the milestones passed, one
  /// count early.
  struct Baseline : WarmupBaseline<Baseline> {
    explicit Baseline(std::vector<double> initial) : WarmupBaseline(std::move(initial)) {
      warmup.set_up(base);
      reset();
    }
    std::int64_t milestones[3] = {900, 1800, 2700};
    double decay_rate = 0.1;
    void after_warmup(std::int64_t t) {
      const std::int64_t x = t - warmup.t + 1;
      int passed = 0;
      for (const std::int64_t m : milestones) passed += static_cast<int>(m <= x);
      const double factor = std::pow(decay_rate, static_cast<double>(passed));
      for (std::size_t g = 0; g < lr.size(); ++g) lr[g] = base[g] * factor;
    }
  };
};

// --- PlateauLRScheduler ----------------------------------------------------------------------

/// Metric a loss (mode "min", as train.py sets it for a loss metric): halve the lr after 10
/// epochs without improvement, 5 epochs of cooldown, down to 1e-5. The warmup includes
/// `warmup_t` (`epoch <= warmup_t`) and ignores the metrics.
struct PlateauCase : FamilyCase<timm::PlateauLRScheduler> {
  static constexpr const char* kName = "timm.PlateauLRScheduler";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.decay_rate = 0.5,
                                                     .patience_t = 10,
                                                     .cooldown_t = 5,
                                                     .warmup_t = 20,
                                                     .warmup_lr_init = 1e-5,
                                                     .lr_min = 1e-5,
                                                     .mode = "min"});
  }
  static void step(Sched& s, std::uint64_t i) { s.step(count_of(i), plateau_metrics()[i % 1000]); }
  /// ReduceLROnPlateau's rule (PlateauBaseline) past the warmup.
  struct Baseline : PlateauBaseline {
    explicit Baseline(std::vector<double> initial) : PlateauBaseline(std::move(initial)) {
      factor = 0.5;
      cooldown = 5;
      std::fill(min_lrs.begin(), min_lrs.end(), 1e-5);
      warmup.set_up(base);
      reset();
    }
    Warmup warmup;
    void step(std::uint64_t i) {
      const std::int64_t t = count_of(i);
      if (t <= warmup.t) {
        warmup.ramp(t, lr);
      } else {
        PlateauBaseline::step(i);
      }
    }
    void reset() {  // the library side is rebuilt
      restart();
      std::fill(lr.begin(), lr.end(), warmup.lr_init);
    }
  };
};

/// The same with uniform noise (`noise_type` other than "normal") at every epoch past the
/// warmup: the plateau rule steps from the lrs before the last noise (`restore_lr`).
struct PlateauNoiseCase : FamilyCase<timm::PlateauLRScheduler> {
  static constexpr const char* kName = "timm.PlateauLRScheduler[uniform noise]";
  static std::unique_ptr<Sched> make(InMemoryOptimizer& o) {
    return std::make_unique<Sched>(o, Sched::Options{.decay_rate = 0.5,
                                                     .patience_t = 10,
                                                     .cooldown_t = 5,
                                                     .warmup_t = 20,
                                                     .warmup_lr_init = 1e-5,
                                                     .lr_min = 1e-5,
                                                     .mode = "min",
                                                     .noise_range_t = {0, kFamilyEpisode + 1},
                                                     .noise_type = "uniform",
                                                     .noise_pct = 0.67,
                                                     .noise_seed = 42});
  }
  static void step(Sched& s, std::uint64_t i) { s.step(count_of(i), plateau_metrics()[i % 1000]); }
  struct Baseline : PlateauCase::Baseline {
    explicit Baseline(std::vector<double> initial)
        : PlateauCase::Baseline(std::move(initial)), restore(lr.size()) {}
    double noise_lo = 0, noise_hi = static_cast<double>(kFamilyEpisode + 1);  // noise_range_t
    double noise_pct = 0.67;
    std::int64_t noise_seed = 42;
    std::vector<double> restore;  // the lrs before the last noise
    bool noisy = false;
    void step(std::uint64_t i) {
      const std::int64_t t = count_of(i);
      if (t <= warmup.t) {
        warmup.ramp(t, lr);
        return;
      }
      if (noisy) {
        std::copy(restore.begin(), restore.end(), lr.begin());
        noisy = false;
      }
      PlateauBaseline::step(i);
      const auto x = static_cast<double>(t);
      if (noise_lo <= x && x < noise_hi) {
        const double noise = lrsched::detail::timm_noise(static_cast<std::uint64_t>(noise_seed + t),
                                                         false, noise_pct);
        for (std::size_t g = 0; g < lr.size(); ++g) {
          restore[g] = lr[g];
          lr[g] = restore[g] + restore[g] * noise;
        }
        noisy = true;
      }
    }
    void reset() {
      PlateauCase::Baseline::reset();
      noisy = false;
    }
  };
};

}  // namespace lrsched_bench::timm_cases

namespace lrsched_bench {
using TimmCases =
    CaseTypes<timm_cases::CosineCase, timm_cases::CosineNoiseCase, timm_cases::CosineUpdatesCase,
              timm_cases::TanhCase, timm_cases::PolyCase, timm_cases::StepCase,
              timm_cases::MultiStepCase, timm_cases::PlateauCase, timm_cases::PlateauNoiseCase>;
}  // namespace lrsched_bench
