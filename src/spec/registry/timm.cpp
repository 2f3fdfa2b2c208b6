// The rows of timm's schedulers (`timm.scheduler`, also written `timm.Name`): signatures as timm
// writes them (without `optimizer`, which comes first), the count-driven stepping of timm's
// train.py, factories that keep Python's int/float distinction where timm's arithmetic does, and
// one figure per class (lr 0.1, 100 epochs, a warmup as timm's training recipes use).
#include "timm.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "factory_support.hpp"
#include "lrsched/families/timm.hpp"
#include "shape_rules.hpp"

namespace lrsched::spec {

namespace {

using factory::boolean;
using factory::figure;
using factory::integer;
using factory::none;
using factory::real;
using factory::set;
using factory::text;

constexpr std::string_view kTimmModule = "timm.scheduler";
constexpr std::string_view kNoiseRangeText = "Union[List[int], Tuple[int, int], int, None]";

// What every timm scheduler's step consumes with default arguments: the caller's count
// (`step(epoch + 1)`), an optional metric, and `step_update(num_updates)` besides;
// `t_in_epochs=False` makes the built scheduler count updates instead.
constexpr Stepping kStepping{.metric = MetricUse::optional,
                             .epoch = EpochUse::integer,
                             .update_count = true,
                             .count = StepCount::epoch};

// --- Parameters ---------------------------------------------------------------------------------

Parameter t_initial() {
  return {"t_initial", std::nullopt, "int",
          "length of the first cycle, in counts (an int, or a float: Python's float //)"};
}
Parameter lr_min() {
  return {"lr_min", real(0.0), "float", "lowest lr: each cycle's end, and after cycle_limit"};
}
Parameter cycle_mul() {
  return {"cycle_mul", real(1.0), "float", "length of each cycle relative to the previous one"};
}
Parameter cycle_decay() {
  return {"cycle_decay", real(1.0), "float", "peak lr of each cycle relative to the previous one"};
}
Parameter cycle_limit() {
  return {"cycle_limit", integer(1), "int", "number of cycles; lr_min from then on"};
}
Parameter warmup_t() {
  return {"warmup_t", integer(0), "int", "counts of linear warmup from warmup_lr_init"};
}
Parameter warmup_lr_init() {
  return {"warmup_lr_init", real(0.0), "float", "lr at the start of the warmup"};
}
Parameter warmup_prefix(bool value) {
  return {"warmup_prefix", boolean(value), "bool",
          "the schedule starts after the warmup (False: the warmup overlaps its start)"};
}
Parameter t_in_epochs() {
  return {"t_in_epochs", boolean(true), "bool",
          "count epochs, step(epoch); False: count updates, step_update(num_updates)"};
}
Parameter noise_range_t() {
  return {"noise_range_t", none(), kNoiseRangeText,
          "noise for t >= n (a number) or lo <= t < hi (a pair); None: no noise"};
}
Parameter noise_pct() {
  return {"noise_pct", real(0.67), "float", "bound of the noise, relative to the lr"};
}
Parameter noise_std() {
  return {"noise_std", real(1.0), "float",
          "noise standard deviation (accepted, unused, as in timm)"};
}
Parameter noise_seed() {
  return {"noise_seed", integer(42), "int", "seed of the noise: count t draws with noise_seed + t"};
}
Parameter k_decay() {
  return {"k_decay", real(1.0), "float", "k-decay: the curve runs on t_curr**k / t_i**k"};
}
Parameter initialize() {
  return {"initialize", boolean(true), "bool",
          "store initial_lr in each param group (False: it must be there already)"};
}

// --- Arguments ----------------------------------------------------------------------------------

// An argument timm takes as a Python int or float, kept as the one it is (bools are ints).
std::optional<timm::Number> as_number(const Value& v) {
  if (v.is_int()) return timm::Number(v.as_int());
  if (v.is_float()) return timm::Number(v.as_double());
  return std::nullopt;
}

timm::Number number_arg(const BoundArguments& args, std::string_view name) {
  const Value& v = args.value(name);
  if (auto n = as_number(v)) return *n;
  throw TypeError(std::string(args.signature().name) + "(): argument '" + std::string(name) +
                  "' must be int or float, not " + type_name(v));
}

void set_number(const BoundArguments& args, std::string_view name, timm::Number& field) {
  if (args.was_given(name)) field = number_arg(args, name);
}

// `t_initial`, whose first use is timm's `assert t_initial > 0`.
timm::Number t_initial_arg(const BoundArguments& args) {
  const Value& v = args.value("t_initial");
  if (auto n = as_number(v)) return *n;
  throw TypeError("'>' not supported between instances of '" + type_name(v) + "' and 'int'");
}

// `noise_range_t` as `_is_apply_noise` reads it: None, a number n (t >= n), or a list or tuple
// whose first two items bound the range (timm reads no further). Python fails at the first step
// on what cannot be read so; lrsched when building, with the same exception.
timm::NoiseRange noise_range_arg(const BoundArguments& args) {
  const Value& v = args.value("noise_range_t");
  if (v.is_none()) return std::nullopt;
  if (auto n = as_number(v)) {
    if (n->is_int()) return n->int_value();
    return n->value();
  }
  if (!v.is_sequence()) {
    throw TypeError("'>=' not supported between instances of 'int' and '" + type_name(v) + "'");
  }
  const std::span<const Value> items = v.items();
  if (items.size() < 2) throw IndexError(type_name(v) + " index out of range");
  const auto lo = as_number(items[0]);
  if (!lo) {
    throw TypeError("'<=' not supported between instances of '" + type_name(items[0]) +
                    "' and 'int'");
  }
  const auto hi = as_number(items[1]);
  if (!hi) {
    throw TypeError("'<' not supported between instances of 'int' and '" + type_name(items[1]) +
                    "'");
  }
  return {*lo, *hi};
}

// `noise_seed`: None is 42, as in timm's base class.
void set_seed(const BoundArguments& args, std::int64_t& field) {
  if (args.was_given("noise_seed") && !args.is_none("noise_seed")) {
    field = args.get_int("noise_seed");
  }
}

// The arguments every class but PlateauLRScheduler shares.
template <class Options>
void set_common(const BoundArguments& args, Options& o) {
  set_number(args, "warmup_t", o.warmup_t);
  set(args, "warmup_lr_init", o.warmup_lr_init);
  set(args, "warmup_prefix", o.warmup_prefix);
  set(args, "t_in_epochs", o.t_in_epochs);
  if (args.was_given("noise_range_t")) o.noise_range_t = noise_range_arg(args);
  set(args, "noise_pct", o.noise_pct);
  set(args, "noise_std", o.noise_std);
  set_seed(args, o.noise_seed);
  set(args, "initialize", o.initialize);
}

// And what Cosine, Tanh and Poly add: the cycles.
template <class Options>
void set_cycles(const BoundArguments& args, Options& o) {
  set(args, "lr_min", o.lr_min);
  set(args, "cycle_mul", o.cycle_mul);
  set(args, "cycle_decay", o.cycle_decay);
  set_number(args, "cycle_limit", o.cycle_limit);
  set_common(args, o);
}

// --- Figures ------------------------------------------------------------------------------------

// --- Rows ---------------------------------------------------------------------------------------

ScheduleEntry cosine_lr_scheduler() {
  Example restarts;
  restarts.stem = "timm_cycles";
  restarts.caption = "timm's cyclic schedules: two cycles of 50 epochs, the second peak halved";
  restarts.title = "timm: cosine, tanh and poly with restarts";
  restarts.curves = {
      {"timm.CosineLRScheduler(t_initial=50, cycle_limit=2, cycle_decay=0.5)", "cosine", false},
      {"timm.TanhLRScheduler(t_initial=50, cycle_limit=2, cycle_decay=0.5)", "tanh", false},
      {"timm.PolyLRScheduler(t_initial=50, cycle_limit=2, cycle_decay=0.5)", "poly (power 0.5)",
       false}};
  return {{"CosineLRScheduler",
           kTimmModule,
           "Cosine annealing with warmup, restarts (cycles), noise and k-decay.",
           {t_initial(), lr_min(), cycle_mul(), cycle_decay(), cycle_limit(), warmup_t(),
            warmup_lr_init(), warmup_prefix(false), t_in_epochs(), noise_range_t(), noise_pct(),
            noise_std(), noise_seed(), k_decay(), initialize()},
           true,
           false,
           "t < warmup_t: η = warmup_lr_init + t · (η₀ − warmup_lr_init) / warmup_t; else (t −= "
           "warmup_t with warmup_prefix) in cycle i of length t_i at t_curr: η = lr_min + (η₀ · "
           "cycle_decay^i − lr_min) · (1 + cos(π · t_curr^k / t_i^k)) / 2 while i < cycle_limit, "
           "else lr_min; times (1 + noise) in noise_range_t",
           "",
           false,
           std::nullopt,
           false,
           {"timm"}},
          kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            timm::CosineLRScheduler::Options o{.t_initial = t_initial_arg(args)};
            set_cycles(args, o);
            set(args, "k_decay", o.k_decay);
            return std::make_unique<timm::CosineLRScheduler>(opt, o);
          },
          {figure("CosineLRScheduler",
                  "timm.CosineLRScheduler(t_initial=95, lr_min=1e-5, warmup_t=5, "
                  "warmup_lr_init=1e-4, warmup_prefix=True)"),
           std::move(restarts)},
          {.length = shape::timm_cycles}};
}

ScheduleEntry tanh_lr_scheduler() {
  return {{"TanhLRScheduler",
           kTimmModule,
           "Hyperbolic-tangent decay with warmup, restarts (cycles) and noise.",
           {t_initial(),
            {"lb", real(-7.0), "float", "tanh argument at the start of a cycle"},
            {"ub", real(3.0), "float", "tanh argument at the end of a cycle"},
            lr_min(),
            cycle_mul(),
            cycle_decay(),
            cycle_limit(),
            warmup_t(),
            warmup_lr_init(),
            warmup_prefix(false),
            t_in_epochs(),
            noise_range_t(),
            noise_pct(),
            noise_std(),
            noise_seed(),
            initialize()},
           true,
           false,
           "t < warmup_t: linear from warmup_lr_init (towards the curve's value at warmup_t "
           "without warmup_prefix); else in cycle i of length t_i at t_curr, tr = t_curr / t_i: "
           "η = lr_min + (η₀ · cycle_decay^i − lr_min) · (1 − tanh(lb · (1 − tr) + ub · tr)) / 2 "
           "while i < cycle_limit, else lr_min; times (1 + noise) in noise_range_t",
           "",
           false,
           std::nullopt,
           false,
           {"timm"}},
          kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            timm::TanhLRScheduler::Options o{.t_initial = t_initial_arg(args)};
            set(args, "lb", o.lb);
            set(args, "ub", o.ub);
            set_cycles(args, o);
            return std::make_unique<timm::TanhLRScheduler>(opt, o);
          },
          {figure("TanhLRScheduler",
                  "timm.TanhLRScheduler(t_initial=95, lr_min=1e-5, warmup_t=5, "
                  "warmup_lr_init=1e-4, warmup_prefix=True)")},
          {.length = shape::timm_cycles}};
}

ScheduleEntry step_lr_scheduler() {
  return {{"StepLRScheduler",
           kTimmModule,
           "Decays the lr by decay_rate every decay_t counts, after an optional warmup.",
           {{"decay_t", std::nullopt, "float",
             "period of the decay, in counts (an int, or a float: Python's float //)"},
            {"decay_rate", real(1.0), "float", "multiplicative factor of each decay"},
            warmup_t(),
            warmup_lr_init(),
            warmup_prefix(true),
            t_in_epochs(),
            noise_range_t(),
            noise_pct(),
            noise_std(),
            noise_seed(),
            initialize()},
           true,
           false,
           "t < warmup_t: η = warmup_lr_init + t · (η₀ − warmup_lr_init) / warmup_t; else (t −= "
           "warmup_t with warmup_prefix) η = η₀ · decay_rate^(t // decay_t); times (1 + noise) "
           "in noise_range_t",
           "",
           false,
           std::nullopt,
           false,
           {"timm"}},
          kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            timm::StepLRScheduler::Options o{.decay_t = number_arg(args, "decay_t")};
            set(args, "decay_rate", o.decay_rate);
            set_common(args, o);
            return std::make_unique<timm::StepLRScheduler>(opt, o);
          },
          {figure("StepLRScheduler",
                  "timm.StepLRScheduler(decay_t=30, decay_rate=0.1, warmup_t=5, "
                  "warmup_lr_init=1e-4)")},
          {.staircase = shape::always}};
}

ScheduleEntry multi_step_lr_scheduler() {
  return {{"MultiStepLRScheduler",
           kTimmModule,
           "Decays the lr by decay_rate at each milestone (one count early, as timm does).",
           {{"decay_t", std::nullopt, "List[int]",
             "milestones, in counts: the decay lands at milestone − 1"},
            {"decay_rate", real(1.0), "float", "multiplicative factor of each decay"},
            warmup_t(),
            warmup_lr_init(),
            warmup_prefix(true),
            t_in_epochs(),
            noise_range_t(),
            noise_pct(),
            noise_std(),
            noise_seed(),
            initialize()},
           true,
           false,
           "t < warmup_t: η = warmup_lr_init + t · (η₀ − warmup_lr_init) / warmup_t; else (t −= "
           "warmup_t with warmup_prefix) η = η₀ · decay_rate^bisect_right(decay_t, t + 1); times "
           "(1 + noise) in noise_range_t",
           "",
           false,
           std::nullopt,
           false,
           {"timm"}},
          kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            timm::MultiStepLRScheduler::Options o{.decay_t = args.get_int_list("decay_t")};
            set(args, "decay_rate", o.decay_rate);
            set_common(args, o);
            return std::make_unique<timm::MultiStepLRScheduler>(opt, std::move(o));
          },
          {figure("MultiStepLRScheduler",
                  "timm.MultiStepLRScheduler(decay_t=[30, 60, 80], decay_rate=0.1, warmup_t=5, "
                  "warmup_lr_init=1e-4)")},
          {.staircase = shape::always}};
}

ScheduleEntry plateau_lr_scheduler() {
  Example plateau = figure("PlateauLRScheduler",
                           "timm.PlateauLRScheduler(decay_rate=0.5, patience_t=5, mode='min', "
                           "warmup_t=3, warmup_lr_init=1e-4)");
  plateau.metric = "max(0.3, 1 - step / 40) + 0.02 * math.sin(step)";
  return {
      {"PlateauLRScheduler",
       kTimmModule,
       "PyTorch's ReduceLROnPlateau on a metric, with timm's warmup and noise.",
       {{"decay_rate", real(0.1), "float", "multiplier of the lr on a reduction (< 1)"},
        {"patience_t", integer(10), "int", "bad epochs tolerated before reducing"},
        {"threshold", real(1e-4), "float", "minimum relative change that counts as an improvement"},
        {"cooldown_t", integer(0), "int", "epochs to wait after a reduction"},
        warmup_t(),
        warmup_lr_init(),
        {"lr_min", real(0.0), "float", "lower bound of the lr"},
        {"mode", text("max"), "str",
         "whether the metric should increase ('max', timm's default) or decrease ('min')"},
        noise_range_t(),
        {"noise_type", text("normal"), "str",
         "'normal': truncated normal noise; anything else: uniform noise"},
        noise_pct(),
        noise_std(),
        {"noise_seed", none(), "Optional[int]",
         "seed of the noise: count t draws with noise_seed + t (None: 42)"},
        initialize()},
       true,
       false,
       "epoch ≤ warmup_t: η = warmup_lr_init + epoch · (η₀ − warmup_lr_init) / warmup_t, "
       "metrics "
       "ignored; after: the lr before the last noise is restored, ReduceLROnPlateau(factor="
       "decay_rate, patience=patience_t, cooldown=cooldown_t, min_lr=lr_min) steps on the "
       "metric (when one is given), then times (1 + noise) in noise_range_t",
       "",
       false,
       std::nullopt,
       false,
       {"timm"}},
      kStepping,
      [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
        timm::PlateauLRScheduler::Options o;
        set(args, "decay_rate", o.decay_rate);
        set(args, "patience_t", o.patience_t);
        set(args, "threshold", o.threshold);
        set(args, "cooldown_t", o.cooldown_t);
        set_number(args, "warmup_t", o.warmup_t);
        set(args, "warmup_lr_init", o.warmup_lr_init);
        set(args, "lr_min", o.lr_min);
        set(args, "mode", o.mode);
        if (args.was_given("noise_range_t")) o.noise_range_t = noise_range_arg(args);
        set(args, "noise_type", o.noise_type);
        set(args, "noise_pct", o.noise_pct);
        set(args, "noise_std", o.noise_std);
        set(args, "noise_seed", o.noise_seed);
        set(args, "initialize", o.initialize);
        return std::make_unique<timm::PlateauLRScheduler>(opt, std::move(o));
      },
      {std::move(plateau)},
      {.staircase = shape::always}};
}

ScheduleEntry poly_lr_scheduler() {
  return {{"PolyLRScheduler",
           kTimmModule,
           "Polynomial decay with warmup, restarts (cycles), noise and k-decay.",
           {t_initial(),
            {"power", real(0.5), "float", "power of the polynomial"},
            lr_min(),
            cycle_mul(),
            cycle_decay(),
            cycle_limit(),
            warmup_t(),
            warmup_lr_init(),
            warmup_prefix(false),
            t_in_epochs(),
            noise_range_t(),
            noise_pct(),
            noise_std(),
            noise_seed(),
            k_decay(),
            initialize()},
           true,
           false,
           "t < warmup_t: η = warmup_lr_init + t · (η₀ − warmup_lr_init) / warmup_t; else (t −= "
           "warmup_t with warmup_prefix) in cycle i of length t_i at t_curr: η = lr_min + (η₀ · "
           "cycle_decay^i − lr_min) · (1 − t_curr^k / t_i^k)^power while i < cycle_limit, else "
           "lr_min; times (1 + noise) in noise_range_t",
           "",
           false,
           std::nullopt,
           false,
           {"timm"}},
          kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            timm::PolyLRScheduler::Options o{.t_initial = t_initial_arg(args)};
            set(args, "power", o.power);
            set_cycles(args, o);
            set(args, "k_decay", o.k_decay);
            return std::make_unique<timm::PolyLRScheduler>(opt, o);
          },
          {figure("PolyLRScheduler",
                  "timm.PolyLRScheduler(t_initial=95, lr_min=1e-5, warmup_t=5, "
                  "warmup_lr_init=1e-4, warmup_prefix=True)")},
          {.length = shape::timm_cycles}};
}

}  // namespace

std::vector<ScheduleEntry> timm_schedules() {
  std::vector<ScheduleEntry> rows;
  for (auto* row : {cosine_lr_scheduler, tanh_lr_scheduler, step_lr_scheduler,
                    multi_step_lr_scheduler, plateau_lr_scheduler, poly_lr_scheduler}) {
    rows.push_back(row());
  }
  return rows;
}

}  // namespace lrsched::spec
