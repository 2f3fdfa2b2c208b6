#include "factory_support.hpp"

#include <cmath>
#include <memory>
#include <utility>

#include "lrsched/spec/build.hpp"
#include "lrsched/spec/expression.hpp"

namespace lrsched::spec::factory {

Value none() { return Value{NoneType{}, 0}; }
Value integer(std::int64_t v) { return Value{v, 0}; }
Value real(double v) { return Value{v, 0}; }
Value text(const char* v) { return Value{std::string(v), 0}; }
Value boolean(bool v) { return Value{v, 0}; }

Parameter last_epoch() {
  return {"last_epoch", integer(-1), "int",
          "index of the last epoch; -1 starts fresh, >= 0 resumes (needs initial_lr)"};
}

Example figure(std::string name, std::string spec, std::string caption) {
  Example e;
  e.stem = name;
  e.caption = caption.empty() ? name : std::move(caption);
  e.title = std::move(name);
  e.curves = {{std::move(spec), "", false}};
  return e;
}

std::int64_t int_arg(const BoundArguments& args, std::string_view name) {
  const Value& v = args.value(name);
  if (v.is_float() && std::isfinite(v.as_double()) && v.as_double() == std::floor(v.as_double()) &&
      std::fabs(v.as_double()) < 9.0e15) {
    return static_cast<std::int64_t>(v.as_double());
  }
  return args.get_int(name);
}

PerGroup per_group(const BoundArguments& args, std::string_view name) {
  FloatOrList v = args.get_float_or_list(name);
  if (v.is_list) return PerGroup(std::move(v.values));
  return PerGroup(v.values.front());
}

std::function<double(std::int64_t)> to_function(const Lambda& lambda) {
  if (lambda.parameters.size() != 1) {
    throw TypeError("<lambda>() takes " + std::to_string(lambda.parameters.size()) +
                    " positional arguments but 1 was given");
  }
  // evaluate_double: the one-int call without a span of arguments to check (the count is
  // checked above), on every step of the lambda schedulers.
  std::shared_ptr<const Expression> body = lambda.body;
  return [body](std::int64_t x) { return body->evaluate_double(x); };
}

SchedulerList children(const BoundArguments& args, OptimizerView& optimizer,
                       TorchBehavior behavior) {
  SchedulerList built;
  for (const Call& call : args.get_schedulers("schedulers")) {
    built.push_back(build_scheduler(call, optimizer, behavior));
  }
  return built;
}

void require_int(const BoundArguments& args, std::string_view name, const std::string& message) {
  if (!args.is_int(name)) throw ValueError(message + repr(args.value(name)));
}

void set(const BoundArguments& args, std::string_view name, double& field) {
  if (args.was_given(name)) field = args.get_float(name);
}
void set(const BoundArguments& args, std::string_view name, std::int64_t& field) {
  if (args.was_given(name)) field = int_arg(args, name);
}
void set(const BoundArguments& args, std::string_view name, bool& field) {
  if (args.was_given(name)) field = args.get_bool(name);
}
void set(const BoundArguments& args, std::string_view name, std::string& field) {
  if (args.was_given(name)) field = args.get_string(name);
}
void set(const BoundArguments& args, std::string_view name, PerGroup& field) {
  if (args.was_given(name)) field = per_group(args, name);
}
void set(const BoundArguments& args, std::string_view name, std::optional<std::int64_t>& field) {
  if (args.was_given(name)) field = args.get_optional_int(name);
}
void set(const BoundArguments& args, std::string_view name, std::optional<double>& field) {
  if (args.was_given(name)) field = args.get_optional_float(name);
}

}  // namespace lrsched::spec::factory
