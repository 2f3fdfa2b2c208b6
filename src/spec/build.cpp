// The scheduler factory: a bound spec call -> the C++ scheduler with the same arguments.
#include "lrsched/spec/build.hpp"

#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "lrsched/lrsched.hpp"
#include "lrsched/spec/expression.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/signature.hpp"

namespace lrsched::spec {

namespace {

// An int parameter. Python would also accept a float where PyTorch only does arithmetic with it
// (StepLR(step_size=30.0)); an integral float gives the same numbers, so it is accepted too.
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

// A spec lambda as a C++ function of one int; the compiled body is shared, not copied.
LrLambda to_function(const Lambda& lambda) {
  if (lambda.parameters.size() != 1) {
    throw TypeError("<lambda>() takes " + std::to_string(lambda.parameters.size()) +
                    " positional arguments but 1 was given");
  }
  std::shared_ptr<const Expression> body = lambda.body;
  return [body](std::int64_t x) {
    const Number arg = Number::from_int(x);
    return body->evaluate({&arg, 1}).to_double();
  };
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
  if (!v.is_sequence()) {
    not_callable(v);
  }
  LambdaOrList given = args.get_lambda_or_list("lr_lambda");
  std::vector<LrLambda> fns;
  for (const Lambda& l : given.lambdas) fns.push_back(to_function(l));
  if (!given.is_list) return LrLambdas(std::move(fns.front()));
  // List length is checked by the scheduler, with PyTorch's message; the items after that.
  return LrLambdas(std::move(fns));
}

SchedulerList children(const BoundArguments& args, OptimizerView& optimizer) {
  SchedulerList built;
  for (const Call& call : args.get_schedulers("schedulers")) {
    built.push_back(build_scheduler(call, optimizer));
  }
  return built;
}

// PyTorch's `isinstance(x, int)` checks whose failure is a ValueError quoting the value.
void require_int(const BoundArguments& args, std::string_view name, const std::string& message) {
  if (!args.is_int(name)) throw ValueError(message + repr(args.value(name)));
}

std::unique_ptr<Scheduler> build(const BoundArguments& args, OptimizerView& opt) {
  const std::string_view name = args.signature().name;
  const auto last_epoch = [&] { return int_arg(args, "last_epoch"); };

  if (name == "LambdaLR") {
    return std::make_unique<LambdaLR>(
        opt, LambdaLR::Options{.lr_lambda = lambdas(args, false), .last_epoch = last_epoch()});
  }
  if (name == "MultiplicativeLR") {
    return std::make_unique<MultiplicativeLR>(
        opt,
        MultiplicativeLR::Options{.lr_lambda = lambdas(args, true), .last_epoch = last_epoch()});
  }
  if (name == "StepLR") {
    return std::make_unique<StepLR>(opt, StepLR::Options{.step_size = int_arg(args, "step_size"),
                                                         .gamma = args.get_float("gamma"),
                                                         .last_epoch = last_epoch()});
  }
  if (name == "MultiStepLR") {
    return std::make_unique<MultiStepLR>(
        opt, MultiStepLR::Options{.milestones = args.get_int_list("milestones"),
                                  .gamma = args.get_float("gamma"),
                                  .last_epoch = last_epoch()});
  }
  if (name == "ConstantLR") {
    return std::make_unique<ConstantLR>(
        opt, ConstantLR::Options{.factor = args.get_float("factor"),
                                 .total_iters = int_arg(args, "total_iters"),
                                 .last_epoch = last_epoch()});
  }
  if (name == "LinearLR") {
    return std::make_unique<LinearLR>(
        opt, LinearLR::Options{.start_factor = args.get_float("start_factor"),
                               .end_factor = args.get_float("end_factor"),
                               .total_iters = int_arg(args, "total_iters"),
                               .last_epoch = last_epoch()});
  }
  if (name == "ExponentialLR") {
    return std::make_unique<ExponentialLR>(
        opt, ExponentialLR::Options{.gamma = args.get_float("gamma"), .last_epoch = last_epoch()});
  }
  if (name == "PolynomialLR") {
    return std::make_unique<PolynomialLR>(
        opt, PolynomialLR::Options{.total_iters = int_arg(args, "total_iters"),
                                   .power = args.get_float("power"),
                                   .last_epoch = last_epoch()});
  }
  if (name == "CosineAnnealingLR") {
    return std::make_unique<CosineAnnealingLR>(
        opt, CosineAnnealingLR::Options{.T_max = int_arg(args, "T_max"),
                                        .eta_min = args.get_float("eta_min"),
                                        .last_epoch = last_epoch()});
  }
  if (name == "SequentialLR") {
    SchedulerList schedulers = children(args, opt);
    return std::make_unique<SequentialLR>(
        opt, SequentialLR::Options{.schedulers = std::move(schedulers),
                                   .milestones = args.get_int_list("milestones"),
                                   .last_epoch = last_epoch()});
  }
  if (name == "ChainedScheduler") {
    return std::make_unique<ChainedScheduler>(children(args, opt), &opt);
  }
  if (name == "ReduceLROnPlateau") {
    return std::make_unique<ReduceLROnPlateau>(
        opt, ReduceLROnPlateau::Options{.mode = args.get_string("mode"),
                                        .factor = args.get_float("factor"),
                                        .patience = int_arg(args, "patience"),
                                        .threshold = args.get_float("threshold"),
                                        .threshold_mode = args.get_string("threshold_mode"),
                                        .cooldown = int_arg(args, "cooldown"),
                                        .min_lr = per_group(args, "min_lr"),
                                        .eps = args.get_float("eps")});
  }
  if (name == "CyclicLR") {
    CyclicLR::ScaleFn scale_fn;
    if (auto fn = args.get_optional_lambda("scale_fn")) scale_fn = to_function(*fn);
    return std::make_unique<CyclicLR>(
        opt, CyclicLR::Options{.base_lr = per_group(args, "base_lr"),
                               .max_lr = per_group(args, "max_lr"),
                               .step_size_up = args.get_float("step_size_up"),
                               .step_size_down = args.get_optional_float("step_size_down"),
                               .mode = args.get_string("mode"),
                               .gamma = args.get_float("gamma"),
                               .scale_fn = std::move(scale_fn),
                               .scale_mode = args.get_string("scale_mode"),
                               .cycle_momentum = args.get_bool("cycle_momentum"),
                               .base_momentum = per_group(args, "base_momentum"),
                               .max_momentum = per_group(args, "max_momentum"),
                               .last_epoch = last_epoch()});
  }
  if (name == "CosineAnnealingWarmRestarts") {
    const auto& t0 = args.value("T_0");
    if (!t0.is_int() || t0.as_int() <= 0) {
      throw ValueError("Expected positive integer T_0, but got " + repr(t0));
    }
    require_int(args, "T_mult", "Expected integer T_mult >= 1, but got ");
    if (!args.value("eta_min").is_number()) {
      const Value& v = args.value("eta_min");
      const std::string shown = v.is_string() ? std::get<std::string>(v.data) : repr(v);
      throw ValueError("Expected float or int eta_min, but got " + shown + " of type <class '" +
                       type_name(v) + "'>");
    }
    return std::make_unique<CosineAnnealingWarmRestarts>(
        opt, CosineAnnealingWarmRestarts::Options{.T_0 = args.get_int("T_0"),
                                                  .T_mult = args.get_int("T_mult"),
                                                  .eta_min = args.get_float("eta_min"),
                                                  .last_epoch = last_epoch()});
  }
  if (name == "OneCycleLR") {
    if (!args.is_none("total_steps")) {
      require_int(args, "total_steps", "Expected positive integer total_steps, but got ");
    } else if (!args.is_none("epochs") && !args.is_none("steps_per_epoch")) {
      require_int(args, "epochs", "Expected positive integer epochs, but got ");
      require_int(args, "steps_per_epoch", "Expected positive integer steps_per_epoch, but got ");
    }
    if (!args.is_float("pct_start")) {
      throw ValueError("Expected float between 0 and 1 pct_start, but got " +
                       repr(args.value("pct_start")));
    }
    return std::make_unique<OneCycleLR>(
        opt, OneCycleLR::Options{.max_lr = per_group(args, "max_lr"),
                                 .total_steps = args.get_optional_int("total_steps"),
                                 .epochs = args.get_optional_int("epochs"),
                                 .steps_per_epoch = args.get_optional_int("steps_per_epoch"),
                                 .pct_start = args.get_float("pct_start"),
                                 .anneal_strategy = args.get_string("anneal_strategy"),
                                 .cycle_momentum = args.get_bool("cycle_momentum"),
                                 .base_momentum = per_group(args, "base_momentum"),
                                 .max_momentum = per_group(args, "max_momentum"),
                                 .div_factor = args.get_float("div_factor"),
                                 .final_div_factor = args.get_float("final_div_factor"),
                                 .three_phase = args.get_bool("three_phase"),
                                 .last_epoch = last_epoch()});
  }
  if (name == "SWALR") {
    require_int(args, "anneal_epochs", "anneal_epochs must be equal or greater than 0, got ");
    return std::make_unique<SWALR>(
        opt, SWALR::Options{.swa_lr = per_group(args, "swa_lr"),
                            .anneal_epochs = args.get_int("anneal_epochs"),
                            .anneal_strategy = args.get_string("anneal_strategy"),
                            .last_epoch = last_epoch()});
  }
  throw NotImplementedError("no factory for scheduler " + std::string(name));
}

}  // namespace

std::unique_ptr<Scheduler> build_scheduler(const Call& call, OptimizerView& optimizer) {
  return build(bind_arguments(call), optimizer);
}

std::unique_ptr<Scheduler> build_scheduler(std::string_view spec, OptimizerView& optimizer) {
  return build_scheduler(parse_spec(spec), optimizer);
}

}  // namespace lrsched::spec
