// The rows of Keras' learning-rate schedules (`keras.optimizers.schedules`, also `keras.` and
// `tf.keras.optimizers.schedules.`): the six classes in the order of Keras'
// `learning_rate_schedule.py`. Each is a pure schedule: the spec language drives every param
// group's lr with its value (a ScheduleLR in absolute mode named after the row).
#include "keras.hpp"

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "factory_support.hpp"
#include "lrsched/families/keras.hpp"
#include "lrsched/schedulers/schedule_lr.hpp"
#include "shape_rules.hpp"

namespace lrsched::spec {

namespace {

using factory::boolean;
using factory::int_arg;
using factory::integer;
using factory::none;
using factory::real;
using factory::set;
using factory::text;

constexpr std::string_view kKerasModule = "keras.optimizers.schedules";

SchedulerSignature keras_signature(std::string_view name, std::string_view summary,
                                   std::vector<Parameter> parameters, std::string_view formula) {
  return {.name = name,
          .module = kKerasModule,
          .summary = summary,
          .parameters = std::move(parameters),
          .optimizer_first = false,
          .formula = formula,
          .is_function = false,
          .module_aliases = {"keras", "tf.keras.optimizers.schedules"}};
}

Parameter initial_learning_rate() {
  return {"initial_learning_rate", std::nullopt, "float",
          "the lr at step 0 (an int makes Keras compute in int32)"};
}

Parameter name_parameter(const char* name) {
  return {"name", text(name), "str", "name of the operation (changes nothing)"};
}

// The row's own gallery figure: lr 0.1 (which the schedule does not read) and 100 steps.
Example keras_figure(const std::string& name, std::string spec) {
  return factory::figure(name, std::move(spec), "keras.optimizers.schedules." + name);
}

ScheduleEntry keras_row(SchedulerSignature signature, std::vector<Example> examples,
                        ScheduleFactory schedule, ScheduleShape shape = {}) {
  shape.per_batch = true;  // a function of the optimizer's step count, as Keras uses it
  return {.signature = std::move(signature),
          .stepping = ScheduleLR::kStepping,
          .build = nullptr,
          .examples = std::move(examples),
          .shape = std::move(shape),
          .schedule = schedule};
}

// Keras computes in the dtype of `initial_learning_rate`: int32 for a Python int.
keras::DType dtype(const BoundArguments& args) {
  return args.is_int("initial_learning_rate") ? keras::DType::int32 : keras::DType::float64;
}

// A step count Keras checks with `<= 0`: a float is shown as Python shows it (`decay_steps=0.0`);
// an integral one is taken as its int.
std::int64_t positive_steps(const BoundArguments& args, std::string_view name) {
  const Value& v = args.value(name);
  if (v.is_float() && v.as_double() <= 0.0) {
    throw ValueError("Argument `" + std::string(name) +
                     "` must be > 0. Received: " + std::string(name) + "=" + repr(v));
  }
  return int_arg(args, name);
}

std::vector<double> numbers(const Value& list, std::string_view what) {
  std::vector<double> out;
  for (const Value& item : list.items()) {
    if (!item.is_number()) {
      throw TypeError(std::string(what) + " must be numbers, not " + type_name(item));
    }
    out.push_back(item.as_double());
  }
  return out;
}

ScheduleEntry keras_exponential_decay() {
  return keras_row(
      keras_signature("ExponentialDecay",
                      "Decays the lr by decay_rate every decay_steps, continuously or in stairs.",
                      {initial_learning_rate(),
                       {"decay_steps", std::nullopt, "int", "steps per factor of decay_rate (> 0)"},
                       {"decay_rate", std::nullopt, "float", "factor per decay_steps"},
                       {"staircase", boolean(false), "bool", "floor the exponent: decay in stairs"},
                       name_parameter("ExponentialDecay")},
                      "v(t) = initial · decay_rate^(t / decay_steps), the exponent floored with "
                      "staircase"),
      {keras_figure("ExponentialDecay",
                    "keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=0.1, "
                    "decay_steps=20, decay_rate=0.5)")},
      [](const BoundArguments& args) -> schedules::Schedule {
        keras::ExponentialDecay::Options o{
            .initial_learning_rate = args.get_float("initial_learning_rate"),
            .decay_steps = positive_steps(args, "decay_steps"),
            .decay_rate = args.get_float("decay_rate")};
        set(args, "staircase", o.staircase);
        set(args, "name", o.name);
        o.dtype = dtype(args);
        return keras::ExponentialDecay(o);
      },
      {.staircase = shape::staircase_argument});
}

ScheduleEntry keras_piecewise_constant_decay() {
  return keras_row(
      keras_signature(
          "PiecewiseConstantDecay",
          "A constant lr per range of steps, switching after each boundary.",
          {{"boundaries", std::nullopt, "list[int]",
            "steps after which the next value applies (increasing)"},
           {"values", std::nullopt, "list[float]",
            "the value of each range (one more than boundaries)"},
           name_parameter("PiecewiseConstant")},
          "v(t) = values[0] for t ≤ boundaries[0], values[i + 1] for boundaries[i] < t ≤ "
          "boundaries[i + 1], values[−1] for t > boundaries[−1]"),
      {keras_figure("PiecewiseConstantDecay",
                    "keras.optimizers.schedules.PiecewiseConstantDecay(boundaries=[30, 80], "
                    "values=[0.1, 0.01, 0.001])")},
      [](const BoundArguments& args) -> schedules::Schedule {
        const Value& boundaries = args.value("boundaries");
        const Value& values = args.value("values");
        // Keras takes anything with a len() and reads it in order: lists, tuples and ranges.
        for (const Value* v : {&boundaries, &values}) {
          if (v->is_set()) {
            throw TypeError(
                "PiecewiseConstantDecay(): a set is read in Python's hash order, not the order "
                "written; write a list such as sorted(...)");
          }
          if (!v->is_sequence() && !v->is_range()) {
            throw TypeError("object of type '" + type_name(*v) + "' has no len()");
          }
        }
        // Keras' check, with the lists as the user wrote them (ints stay ints).
        if (boundaries.items().size() + 1 != values.items().size()) {
          throw ValueError(
              "The length of boundaries should be 1 less than the length of values. Received: "
              "boundaries=" +
              repr(boundaries) + " of length " + std::to_string(boundaries.items().size()) +
              ", and values=" + repr(values) + " of length " +
              std::to_string(values.items().size()) + ".");
        }
        // Keras casts each boundary to the step's int32: a float boundary is its truncation.
        std::vector<std::int64_t> steps;
        for (const Value& b : boundaries.items()) {
          if (b.is_int()) {
            steps.push_back(b.as_int());
            continue;
          }
          if (!b.is_float()) throw TypeError("boundaries must be numbers, not " + type_name(b));
          const double x = b.as_double();
          if (std::isnan(x)) throw ValueError("cannot convert float NaN to integer");
          if (std::fabs(x) >= 9.2e18) {
            throw OverflowError("cannot convert float " + float_repr(x) + " to an int64 boundary");
          }
          steps.push_back(static_cast<std::int64_t>(std::trunc(x)));
        }
        keras::PiecewiseConstantDecay::Options o{.boundaries = std::move(steps),
                                                 .values = numbers(values, "values")};
        set(args, "name", o.name);
        return keras::PiecewiseConstantDecay(o);
      },
      {.staircase = shape::always});
}

ScheduleEntry keras_polynomial_decay() {
  return keras_row(
      keras_signature(
          "PolynomialDecay",
          "Decays the lr polynomially to end_learning_rate over decay_steps (optionally "
          "cycling).",
          {initial_learning_rate(),
           {"decay_steps", std::nullopt, "int", "steps of the decay (> 0)"},
           {"end_learning_rate", real(0.0001), "float", "the lr at the end of the decay"},
           {"power", real(1.0), "float", "power of the polynomial"},
           {"cycle", boolean(false), "bool",
            "after decay_steps, restart on a period stretched to the next multiple"},
           name_parameter("PolynomialDecay")},
          "t′ = min(t, decay_steps) (cycle: decay_steps · ⌈t / decay_steps⌉ replaces "
          "decay_steps, 1 at t = 0); v(t) = (initial − end) · (1 − t′ / decay_steps)^power + "
          "end"),
      {keras_figure("PolynomialDecay",
                    "keras.optimizers.schedules.PolynomialDecay(initial_learning_rate=0.1, "
                    "decay_steps=80, end_learning_rate=0.001, power=2.0)")},
      [](const BoundArguments& args) -> schedules::Schedule {
        keras::PolynomialDecay::Options o{
            .initial_learning_rate = args.get_float("initial_learning_rate"),
            .decay_steps = positive_steps(args, "decay_steps")};
        set(args, "end_learning_rate", o.end_learning_rate);
        set(args, "power", o.power);
        set(args, "cycle", o.cycle);
        set(args, "name", o.name);
        o.dtype = dtype(args);
        return keras::PolynomialDecay(o);
      },
      {.length = shape::argument_plus_one("decay_steps")});
}

ScheduleEntry keras_inverse_time_decay() {
  return keras_row(
      keras_signature(
          "InverseTimeDecay", "Decays the lr as the inverse of time.",
          {initial_learning_rate(),
           {"decay_steps", std::nullopt, "int", "steps per unit of decay_rate (> 0)"},
           {"decay_rate", std::nullopt, "float", "decay per decay_steps"},
           {"staircase", boolean(false), "bool", "floor the quotient: decay in stairs"},
           name_parameter("InverseTimeDecay")},
          "v(t) = initial / (1 + decay_rate · t / decay_steps), t / decay_steps floored "
          "with staircase"),
      {keras_figure("InverseTimeDecay",
                    "keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=0.1, "
                    "decay_steps=10, decay_rate=0.5)")},
      [](const BoundArguments& args) -> schedules::Schedule {
        keras::InverseTimeDecay::Options o{
            .initial_learning_rate = args.get_float("initial_learning_rate"),
            .decay_steps = positive_steps(args, "decay_steps"),
            .decay_rate = args.get_float("decay_rate")};
        set(args, "staircase", o.staircase);
        set(args, "name", o.name);
        o.dtype = dtype(args);
        return keras::InverseTimeDecay(o);
      },
      {.staircase = shape::staircase_argument});
}

ScheduleEntry keras_cosine_decay() {
  Example compared;
  compared.stem = "keras_vs_optax_warmup_cosine";
  compared.caption =
      "Keras' CosineDecay decays for decay_steps after its warmup; Optax's "
      "warmup_cosine_decay_schedule counts the warmup in its decay_steps";
  compared.title = "warmup + cosine, decay_steps=80";
  compared.curves = {
      {"keras.optimizers.schedules.CosineDecay(0.0, 80, warmup_target=0.1, warmup_steps=10)",
       "keras CosineDecay(0.0, 80, warmup_target=0.1, warmup_steps=10)", false},
      {"optax.warmup_cosine_decay_schedule(0.0, 0.1, 10, 80)",
       "optax.warmup_cosine_decay_schedule(0.0, 0.1, 10, 80)", false}};
  return keras_row(
      keras_signature(
          "CosineDecay",
          "Half a cosine from the lr to alpha times it over decay_steps, optionally after "
          "a linear warmup to warmup_target.",
          {initial_learning_rate(),
           {"decay_steps", std::nullopt, "int", "steps of the cosine (> 0)"},
           {"alpha", real(0.0), "float", "final lr as a fraction of the cosine's start"},
           name_parameter("CosineDecay"),
           {"warmup_target", none(), "float | None",
            "lr at the end of the warmup; None: no warmup"},
           {"warmup_steps", integer(0), "int", "steps of the linear warmup"}},
          "v(t) = start · ((1 − α) · ½ (1 + cos(π min(t′, decay_steps) / decay_steps)) + "
          "α); start = initial and t′ = t without warmup_target; with it, linear from "
          "initial to warmup_target over warmup_steps, then start = warmup_target, t′ = t "
          "− warmup_steps"),
      {keras_figure("CosineDecay",
                    "keras.optimizers.schedules.CosineDecay(initial_learning_rate=0.0, "
                    "decay_steps=90, warmup_target=0.1, warmup_steps=10)"),
       std::move(compared)},
      [](const BoundArguments& args) -> schedules::Schedule {
        keras::CosineDecay::Options o{
            .initial_learning_rate = args.get_float("initial_learning_rate"),
            .decay_steps = positive_steps(args, "decay_steps")};
        set(args, "alpha", o.alpha);
        set(args, "name", o.name);
        set(args, "warmup_target", o.warmup_target);
        set(args, "warmup_steps", o.warmup_steps);
        o.dtype = dtype(args);
        return keras::CosineDecay(o);
      },
      {.length = shape::sum_plus_one("decay_steps", "warmup_steps")});
}

ScheduleEntry keras_cosine_decay_restarts() {
  return keras_row(
      keras_signature(
          "CosineDecayRestarts",
          "SGDR: cosine decays restarted with periods t_mul and heights m_mul times the "
          "previous.",
          {initial_learning_rate(),
           {"first_decay_steps", std::nullopt, "int", "steps of the first period (> 0)"},
           {"t_mul", real(2.0), "float", "factor of each period's length over the previous"},
           {"m_mul", real(1.0), "float", "factor of each cosine's height over the previous"},
           {"alpha", real(0.0), "float", "lr floor as a fraction of the initial lr"},
           name_parameter("SGDRDecay")},
          "period i lasts first_decay_steps · t_mul^i; with f the fraction of it done: v(t) = "
          "initial · ((1 − α) · m_mul^i · ½ (1 + cos(π f)) + α)"),
      {keras_figure("CosineDecayRestarts",
                    "keras.optimizers.schedules.CosineDecayRestarts(initial_learning_rate=0.1, "
                    "first_decay_steps=20, t_mul=2.0, m_mul=0.8, alpha=0.01)")},
      [](const BoundArguments& args) -> schedules::Schedule {
        keras::CosineDecayRestarts::Options o{
            .initial_learning_rate = args.get_float("initial_learning_rate"),
            .first_decay_steps = positive_steps(args, "first_decay_steps")};
        set(args, "t_mul", o.t_mul);
        set(args, "m_mul", o.m_mul);
        set(args, "alpha", o.alpha);
        set(args, "name", o.name);
        o.dtype = dtype(args);
        return keras::CosineDecayRestarts(o);
      });
}

}  // namespace

std::vector<ScheduleEntry> keras_schedules() {
  std::vector<ScheduleEntry> rows;
  for (auto* row : {keras_exponential_decay, keras_piecewise_constant_decay, keras_polynomial_decay,
                    keras_inverse_time_decay, keras_cosine_decay, keras_cosine_decay_restarts}) {
    rows.push_back(row());
  }
  return rows;
}

}  // namespace lrsched::spec
