#include "lrsched/spec/length.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <span>
#include <string_view>
#include <utility>

#include "lrsched/error.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/spec/signature.hpp"
#include "registry/shape_rules.hpp"

namespace lrsched::spec {

namespace {

using Length = std::optional<std::int64_t>;

// Sums that stay in int64: a length past it is no length (the schedule is drawn for the default
// number of rows, where building it has not refused it already).
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

// An argument that is a positive int (an integral float where the origin takes one); None and
// anything else give no length.
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

Length plus_one(Length n) { return add(positive(n), 1); }

}  // namespace

namespace shape {

LengthRule argument_plus_one(std::string_view argument) {
  return [argument](const BoundArguments& args) { return plus_one(count(args, argument)); };
}

LengthRule sum_plus_one(std::string_view first, std::string_view second) {
  return [first, second](const BoundArguments& args) {
    return plus_one(add(count(args, first), count(args, second)));
  };
}

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
  return plus_one(length);
}

Length warmup_stable_decay(const BoundArguments& args) {
  if (args.is_none("num_stable_steps")) return plus_one(count(args, "num_training_steps"));
  return plus_one(add(add(count(args, "num_warmup_steps"), count(args, "num_stable_steps")),
                      count(args, "num_decay_steps")));
}

bool always(const BoundArguments& /*arguments*/) { return true; }

bool staircase_argument(const BoundArguments& args) { return args.get_bool("staircase"); }

}  // namespace shape

std::optional<std::int64_t> schedule_length(const Call& call) {
  try {
    const ScheduleEntry& entry = resolve_schedule(call);
    if (entry.shape.length) return entry.shape.length(bind_arguments(call));
  } catch (const Error&) {
    // Unbound or mistyped arguments: building the schedule reports them.
  }
  return std::nullopt;
}

bool is_staircase(const Call& call) {
  try {
    const ScheduleEntry& entry = resolve_schedule(call);
    return entry.shape.staircase != nullptr && entry.shape.staircase(bind_arguments(call));
  } catch (const Error&) {
    return false;  // building the schedule reports it
  }
}

}  // namespace lrsched::spec
