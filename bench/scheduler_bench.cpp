// lrsched's scheduler step() against its hand-written baseline, for every class and every family
// schedule.
//
//   BM_step/<Class>/<groups>        scheduler.step() on an InMemoryOptimizer (SGD, momentum 0.9)
//   BM_step/<family>.<row>/<groups> a family schedule (transformers, timm, Optax, Keras) built
//                                   through its C++ API and stepped as a trainer steps it, in
//                                   episodes from a fresh build (family_cases.hpp)
//   BM_step_epoch/<Class>/1         the closed-form step(epoch), for the classes that have one
//   BM_baseline/<Class>/<groups>    the same sequence computed inline on plain arrays (cases.hpp)
//   BM_protocol/<groups>            the bookkeeping every step owes PyTorch's protocol, inline:
//                                   count the step and the epoch, read each group's lr (the user
//                                   may have changed it) and record it as the last lr
//   BM_timm_noise/<normal|uniform>  timm's noise for one step: torch's CPU generator seeded with
//                                   noise_seed + t, then randn(1) (until |x| < noise_pct) or
//                                   rand(1)
//   BM_registry/<row>               every row of lrsched::spec::registry(): its first example's
//                                   spec, built by the spec language on the example's optimizer,
//                                   stepped through Scheduler::advance() (with a metric when the
//                                   row takes one); a new row is timed with no edit here
//
// Each BM_step/BM_step_epoch reports `allocs_per_step`: operator new calls during the timed loop
// divided by the iterations (alloc_counter.cpp replaces the global operator new).
// Before anything is timed, every baseline is checked bit for bit against the library over 7000
// steps with 3 param groups (resets included); a mismatch exits with status 1.
//
// Usage: lrsched_bench [--verify_only] [Google Benchmark flags, e.g. --benchmark_format=json]
//        lrsched_bench --profile=<Class> [--profile_steps=N] [--profile_groups=G]
//            (steps the library N times without Google Benchmark, for callgrind/perf)
#include <benchmark/benchmark.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "cases.hpp"
#include "cases_keras.hpp"
#include "cases_optax.hpp"
#include "cases_timm.hpp"
#include "cases_transformers.hpp"
#include "families/torch_generator.hpp"
#include "lrsched/spec/registry.hpp"

namespace lrsched_bench {
namespace {

/// Steps taken before timing: past every warm-up of the configurations (LinearLR's 5 steps,
/// SequentialLR's milestone, SWALR's 10 annealing steps), so that what is timed is the steady
/// state.
constexpr int kWarmupSteps = 200;

/// The library side: the optimizer, the scheduler and the periodic reset.
template <class Case>
class LibRunner {
 public:
  explicit LibRunner(std::size_t groups)
      : optimizer_(make_optimizer(groups)),
        initial_(optimizer_.groups()),
        scheduler_(Case::make(optimizer_)) {}

  /// One step, then the reset when one is due. With a `state`, a rebuild runs with timing
  /// paused; allocations of a rebuild are never counted.
  void advance(benchmark::State* state) {
    Case::step(*scheduler_, i_++);
    if constexpr (Case::kResetEvery > 0) {
      if (++k_ == Case::kResetEvery) {
        k_ = 0;
        reset(state);
      }
    }
  }

  [[nodiscard]] std::size_t groups() const { return optimizer_.num_groups(); }
  [[nodiscard]] double lr(std::size_t g) const { return optimizer_.lr(g); }
  [[nodiscard]] double momentum(std::size_t g) const { return optimizer_.momentum(g); }
  [[nodiscard]] typename Case::Sched& scheduler() { return *scheduler_; }

 private:
  [[gnu::noinline]] void reset(benchmark::State* state) {
    if constexpr (Case::kRebuild) {
      if (state != nullptr) state->PauseTiming();
      {
        const NotCounted not_counted;
        scheduler_.reset();
        optimizer_.groups() = initial_;  // as before the first construction
        scheduler_ = Case::make(optimizer_);
      }
      if (state != nullptr) state->ResumeTiming();
    } else {
      for (std::size_t g = 0; g < initial_.size(); ++g) optimizer_.set_lr(g, initial_[g].lr);
    }
  }

  lrsched::InMemoryOptimizer optimizer_;
  std::vector<lrsched::ParamGroup> initial_;
  std::unique_ptr<typename Case::Sched> scheduler_;
  std::uint64_t i_ = 0;
  std::int64_t k_ = 0;
};

/// The baseline side, with the same reset period.
template <class Case>
class BaselineRunner {
 public:
  explicit BaselineRunner(std::size_t groups) : b_(initial_lrs(groups)) {
    // The baseline's address escapes: from here on its fields (configuration included) are
    // loaded, as the library's are, instead of being folded into constants (`pow(x, 2.0)` would
    // become `x * x`, which is not always the same number).
    benchmark::DoNotOptimize(&b_);
  }

  void advance() {
    b_.step(i_++);
    if constexpr (Case::kResetEvery > 0) {
      if (++k_ == Case::kResetEvery) {
        k_ = 0;
        b_.reset();
      }
    }
  }

  [[nodiscard]] double lr(std::size_t g) const { return b_.lr[g]; }
  [[nodiscard]] double momentum(std::size_t g) const { return b_.momentum(g); }
  [[nodiscard]] double* data() { return b_.lr.data(); }

 private:
  typename Case::Baseline b_;
  std::uint64_t i_ = 0;
  std::int64_t k_ = 0;
};

template <class Case>
void bm_step(benchmark::State& state) {
  LibRunner<Case> lib(static_cast<std::size_t>(state.range(0)));
  for (int i = 0; i < kWarmupSteps; ++i) lib.advance(nullptr);
  const std::uint64_t before = allocations();
  for (auto _ : state) {
    lib.advance(&state);
    benchmark::ClobberMemory();
  }
  const std::uint64_t after = allocations();
  state.counters["allocs_per_step"] =
      static_cast<double>(after - before) / static_cast<double>(state.iterations());
}

template <class Case>
void bm_step_epoch(benchmark::State& state) {
  LibRunner<Case> lib(static_cast<std::size_t>(state.range(0)));
  auto& scheduler = lib.scheduler();
  // Epochs 0..2999 over and over: a jump back is as cheap as a step forward in closed form, and
  // the powers of gamma stay far from denormals.
  std::int64_t epoch = 0;
  for (int i = 0; i < kWarmupSteps; ++i) scheduler.step(epoch++);
  const std::uint64_t before = allocations();
  for (auto _ : state) {
    scheduler.step(epoch);
    if (++epoch == 3000) epoch = 0;
    benchmark::ClobberMemory();
  }
  const std::uint64_t after = allocations();
  state.counters["allocs_per_step"] =
      static_cast<double>(after - before) / static_cast<double>(state.iterations());
}

template <class Case>
void bm_baseline(benchmark::State& state) {
  BaselineRunner<Case> b(static_cast<std::size_t>(state.range(0)));
  for (int i = 0; i < kWarmupSteps; ++i) b.advance();
  benchmark::DoNotOptimize(&b);  // and after each ClobberMemory, reloaded (BaselineRunner)
  for (auto _ : state) {
    b.advance();
    benchmark::DoNotOptimize(b.data());
    benchmark::ClobberMemory();
  }
}

/// The protocol floor: a scheduler whose formula keeps every lr (ConstantLR after its first
/// step) still owes this much per step, written inline on the InMemoryOptimizer's groups.
void bm_protocol(benchmark::State& state) {
  InMemoryOptimizer optimizer = make_optimizer(static_cast<std::size_t>(state.range(0)));
  struct Bookkeeping {
    std::int64_t step_count = 0;
    std::int64_t last_epoch = 0;
    std::vector<double> last_lr;
  } book;
  book.last_lr.resize(optimizer.num_groups());
  benchmark::DoNotOptimize(&book);  // reloaded after each ClobberMemory, as the library's are
  benchmark::DoNotOptimize(&optimizer);
  for (auto _ : state) {
    ++book.step_count;
    ++book.last_epoch;
    const std::vector<lrsched::ParamGroup>& groups = optimizer.groups();
    for (std::size_t g = 0; g < groups.size(); ++g) book.last_lr[g] = groups[g].lr;
    benchmark::DoNotOptimize(book.last_lr.data());
    benchmark::ClobberMemory();
  }
}

/// One registry row as its first example builds it: the first curve's spec on the optimizer the
/// example's figure is drawn on, rebuilt from scratch for every episode.
class RegistryRun {
 public:
  /// The longest episode: as long as BM_step's reset period.
  static constexpr std::int64_t kMaxEpisode = 3000;

  explicit RegistryRun(const lrsched::spec::Example& example)
      : spec_(example.curves.front().spec),
        optimizer_(InMemoryOptimizer::like(example.optimizer, example.lrs, example.momentum)) {
    for (std::size_t g = 0; g < example.initial_lrs.size(); ++g) {
      optimizer_.set_key(g, lrsched::GroupKey::initial_lr, example.initial_lrs[g]);
    }
    initial_ = optimizer_.groups();
  }

  [[nodiscard]] const std::string& spec() const { return spec_; }
  [[nodiscard]] std::size_t groups() const { return optimizer_.num_groups(); }

  /// A fresh optimizer and scheduler, as after the spec was first built.
  void rebuild() {
    scheduler_.reset();
    optimizer_.groups() = initial_;
    scheduler_ = lrsched::spec::build_scheduler(spec_, optimizer_);
    stepping_ = scheduler_->stepping();
  }

  /// Step `i` of an episode, through `advance` as `lrsched simulate` steps it.
  void step(std::int64_t i) {
    scheduler_->advance(
        lrsched::step_input(stepping_, i, plateau_metrics()[static_cast<std::size_t>(i % 1000)]));
  }

  /// The episode length: steps of a fresh build, up to kMaxEpisode, before the first one that
  /// raises (the end of a finite schedule) or leaves an lr or momentum subnormal (whose
  /// arithmetic is many times slower: the benchmark would time the FPU's slow path).
  std::int64_t episode_steps() {
    rebuild();
    std::int64_t steps = 0;
    try {
      for (; steps < kMaxEpisode; ++steps) {
        step(steps);
        if (!all_normal()) break;
      }
    } catch (const std::exception&) {
      // the schedule ends here
    }
    return steps;
  }

 private:
  [[nodiscard]] bool all_normal() const {
    const bool momentum = scheduler_->cycles_momentum();
    for (std::size_t g = 0; g < optimizer_.num_groups(); ++g) {
      if (std::fpclassify(optimizer_.lr(g)) == FP_SUBNORMAL) return false;
      if (momentum && std::fpclassify(optimizer_.momentum(g)) == FP_SUBNORMAL) return false;
    }
    return true;
  }

  std::string spec_;
  InMemoryOptimizer optimizer_;
  std::vector<lrsched::ParamGroup> initial_;
  std::unique_ptr<Scheduler> scheduler_;
  lrsched::Stepping stepping_;
};

/// `BM_registry/<row>`: the mean cost of a step over episodes of a fresh build of the row's first
/// example (kMaxEpisode steps, fewer for a schedule that ends or decays sooner). The rebuild
/// between episodes is not timed (manual timing around the steps) and its allocations are not
/// counted; the figure is per episode, `steps_per_iteration` steps, which merge_results.py
/// divides out.
void bm_registry(benchmark::State& state, const lrsched::spec::ScheduleEntry* entry) {
  RegistryRun run = [&] {
    const NotCounted set_up;
    return RegistryRun(entry->examples.front());
  }();
  std::int64_t steps = 0;
  {
    const NotCounted probe;
    steps = run.episode_steps();
  }
  if (steps == 0) {
    state.SkipWithError(("the first step of " + run.spec() + " fails").c_str());
    return;
  }
  std::uint64_t counted = 0;
  for (auto _ : state) {
    {
      const NotCounted rebuild;
      run.rebuild();
    }
    const std::uint64_t before = allocations();
    const auto start = std::chrono::steady_clock::now();
    for (std::int64_t i = 0; i < steps; ++i) {
      run.step(i);
      benchmark::ClobberMemory();
    }
    const auto end = std::chrono::steady_clock::now();
    counted += allocations() - before;
    state.SetIterationTime(std::chrono::duration<double>(end - start).count());
  }
  state.SetLabel(run.spec());
  const auto total_steps = static_cast<double>(state.iterations()) * static_cast<double>(steps);
  state.counters["steps_per_iteration"] = static_cast<double>(steps);
  state.counters["groups"] = static_cast<double>(run.groups());
  state.counters["allocs_per_step"] = static_cast<double>(counted) / total_steps;
}

/// Registers BM_registry/<row> for every row that has an example.
void register_registry() {
  for (const lrsched::spec::ScheduleEntry& entry : lrsched::spec::registry()) {
    if (entry.examples.empty() || entry.examples.front().curves.empty()) continue;
    benchmark::RegisterBenchmark(("BM_registry/" + std::string(entry.signature.name)).c_str(),
                                 bm_registry, &entry)
        ->UseManualTime();
  }
}

bool same(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

/// Runs library and baseline side by side and compares every lr (and momentum) bit for bit.
template <class Case>
bool verify() {
  constexpr std::size_t kGroups = 3;
  constexpr int kSteps = 7000;
  LibRunner<Case> lib(kGroups);
  BaselineRunner<Case> base(kGroups);
  for (int step = 0; step <= kSteps; ++step) {
    for (std::size_t g = 0; g < kGroups; ++g) {
      const bool lr_ok = same(lib.lr(g), base.lr(g));
      const bool mom_ok = !Case::kMomentum || same(lib.momentum(g), base.momentum(g));
      if (!lr_ok || !mom_ok) {
        std::fprintf(stderr,
                     "lrsched_bench: baseline of %s differs from the library after %d steps, "
                     "group %zu: lr %.17g vs %.17g, momentum %.17g vs %.17g\n",
                     Case::kName, step, g, lib.lr(g), base.lr(g),
                     Case::kMomentum ? lib.momentum(g) : 0.0,
                     Case::kMomentum ? base.momentum(g) : 0.0);
        return false;
      }
    }
    lib.advance(nullptr);
    base.advance();
  }
  return true;
}

template <class Case>
void register_case() {
  const std::string name = Case::kName;
  benchmark::RegisterBenchmark(("BM_step/" + name).c_str(), bm_step<Case>)->Arg(1)->Arg(8)->Arg(64);
  benchmark::RegisterBenchmark(("BM_baseline/" + name).c_str(), bm_baseline<Case>)
      ->Arg(1)
      ->Arg(8)
      ->Arg(64);
  if constexpr (Case::kClosedForm) {
    benchmark::RegisterBenchmark(("BM_step_epoch/" + name).c_str(), bm_step_epoch<Case>)->Arg(1);
  }
}

/// `--profile=<Class>`: steps the library only, outside Google Benchmark, for a profiler
/// (`valgrind --tool=callgrind lrsched_bench --profile=StepLR --profile_steps=100000`: the cost
/// per step is a function's Ir divided by the steps). Returns false for an unknown class.
template <class Case>
bool profile(const std::string& name, std::size_t groups, std::int64_t steps) {
  if (name != Case::kName) return false;
  LibRunner<Case> lib(groups);
  for (std::int64_t i = 0; i < steps; ++i) lib.advance(nullptr);
  std::printf("%s/%zu: %lld steps, lr[0] = %.17g\n", Case::kName, groups,
              static_cast<long long>(steps), lib.lr(0));
  return true;
}

template <class... Cases>
struct CaseList {
  static bool verify_all() { return (verify<Cases>() & ...); }
  static void register_all() { (register_case<Cases>(), ...); }
  static bool profile_one(const std::string& name, std::size_t groups, std::int64_t steps) {
    return (profile<Cases>(name, groups, steps) || ...);
  }
};

using PyTorchCases =
    CaseTypes<LambdaLRCase, LambdaLRSpecCase, MultiplicativeLRSpecCase, StepLRCase, MultiStepLRCase,
              ConstantLRCase, LinearLRCase, ExponentialLRCase, PolynomialLRCase,
              CosineAnnealingLRCase, CosineAnnealingWarmRestartsCase, CyclicLRCase, OneCycleLRCase,
              ReduceLROnPlateauCase, SequentialLRCase, ChainedSchedulerCase, SWALRCase>;

/// The CaseList of every case of the CaseTypes given.
template <class... Lists>
struct Join;
template <class... A>
struct Join<CaseTypes<A...>> {
  using type = CaseList<A...>;
};
template <class... A, class... B, class... Rest>
struct Join<CaseTypes<A...>, CaseTypes<B...>, Rest...> : Join<CaseTypes<A..., B...>, Rest...> {};

using AllCases = Join<PyTorchCases, TransformersCases, TimmCases, OptaxCases, KerasCases>::type;

/// `BM_timm_noise/<normal|uniform>`: what timm's noise costs a noisy step, `_calculate_noise(t)`
/// for t = 0, 1, 2, ... (a generator seeded with noise_seed + t, then its draws). noise_pct 0.67,
/// timm's default.
void bm_timm_noise(benchmark::State& state, bool normal) {
  std::uint64_t t = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(lrsched::detail::timm_noise(42 + t++, normal, 0.67));
  }
}

/// The counter must see a plain `new`, and must not see one under NotCounted.
bool check_counter() {
  const std::uint64_t a = allocations();
  auto p = std::make_unique<int>(1);
  benchmark::DoNotOptimize(p.get());
  const std::uint64_t b = allocations();
  {
    const NotCounted not_counted;
    auto q = std::make_unique<int>(2);
    benchmark::DoNotOptimize(q.get());
  }
  const std::uint64_t c = allocations();
  if (b - a != 1 || c != b) {
    std::fprintf(stderr, "lrsched_bench: the allocation counter does not work\n");
    return false;
  }
  return true;
}

}  // namespace
}  // namespace lrsched_bench

int main(int argc, char** argv) {
  bool verify_only = false;
  std::string profile_class;
  std::int64_t profile_steps = 100000;
  std::size_t profile_groups = 1;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--verify_only") {
      verify_only = true;
    } else if (arg.starts_with("--profile=")) {
      profile_class = arg.substr(10);
    } else if (arg.starts_with("--profile_steps=")) {
      profile_steps = std::stoll(arg.substr(16));
    } else if (arg.starts_with("--profile_groups=")) {
      profile_groups = std::stoul(arg.substr(17));
    } else {
      args.push_back(argv[i]);
    }
  }
  if (!profile_class.empty()) {
    if (lrsched_bench::AllCases::profile_one(profile_class, profile_groups, profile_steps)) {
      return 0;
    }
    std::fprintf(stderr, "lrsched_bench: no class %s\n", profile_class.c_str());
    return 2;
  }
  if (!lrsched_bench::check_counter() || !lrsched_bench::AllCases::verify_all()) return 1;
  if (verify_only) {
    std::puts("lrsched_bench: every baseline matches the library bit for bit");
    return 0;
  }
  lrsched_bench::AllCases::register_all();
  benchmark::RegisterBenchmark("BM_protocol", lrsched_bench::bm_protocol)->Arg(1)->Arg(8)->Arg(64);
  benchmark::RegisterBenchmark("BM_timm_noise/normal", lrsched_bench::bm_timm_noise, true);
  benchmark::RegisterBenchmark("BM_timm_noise/uniform", lrsched_bench::bm_timm_noise, false);
  lrsched_bench::register_registry();
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
