#include "lrsched/spec/length.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <string_view>
#include <utility>

#include "lrsched/error.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/spec/signature.hpp"

namespace lrsched::spec {

namespace {

using Length = std::optional<std::int64_t>;

// Sums that stay in int64: a length past it is no length (the schedule is drawn for
// kDefaultSteps rows, where building it has not refused it already).
Length add(Length a, Length b) {
  if (!a || !b) return std::nullopt;
  std::int64_t sum = 0;
  if (__builtin_add_overflow(*a, *b, &sum)) return std::nullopt;
  return sum;
}

Length multiply(Length a, Length b) {
  if (!a || !b) return std::nullopt;
  std::int64_t product = 0;
  if (__builtin_mul_overflow(*a, *b, &product)) return std::nullopt;
  return product;
}

// An argument that is a positive int (an integral float where the origin takes one).
Length count(const BoundArguments& args, std::string_view name) {
  const Value& value = args.value(name);
  if (value.is_int() && !value.is_bool()) return value.as_int();
  if (value.is_float()) {
    const double x = value.as_double();
    if (x == static_cast<double>(static_cast<std::int64_t>(x)) && std::abs(x) < 0x1p62) {
      return static_cast<std::int64_t>(x);
    }
  }
  return std::nullopt;
}

Length positive(Length n) { return n && *n > 0 ? n : std::nullopt; }

Length one_cycle(const BoundArguments& args) {
  if (!args.is_none("total_steps")) return positive(count(args, "total_steps"));
  return positive(multiply(count(args, "epochs"), count(args, "steps_per_epoch")));
}

Length sequential(const BoundArguments& args) {
  const std::span<const Value> schedulers = args.value("schedulers").items();
  const std::span<const Value> milestones = args.value("milestones").items();
  if (schedulers.empty() || milestones.empty() || !schedulers.back().is_call() ||
      !milestones.back().is_int()) {
    return std::nullopt;
  }
  return add(milestones.back().as_int(), schedule_length(std::get<Call>(schedulers.back().data)));
}

Length chained(const BoundArguments& args) {
  Length longest;
  for (const Value& child : args.value("schedulers").items()) {
    if (!child.is_call()) continue;
    const Length length = schedule_length(std::get<Call>(child.data));
    if (length && (!longest || *length > *longest)) longest = length;
  }
  return longest;
}

// timm: `t_initial` per cycle, `cycle_limit` cycles of equal length (cycle_mul 1), after the
// warmup when it is a prefix.
Length timm_cycles(const BoundArguments& args) {
  Length cycles = 1;
  const auto& signature = args.signature();
  const auto has = [&signature](std::string_view name) {
    return std::any_of(signature.parameters.begin(), signature.parameters.end(),
                       [name](const auto& p) { return p.name == name; });
  };
  if (has("cycle_mul") && args.get_float("cycle_mul") != 1.0) return std::nullopt;
  if (has("cycle_limit"))
    cycles = std::max<std::int64_t>(1, count(args, "cycle_limit").value_or(1));
  Length length = multiply(positive(count(args, "t_initial")), cycles);
  if (has("warmup_prefix") && args.get_bool("warmup_prefix")) {
    length = add(length, count(args, "warmup_t"));
  }
  return length;
}

Length plus_one(Length n) { return add(positive(n), 1); }

using Rule = std::function<Length(const BoundArguments&)>;

Rule argument_plus_one(std::string_view name) {
  return [name](const BoundArguments& args) { return plus_one(count(args, name)); };
}

Rule sum_plus_one(std::string_view first, std::string_view second) {
  return [first, second](const BoundArguments& args) {
    return plus_one(add(count(args, first), count(args, second)));
  };
}

// Rows are keyed by their bare names, which no two families share.
const std::vector<std::pair<std::string_view, Rule>>& rules() {
  static const std::vector<std::pair<std::string_view, Rule>> table = {
      {"OneCycleLR", one_cycle},
      {"CosineAnnealingLR", argument_plus_one("T_max")},
      {"LinearLR", argument_plus_one("total_iters")},
      {"ConstantLR", argument_plus_one("total_iters")},
      {"PolynomialLR", argument_plus_one("total_iters")},
      {"SWALR", argument_plus_one("anneal_epochs")},
      {"SequentialLR", sequential},
      {"ChainedScheduler", chained},
      {"CosineLRScheduler", [](const BoundArguments& a) { return plus_one(timm_cycles(a)); }},
      {"TanhLRScheduler", [](const BoundArguments& a) { return plus_one(timm_cycles(a)); }},
      {"PolyLRScheduler", [](const BoundArguments& a) { return plus_one(timm_cycles(a)); }},
      {"polynomial_schedule", sum_plus_one("transition_steps", "transition_begin")},
      {"linear_schedule", sum_plus_one("transition_steps", "transition_begin")},
      {"cosine_decay_schedule", argument_plus_one("decay_steps")},
      {"warmup_cosine_decay_schedule", argument_plus_one("decay_steps")},
      {"linear_onecycle_schedule", argument_plus_one("transition_steps")},
      {"cosine_onecycle_schedule", argument_plus_one("transition_steps")},
      {"PolynomialDecay", argument_plus_one("decay_steps")},
      {"CosineDecay", sum_plus_one("decay_steps", "warmup_steps")},
  };
  return table;
}

}  // namespace

std::optional<std::int64_t> schedule_length(const Call& call) {
  try {
    const BoundArguments args = bind_arguments(call);
    const auto& parameters = args.signature().parameters;
    // transformers' functions (and get_scheduler) all end at num_training_steps.
    for (const auto& parameter : parameters) {
      if (parameter.name == "num_training_steps") {
        return args.is_none("num_training_steps") ? std::nullopt
                                                  : plus_one(count(args, "num_training_steps"));
      }
    }
    for (const auto& [name, rule] : rules()) {
      if (name == args.signature().name) return rule(args);
    }
  } catch (const Error&) {
    // Unbound or mistyped arguments: building the schedule reports them.
  }
  return std::nullopt;
}

}  // namespace lrsched::spec
