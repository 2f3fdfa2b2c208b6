// The rows of Hugging Face transformers' schedule functions (`transformers.optimization`, also
// imported as `transformers.NAME`): signature as upstream writes it (without `optimizer`, which
// `get_scheduler` takes second), stepping, factory onto lrsched::transformers, and figures.
//
// Each function returns a LambdaLR upstream and a ScheduleLR named after the function here, so
// its rows step as PyTorch's schedulers do; `get_reduce_on_plateau_schedule` and
// `get_scheduler('reduce_lr_on_plateau')` return a ReduceLROnPlateau, stepped on a metric.
#include "transformers.hpp"

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "../enums.hpp"
#include "factory_support.hpp"
#include "lrsched/families/transformers.hpp"
#include "lrsched/schedulers/reduce_lr_on_plateau.hpp"
#include "lrsched/schedulers/schedule_lr.hpp"
#include "shape_rules.hpp"

namespace lrsched::spec {

namespace {

namespace tf = lrsched::transformers;

using factory::figure;
using factory::int_arg;
using factory::integer;
using factory::last_epoch;
using factory::none;
using factory::real;
using factory::set;
using factory::text;

constexpr std::string_view kTransformersModule = "transformers.optimization";
constexpr std::string_view kPyTorchPlateau = "torch.optim.lr_scheduler.ReduceLROnPlateau";

// --- the signatures' shared parts -----------------------------------------------------------

SchedulerSignature function(std::string_view name, std::string_view summary,
                            std::vector<Parameter> parameters, std::string_view formula) {
  return {.name = name,
          .module = kTransformersModule,
          .summary = summary,
          .parameters = std::move(parameters),
          .formula = formula,
          .is_function = true,
          .module_aliases = {"transformers"}};
}

Parameter warmup_steps() {
  return {"num_warmup_steps", std::nullopt, "int", "steps of the linear warmup from 0"};
}
Parameter training_steps() {
  return {"num_training_steps", std::nullopt, "int", "total number of training steps"};
}
Parameter cosine_cycles() {
  return {"num_cycles", real(0.5), "float",
          "waves of the cosine over the decay (0.5: from the peak down to the minimum)"};
}
Parameter min_lr() {
  return {"min_lr", none(), "Optional[float]",
          "lr to decay to, divided by optimizer.defaults['lr'] (or give min_lr_rate)"};
}
Parameter min_lr_rate() {
  return {"min_lr_rate", none(), "Optional[float]",
          "lr to decay to as a ratio of the initial lr (or give min_lr)"};
}

// --- reading the arguments as Python passes them ------------------------------------------------

/// An `Optional[int]` length; an integral float gives the same numbers, as for `int_arg`.
std::optional<std::int64_t> optional_int_arg(const BoundArguments& args, std::string_view name) {
  if (args.is_none(name)) return std::nullopt;
  return int_arg(args, name);
}

/// The cosine-with-min-lr functions' `min_lr`, which upstream divides by
/// `optimizer.defaults["lr"]` (a float) once it has checked that exactly one of `min_lr` and
/// `min_lr_rate` is set: anything but a number fails that division.
std::optional<double> min_lr_arg(const BoundArguments& args) {
  const Value& v = args.value("min_lr");
  if (v.is_none() || v.is_number()) return args.get_optional_float("min_lr");
  if (!args.is_none("min_lr_rate")) {
    throw ValueError("Only one of min_lr or min_lr_rate should be set");
  }
  throw TypeError("unsupported operand type(s) for /: '" + type_name(v) + "' and 'float'");
}

/// `warmup_type` / `decay_type`: upstream compares them with its three names, so anything else,
/// a non-string too, is its "Unknown ... type" ValueError (raised by the function, in its order),
/// which shows str() of it. A SchedulerType member equal to a name is that name.
std::string ramp_shape(const Value& value) {
  static constexpr std::string_view kShapes[] = {"linear", "cosine", "1-sqrt"};
  const bool known = value.is_string() && std::find(std::begin(kShapes), std::end(kShapes),
                                                    value.as_string()) != std::end(kShapes);
  return known ? value.as_string() : str(value);
}

void set_shape(const BoundArguments& args, std::string_view name, std::string& field) {
  if (args.was_given(name)) field = ramp_shape(args.value(name));
}

/// A function upstream builds with `LambdaLR(optimizer, lr_lambda, last_epoch)`: its ScheduleLR,
/// built in place (schedulers are neither copied nor moved).
std::unique_ptr<Scheduler> on_heap(ScheduleLR* built) { return std::unique_ptr<Scheduler>(built); }

// --- the rows ---------------------------------------------------------------------------------

ScheduleEntry get_constant_schedule() {
  return {function("get_constant_schedule", "Keeps each group's lr constant.", {last_epoch()},
                   "λ(t) = 1; η_t = η₀ · λ(t)"),
          ScheduleLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            tf::ConstantScheduleOptions o;
            set(args, "last_epoch", o.last_epoch);
            return on_heap(new ScheduleLR(tf::get_constant_schedule(opt, o)));
          },
          {figure("get_constant_schedule", "transformers.get_constant_schedule()")}};
}

ScheduleEntry get_constant_schedule_with_warmup() {
  return {function("get_constant_schedule_with_warmup",
                   "Warms the lr up linearly from 0 over num_warmup_steps, then keeps it constant.",
                   {warmup_steps(), last_epoch()}, "λ(t) = t / max(1, w) for t < w, else 1"),
          ScheduleLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            tf::ConstantScheduleWithWarmupOptions o{.num_warmup_steps =
                                                        int_arg(args, "num_warmup_steps")};
            set(args, "last_epoch", o.last_epoch);
            return on_heap(new ScheduleLR(tf::get_constant_schedule_with_warmup(opt, o)));
          },
          {figure("get_constant_schedule_with_warmup",
                  "transformers.get_constant_schedule_with_warmup(num_warmup_steps=10)")}};
}

ScheduleEntry get_linear_schedule_with_warmup() {
  return {function("get_linear_schedule_with_warmup",
                   "Warms the lr up linearly, then decays it linearly to 0 at num_training_steps.",
                   {warmup_steps(), training_steps(), last_epoch()},
                   "λ(t) = t / max(1, w) for t < w, else max(0, (T − t) / max(1, T − w))"),
          ScheduleLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            tf::LinearScheduleWithWarmupOptions o{
                .num_warmup_steps = int_arg(args, "num_warmup_steps"),
                .num_training_steps = int_arg(args, "num_training_steps")};
            set(args, "last_epoch", o.last_epoch);
            return on_heap(new ScheduleLR(tf::get_linear_schedule_with_warmup(opt, o)));
          },
          {figure("get_linear_schedule_with_warmup",
                  "transformers.get_linear_schedule_with_warmup(num_warmup_steps=10, "
                  "num_training_steps=100)")}};
}

ScheduleEntry get_cosine_schedule_with_warmup() {
  return {function("get_cosine_schedule_with_warmup",
                   "Warms the lr up linearly, then decays it along a cosine to 0 at "
                   "num_training_steps (and on past it: progress is not clamped).",
                   {warmup_steps(), training_steps(), cosine_cycles(), last_epoch()},
                   "λ(t) = t / max(1, w) for t < w, else max(0, (1 + cos(π · 2c · p)) / 2), "
                   "p = (t − w) / max(1, T − w)"),
          ScheduleLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            tf::CosineScheduleWithWarmupOptions o{
                .num_warmup_steps = int_arg(args, "num_warmup_steps"),
                .num_training_steps = int_arg(args, "num_training_steps")};
            set(args, "num_cycles", o.num_cycles);
            set(args, "last_epoch", o.last_epoch);
            return on_heap(new ScheduleLR(tf::get_cosine_schedule_with_warmup(opt, o)));
          },
          {figure("get_cosine_schedule_with_warmup",
                  "transformers.get_cosine_schedule_with_warmup(num_warmup_steps=10, "
                  "num_training_steps=100)")}};
}

ScheduleEntry get_cosine_with_hard_restarts_schedule_with_warmup() {
  return {function("get_cosine_with_hard_restarts_schedule_with_warmup",
                   "Warms the lr up linearly, then decays it along num_cycles cosines, each "
                   "restarting at the peak; 0 from num_training_steps on.",
                   {warmup_steps(),
                    training_steps(),
                    {"num_cycles", integer(1), "int", "number of hard restarts (cosine decays)"},
                    last_epoch()},
                   "λ(t) = t / max(1, w) for t < w; 0 for p ≥ 1; else (1 + cos(π · ((c · p) mod "
                   "1))) / 2, p = (t − w) / max(1, T − w)"),
          ScheduleLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            tf::CosineWithHardRestartsScheduleWithWarmupOptions o{
                .num_warmup_steps = int_arg(args, "num_warmup_steps"),
                .num_training_steps = int_arg(args, "num_training_steps")};
            set(args, "num_cycles", o.num_cycles);  // used as float(num_cycles) upstream
            set(args, "last_epoch", o.last_epoch);
            return on_heap(
                new ScheduleLR(tf::get_cosine_with_hard_restarts_schedule_with_warmup(opt, o)));
          },
          {figure("get_cosine_with_hard_restarts_schedule_with_warmup",
                  "transformers.get_cosine_with_hard_restarts_schedule_with_warmup("
                  "num_warmup_steps=10, num_training_steps=100, num_cycles=3)")}};
}

ScheduleEntry get_polynomial_decay_schedule_with_warmup() {
  return {function(
              "get_polynomial_decay_schedule_with_warmup",
              "Warms the lr up linearly, then decays it polynomially from optimizer.defaults['lr'] "
              "to lr_end at num_training_steps (every group by the same factor).",
              {warmup_steps(),
               training_steps(),
               {"lr_end", real(1e-7), "float",
                "lr at the end of the decay (below optimizer.defaults['lr'])"},
               {"power", real(1.0), "float", "power of the polynomial"},
               last_epoch()},
              "λ(t) = t / max(1, w) for t < w; ((η₀ − η_end) · (1 − (t − w) / (T − w))^power + "
              "η_end) / η₀ for t ≤ T; η_end / η₀ after (η₀ = optimizer.defaults['lr'])"),
          ScheduleLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            tf::PolynomialDecayScheduleWithWarmupOptions o{
                .num_warmup_steps = int_arg(args, "num_warmup_steps"),
                .num_training_steps = int_arg(args, "num_training_steps")};
            set(args, "lr_end", o.lr_end);
            // Upstream's first check, with the int of an int lr_end printed as Python prints it.
            if (args.is_int("lr_end") && !(opt.default_lr() > o.lr_end)) {
              throw ValueError("lr_end (" + repr(args.value("lr_end")) +
                               ") must be smaller than initial lr (" +
                               float_repr(opt.default_lr()) + ")");
            }
            set(args, "power", o.power);
            set(args, "last_epoch", o.last_epoch);
            return on_heap(new ScheduleLR(tf::get_polynomial_decay_schedule_with_warmup(opt, o)));
          },
          {figure("get_polynomial_decay_schedule_with_warmup",
                  "transformers.get_polynomial_decay_schedule_with_warmup(num_warmup_steps=10, "
                  "num_training_steps=100, lr_end=1e-3, power=2.0)")}};
}

ScheduleEntry get_inverse_sqrt_schedule() {
  return {function("get_inverse_sqrt_schedule",
                   "Warms the lr up linearly, then decays it with the inverse square root of the "
                   "step.",
                   {warmup_steps(),
                    {"timescale", none(), "Optional[int]",
                     "steps for the decay to reach 1/sqrt(2) of the peak (None: num_warmup_steps "
                     "or 10000)"},
                    last_epoch()},
                   "λ(t) = t / max(1, w) for t < w, else 1 / sqrt((t + τ − w) / τ), τ = "
                   "timescale or w or 10000"),
          ScheduleLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            tf::InverseSqrtScheduleOptions o{.num_warmup_steps = int_arg(args, "num_warmup_steps")};
            o.timescale = optional_int_arg(args, "timescale");
            set(args, "last_epoch", o.last_epoch);
            return on_heap(new ScheduleLR(tf::get_inverse_sqrt_schedule(opt, o)));
          },
          {figure("get_inverse_sqrt_schedule",
                  "transformers.get_inverse_sqrt_schedule(num_warmup_steps=10)")}};
}

// One schedule as five libraries write it: a linear warmup to 0.1 over 10 steps, then a cosine
// to 0.001 at step 100 (docs/families.md tabulates where they differ). The row's own curve comes
// first: the registry tests read a figure's first curve as the row's.
Example warmup_cosine_in_five_libraries() {
  Example e;
  e.stem = "warmup_cosine_in_five_libraries";
  e.caption = "Warmup then cosine to a floor, in five libraries";
  e.title = "warmup 10 steps, cosine to 0.001 at step 100";
  e.curves = {
      {"transformers.get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=10, "
       "num_training_steps=100, min_lr=0.001)",
       "transformers", false},
      {"SequentialLR([LinearLR(start_factor=1e-8, total_iters=10), "
       "CosineAnnealingLR(T_max=90, eta_min=0.001)], milestones=[10])",
       "PyTorch SequentialLR", false},
      {"timm.scheduler.CosineLRScheduler(t_initial=90, lr_min=0.001, warmup_t=10, "
       "warmup_lr_init=0.0, warmup_prefix=True)",
       "timm", false},
      {"optax.warmup_cosine_decay_schedule(init_value=0.0, peak_value=0.1, warmup_steps=10, "
       "decay_steps=100, end_value=0.001)",
       "Optax", false},
      {"keras.optimizers.schedules.CosineDecay(0.0, decay_steps=90, alpha=0.01, "
       "warmup_target=0.1, warmup_steps=10)",
       "Keras", false}};
  return e;
}

ScheduleEntry get_cosine_with_min_lr_schedule_with_warmup() {
  return {function("get_cosine_with_min_lr_schedule_with_warmup",
                   "Warms the lr up linearly, then decays it along a cosine to a minimum lr "
                   "(exactly one of min_lr and min_lr_rate).",
                   {warmup_steps(), training_steps(), cosine_cycles(), last_epoch(), min_lr(),
                    min_lr_rate()},
                   "λ(t) = t / max(1, w) for t < w, else max(0, f · (1 − r) + r), f = (1 + cos(π "
                   "· 2c · p)) / 2, p = (t − w) / max(1, T − w), r = min_lr_rate or min_lr / "
                   "optimizer.defaults['lr']"),
          ScheduleLR::kStepping,
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            tf::CosineWithMinLrScheduleWithWarmupOptions o{
                .num_warmup_steps = int_arg(args, "num_warmup_steps"),
                .num_training_steps = int_arg(args, "num_training_steps")};
            set(args, "num_cycles", o.num_cycles);
            set(args, "last_epoch", o.last_epoch);
            o.min_lr = min_lr_arg(args);
            set(args, "min_lr_rate", o.min_lr_rate);
            return on_heap(new ScheduleLR(tf::get_cosine_with_min_lr_schedule_with_warmup(opt, o)));
          },
          {figure("get_cosine_with_min_lr_schedule_with_warmup",
                  "transformers.get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=10, "
                  "num_training_steps=100, min_lr_rate=0.1)"),
           warmup_cosine_in_five_libraries()}};
}

ScheduleEntry get_cosine_with_min_lr_schedule_with_warmup_lr_rate() {
  return {
      function("get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
               "The cosine with a minimum lr, one step ahead, with a warmup that may start at "
               "warmup_lr_rate.",
               {warmup_steps(),
                training_steps(),
                cosine_cycles(),
                last_epoch(),
                min_lr(),
                min_lr_rate(),
                {"warmup_lr_rate", none(), "Optional[float]",
                 "factor the warmup starts at (None: 1 / num_warmup_steps)"}},
               "λ(t) = (t + 1) / max(1, w) for t < w (with warmup_lr_rate a: a + (1 − a) · t / "
               "max(1, w − 1)), else max(0, f · (1 − r) + r), f = (1 + cos(π · 2c · p)) / 2, p = "
               "(t − w + 1) / max(1, T − w), r = min_lr_rate or min_lr / "
               "optimizer.defaults['lr']"),
      ScheduleLR::kStepping,
      [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
        tf::CosineWithMinLrScheduleWithWarmupLrRateOptions o{
            .num_warmup_steps = int_arg(args, "num_warmup_steps"),
            .num_training_steps = int_arg(args, "num_training_steps")};
        set(args, "num_cycles", o.num_cycles);
        set(args, "last_epoch", o.last_epoch);
        o.min_lr = min_lr_arg(args);
        set(args, "min_lr_rate", o.min_lr_rate);
        set(args, "warmup_lr_rate", o.warmup_lr_rate);
        return on_heap(
            new ScheduleLR(tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(opt, o)));
      },
      {figure("get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
              "transformers.get_cosine_with_min_lr_schedule_with_warmup_lr_rate("
              "num_warmup_steps=10, num_training_steps=100, min_lr_rate=0.1, "
              "warmup_lr_rate=0.01)")}};
}

ScheduleEntry get_wsd_schedule() {
  return {
      function("get_wsd_schedule",
               "Warmup-stable-decay: warms the lr up, holds it, then decays it to min_lr_ratio.",
               {{"num_warmup_steps", std::nullopt, "int", "steps of the warmup"},
                {"num_decay_steps", std::nullopt, "int", "steps of the decay"},
                {"num_training_steps", none(), "Optional[int]",
                 "total steps; the stable phase is what warmup and decay leave of it"},
                {"num_stable_steps", none(), "Optional[int]",
                 "steps at the peak (wins over num_training_steps)"},
                {"warmup_type", text("linear"), "str",
                 "shape of the warmup: 'linear', 'cosine', '1-sqrt'"},
                {"decay_type", text("cosine"), "str",
                 "shape of the decay: 'linear', 'cosine', '1-sqrt'"},
                {"min_lr_ratio", integer(0), "float",
                 "factor the warmup starts at and the decay ends at"},
                {"num_cycles", real(0.5), "float", "waves of the cosine decay"},
                last_epoch()},
               "warmup over w steps from min_lr_ratio to 1 (linear, cosine or 1-sqrt), 1 for "
               "num_stable_steps, decay over num_decay_steps to min_lr_ratio, then min_lr_ratio"),
      ScheduleLR::kStepping,
      [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
        tf::WsdScheduleOptions o{.num_warmup_steps = int_arg(args, "num_warmup_steps"),
                                 .num_decay_steps = int_arg(args, "num_decay_steps")};
        o.num_training_steps = optional_int_arg(args, "num_training_steps");
        o.num_stable_steps = optional_int_arg(args, "num_stable_steps");
        set_shape(args, "warmup_type", o.warmup_type);
        set_shape(args, "decay_type", o.decay_type);
        set(args, "min_lr_ratio", o.min_lr_ratio);
        set(args, "num_cycles", o.num_cycles);
        set(args, "last_epoch", o.last_epoch);
        return on_heap(new ScheduleLR(tf::get_wsd_schedule(opt, o)));
      },
      {figure("get_wsd_schedule",
              "transformers.get_wsd_schedule(num_warmup_steps=10, num_decay_steps=30, "
              "num_training_steps=100, min_lr_ratio=0.1)")},
      {.length = shape::warmup_stable_decay}};
}

ScheduleEntry get_reduce_on_plateau_schedule() {
  Example plateau = figure("get_reduce_on_plateau_schedule",
                           "transformers.get_reduce_on_plateau_schedule(patience=5)");
  plateau.metric = "max(0.3, 1 - step / 40) + 0.02 * math.sin(step)";
  SchedulerSignature signature =
      function("get_reduce_on_plateau_schedule",
               "ReduceLROnPlateau(optimizer, **kwargs): reduces the lr when a metric stops "
               "improving; stepped on the metric.",
               {},
               "ReduceLROnPlateau's, with its keyword arguments (mode, factor, patience, "
               "threshold, threshold_mode, cooldown, min_lr, eps)");
  signature.takes_kwargs = true;
  return {std::move(signature),
          ReduceLROnPlateau::kStepping,
          // `ReduceLROnPlateau(optimizer, **kwargs)`: the keywords go to PyTorch's row, whose
          // signature, type checks and factory they meet there.
          [](const BoundArguments& args, OptimizerView& opt) -> std::unique_ptr<Scheduler> {
            Call call;
            call.name = "ReduceLROnPlateau";
            call.keywords = args.extra_keywords();
            const ScheduleEntry& row = *find_schedule(kPyTorchPlateau);
            return row.build(bind_arguments(call, row.signature), opt);
          },
          {std::move(plateau)},
          {.staircase = shape::always}};
}

// --- get_scheduler ------------------------------------------------------------------------------

/// The function `get_scheduler` calls for `type`.
std::string_view function_of(tf::SchedulerType type) {
  switch (type) {
    case tf::SchedulerType::linear:
      return "get_linear_schedule_with_warmup";
    case tf::SchedulerType::cosine:
      return "get_cosine_schedule_with_warmup";
    case tf::SchedulerType::cosine_with_restarts:
      return "get_cosine_with_hard_restarts_schedule_with_warmup";
    case tf::SchedulerType::polynomial:
      return "get_polynomial_decay_schedule_with_warmup";
    case tf::SchedulerType::constant:
      return "get_constant_schedule";
    case tf::SchedulerType::constant_with_warmup:
      return "get_constant_schedule_with_warmup";
    case tf::SchedulerType::inverse_sqrt:
      return "get_inverse_sqrt_schedule";
    case tf::SchedulerType::reduce_on_plateau:
      return "get_reduce_on_plateau_schedule";
    case tf::SchedulerType::cosine_with_min_lr:
      return "get_cosine_with_min_lr_schedule_with_warmup";
    case tf::SchedulerType::cosine_warmup_with_min_lr:
      return "get_cosine_with_min_lr_schedule_with_warmup_lr_rate";
    case tf::SchedulerType::warmup_stable_decay:
      return "get_wsd_schedule";
  }
  return "";
}

/// Python's binding of `function(optimizer, <passed>=..., **kwargs)`, in its order: the call
/// site's merge (a key also passed explicitly), then the keywords in the dict's order (the
/// optimizer given twice, a keyword the function does not take). `taker` is the signature whose
/// keywords they are: the function's, or ReduceLROnPlateau's, to which
/// get_reduce_on_plateau_schedule forwards them (`forwarded`) once it has bound its own.
std::vector<KeywordArgument> keywords_for(const Dict& kwargs, std::string_view function,
                                          std::initializer_list<std::string_view> passed,
                                          const SchedulerSignature& taker, bool forwarded) {
  std::vector<KeywordArgument> keywords;
  for (const DictItem& item : kwargs.items) {
    if (!item.key.is_string()) throw TypeError("keywords must be strings");
    const std::string key = str(item.key);  // Python names a keyword by str()
    if (std::find(passed.begin(), passed.end(), key) != passed.end()) {
      throw TypeError(std::string(kTransformersModule) + "." + std::string(function) +
                      "() got multiple values for keyword argument '" + key + "'");
    }
    keywords.push_back({key, item.key.offset, item.value});
  }
  const auto twice = [&](const KeywordArgument& k) {
    if (k.name == "optimizer") {
      throw TypeError(std::string(function) + "() got multiple values for argument 'optimizer'");
    }
  };
  if (forwarded) std::for_each(keywords.begin(), keywords.end(), twice);
  const std::string taker_name =
      std::string(taker.name) + (taker.is_function ? "()" : ".__init__()");
  for (const KeywordArgument& k : keywords) {
    if (!forwarded) twice(k);
    const auto& p = taker.parameters;
    if (std::none_of(p.begin(), p.end(), [&](const Parameter& q) { return q.name == k.name; })) {
      throw TypeError(taker_name + " got an unexpected keyword argument '" + k.name + "'");
    }
  }
  return keywords;
}

/// Every keyword of SchedulerSpecificKwargs, None by default: the signature a checked dict's items
/// are bound to, for the getters' type checks.
const SchedulerSignature& specific_kwargs_signature() {
  static const SchedulerSignature signature = [] {
    SchedulerSignature s{
        .name = "get_scheduler", .module = kTransformersModule, .is_function = true};
    for (const char* name : {"num_cycles",      "last_epoch",
                             "lr_end",          "power",
                             "timescale",       "min_lr",
                             "min_lr_rate",     "warmup_lr_rate",
                             "num_decay_steps", "num_stable_steps",
                             "warmup_type",     "decay_type",
                             "min_lr_ratio",    "mode",
                             "factor",          "patience",
                             "threshold",       "threshold_mode",
                             "cooldown",        "eps"}) {
      s.parameters.push_back({name, none(), "object", "a scheduler_specific_kwargs key"});
    }
    return s;
  }();
  return signature;
}

template <class T>
void set_optional(const BoundArguments& args, std::string_view name, std::optional<T>& field) {
  if (args.is_none(name)) return;
  if constexpr (std::is_same_v<T, double>) {
    field = args.get_float(name);
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    field = int_arg(args, name);
  } else if constexpr (std::is_same_v<T, PerGroup>) {
    field = factory::per_group(args, name);
  } else {
    field = args.get_string(name);
  }
}

tf::SchedulerSpecificKwargs specific_kwargs(std::vector<KeywordArgument> keywords) {
  Call call;
  call.name = "get_scheduler";
  call.keywords = std::move(keywords);
  const BoundArguments args = bind_arguments(call, specific_kwargs_signature());
  tf::SchedulerSpecificKwargs k;
  set_optional(args, "num_cycles", k.num_cycles);
  set_optional(args, "last_epoch", k.last_epoch);
  set_optional(args, "lr_end", k.lr_end);
  set_optional(args, "power", k.power);
  set_optional(args, "timescale", k.timescale);
  set_optional(args, "min_lr", k.min_lr);
  set_optional(args, "min_lr_rate", k.min_lr_rate);
  set_optional(args, "warmup_lr_rate", k.warmup_lr_rate);
  set_optional(args, "num_decay_steps", k.num_decay_steps);
  set_optional(args, "num_stable_steps", k.num_stable_steps);
  // As get_wsd_schedule's own arguments (set_shape): upstream compares them with its names.
  if (!args.is_none("warmup_type")) k.warmup_type = ramp_shape(args.value("warmup_type"));
  if (!args.is_none("decay_type")) k.decay_type = ramp_shape(args.value("decay_type"));
  set_optional(args, "min_lr_ratio", k.min_lr_ratio);
  set_optional(args, "mode", k.mode);
  set_optional(args, "factor", k.factor);
  set_optional(args, "patience", k.patience);
  set_optional(args, "threshold", k.threshold);
  set_optional(args, "threshold_mode", k.threshold_mode);
  set_optional(args, "cooldown", k.cooldown);
  set_optional(args, "eps", k.eps);
  return k;
}

std::unique_ptr<Scheduler> build_get_scheduler(const BoundArguments& args, OptimizerView& opt) {
  const tf::SchedulerType type = scheduler_type(args.value("name"));  // `SchedulerType(name)`
  tf::GetSchedulerOptions o;
  o.num_warmup_steps = optional_int_arg(args, "num_warmup_steps");
  o.num_training_steps = optional_int_arg(args, "num_training_steps");
  // Where upstream calls the function with `**scheduler_specific_kwargs`, the dict's keys are
  // checked as Python binds them; elsewhere (constant, constant_with_warmup, inverse_sqrt, and
  // before a missing length's ValueError) the dict is not looked at.
  const bool reduce = type == tf::SchedulerType::reduce_on_plateau;
  const bool wsd = type == tf::SchedulerType::warmup_stable_decay;
  const bool takes_kwargs =
      reduce || (o.num_warmup_steps &&
                 (wsd || (o.num_training_steps && type != tf::SchedulerType::constant_with_warmup &&
                          type != tf::SchedulerType::inverse_sqrt)));
  if (takes_kwargs && type != tf::SchedulerType::constant &&
      !args.is_none("scheduler_specific_kwargs")) {
    const std::string_view function = function_of(type);
    const Value& given = args.value("scheduler_specific_kwargs");
    if (!given.is_dict()) {
      throw TypeError(std::string(kTransformersModule) + "." + std::string(function) +
                      "() argument after ** must be a mapping, not " + type_name(given));
    }
    const Dict& kwargs = args.get_dict("scheduler_specific_kwargs");
    std::vector<KeywordArgument> keywords =
        reduce ? keywords_for(kwargs, function, {}, find_schedule(kPyTorchPlateau)->signature, true)
               : keywords_for(
                     kwargs, function, {"num_warmup_steps", "num_training_steps"},
                     find_schedule(std::string(kTransformersModule) + "." + std::string(function))
                         ->signature,
                     false);
    o.scheduler_specific_kwargs = specific_kwargs(std::move(keywords));
  }
  return tf::get_scheduler(type, opt, std::move(o));
}

ScheduleEntry get_scheduler() {
  SchedulerSignature signature = function(
      "get_scheduler",
      "The schedule function of a name (a SchedulerType value such as 'linear' or 'cosine'), "
      "called with the lengths and keyword arguments that function takes.",
      {{"name", std::nullopt, "Union[str, SchedulerType]",
        "'linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant', "
        "'constant_with_warmup', 'inverse_sqrt', 'reduce_lr_on_plateau', 'cosine_with_min_lr', "
        "'cosine_warmup_with_min_lr' or 'warmup_stable_decay'"},
       {"num_warmup_steps", none(), "Optional[int]",
        "warmup steps, for the names whose function takes them"},
       {"num_training_steps", none(), "Optional[int]",
        "training steps, for the names whose function takes them"},
       {"scheduler_specific_kwargs", none(), "Optional[dict]",
        "further keyword arguments of the function (ReduceLROnPlateau's for "
        "'reduce_lr_on_plateau'); constant, constant_with_warmup and inverse_sqrt drop them"}},
      "the named function's: linear → get_linear_schedule_with_warmup, cosine → "
      "get_cosine_schedule_with_warmup, cosine_with_restarts → "
      "get_cosine_with_hard_restarts_schedule_with_warmup, polynomial → "
      "get_polynomial_decay_schedule_with_warmup, constant(_with_warmup), inverse_sqrt, "
      "reduce_lr_on_plateau (stepped on a metric), cosine_with_min_lr, "
      "cosine_warmup_with_min_lr → ..._lr_rate, warmup_stable_decay → get_wsd_schedule");
  signature.optimizer_first = false;
  signature.optimizer_index = 1;
  Example compared;
  compared.stem = "transformers_get_scheduler";
  compared.caption = "transformers' warmup schedules by their get_scheduler names";
  compared.title = "get_scheduler";
  for (const char* name : {"linear", "cosine", "polynomial", "inverse_sqrt"}) {
    const std::string spec = std::string("transformers.get_scheduler('") + name +
                             "', num_warmup_steps=10, num_training_steps=100" +
                             (std::string_view(name) == "polynomial"
                                  ? ", scheduler_specific_kwargs={'lr_end': 1e-3, 'power': 2.0})"
                                  : ")");
    compared.curves.push_back({spec, name, false});
  }
  compared.curves.push_back(
      {"transformers.get_scheduler('warmup_stable_decay', num_warmup_steps=10, "
       "num_training_steps=100, scheduler_specific_kwargs={'num_decay_steps': 30})",
       "warmup_stable_decay", false});
  return {std::move(signature),
          ScheduleLR::kStepping,
          build_get_scheduler,
          {figure("get_scheduler",
                  "transformers.get_scheduler('cosine', num_warmup_steps=10, "
                  "num_training_steps=100)"),
           std::move(compared)}};
}

}  // namespace

std::vector<ScheduleEntry> transformers_schedules() {
  std::vector<ScheduleEntry> rows;
  for (auto* row :
       {get_constant_schedule, get_constant_schedule_with_warmup, get_linear_schedule_with_warmup,
        get_cosine_schedule_with_warmup, get_cosine_with_hard_restarts_schedule_with_warmup,
        get_polynomial_decay_schedule_with_warmup, get_inverse_sqrt_schedule,
        get_cosine_with_min_lr_schedule_with_warmup,
        get_cosine_with_min_lr_schedule_with_warmup_lr_rate, get_wsd_schedule,
        get_reduce_on_plateau_schedule, get_scheduler}) {
    ScheduleEntry entry = row();
    // What all of transformers' schedules share: Trainer steps them after every optimizer step,
    // and those that take num_training_steps end there (unless their row says otherwise).
    entry.shape.per_batch = true;
    const auto& parameters = entry.signature.parameters;
    if (!entry.shape.length &&
        std::any_of(parameters.begin(), parameters.end(),
                    [](const Parameter& p) { return p.name == "num_training_steps"; })) {
      entry.shape.length = shape::argument_plus_one("num_training_steps");
    }
    rows.push_back(std::move(entry));
  }
  return rows;
}

}  // namespace lrsched::spec
