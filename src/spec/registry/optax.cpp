// The rows of Optax's schedules (`optax.schedules`, imported as `optax`): the 14 functions in the
// order of Optax's `_schedule.py` and `_join.py`. Each is a pure schedule: the spec language
// drives every param group's lr with its value (a ScheduleLR in absolute mode named after the
// row), and join_schedules nests other rows' schedules.
#include "optax.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "factory_support.hpp"
#include "lrsched/families/optax.hpp"
#include "lrsched/schedulers/schedule_lr.hpp"
#include "lrsched/spec/build.hpp"
#include "shape_rules.hpp"

namespace lrsched::spec {

namespace {

using factory::boolean;
using factory::int_arg;
using factory::integer;
using factory::none;
using factory::real;
using factory::set;

constexpr std::string_view kOptaxModule = "optax.schedules";
constexpr std::string_view kArrayLike = "jax.typing.ArrayLike";
constexpr std::string_view kOptionalArrayLike = "Optional[jax.typing.ArrayLike]";
constexpr std::string_view kScalesText = "Optional[dict[int, float]]";

SchedulerSignature optax_signature(std::string_view name, std::string_view summary,
                                   std::vector<Parameter> parameters, std::string_view formula) {
  return {.name = name,
          .module = kOptaxModule,
          .summary = summary,
          .parameters = std::move(parameters),
          .optimizer_first = false,
          .formula = formula,
          .is_function = true,
          .module_aliases = {"optax"}};
}

// The row's own gallery figure: lr 0.1 (which the schedule does not read) and 100 steps.
Example optax_figure(const std::string& name, std::string spec) {
  return factory::figure(name, std::move(spec), "optax." + name);
}

ScheduleEntry optax_row(SchedulerSignature signature, Example example, ScheduleFactory schedule,
                        ScheduleShape shape = {}) {
  shape.per_batch = true;  // a function of the optimizer's step count, as Optax uses it
  return {.signature = std::move(signature),
          .stepping = ScheduleLR::kStepping,
          .build = nullptr,
          .examples = {std::move(example)},
          .shape = std::move(shape),
          .schedule = schedule};
}

// `boundaries_and_scales`: None, or a dict of int boundaries (an integral float key is the same
// dict key in Python) to numeric scales.
optax::BoundariesAndScales boundaries_and_scales(const BoundArguments& args) {
  constexpr std::string_view kName = "boundaries_and_scales";
  if (args.is_none(kName)) return {};
  optax::BoundariesAndScales pairs;
  for (const DictItem& item : args.get_dict(kName).items) {
    const Value& key = item.key;
    std::int64_t boundary = 0;
    if (key.is_int()) {
      boundary = key.as_int();
    } else if (key.is_float() && std::isfinite(key.as_double()) &&
               key.as_double() == std::floor(key.as_double()) &&
               std::fabs(key.as_double()) < 9.0e15) {
      boundary = static_cast<std::int64_t>(key.as_double());
    } else {
      throw TypeError(std::string(args.signature().name) + "(): " + std::string(kName) +
                      " keys must be int boundaries, not " + repr(key));
    }
    if (!item.value.is_number()) {
      throw TypeError(std::string(args.signature().name) + "(): " + std::string(kName) +
                      " values must be numbers, not " + type_name(item.value));
    }
    pairs.emplace_back(boundary, item.value.as_double());
  }
  return pairs;
}

// `peak_value / div_factor` of the onecycle schedules: Python's int division by zero reads
// "division by zero" (the C++ Options hold doubles, whose division reads "float division by
// zero"). Checked after `transition_steps`, as Optax's order is.
void check_int_division(const BoundArguments& args, std::int64_t transition_steps) {
  if (transition_steps > 0 && args.is_int("peak_value") && args.is_int("div_factor") &&
      args.value("div_factor").as_int() == 0) {
    throw ZeroDivisionError("division by zero");
  }
}

// A schedule as join_schedules takes it: a call of a pure-schedule row, or a lambda of the count.
schedules::Schedule as_schedule(const Value& item) {
  if (item.is_call()) return build_schedule(std::get<Call>(item.data));
  if (item.is_lambda()) {
    return schedules::Schedule(factory::to_function(std::get<Lambda>(item.data)));
  }
  throw TypeError("'" + type_name(item) + "' object is not callable");
}

std::string python_type(const Value& v) {
  return v.is_call() || v.is_lambda() ? "function" : type_name(v);
}

ScheduleEntry constant_schedule() {
  return optax_row(optax_signature("constant_schedule", "Holds a value constant throughout.",
                                   {{"value", std::nullopt, kArrayLike, "the value at every step"}},
                                   "v(t) = value"),
                   optax_figure("constant_schedule", "optax.constant_schedule(0.1)"),
                   [](const BoundArguments& args) {
                     return optax::constant_schedule({.value = args.get_float("value")});
                   });
}

ScheduleEntry polynomial_schedule() {
  return optax_row(
      optax_signature(
          "polynomial_schedule",
          "Moves polynomially from init_value to end_value over transition_steps, starting at "
          "transition_begin.",
          {{"init_value", std::nullopt, kArrayLike, "value up to transition_begin"},
           {"end_value", std::nullopt, kArrayLike, "value from the end of the transition on"},
           {"power", std::nullopt, kArrayLike, "power of the polynomial"},
           {"transition_steps", std::nullopt, "int",
            "steps of the transition (<= 0: init_value throughout)"},
           {"transition_begin", integer(0), "int", "steps held at init_value before it"}},
          "t′ = clip(t − transition_begin, 0, transition_steps); v(t) = (init − end) · "
          "(1 − t′ / transition_steps)^power + end"),
      optax_figure("polynomial_schedule",
                   "optax.polynomial_schedule(init_value=0.1, end_value=0.001, power=2, "
                   "transition_steps=80, transition_begin=10)"),
      [](const BoundArguments& args) {
        optax::PolynomialScheduleOptions o{.init_value = args.get_float("init_value"),
                                           .end_value = args.get_float("end_value"),
                                           .power = args.get_float("power"),
                                           .transition_steps = int_arg(args, "transition_steps")};
        set(args, "transition_begin", o.transition_begin);
        return optax::polynomial_schedule(o);
      },
      {.length = shape::sum_plus_one("transition_steps", "transition_begin")});
}

ScheduleEntry linear_schedule() {
  return optax_row(
      optax_signature(
          "linear_schedule",
          "Moves linearly from init_value to end_value over transition_steps, starting at "
          "transition_begin.",
          {{"init_value", std::nullopt, kArrayLike, "value up to transition_begin"},
           {"end_value", std::nullopt, kArrayLike, "value from the end of the ramp on"},
           {"transition_steps", std::nullopt, "int",
            "steps of the ramp (<= 0: init_value throughout)"},
           {"transition_begin", integer(0), "int", "steps held at init_value before it"}},
          "t′ = clip(t − transition_begin, 0, transition_steps); v(t) = (init − end) · "
          "(1 − t′ / transition_steps) + end"),
      optax_figure("linear_schedule",
                   "optax.linear_schedule(init_value=0.1, end_value=0.001, transition_steps=80)"),
      [](const BoundArguments& args) {
        optax::LinearScheduleOptions o{.init_value = args.get_float("init_value"),
                                       .end_value = args.get_float("end_value"),
                                       .transition_steps = int_arg(args, "transition_steps")};
        set(args, "transition_begin", o.transition_begin);
        return optax::linear_schedule(o);
      },
      {.length = shape::sum_plus_one("transition_steps", "transition_begin")});
}

ScheduleEntry piecewise_constant_schedule() {
  return optax_row(
      optax_signature("piecewise_constant_schedule",
                      "Multiplies init_value by each scale from its boundary step on.",
                      {{"init_value", std::nullopt, kArrayLike, "value before the first boundary"},
                       {"boundaries_and_scales", none(), kScalesText,
                        "{step: scale}: scale multiplies the value from step on (scales >= 0)"}},
                      "v(t) = init · Π scale_b over the boundaries b ≤ t"),
      optax_figure("piecewise_constant_schedule",
                   "optax.piecewise_constant_schedule(init_value=0.1, "
                   "boundaries_and_scales={30: 0.1, 80: 0.1})"),
      [](const BoundArguments& args) {
        return optax::piecewise_constant_schedule(
            {.init_value = args.get_float("init_value"),
             .boundaries_and_scales = boundaries_and_scales(args)});
      },
      {.staircase = shape::always});
}

ScheduleEntry exponential_decay() {
  return optax_row(
      optax_signature(
          "exponential_decay",
          "Decays init_value by decay_rate every transition_steps, continuously or in stairs, "
          "from transition_begin on.",
          {{"init_value", std::nullopt, kArrayLike, "value up to transition_begin"},
           {"transition_steps", std::nullopt, "int",
            "steps per factor of decay_rate (<= 0: init_value throughout)"},
           {"decay_rate", std::nullopt, "float", "factor per transition_steps (0: constant)"},
           {"transition_begin", integer(0), "int", "steps held at init_value before the decay"},
           {"staircase", boolean(false), "bool", "floor the exponent: decay in discrete steps"},
           {"end_value", none(), kOptionalArrayLike,
            "lower bound if decay_rate < 1, else upper bound; None: unbounded"}},
          "v(t) = init · decay_rate^((t − transition_begin) / transition_steps) for t > "
          "transition_begin (exponent floored with staircase), else init; clipped at end_value"),
      optax_figure("exponential_decay",
                   "optax.exponential_decay(init_value=0.1, transition_steps=20, decay_rate=0.5, "
                   "transition_begin=10, end_value=0.01)"),
      [](const BoundArguments& args) {
        optax::ExponentialDecayOptions o{.init_value = args.get_float("init_value"),
                                         .transition_steps = int_arg(args, "transition_steps"),
                                         .decay_rate = args.get_float("decay_rate")};
        set(args, "transition_begin", o.transition_begin);
        set(args, "staircase", o.staircase);
        set(args, "end_value", o.end_value);
        return optax::exponential_decay(o);
      },
      {.staircase = shape::staircase_argument});
}

ScheduleEntry cosine_decay_schedule() {
  return optax_row(
      optax_signature(
          "cosine_decay_schedule",
          "Half a cosine from init_value to alpha * init_value over decay_steps, then held.",
          {{"init_value", std::nullopt, kArrayLike, "value at step 0"},
           {"decay_steps", std::nullopt, "int", "steps of the decay (> 0)"},
           {"alpha", real(0.0), kArrayLike, "final value as a fraction of init_value"},
           {"exponent", real(1.0), kArrayLike, "power applied to the cosine factor"}},
          "t′ = min(t, decay_steps); v(t) = init · ((1 − α) · (½ (1 + cos(π t′ / "
          "decay_steps)))^exponent + α)"),
      optax_figure("cosine_decay_schedule",
                   "optax.cosine_decay_schedule(init_value=0.1, decay_steps=80, alpha=0.01)"),
      [](const BoundArguments& args) {
        optax::CosineDecayScheduleOptions o{.init_value = args.get_float("init_value"),
                                            .decay_steps = int_arg(args, "decay_steps")};
        set(args, "alpha", o.alpha);
        set(args, "exponent", o.exponent);
        return optax::cosine_decay_schedule(o);
      },
      {.length = shape::argument_plus_one("decay_steps")});
}

ScheduleEntry piecewise_interpolate_schedule() {
  return optax_row(
      optax_signature(
          "piecewise_interpolate_schedule",
          "Interpolates (linearly or along a cosine) between the accumulated scaled values "
          "at the boundaries.",
          {{"interpolate_type", std::nullopt, "str", "'linear' or 'cosine'"},
           {"init_value", std::nullopt, kArrayLike, "value at step 0"},
           {"boundaries_and_scales", none(), kScalesText,
            "{step: scale}: the value reaches the running product times init at step"}},
          "between boundaries b_i < b_{i+1}: interpolate from init · Π_{j≤i} s_j to init · "
          "Π_{j≤i+1} s_j; the last value from the last boundary on"),
      optax_figure(
          "piecewise_interpolate_schedule",
          "optax.piecewise_interpolate_schedule(interpolate_type='cosine', init_value=0.1, "
          "boundaries_and_scales={30: 0.5, 60: 0.2})"),
      [](const BoundArguments& args) {
        return optax::piecewise_interpolate_schedule(
            {.interpolate_type = args.get_string("interpolate_type"),
             .init_value = args.get_float("init_value"),
             .boundaries_and_scales = boundaries_and_scales(args)});
      });
}

ScheduleEntry linear_onecycle_schedule() {
  return optax_row(
      optax_signature(
          "linear_onecycle_schedule",
          "The 1cycle policy in three linear phases: up to peak_value, back to the start, then "
          "far below.",
          {{"transition_steps", std::nullopt, "int", "length of the cycle (> 0)"},
           {"peak_value", std::nullopt, kArrayLike, "value at the top of the cycle"},
           {"pct_start", real(0.3), "float", "fraction of the cycle spent rising"},
           {"pct_final", real(0.85), "float", "fraction of the cycle at which the fall ends"},
           {"div_factor", real(25.0), "float", "initial value = peak_value / div_factor"},
           {"final_div_factor", real(1e4), "float",
            "final value = initial value / final_div_factor"}},
          "piecewise_interpolate_schedule('linear', peak / div, {int(pct_start · T): div, "
          "int(pct_final · T): 1 / div, T: 1 / final_div})"),
      optax_figure("linear_onecycle_schedule",
                   "optax.linear_onecycle_schedule(transition_steps=100, peak_value=0.1)"),
      [](const BoundArguments& args) {
        optax::LinearOnecycleScheduleOptions o{
            .transition_steps = int_arg(args, "transition_steps"),
            .peak_value = args.get_float("peak_value")};
        check_int_division(args, o.transition_steps);
        set(args, "pct_start", o.pct_start);
        set(args, "pct_final", o.pct_final);
        set(args, "div_factor", o.div_factor);
        set(args, "final_div_factor", o.final_div_factor);
        return optax::linear_onecycle_schedule(o);
      },
      {.length = shape::argument_plus_one("transition_steps")});
}

ScheduleEntry cosine_onecycle_schedule() {
  return optax_row(
      optax_signature(
          "cosine_onecycle_schedule",
          "The 1cycle policy along cosines: up to peak_value, then far below the start.",
          {{"transition_steps", std::nullopt, "int", "length of the cycle (> 0)"},
           {"peak_value", std::nullopt, kArrayLike, "value at the top of the cycle"},
           {"pct_start", real(0.3), "float", "fraction of the cycle spent rising"},
           {"div_factor", real(25.0), "float", "initial value = peak_value / div_factor"},
           {"final_div_factor", real(1e4), "float",
            "final value = initial value / final_div_factor"}},
          "piecewise_interpolate_schedule('cosine', peak / div, {int(pct_start · T): div, T: 1 / "
          "(div · final_div)})"),
      optax_figure("cosine_onecycle_schedule",
                   "optax.cosine_onecycle_schedule(transition_steps=100, peak_value=0.1)"),
      [](const BoundArguments& args) {
        optax::CosineOnecycleScheduleOptions o{
            .transition_steps = int_arg(args, "transition_steps"),
            .peak_value = args.get_float("peak_value")};
        check_int_division(args, o.transition_steps);
        set(args, "pct_start", o.pct_start);
        set(args, "div_factor", o.div_factor);
        set(args, "final_div_factor", o.final_div_factor);
        return optax::cosine_onecycle_schedule(o);
      },
      {.length = shape::argument_plus_one("transition_steps")});
}

ScheduleEntry warmup_constant_schedule() {
  return optax_row(
      optax_signature(
          "warmup_constant_schedule",
          "A linear warmup from init_value to peak_value, then peak_value.",
          {{"init_value", std::nullopt, kArrayLike, "value at step 0"},
           {"peak_value", std::nullopt, kArrayLike, "value from the end of the warmup on"},
           {"warmup_steps", std::nullopt, "int",
            "steps of the warmup (<= 0: init_value throughout)"}},
          "linear_schedule(init, peak, warmup_steps)"),
      optax_figure(
          "warmup_constant_schedule",
          "optax.warmup_constant_schedule(init_value=0.0, peak_value=0.1, warmup_steps=20)"),
      [](const BoundArguments& args) {
        return optax::warmup_constant_schedule({.init_value = args.get_float("init_value"),
                                                .peak_value = args.get_float("peak_value"),
                                                .warmup_steps = int_arg(args, "warmup_steps")});
      });
}

std::vector<Parameter> warmup_cosine_parameters() {
  return {{"init_value", std::nullopt, kArrayLike, "value at step 0"},
          {"peak_value", std::nullopt, kArrayLike, "value at the end of the warmup"},
          {"warmup_steps", std::nullopt, "int", "steps of the linear warmup"},
          {"decay_steps", std::nullopt, "int",
           "length of the whole schedule, warmup included (> warmup_steps)"},
          {"end_value", real(0.0), kArrayLike, "value at the end of the cosine"},
          {"exponent", real(1.0), kArrayLike, "power applied to the cosine factor"}};
}

constexpr std::string_view kWarmupCosineSummary =
    "A linear warmup to peak_value, then half a cosine to end_value, ending at decay_steps.";
constexpr std::string_view kWarmupCosineFormula =
    "join_schedules([linear_schedule(init, peak, warmup_steps), cosine_decay_schedule(peak, "
    "decay_steps − warmup_steps, end / peak, exponent)], [warmup_steps])";

optax::WarmupCosineDecayScheduleOptions warmup_cosine_options(const BoundArguments& args) {
  optax::WarmupCosineDecayScheduleOptions o{.init_value = args.get_float("init_value"),
                                            .peak_value = args.get_float("peak_value"),
                                            .warmup_steps = int_arg(args, "warmup_steps"),
                                            .decay_steps = int_arg(args, "decay_steps")};
  set(args, "end_value", o.end_value);
  set(args, "exponent", o.exponent);
  return o;
}

ScheduleEntry warmup_cosine_decay_schedule() {
  return optax_row(
      optax_signature("warmup_cosine_decay_schedule", kWarmupCosineSummary,
                      warmup_cosine_parameters(), kWarmupCosineFormula),
      optax_figure("warmup_cosine_decay_schedule",
                   "optax.warmup_cosine_decay_schedule(init_value=0.0, peak_value=0.1, "
                   "warmup_steps=10, decay_steps=100, end_value=0.001)"),
      [](const BoundArguments& args) {
        return optax::warmup_cosine_decay_schedule(warmup_cosine_options(args));
      },
      {.length = shape::argument_plus_one("decay_steps")});
}

ScheduleEntry warmup_exponential_decay_schedule() {
  return optax_row(
      optax_signature(
          "warmup_exponential_decay_schedule",
          "A linear warmup to peak_value, then exponential_decay from peak_value.",
          {{"init_value", std::nullopt, kArrayLike, "value at step 0"},
           {"peak_value", std::nullopt, kArrayLike, "value at the end of the warmup"},
           {"warmup_steps", std::nullopt, "int", "steps of the linear warmup"},
           {"transition_steps", std::nullopt, "int",
            "steps per factor of decay_rate (<= 0: peak_value after the warmup)"},
           {"decay_rate", std::nullopt, kArrayLike, "factor per transition_steps"},
           {"transition_begin", integer(0), "int",
            "steps held at peak_value after the warmup before the decay"},
           {"staircase", boolean(false), "bool", "floor the exponent: decay in discrete steps"},
           {"end_value", none(), kOptionalArrayLike,
            "lower bound if decay_rate < 1, else upper bound; None: unbounded"}},
          "join_schedules([linear_schedule(init, peak, warmup_steps), exponential_decay(peak, "
          "transition_steps, decay_rate, transition_begin, staircase, end_value)], "
          "[warmup_steps])"),
      optax_figure("warmup_exponential_decay_schedule",
                   "optax.warmup_exponential_decay_schedule(init_value=0.0, peak_value=0.1, "
                   "warmup_steps=10, transition_steps=10, decay_rate=0.7, end_value=0.005)"),
      [](const BoundArguments& args) {
        optax::WarmupExponentialDecayScheduleOptions o{
            .init_value = args.get_float("init_value"),
            .peak_value = args.get_float("peak_value"),
            .warmup_steps = int_arg(args, "warmup_steps"),
            .transition_steps = int_arg(args, "transition_steps"),
            .decay_rate = args.get_float("decay_rate")};
        set(args, "transition_begin", o.transition_begin);
        set(args, "staircase", o.staircase);
        set(args, "end_value", o.end_value);
        return optax::warmup_exponential_decay_schedule(o);
      });
}

// One cycle of sgdr_schedule: `warmup_cosine_decay_schedule(**kwargs)`, bound by that function's
// rules (CPython's TypeErrors for an unknown, missing or non-string keyword).
optax::WarmupCosineDecayScheduleOptions sgdr_cycle(const Value& kwargs) {
  static const SchedulerSignature cycle =
      optax_signature("warmup_cosine_decay_schedule", kWarmupCosineSummary,
                      warmup_cosine_parameters(), kWarmupCosineFormula);
  if (!kwargs.is_dict()) {
    throw TypeError(
        "optax.schedules._schedule.warmup_cosine_decay_schedule() argument after ** must be a "
        "mapping, not " +
        python_type(kwargs));
  }
  Call call;
  call.name = "warmup_cosine_decay_schedule";
  call.name_offset = kwargs.offset;
  for (const DictItem& item : std::get<Dict>(kwargs.data).items) {
    if (!item.key.is_string()) throw TypeError("keywords must be strings");
    // Python names a keyword by str(): `SchedulerType.COSINE` for that member.
    call.keywords.push_back({str(item.key), item.key.offset, item.value});
  }
  const optax::WarmupCosineDecayScheduleOptions o =
      warmup_cosine_options(bind_arguments(call, cycle));
  (void)optax::warmup_cosine_decay_schedule(o);  // this cycle's ValueError before the next's
  return o;
}

ScheduleEntry sgdr_schedule() {
  return optax_row(
      optax_signature(
          "sgdr_schedule",
          "SGD with warm restarts: warmup_cosine_decay_schedule cycles, one after another.",
          {{"cosine_kwargs", std::nullopt, "Iterable[dict[str, jax.typing.ArrayLike]]",
            "one dict of warmup_cosine_decay_schedule arguments per cycle"}},
          "join_schedules([warmup_cosine_decay_schedule(**kw) for kw in cosine_kwargs], "
          "running sums of the cycles' decay_steps)"),
      optax_figure("sgdr_schedule",
                   "optax.sgdr_schedule(cosine_kwargs=[dict(init_value=0.01, peak_value=0.1, "
                   "warmup_steps=5, decay_steps=30), dict(init_value=0.01, peak_value=0.05, "
                   "warmup_steps=5, decay_steps=70, end_value=0.001)])"),
      [](const BoundArguments& args) {
        const Value& v = args.value("cosine_kwargs");
        std::vector<optax::WarmupCosineDecayScheduleOptions> cycles;
        if (v.is_dict()) {  // Python iterates a dict's keys
          for (const DictItem& item : std::get<Dict>(v.data).items) {
            cycles.push_back(sgdr_cycle(item.key));
          }
        } else if (!v.is_sequence()) {
          throw TypeError("'" + python_type(v) + "' object is not iterable");
        }
        for (const Value& kwargs : v.items()) cycles.push_back(sgdr_cycle(kwargs));
        return optax::sgdr_schedule(cycles);
      });
}

ScheduleEntry join_schedules() {
  return optax_row(
      optax_signature(
          "join_schedules",
          "Runs schedules one after another; each counts its steps from its boundary.",
          {{"schedules", std::nullopt, "Sequence[base.Schedule]",
            "the schedules: optax calls or lambdas of the count"},
           {"boundaries", std::nullopt, "Sequence[int]",
            "steps at which the next schedule takes over (one fewer than schedules)"}},
          "v(t) = schedules[0](t); for b, s in zip(boundaries, schedules[1:]): v(t) = s(t − "
          "b) if t ≥ b"),
      optax_figure("join_schedules",
                   "optax.join_schedules(schedules=[optax.linear_schedule(0.0, 0.1, 10), "
                   "optax.cosine_decay_schedule(0.1, 90)], boundaries=[10])"),
      [](const BoundArguments& args) {
        const Value& v = args.value("schedules");
        if (!v.is_sequence()) {
          throw TypeError("'" + python_type(v) + "' object is not subscriptable");
        }
        std::vector<schedules::Schedule> parts;
        for (const Value& item : v.items()) parts.push_back(as_schedule(item));
        return optax::join_schedules(std::move(parts), args.get_int_list("boundaries"));
      });
}

}  // namespace

std::vector<ScheduleEntry> optax_schedules() {
  std::vector<ScheduleEntry> rows;
  for (auto* row :
       {constant_schedule, polynomial_schedule, linear_schedule, piecewise_constant_schedule,
        exponential_decay, cosine_decay_schedule, piecewise_interpolate_schedule,
        linear_onecycle_schedule, cosine_onecycle_schedule, warmup_constant_schedule,
        warmup_cosine_decay_schedule, warmup_exponential_decay_schedule, sgdr_schedule,
        join_schedules}) {
    rows.push_back(row());
  }
  return rows;
}

}  // namespace lrsched::spec
