// The rows of PyTorch's schedulers (`torch.optim.lr_scheduler` and `torch.optim.swa_utils`), in
// PyTorch's documentation order: signature (newest release, without `optimizer`), stepping,
// factory, and figures (PyTorch's documentation images, then the tutorial's figures). Each row is
// a template of the TorchBehavior its factory builds; the 1.13 rows (pytorch_v1_13_row) have
// 1.13.1's signatures and are not in the registry: build_scheduler asks for them.
#include "pytorch.hpp"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "factory_support.hpp"
#include "lrsched/schedulers/composite.hpp"
#include "lrsched/schedulers/constant_lr.hpp"
#include "lrsched/schedulers/cosine_annealing_lr.hpp"
#include "lrsched/schedulers/cosine_annealing_warm_restarts.hpp"
#include "lrsched/schedulers/cyclic_lr.hpp"
#include "lrsched/schedulers/exponential_lr.hpp"
#include "lrsched/schedulers/lambda_lr.hpp"
#include "lrsched/schedulers/one_cycle_lr.hpp"
#include "lrsched/schedulers/reduce_lr_on_plateau.hpp"
#include "lrsched/schedulers/step_lr.hpp"
#include "lrsched/schedulers/swalr.hpp"
#include "shape_rules.hpp"

namespace lrsched::spec {

namespace {

using factory::boolean;
using factory::children;
using factory::figure;
using factory::int_arg;
using factory::integer;
using factory::last_epoch;
using factory::none;
using factory::per_group;
using factory::real;
using factory::require_int;
using factory::set;
using factory::text;

constexpr std::string_view kLrScheduler = "torch.optim.lr_scheduler";
constexpr std::string_view kSwaUtils = "torch.optim.swa_utils";
constexpr std::string_view kLambdaText = "Callable[[int], float] | list[Callable[[int], float]]";

Example with_momentum_panel(Example e) {
  e.momentum = 0.9;
  e.momentum_panel = true;
  return e;
}

// The tutorial's figures: Adam at lr 1, and (where a curve resumes) `initial_lr` 1, since the
// tutorial does not show its value and it must exceed eta_min=0.5.
Example tutorial(std::string stem, std::string caption, std::string title,
                 std::vector<ExampleCurve> curves, bool initial_lr) {
  Example e;
  e.stem = std::move(stem);
  e.caption = std::move(caption);
  e.title = std::move(title);
  e.curves = std::move(curves);
  e.optimizer = "adam";
  e.lrs = {1.0};
  if (initial_lr) e.initial_lrs = {1.0};
  return e;
}

// PyTorch's own complaint about a non-callable lr_lambda differs between the two classes.
LrLambdas lambdas(const BoundArguments& args, bool multiplicative) {
  const Value& v = args.value("lr_lambda");
  auto not_callable = [&](const Value& item) {
    if (item.is_lambda()) return;
    if (multiplicative) {
      throw TypeError("lr_lambda should be a function, but got " + type_name(item));
    }
    throw TypeError("'" + type_name(item) + "' object is not callable");
  };
  if (!v.is_sequence()) not_callable(v);
  LambdaOrList given = args.get_lambda_or_list("lr_lambda");
  std::vector<LrLambda> fns;
  for (const Lambda& l : given.lambdas) fns.push_back(factory::to_function(l));
  if (!given.is_list) return LrLambdas(std::move(fns.front()));
  // List length is checked by the scheduler, with PyTorch's message; the items after that.
  return LrLambdas(std::move(fns));
}

template <TorchBehavior B>
ScheduleEntry lambda_lr() {
  return {{"LambdaLR",
           kLrScheduler,
           "Sets each group's lr to its initial lr times a function of the epoch.",
           {{"lr_lambda", std::nullopt, kLambdaText,
             "function of the epoch giving the factor, or one per param group"},
            last_epoch()},
           true,
           true,
           "η_t = η₀ · λ(t)",
           ""},
          LambdaLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            LambdaLR::Options o{.lr_lambda = lambdas(args, false)};
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<LambdaLR>(opt, std::move(o));
          },
          {figure("LambdaLR", "LambdaLR(lr_lambda=lambda epoch: 1 - epoch / 100)"),
           tutorial("seed_LambdaLR", "The seed's two LambdaLR lambdas", "LambdaLR",
                    {{"LambdaLR(lr_lambda=lambda step: step%40/100.)", "lambda step: step%40/100."},
                     {"LambdaLR(lr_lambda=lambda step: max(0, 1 - step / 100))",
                      "lambda step: max(0, 1 - step / 100)"}},
                    false)}};
}

template <TorchBehavior B>
ScheduleEntry multiplicative_lr() {
  return {
      {"MultiplicativeLR",
       kLrScheduler,
       "Multiplies the lr by a function of the epoch at every step.",
       {{"lr_lambda", std::nullopt, kLambdaText,
         "function of the epoch giving the step's factor, or one per param group"},
        last_epoch()},
       true,
       true,
       "η_t = η_{t−1} · λ(t) for t ≥ 1; η_0 = η₀",
       ""},
      MultiplicativeLR::kStepping,
      [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
        // 1.13 does not check: a non-callable fails at its first call, as LambdaLR's does.
        MultiplicativeLR::Options o{.lr_lambda = lambdas(args, B == TorchBehavior::newest)};
        set(args, "last_epoch", o.last_epoch);
        o.behavior = B;
        return std::make_unique<MultiplicativeLR>(opt, std::move(o));
      },
      {figure("MultiplicativeLR", "MultiplicativeLR(lr_lambda=lambda epoch: 0.95)"),
       tutorial("seed_MultiplicativeLR", "The seed's MultiplicativeLR", "MultiplicativeLR",
                {{"MultiplicativeLR(lr_lambda=lambda step: 0.95)", "lambda step: 0.95"}}, false)}};
}

template <TorchBehavior B>
ScheduleEntry step_lr() {
  return {{"StepLR",
           kLrScheduler,
           "Decays the lr by gamma every step_size epochs.",
           {{"step_size", std::nullopt, "int", "period of the decay, in epochs"},
            {"gamma", real(0.1), "float", "multiplicative factor of the decay"},
            last_epoch()},
           true,
           false,
           "η_t = η_{t−1} · γ if t > 0 and t mod step_size = 0, else η_{t−1}",
           "η_t = η₀ · γ^⌊t / step_size⌋"},
          StepLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            StepLR::Options o{.step_size = int_arg(args, "step_size")};
            set(args, "gamma", o.gamma);
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<StepLR>(opt, o);
          },
          {figure("StepLR", "StepLR(step_size=30, gamma=0.1)")},
          {.staircase = shape::always}};
}

template <TorchBehavior B>
ScheduleEntry multi_step_lr() {
  return {{"MultiStepLR",
           kLrScheduler,
           "Decays the lr by gamma at each milestone.",
           {{"milestones", std::nullopt, "Iterable[int]",
             "epochs at which to decay (a repeated milestone decays repeatedly)"},
            {"gamma", real(0.1), "float", "multiplicative factor of the decay"},
            last_epoch()},
           true,
           false,
           "η_t = η_{t−1} · γ^(number of times t appears in milestones)",
           "η_t = η₀ · γ^bisect_right(sorted(milestones), t)"},
          MultiStepLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            // `Counter(milestones)`: any iterable, sets included, in any order.
            MultiStepLR::Options o{.milestones = args.get_int_collection("milestones")};
            set(args, "gamma", o.gamma);
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<MultiStepLR>(opt, std::move(o));
          },
          {figure("MultiStepLR", "MultiStepLR(milestones=[30, 80], gamma=0.1)")},
          {.staircase = shape::always}};
}

template <TorchBehavior B>
ScheduleEntry constant_lr() {
  return {{"ConstantLR",
           kLrScheduler,
           "Multiplies the lr by a constant factor until total_iters, then restores it.",
           {{"factor", real(1.0 / 3), "float", "factor applied until total_iters"},
            {"total_iters", integer(5), "int", "number of epochs the factor lasts"},
            last_epoch()},
           true,
           false,
           "η_0 = η₀ · factor; η_t = η_{t−1} / factor at t = total_iters; else η_{t−1}",
           "η_t = η₀ · (factor + [t ≥ total_iters] · (1 − factor))"},
          ConstantLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            ConstantLR::Options o;
            set(args, "factor", o.factor);
            set(args, "total_iters", o.total_iters);
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<ConstantLR>(opt, o);
          },
          {figure("ConstantLR", "ConstantLR(factor=0.5, total_iters=4)")},
          {.length = shape::argument_plus_one("total_iters")}};
}

template <TorchBehavior B>
ScheduleEntry linear_lr() {
  return {{"LinearLR",
           kLrScheduler,
           "Changes the lr factor linearly from start_factor to end_factor over total_iters.",
           {{"start_factor", real(1.0 / 3), "float", "factor in the first epoch"},
            {"end_factor", real(1.0), "float", "factor from total_iters on"},
            {"total_iters", integer(5), "int", "number of epochs of the ramp"},
            last_epoch()},
           true,
           false,
           "η_0 = η₀ · s; η_t = η_{t−1} · (1 + (e − s) / (T · s + (t − 1) · (e − s))) for "
           "1 ≤ t ≤ T; else η_{t−1}",
           "η_t = η₀ · (s + (e − s) · min(T, t) / T)"},
          LinearLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            LinearLR::Options o;
            set(args, "start_factor", o.start_factor);
            set(args, "end_factor", o.end_factor);
            set(args, "total_iters", o.total_iters);
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<LinearLR>(opt, o);
          },
          {figure("LinearLR", "LinearLR(start_factor=0.5, total_iters=4)")},
          {.length = shape::argument_plus_one("total_iters")}};
}

template <TorchBehavior B>
ScheduleEntry exponential_lr() {
  return {{"ExponentialLR",
           kLrScheduler,
           "Decays the lr by gamma every epoch.",
           {{"gamma", std::nullopt, "float", "multiplicative factor of the decay"}, last_epoch()},
           true,
           false,
           "η_t = η_{t−1} · γ",
           "η_t = η₀ · γ^t"},
          ExponentialLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            ExponentialLR::Options o{.gamma = args.get_float("gamma")};
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<ExponentialLR>(opt, o);
          },
          {figure("ExponentialLR", "ExponentialLR(gamma=0.95)")}};
}

template <TorchBehavior B>
ScheduleEntry sequential_lr() {
  return {{"SequentialLR",
           kLrScheduler,
           "Runs schedulers one after another, switching at the milestones.",
           {{"schedulers", std::nullopt, "list[LRScheduler]", "the schedulers, in order"},
            {"milestones", std::nullopt, "list[int]",
             "epochs at which the next scheduler takes over (one fewer than schedulers)"},
            last_epoch()},
           true,
           false,
           "at epoch t, i = bisect_right(milestones, t): schedulers[i] restarts from its epoch 0 "
           "when t = milestones[i − 1], and otherwise steps",
           ""},
          SequentialLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            SchedulerList schedulers = children(args, opt, B);  // built first, as in Python
            SequentialLR::Options o{.schedulers = std::move(schedulers),
                                    .milestones = args.get_int_list("milestones")};
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<SequentialLR>(opt, std::move(o));
          },
          {figure("SequentialLR",
                  "SequentialLR(schedulers=[ConstantLR(factor=0.1, total_iters=2), "
                  "ExponentialLR(gamma=0.9)], milestones=[2])")},
          {.length = shape::sequential}};
}

template <TorchBehavior B>
ScheduleEntry polynomial_lr() {
  return {{"PolynomialLR",
           kLrScheduler,
           "Decays the lr polynomially to zero over total_iters.",
           {{"total_iters", integer(5), "int", "number of epochs of the decay"},
            {"power", real(1.0), "float", "power of the polynomial"},
            last_epoch()},
           true,
           false,
           "η_t = η_{t−1} · ((1 − t/T) / (1 − (t − 1)/T))^p for 1 ≤ t ≤ T; else η_{t−1}",
           "η_t = η₀ · (1 − min(T, t)/T)^p"},
          PolynomialLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            PolynomialLR::Options o;
            set(args, "total_iters", o.total_iters);
            set(args, "power", o.power);
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<PolynomialLR>(opt, o);
          },
          {figure("PolynomialLR", "PolynomialLR(total_iters=4, power=1.0)")},
          {.length = shape::argument_plus_one("total_iters")}};
}

template <TorchBehavior B>
ScheduleEntry cosine_annealing_lr() {
  return {{"CosineAnnealingLR",
           kLrScheduler,
           "Anneals the lr along a cosine from its initial value to eta_min over T_max epochs "
           "(and back up after, periodically).",
           {{"T_max", std::nullopt, "int", "half period of the cosine, in epochs"},
            {"eta_min", real(0.0), "float", "minimum lr"},
            last_epoch()},
           true,
           false,
           "η_t = η_min + (η_{t−1} − η_min) · (1 + cos(π t / T_max)) / (1 + cos(π (t − 1) / "
           "T_max)); when (t − 1 − T_max) mod 2·T_max = 0: η_t = η_{t−1} + (η₀ − η_min) · "
           "(1 − cos(π / T_max)) / 2",
           "η_t = η_min + (η₀ − η_min) · (1 + cos(π t / T_max)) / 2"},
          CosineAnnealingLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            CosineAnnealingLR::Options o{.T_max = int_arg(args, "T_max")};
            set(args, "eta_min", o.eta_min);
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<CosineAnnealingLR>(opt, o);
          },
          {figure("CosineAnnealingLR", "CosineAnnealingLR(T_max=100)"),
           tutorial("seed_CosineAnnealingLR",
                    "The seed's CosineAnnealingLR figure: the third curve continues on the second "
                    "curve's optimizer",
                    "CosineAnnealingLR",
                    {{"CosineAnnealingLR(T_max=40, eta_min=0.2)", "eta_min=0.2, last epoch=-1"},
                     {"CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10)",
                      "eta_min=0.2, last epoch=10"},
                     {"CosineAnnealingLR(T_max=40, eta_min=0.5, last_epoch=10)",
                      "eta_min=0.5, last epoch=10", true}},
                    true)},
          {.length = shape::argument_plus_one("T_max")}};
}

template <TorchBehavior B>
ScheduleEntry chained_scheduler() {
  ScheduleEntry e{
      {"ChainedScheduler",
       kLrScheduler,
       "Steps several schedulers of one optimizer in order at every step.",
       {{"schedulers", std::nullopt, "Sequence[LRScheduler]", "the schedulers, in order"},
        {"optimizer", none(), "Optional[Optimizer]",
         "the optimizer (only None in a spec: it comes from the command line)"}},
       false,
       false,
       "every step: for s in schedulers: s.step() (their changes compose)",
       ""},
      ChainedScheduler::kStepping,
      [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
        return std::make_unique<ChainedScheduler>(ChainedScheduler::Options{
            .schedulers = children(args, opt, B), .optimizer = &opt, .behavior = B});
      },
      {figure("ChainedScheduler",
              "ChainedScheduler([ConstantLR(factor=0.1, total_iters=2), "
              "ExponentialLR(gamma=0.9)])")},
      {.length = shape::chained}};
  return e;
}

template <TorchBehavior B>
ScheduleEntry reduce_lr_on_plateau() {
  Example plateau = figure("ReduceLROnPlateau", "ReduceLROnPlateau(mode='min', patience=5)");
  plateau.metric = "max(0.3, 1 - step / 40) + 0.02 * math.sin(step)";
  Example seed =
      tutorial("seed_ReduceLROnPlateau",
               "The seed's ReduceLROnPlateau, fed its own lr as the metric", "ReduceLROnPlateau",
               {{"ReduceLROnPlateau()", "ReduceLROnPlateau, metric = its own lr"}}, false);
  seed.metric = "lr";  // the seed's get_lr_scheduler1: scheduler.step(lr_current)
  return {
      {"ReduceLROnPlateau",
       kLrScheduler,
       "Reduces the lr by factor when a metric has stopped improving for patience epochs.",
       {{"mode", text("min"), "Literal['min', 'max']",
         "whether the metric should decrease ('min') or increase ('max')"},
        {"factor", real(0.1), "float", "multiplier of the lr on a reduction (< 1)"},
        {"patience", integer(10), "int", "bad epochs tolerated before reducing"},
        {"threshold", real(1e-4), "float", "minimum change that counts as an improvement"},
        {"threshold_mode", text("rel"), "Literal['rel', 'abs']",
         "whether threshold is relative to the best value or absolute"},
        {"cooldown", integer(0), "int", "epochs to wait after a reduction"},
        {"min_lr", integer(0), "float | list[float]", "lower bound of the lr, or one per group"},
        {"eps", real(1e-8), "float", "reductions smaller than this are skipped"}},
       true,
       false,
       "on step(metric): better if metric < best·(1 − threshold) (min, rel), > best·(1 + "
       "threshold) (max, rel), < best − threshold (min, abs), > best + threshold (max, abs); "
       "after more than patience bad epochs outside cooldown: η ← max(η · factor, min_lr) "
       "when η − that > eps",
       ""},
      ReduceLROnPlateau::kStepping,
      [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
        ReduceLROnPlateau::Options o;
        set(args, "mode", o.mode);
        set(args, "factor", o.factor);
        set(args, "patience", o.patience);
        set(args, "threshold", o.threshold);
        set(args, "threshold_mode", o.threshold_mode);
        set(args, "cooldown", o.cooldown);
        set(args, "min_lr", o.min_lr);
        set(args, "eps", o.eps);
        o.behavior = B;
        return std::make_unique<ReduceLROnPlateau>(opt, std::move(o));
      },
      {std::move(plateau), std::move(seed)},
      {.staircase = shape::always}};
}

template <TorchBehavior B>
ScheduleEntry cyclic_lr() {
  return {{"CyclicLR",
           kLrScheduler,
           "Cycles the lr (and momentum, inversely) between base_lr and max_lr.",
           {{"base_lr", std::nullopt, "float | list[float]", "lower lr bound of the cycle"},
            {"max_lr", std::nullopt, "float | list[float]", "upper lr bound of the cycle"},
            {"step_size_up", integer(2000), "int", "steps in the increasing half of a cycle"},
            {"step_size_down", none(), "Optional[int]",
             "steps in the decreasing half (default: step_size_up)"},
            {"mode", text("triangular"), "Literal['triangular', 'triangular2', 'exp_range']",
             "amplitude policy (ignored when scale_fn is given)"},
            {"gamma", real(1.0), "float", "base of the 'exp_range' scaling gamma**iterations"},
            {"scale_fn", none(), "Optional[Callable[[float], float]]",
             "custom amplitude scaling of the cycle number or iteration"},
            {"scale_mode", text("cycle"), "Literal['cycle', 'iterations']",
             "argument of scale_fn: the cycle number or the iteration"},
            {"cycle_momentum", boolean(true), "bool", "also cycle momentum / beta1"},
            {"base_momentum", real(0.8), "float | list[float]", "momentum at the lr peak"},
            {"max_momentum", real(0.9), "float | list[float]", "momentum at the lr trough"},
            last_epoch()},
           true,
           true,
           "total = up + down, r = up / total, cycle = ⌊1 + t / total⌋, x = 1 + t / total − "
           "cycle, s = x / r if x ≤ r else (x − 1) / (r − 1); η_t = base_lr + (max_lr − base_lr) "
           "· s · scale_fn(cycle or t); momentum_t = max_m − (max_m − base_m) · s · scale_fn(·)",
           ""},
          CyclicLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            CyclicLR::Options o{.base_lr = per_group(args, "base_lr"),
                                .max_lr = per_group(args, "max_lr")};
            set(args, "step_size_up", o.step_size_up);
            set(args, "step_size_down", o.step_size_down);
            set(args, "mode", o.mode);
            set(args, "gamma", o.gamma);
            if (auto fn = args.get_optional_lambda("scale_fn")) {
              o.scale_fn = factory::to_function(*fn);
            }
            set(args, "scale_mode", o.scale_mode);
            set(args, "cycle_momentum", o.cycle_momentum);
            set(args, "base_momentum", o.base_momentum);
            set(args, "max_momentum", o.max_momentum);
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<CyclicLR>(opt, std::move(o));
          },
          {with_momentum_panel(
              figure("CyclicLR", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=10)"))},
          {.per_batch = true}};
}

template <TorchBehavior B>
ScheduleEntry cosine_annealing_warm_restarts() {
  return {{"CosineAnnealingWarmRestarts",
           kLrScheduler,
           "Cosine annealing that restarts every T_i epochs, T_i growing by T_mult.",
           {{"T_0", std::nullopt, "int", "epochs until the first restart"},
            {"T_mult", integer(1), "int", "growth factor of the period after each restart"},
            {"eta_min", real(0.0), "float", "minimum lr"},
            last_epoch()},
           true,
           false,
           "η_t = η_min + (η₀ − η_min) · (1 + cos(π T_cur / T_i)) / 2; T_cur += 1 per step; when "
           "T_cur ≥ T_i: T_cur = T_cur mod T_i, T_i = T_i · T_mult",
           "step(epoch): T_mult = 1: T_cur = epoch mod T_0; else n = int(log(epoch / T_0 · "
           "(T_mult − 1) + 1, T_mult)), T_cur = epoch − T_0 · (T_mult^n − 1) / (T_mult − 1), "
           "T_i = T_0 · T_mult^n"},
          CosineAnnealingWarmRestarts::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            // PyTorch checks the types of these three before anything else.
            const Value& t0 = args.value("T_0");
            if (!t0.is_int() || t0.as_int() <= 0) {
              throw ValueError("Expected positive integer T_0, but got " + repr(t0));
            }
            require_int(args, "T_mult", "Expected integer T_mult >= 1, but got ");
            if (const Value& v = args.value("eta_min");
                !v.is_number() && B == TorchBehavior::newest) {
              throw ValueError("Expected float or int eta_min, but got " + str(v) + " of type " +
                               type_repr(v));
            }
            CosineAnnealingWarmRestarts::Options o{.T_0 = args.get_int("T_0")};
            if (args.was_given("T_mult")) o.T_mult = args.get_int("T_mult");
            set(args, "eta_min", o.eta_min);
            set(args, "last_epoch", o.last_epoch);
            o.behavior = B;
            return std::make_unique<CosineAnnealingWarmRestarts>(opt, o);
          },
          {figure("CosineAnnealingWarmRestarts", "CosineAnnealingWarmRestarts(T_0=20)")}};
}

template <TorchBehavior B>
ScheduleEntry one_cycle_lr() {
  return {
      {"OneCycleLR",
       kLrScheduler,
       "The 1cycle policy: warm up to max_lr, then anneal far below the initial lr.",
       {{"max_lr", std::nullopt, "float | list[float]", "peak lr"},
        {"total_steps", none(), "Optional[int]",
         "length of the cycle (or give epochs and steps_per_epoch)"},
        {"epochs", none(), "Optional[int]", "epochs, with steps_per_epoch"},
        {"steps_per_epoch", none(), "Optional[int]", "steps per epoch, with epochs"},
        {"pct_start", real(0.3), "float", "fraction of the cycle spent increasing the lr"},
        {"anneal_strategy", text("cos"), "Literal['cos', 'linear']", "annealing shape"},
        {"cycle_momentum", boolean(true), "bool", "also cycle momentum / beta1"},
        {"base_momentum", real(0.85), "float | list[float]", "momentum at the lr peak"},
        {"max_momentum", real(0.95), "float | list[float]", "momentum at the start and end"},
        {"div_factor", real(25.0), "float", "initial_lr = max_lr / div_factor"},
        {"final_div_factor", real(1e4), "float", "min_lr = initial_lr / final_div_factor"},
        {"three_phase", boolean(false), "bool", "go back to initial_lr before annealing to min_lr"},
        last_epoch()},
       true,
       false,
       "phases initial_lr → max_lr (ends at step pct_start·total − 1) → min_lr (ends at "
       "total − 1); in a phase pct = (t − start) / (end − start); cos: η = end + (start − "
       "end) / 2 · (cos(π · pct) + 1); linear: η = (end − start) · pct + start; momentum "
       "moves the opposite way between max_momentum and base_momentum",
       ""},
      OneCycleLR::kStepping,
      [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
        // PyTorch's isinstance checks, in its order.
        if (!args.is_none("total_steps")) {
          require_int(args, "total_steps", "Expected positive integer total_steps, but got ");
        } else if (!args.is_none("epochs") && !args.is_none("steps_per_epoch")) {
          require_int(args, "epochs", "Expected positive integer epochs, but got ");
          require_int(args, "steps_per_epoch",
                      "Expected positive integer steps_per_epoch, but got ");
        }
        if (!args.is_float("pct_start")) {
          throw ValueError("Expected float between 0 and 1 pct_start, but got " +
                           repr(args.value("pct_start")));
        }
        OneCycleLR::Options o{.max_lr = per_group(args, "max_lr")};
        set(args, "total_steps", o.total_steps);
        set(args, "epochs", o.epochs);
        set(args, "steps_per_epoch", o.steps_per_epoch);
        set(args, "pct_start", o.pct_start);
        set(args, "anneal_strategy", o.anneal_strategy);
        set(args, "cycle_momentum", o.cycle_momentum);
        set(args, "base_momentum", o.base_momentum);
        set(args, "max_momentum", o.max_momentum);
        set(args, "div_factor", o.div_factor);
        set(args, "final_div_factor", o.final_div_factor);
        set(args, "three_phase", o.three_phase);
        set(args, "last_epoch", o.last_epoch);
        o.behavior = B;
        return std::make_unique<OneCycleLR>(opt, std::move(o));
      },
      {with_momentum_panel(
          figure("OneCycleLR", "OneCycleLR(max_lr=0.1, epochs=10, steps_per_epoch=10)"))},
      {.length = shape::one_cycle, .per_batch = true}};
}

template <TorchBehavior B>
ScheduleEntry swalr() {
  return {
      {"SWALR",
       kSwaUtils,
       "Anneals each group's lr to a fixed swa_lr over anneal_epochs.",
       {{"swa_lr", std::nullopt, "float | list[float]", "the lr to anneal to, or one per group"},
        {"anneal_epochs", integer(10), "int", "epochs of the annealing"},
        {"anneal_strategy", text("cos"), "Literal['cos', 'linear']", "annealing shape"},
        last_epoch()},
       true,
       false,
       "t = clamp(step / max(1, anneal_epochs), 0, 1); α = (1 − cos(π t)) / 2 (cos) or t "
       "(linear); η = swa_lr · α + η_start · (1 − α), η_start recovered from the previous lr",
       ""},
      SWALR::kStepping,
      [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
        require_int(args, "anneal_epochs", "anneal_epochs must be equal or greater than 0, got ");
        SWALR::Options o{.swa_lr = per_group(args, "swa_lr")};
        if (args.was_given("anneal_epochs")) o.anneal_epochs = args.get_int("anneal_epochs");
        set(args, "anneal_strategy", o.anneal_strategy);
        set(args, "last_epoch", o.last_epoch);
        o.behavior = B;
        return std::make_unique<SWALR>(opt, std::move(o));
      },
      {figure("SWALR", "SWALR(swa_lr=0.01, anneal_epochs=20)")},
      {.length = shape::argument_plus_one("anneal_epochs")}};
}

template <TorchBehavior B>
std::vector<ScheduleEntry> rows_of() {
  std::vector<ScheduleEntry> rows;
  for (auto* row :
       {lambda_lr<B>, multiplicative_lr<B>, step_lr<B>, multi_step_lr<B>, constant_lr<B>,
        linear_lr<B>, exponential_lr<B>, sequential_lr<B>, polynomial_lr<B>, cosine_annealing_lr<B>,
        chained_scheduler<B>, reduce_lr_on_plateau<B>, cyclic_lr<B>,
        cosine_annealing_warm_restarts<B>, one_cycle_lr<B>, swalr<B>}) {
    rows.push_back(row());
  }
  return rows;
}

// A row's signature as 1.13.1 wrote it: `verbose=False` last on every constructor of
// torch.optim.lr_scheduler but ChainedScheduler's, which takes no optimizer; `eta_min=0`.
SchedulerSignature v1_13_signature(SchedulerSignature signature) {
  auto& parameters = signature.parameters;
  if (signature.name == "ChainedScheduler") {
    std::erase_if(parameters, [](const Parameter& p) { return p.name == "optimizer"; });
    return signature;
  }
  for (Parameter& p : parameters) {
    if (p.name == "eta_min") p.default_value = integer(0);
  }
  if (signature.module == kLrScheduler) {
    parameters.push_back({"verbose", boolean(false), "bool",
                          "print each lr change (only False: the lrs are the output)"});
  }
  return signature;
}

}  // namespace

std::vector<ScheduleEntry> pytorch_schedules() { return rows_of<TorchBehavior::newest>(); }

const ScheduleEntry* pytorch_v1_13_row(const ScheduleEntry& entry) {
  static const std::vector<ScheduleEntry> rows = [] {
    std::vector<ScheduleEntry> v1_13 = rows_of<TorchBehavior::v1_13>();
    for (ScheduleEntry& row : v1_13) {
      row.signature = v1_13_signature(std::move(row.signature));
      row.examples.clear();
    }
    return v1_13;
  }();
  if (entry.signature.module != kLrScheduler && entry.signature.module != kSwaUtils) {
    return nullptr;
  }
  for (const ScheduleEntry& row : rows) {
    if (row.signature.name == entry.signature.name) return &row;
  }
  return nullptr;
}

void refuse_verbose(const BoundArguments& arguments, const Call& call) {
  if (!arguments.signature().parameters.empty() &&
      arguments.signature().parameters.back().name == "verbose" && arguments.get_bool("verbose")) {
    throw NotImplementedError(
        "verbose=True is not supported: PyTorch 1.13 printed each lr change, which the "
        "simulation already lists (get_last_lr() in C++); leave verbose out or pass False",
        call.source ? std::string_view(*call.source) : std::string_view(call.name),
        call.source ? arguments.offset("verbose") : 0);
  }
}

}  // namespace lrsched::spec
