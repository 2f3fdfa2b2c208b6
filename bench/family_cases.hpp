// The benchmarked configurations of the family schedules (transformers, timm, Optax, Keras): each
// schedule built through its C++ API, as a trainer builds it, against its formula written inline
// (the baseline). The cases themselves are in cases_<family>.hpp. (The spec language's path to
// the same rows, `advance()` on a `Scheduler&`, is BM_registry's.)
//
// A family case is `struct XCase : FamilyCase<Class>` with
//   kName      "<family>.<row>" (a variant in brackets: "timm.CosineLRScheduler[noise]")
//   make(opt)  builds it, as in cases.hpp
//   step(s, i) one step, when it is not `s.step()` (timm's `step(epoch)`, a metric); `i` counts
//              from the first step of the benchmark, `i % kResetEvery` from the episode's
//   Baseline   as in cases.hpp: ctor(initial lrs) = the state right after construction,
//              step(i) = one step, reset() = back to that state, lr(g)
// and may override kResetEvery (the episode length, below).
//
// Every kResetEvery steps an episode ends: the schedule is rebuilt (outside the timed region) and
// the baseline reset, so that the timed steps average over a whole run (warmup, decay, restarts,
// the tail) rather than one phase of it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "cases.hpp"

namespace lrsched_bench {

/// The length of one run of every family case unless it says otherwise: the configurations'
/// `num_training_steps`, `decay_steps`, ... are chosen within it.
constexpr std::int64_t kFamilyEpisode = 3000;

/// What `build()` returns, on the heap. The C++ API returns schedulers by value, and schedulers
/// cannot move (their optimizer's groups hold their keys), but a returned prvalue initializes
/// the new object itself.
template <class S, class Build>
std::unique_ptr<S> on_heap(Build build) {
  return std::unique_ptr<S>(new S(build()));
}

/// A pure schedule (Optax's, Keras') driving an optimizer as a trainer applies one: a ScheduleLR
/// in absolute mode, every group's lr the schedule's value.
inline std::unique_ptr<lrsched::ScheduleLR> absolute_schedule_lr(InMemoryOptimizer& o,
                                                                 lrsched::schedules::Schedule s) {
  return on_heap<lrsched::ScheduleLR>([&] {
    return lrsched::ScheduleLR(
        o, {.schedule = std::move(s), .mode = lrsched::ScheduleLR::Mode::absolute});
  });
}

template <class S>
struct FamilyCase : Chainable<S> {
  static constexpr bool kRebuild = true;
  static constexpr std::int64_t kResetEvery = kFamilyEpisode;
};

/// The baseline of a pure function of the step, `Formula` (`double operator()(std::int64_t
/// step)` with its configuration as data members), computed once per step for all groups (a
/// hand-written loop would not call it per group) and then stored per group: scaling each
/// group's initial lr (`kScaled`: transformers' lambdas through LambdaLR) or as every group's lr
/// itself (Optax's and Keras' schedules).
template <class Formula, bool kScaled>
struct FormulaBaseline : Arrays {
  explicit FormulaBaseline(std::vector<double> initial) : Arrays(std::move(initial)) { apply(0); }
  Formula f;
  std::int64_t e = 0;
  void apply(std::int64_t step) {
    const double value = f(step);
    for (std::size_t g = 0; g < lr.size(); ++g) lr[g] = kScaled ? base[g] * value : value;
  }
  void step(std::uint64_t /*i*/) { apply(++e); }
  void reset() {
    e = 0;
    apply(0);
  }
};
/// `lr = initial_lr * f(step)`.
template <class Formula>
using FactorBaseline = FormulaBaseline<Formula, true>;
/// `lr = f(step)` for every group.
template <class Formula>
using AbsoluteBaseline = FormulaBaseline<Formula, false>;

}  // namespace lrsched_bench
