// The transformers functions beyond the golden rows: resume (from a saved state at several steps,
// and with `last_epoch` as upstream passes it to LambdaLR), the pure lr lambdas, names and state
// files, get_scheduler's names and keyword binding, warnings, and the optimizer's default lr.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lrsched/schedules.hpp"
#include "lrsched/state_json.hpp"
#include "support.hpp"

namespace {

namespace tf = lrsched::transformers;
using lrsched::GroupKey;
using lrsched::InMemoryOptimizer;
using lrsched::PerGroup;
using lrsched::Scheduler;
using Opt = InMemoryOptimizer;

const std::vector<double> kTwo = {0.1, 0.03};

bool same_bits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void expect_rows(const test::Outcome& got, const test::Outcome& reference, std::int64_t first,
                 const std::string& what) {
  ASSERT_FALSE(got.error) << what << ": " << *got.error;
  ASSERT_EQ(got.lr.size(), reference.lr.size()) << what;
  for (std::size_t g = 0; g < got.lr.size(); ++g) {
    ASSERT_EQ(got.lr[g].size() + static_cast<std::size_t>(first), reference.lr[g].size()) << what;
    for (std::size_t i = 0; i < got.lr[g].size(); ++i) {
      const double want = reference.lr[g][i + static_cast<std::size_t>(first)];
      ASSERT_TRUE(same_bits(got.lr[g][i], want))
          << what << ": group " << g << " row " << i + static_cast<std::size_t>(first)
          << " expected " << test::repr(want) << " got " << test::repr(got.lr[g][i]);
    }
  }
}

std::vector<std::int64_t> save_points(std::int64_t steps) {
  std::set<std::int64_t> points = {0, 1, 2, 3, steps / 4, steps / 2, 3 * steps / 4, steps - 1};
  return {points.begin(), points.end()};
}

/// `build(optimizer, last_epoch)` saved after k steps and loaded into a freshly built scheduler
/// on a fresh optimizer gives the remaining rows of an uninterrupted run, for several k. With
/// `by_last_epoch`, so does building with `last_epoch = k` on an optimizer that holds each
/// group's `initial_lr` (upstream's resume): its constructor's step gives row k + 1.
template <class Build>
void check_resumes(const std::string& what, const std::vector<double>& lrs, std::int64_t steps,
                   const test::Metric& metric, Build build, bool by_last_epoch = true) {
  auto fresh = InMemoryOptimizer::like("sgd", lrs);
  const test::Outcome reference = test::run(fresh, steps, metric, [&] { return build(fresh, -1); });
  ASSERT_FALSE(reference.error) << what << ": " << *reference.error;

  for (const std::int64_t k : save_points(steps)) {
    const std::string at = what + ", saved after " + std::to_string(k) + " steps";
    auto first = InMemoryOptimizer::like("sgd", lrs);
    std::string document;
    {
      auto&& built = build(first, -1);
      Scheduler& s = test::scheduler_of(built);
      for (std::int64_t i = 0; i < k; ++i) test::step_once(s, first, i, metric);
      document = lrsched::save_state(s, first, {.spec = "", .steps = k});
    }
    auto second = InMemoryOptimizer::like("sgd", lrs);
    auto&& resumed = build(second, -1);
    Scheduler& s = test::scheduler_of(resumed);
    EXPECT_EQ(lrsched::load_state(s, second, document).steps, k) << at;
    test::Outcome rest;
    test::take_rows(s, second, k, steps, metric, rest);
    expect_rows(rest, reference, k, at);
  }

  if (!by_last_epoch) return;
  for (const std::int64_t k : save_points(steps - 1)) {
    const std::string at = what + ", last_epoch=" + std::to_string(k);
    auto resumed_optimizer = InMemoryOptimizer::like("sgd", lrs);
    for (std::size_t g = 0; g < lrs.size(); ++g) {
      resumed_optimizer.set_key(g, GroupKey::initial_lr, lrs[g]);
      resumed_optimizer.set_lr(g, -1.0);  // overwritten by the constructor's step
    }
    auto&& resumed = build(resumed_optimizer, k);
    test::Outcome rest;
    test::take_rows(test::scheduler_of(resumed), resumed_optimizer, k + 1, steps, metric, rest);
    expect_rows(rest, reference, k + 1, at);
  }
}

const test::Metric kNoMetric;

TEST(TransformersResume, EveryFunction) {
  check_resumes("get_constant_schedule", kTwo, 10, kNoMetric, [](Opt& o, std::int64_t e) {
    return tf::get_constant_schedule(o, {.last_epoch = e});
  });
  check_resumes("get_constant_schedule_with_warmup", {0.1}, 12, kNoMetric,
                [](Opt& o, std::int64_t e) {
                  return tf::get_constant_schedule_with_warmup(o, {5, e});
                });
  check_resumes("get_linear_schedule_with_warmup", kTwo, 30, kNoMetric, [](Opt& o, std::int64_t e) {
    return tf::get_linear_schedule_with_warmup(o, {5, 20, e});
  });
  check_resumes("get_cosine_schedule_with_warmup", {0.1}, 50, kNoMetric,
                [](Opt& o, std::int64_t e) {
                  return tf::get_cosine_schedule_with_warmup(o, {5, 20, 0.5, e});
                });
  check_resumes("get_cosine_with_hard_restarts_schedule_with_warmup", {0.1}, 30, kNoMetric,
                [](Opt& o, std::int64_t e) {
                  return tf::get_cosine_with_hard_restarts_schedule_with_warmup(o, {3, 23, 3, e});
                });
  check_resumes("get_polynomial_decay_schedule_with_warmup", kTwo, 30, kNoMetric,
                [](Opt& o, std::int64_t e) {
                  return tf::get_polynomial_decay_schedule_with_warmup(o, {4, 20, 1e-3, 2.0, e});
                });
  check_resumes("get_inverse_sqrt_schedule", {0.1}, 30, kNoMetric, [](Opt& o, std::int64_t e) {
    return tf::get_inverse_sqrt_schedule(o, {4, 9, e});
  });
  check_resumes(
      "get_cosine_with_min_lr_schedule_with_warmup", kTwo, 40, kNoMetric,
      [](Opt& o, std::int64_t e) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup(
            o, {.num_warmup_steps = 5, .num_training_steps = 20, .last_epoch = e, .min_lr = 1e-3});
      });
  check_resumes("get_cosine_with_min_lr_schedule_with_warmup_lr_rate", {0.1}, 30, kNoMetric,
                [](Opt& o, std::int64_t e) {
                  return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
                      o, {.num_warmup_steps = 5,
                          .num_training_steps = 20,
                          .last_epoch = e,
                          .min_lr_rate = 0.1,
                          .warmup_lr_rate = 0.05});
                });
  check_resumes("get_wsd_schedule", kTwo, 25, kNoMetric, [](Opt& o, std::int64_t e) {
    return tf::get_wsd_schedule(o, {.num_warmup_steps = 4,
                                    .num_decay_steps = 6,
                                    .num_training_steps = 20,
                                    .warmup_type = "cosine",
                                    .decay_type = "1-sqrt",
                                    .min_lr_ratio = 0.1,
                                    .last_epoch = e});
  });
}

TEST(TransformersResume, PlateauAndGetScheduler) {
  const test::Metric falling_then_flat = [](std::int64_t step, double) {
    return step < 6 ? 1.0 / static_cast<double>(1 + step) : 1.0;
  };
  check_resumes(
      "get_reduce_on_plateau_schedule", kTwo, 30, falling_then_flat,
      [](Opt& o, std::int64_t) {
        return tf::get_reduce_on_plateau_schedule(o, {.factor = 0.5, .patience = 2});
      },
      false);
  check_resumes(
      "get_scheduler('reduce_lr_on_plateau')", {0.1}, 30, falling_then_flat,
      [](Opt& o, std::int64_t) {
        return tf::get_scheduler("reduce_lr_on_plateau", o,
                                 {.scheduler_specific_kwargs = {.patience = 1}});
      },
      false);
  check_resumes("get_scheduler('warmup_stable_decay')", kTwo, 20, kNoMetric,
                [](Opt& o, std::int64_t e) {
                  return tf::get_scheduler(
                      "warmup_stable_decay", o,
                      {.num_warmup_steps = 3,
                       .num_training_steps = 15,
                       .scheduler_specific_kwargs = {.last_epoch = e, .num_decay_steps = 5}});
                });
}

// --- the lr lambdas ------------------------------------------------------------------------------

/// `lr * lambda(k)` is row k of a golden case run with one group of lr `lr`: LambdaLR's product.
void expect_lambda_gives(const lrsched::schedules::Schedule& lambda, const std::string& name) {
  const test::Case c = test::golden_case(name);
  const std::vector<double> want = test::expected_lrs(c, 0);
  for (std::size_t k = 0; k < want.size(); ++k) {
    const double got = c.lr[0] * lambda(static_cast<std::int64_t>(k));
    ASSERT_TRUE(same_bits(got, want[k])) << name << " row " << k << ": expected "
                                         << test::repr(want[k]) << " got " << test::repr(got);
  }
}

TEST(TransformersLambdas, AreTheFactorsOfTheGoldenRows) {
  expect_lambda_gives(tf::constant_lambda(), "constant_default");
  expect_lambda_gives(tf::constant_schedule_with_warmup_lr_lambda(10),
                      "constant_with_warmup_default");
  expect_lambda_gives(tf::linear_schedule_with_warmup_lr_lambda(10, 100), "linear_default");
  expect_lambda_gives(tf::cosine_schedule_with_warmup_lr_lambda(10, 100, 0.5), "cosine_default");
  expect_lambda_gives(tf::cosine_schedule_with_warmup_lr_lambda(10, 100, 0.5, 0.1),
                      "cosine_min_lr_rate");
  expect_lambda_gives(tf::cosine_with_hard_restarts_schedule_with_warmup_lr_lambda(5, 35, 3),
                      "hard_restarts_three_cycles");
  expect_lambda_gives(tf::polynomial_decay_schedule_with_warmup_lr_lambda(4, 40, 1e-4, 2.0, 0.1),
                      "polynomial_power_float");
  expect_lambda_gives(tf::inverse_sqrt_schedule_lr_lambda(0, 10'000), "inverse_sqrt_no_warmup");
  expect_lambda_gives(
      tf::cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda(5, 25, 0.5, 0.05, 0.01),
      "cosine_lr_rate_warmup_lr_rate");
  expect_lambda_gives(tf::wsd_scheduler_lambda(6, 6, 8, "1-sqrt", "1-sqrt", 0.0, 0.5),
                      "wsd_warmup_1sqrt_decay_1sqrt");
}

TEST(TransformersLambdas, ComposeAsSchedules) {
  // A lambda drives a ScheduleLR of one's own, or enters a combinator, as any Schedule.
  namespace sch = lrsched::schedules;
  const sch::Schedule lambda = tf::linear_schedule_with_warmup_lr_lambda(10, 100);
  auto a = InMemoryOptimizer::like("sgd", {0.1});
  auto b = InMemoryOptimizer::like("sgd", {0.1});
  lrsched::ScheduleLR own(a, {.schedule = lambda});
  auto upstream = tf::get_linear_schedule_with_warmup(b, {10, 100});
  for (int i = 0; i < 120; ++i) {
    ASSERT_TRUE(same_bits(a.lr(0), b.lr(0))) << i;
    own.step();
    upstream.step();
  }
  const sch::Schedule floored = sch::clamp(lambda, 0.25, 1.0);
  EXPECT_EQ(floored(0), 0.25);
  EXPECT_EQ(floored(55), 0.5);
  EXPECT_EQ(floored(150), 0.25);
}

TEST(TransformersLambdas, RaiseWherePythonRaises) {
  const auto expect_error = [](const lrsched::schedules::Schedule& s, std::int64_t step,
                               std::string_view type, const std::string& message) {
    try {
      (void)s(step);
      ADD_FAILURE() << "no error at step " << step;
    } catch (const lrsched::Error& e) {
      EXPECT_EQ(e.type(), type);
      EXPECT_EQ(e.message(), message);
    }
  };
  const auto poly = tf::polynomial_decay_schedule_with_warmup_lr_lambda(10, 10, 0.0, 1.0, 0.1);
  EXPECT_EQ(poly(9), 0.9);
  expect_error(poly, 10, "ZeroDivisionError", "division by zero");
  EXPECT_EQ(poly(11), 0.0);  // past the end: lr_end / lr_init, no division by the length
  expect_error(tf::inverse_sqrt_schedule_lr_lambda(2, 0), 2, "ZeroDivisionError",
               "division by zero");
  expect_error(tf::inverse_sqrt_schedule_lr_lambda(0, -5), 5, "ZeroDivisionError",
               "float division by zero");
  expect_error(tf::inverse_sqrt_schedule_lr_lambda(0, -5), 6, "ValueError", "math domain error");
  // num_cycles=inf: math.cos(inf) raises (at progress 0, inf * 0 is nan, and cos(nan) is nan).
  const auto inf_cycles = tf::cosine_schedule_with_warmup_lr_lambda(0, 10, HUGE_VAL);
  EXPECT_EQ(inf_cycles(0), 0.0);  // max(0, nan) is the 0
  expect_error(inf_cycles, 1, "ValueError", "math domain error");
  // Python ints do not wrap: lrsched's 64-bit ones refuse instead.
  const auto huge = tf::linear_schedule_with_warmup_lr_lambda(0, INT64_MIN + 1);
  expect_error(huge, 2, "OverflowError",
               "integer result does not fit in 64 bits (lrsched's ints are 64-bit)");
  try {
    (void)tf::wsd_scheduler_lambda(1, 1, 1, "linear", "step", 0.0, 0.5);
    ADD_FAILURE() << "an unknown decay type was accepted";
  } catch (const lrsched::ValueError& e) {
    EXPECT_EQ(e.message(), "Unknown decay type: step, expected 'linear', 'cosine' or '1-sqrt'");
  }
}

TEST(TransformersLambdas, PolynomialFailsAtTheStepUpstreamFailsAt) {
  auto o = InMemoryOptimizer::like("sgd", {0.1});
  auto s = tf::get_polynomial_decay_schedule_with_warmup(o, {10, 10});
  for (int i = 0; i < 9; ++i) s.step();
  EXPECT_EQ(o.lr(0), 0.1 * (9.0 / 10.0));
  EXPECT_THROW(s.step(), lrsched::ZeroDivisionError);
}

/// The kwargs a name needs: none, except a min_lr_rate or a num_decay_steps.
tf::SchedulerSpecificKwargs kwargs_for(tf::SchedulerType type) {
  switch (type) {
    case tf::SchedulerType::cosine_with_min_lr:
    case tf::SchedulerType::cosine_warmup_with_min_lr:
      return {.min_lr_rate = 0.1};
    case tf::SchedulerType::warmup_stable_decay:
      return {.num_decay_steps = 4};
    default:
      return {};
  }
}

// --- names, state files
// ---------------------------------------------------------------------------

TEST(TransformersSchedulers, AreNamedAfterTheirFunction) {
  auto o = InMemoryOptimizer::like("sgd", {0.1});
  EXPECT_EQ(tf::get_constant_schedule(o).name(), "get_constant_schedule");
  EXPECT_EQ(tf::get_constant_schedule_with_warmup(o, {1}).name(),
            "get_constant_schedule_with_warmup");
  EXPECT_EQ(tf::get_linear_schedule_with_warmup(o, {1, 5}).name(),
            "get_linear_schedule_with_warmup");
  EXPECT_EQ(tf::get_cosine_schedule_with_warmup(o, {1, 5}).name(),
            "get_cosine_schedule_with_warmup");
  EXPECT_EQ(tf::get_cosine_with_hard_restarts_schedule_with_warmup(o, {1, 5}).name(),
            "get_cosine_with_hard_restarts_schedule_with_warmup");
  EXPECT_EQ(tf::get_polynomial_decay_schedule_with_warmup(o, {1, 5}).name(),
            "get_polynomial_decay_schedule_with_warmup");
  EXPECT_EQ(tf::get_inverse_sqrt_schedule(o, {1}).name(), "get_inverse_sqrt_schedule");
  EXPECT_EQ(tf::get_cosine_with_min_lr_schedule_with_warmup(o, {1, 5, 0.5, -1, {}, 0.1}).name(),
            "get_cosine_with_min_lr_schedule_with_warmup");
  EXPECT_EQ(
      tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(o, {1, 5, 0.5, -1, {}, 0.1}).name(),
      "get_cosine_with_min_lr_schedule_with_warmup_lr_rate");
  EXPECT_EQ(tf::get_wsd_schedule(o, {1, 2, 5}).name(), "get_wsd_schedule");
  EXPECT_EQ(tf::get_reduce_on_plateau_schedule(o).name(), "ReduceLROnPlateau");

  const std::vector<std::pair<std::string_view, std::string_view>> by_name = {
      {"linear", "get_linear_schedule_with_warmup"},
      {"cosine", "get_cosine_schedule_with_warmup"},
      {"cosine_with_restarts", "get_cosine_with_hard_restarts_schedule_with_warmup"},
      {"polynomial", "get_polynomial_decay_schedule_with_warmup"},
      {"constant", "get_constant_schedule"},
      {"constant_with_warmup", "get_constant_schedule_with_warmup"},
      {"inverse_sqrt", "get_inverse_sqrt_schedule"},
      {"reduce_lr_on_plateau", "ReduceLROnPlateau"},
      {"cosine_with_min_lr", "get_cosine_with_min_lr_schedule_with_warmup"},
      {"cosine_warmup_with_min_lr", "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"},
      {"warmup_stable_decay", "get_wsd_schedule"}};
  for (const auto& [name, function] : by_name) {
    const tf::SchedulerType type = tf::scheduler_type(name);
    auto s = tf::get_scheduler(name, o, {1, 5, kwargs_for(type)});
    EXPECT_EQ(s->name(), function) << name;
  }
}

TEST(TransformersSchedulers, AStateFileNamesItsSchedule) {
  auto a = InMemoryOptimizer::like("sgd", {0.1});
  auto linear = tf::get_linear_schedule_with_warmup(a, {2, 10});
  linear.step();
  const std::string document = lrsched::save_state(linear, a);
  auto b = InMemoryOptimizer::like("sgd", {0.1});
  auto cosine = tf::get_cosine_schedule_with_warmup(b, {2, 10});
  EXPECT_THROW((void)lrsched::load_state(cosine, b, document), lrsched::StateError);
  EXPECT_NE(document.find("\"get_linear_schedule_with_warmup\""), std::string::npos);
}

// --- get_scheduler -------------------------------------------------------------------------------

TEST(TransformersGetScheduler, SchedulerTypeValuesAndMembers) {
  const std::vector<std::pair<tf::SchedulerType, std::pair<std::string_view, std::string_view>>>
      members = {
          {tf::SchedulerType::linear, {"linear", "LINEAR"}},
          {tf::SchedulerType::cosine, {"cosine", "COSINE"}},
          {tf::SchedulerType::cosine_with_restarts,
           {"cosine_with_restarts", "COSINE_WITH_RESTARTS"}},
          {tf::SchedulerType::polynomial, {"polynomial", "POLYNOMIAL"}},
          {tf::SchedulerType::constant, {"constant", "CONSTANT"}},
          {tf::SchedulerType::constant_with_warmup,
           {"constant_with_warmup", "CONSTANT_WITH_WARMUP"}},
          {tf::SchedulerType::inverse_sqrt, {"inverse_sqrt", "INVERSE_SQRT"}},
          {tf::SchedulerType::reduce_on_plateau, {"reduce_lr_on_plateau", "REDUCE_ON_PLATEAU"}},
          {tf::SchedulerType::cosine_with_min_lr, {"cosine_with_min_lr", "COSINE_WITH_MIN_LR"}},
          {tf::SchedulerType::cosine_warmup_with_min_lr,
           {"cosine_warmup_with_min_lr", "COSINE_WARMUP_WITH_MIN_LR"}},
          {tf::SchedulerType::warmup_stable_decay, {"warmup_stable_decay", "WARMUP_STABLE_DECAY"}}};
  const std::span<const tf::SchedulerType> all = tf::scheduler_types();  // list(SchedulerType)
  ASSERT_EQ(all.size(), members.size());
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& [type, names] = members[i];
    EXPECT_EQ(all[i], type);
    EXPECT_EQ(tf::to_string(type), names.first);
    EXPECT_EQ(tf::member_name(type), names.second);
    EXPECT_EQ(tf::scheduler_type(names.first), type);
  }
  try {
    (void)tf::scheduler_type("LINEAR");  // the member name is not a value
    ADD_FAILURE();
  } catch (const lrsched::ValueError& e) {
    EXPECT_EQ(e.message(),
              "LINEAR is not a valid SchedulerType, please select one of ['linear', 'cosine', "
              "'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', "
              "'inverse_sqrt', 'reduce_lr_on_plateau', 'cosine_with_min_lr', "
              "'cosine_warmup_with_min_lr', 'warmup_stable_decay']");
  }
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const lrsched::Error& e) {
    return std::string(e.type()) + ": " + e.message();
  }
  return "no error";
}

TEST(TransformersGetScheduler, BindsKeywordsAsPython) {
  auto o = InMemoryOptimizer::like("sgd", {0.1});
  // The first keyword the function does not take, in the struct's (the initializer's) order.
  EXPECT_EQ(error_of([&] {
              (void)tf::get_scheduler(
                  "linear", o, {1, 10, {.num_cycles = 2, .lr_end = 0.0, .warmup_type = "linear"}});
            }),
            "TypeError: get_linear_schedule_with_warmup() got an unexpected keyword argument "
            "'num_cycles'");
  // An unexpected keyword is reported before a missing argument.
  EXPECT_EQ(error_of([&] {
              (void)tf::get_scheduler("warmup_stable_decay", o, {1, 10, {.lr_end = 0.0}});
            }),
            "TypeError: get_wsd_schedule() got an unexpected keyword argument 'lr_end'");
  EXPECT_EQ(error_of([&] {
              (void)tf::get_scheduler("polynomial", o, {1, 10, {.num_cycles = 1}});
            }),
            "TypeError: get_polynomial_decay_schedule_with_warmup() got an unexpected keyword "
            "argument 'num_cycles'");
  EXPECT_EQ(error_of([&] {
              (void)tf::get_scheduler("cosine_with_restarts", o, {1, 10, {.min_lr_rate = 0.1}});
            }),
            "TypeError: get_cosine_with_hard_restarts_schedule_with_warmup() got an unexpected "
            "keyword argument 'min_lr_rate'");
  EXPECT_EQ(error_of([&] {
              (void)tf::get_scheduler("cosine_with_min_lr", o,
                                      {1, 10, {.min_lr_rate = 0.1, .warmup_lr_rate = 0.1}});
            }),
            "TypeError: get_cosine_with_min_lr_schedule_with_warmup() got an unexpected keyword "
            "argument 'warmup_lr_rate'");
  EXPECT_EQ(error_of([&] {
              (void)tf::get_scheduler("reduce_lr_on_plateau", o,
                                      {.scheduler_specific_kwargs = {.num_cycles = 0.5}});
            }),
            "TypeError: ReduceLROnPlateau.__init__() got an unexpected keyword argument "
            "'num_cycles'");
  // Both min_lr forms: the function's own check comes before the division of a list.
  EXPECT_EQ(error_of([&] {
              (void)tf::get_scheduler(
                  "cosine_warmup_with_min_lr", o,
                  {1, 10, {.min_lr = PerGroup{0.01, 0.02}, .min_lr_rate = 0.1}});
            }),
            "ValueError: Only one of min_lr or min_lr_rate should be set");
  // The names that drop the kwargs accept any.
  EXPECT_EQ(error_of([&] {
              (void)tf::get_scheduler("inverse_sqrt", o, {1, {}, {.timescale = 0, .eps = 1.0}});
            }),
            "no error");
  // A lambda schedule's last_epoch; ReduceLROnPlateau gets every plateau keyword.
  auto fresh = InMemoryOptimizer::like("sgd", {0.1});
  auto plateau = tf::get_scheduler("reduce_lr_on_plateau", fresh,
                                   {.scheduler_specific_kwargs = {.min_lr = PerGroup{0.05},
                                                                  .mode = "max",
                                                                  .factor = 0.5,
                                                                  .patience = 0,
                                                                  .threshold = 0.0,
                                                                  .threshold_mode = "abs",
                                                                  .cooldown = 0,
                                                                  .eps = 0.0}});
  auto& p = dynamic_cast<lrsched::ReduceLROnPlateau&>(*plateau);
  p.step(1.0);
  p.step(1.0);  // not better in max mode with threshold 0: reduce (patience 0)
  EXPECT_EQ(fresh.lr(0), 0.05);
  p.step(1.0);
  EXPECT_EQ(fresh.lr(0), 0.05);  // min_lr
}

TEST(TransformersGetScheduler, EnumAndStringAreTheSame) {
  for (std::size_t i = 0; i < 11; ++i) {
    const auto type = static_cast<tf::SchedulerType>(i);
    if (type == tf::SchedulerType::reduce_on_plateau) continue;
    const tf::GetSchedulerOptions options{3, 12, kwargs_for(type)};
    auto a = InMemoryOptimizer::like("sgd", kTwo);
    auto b = InMemoryOptimizer::like("sgd", kTwo);
    auto by_enum = tf::get_scheduler(type, a, options);
    auto by_string = tf::get_scheduler(tf::to_string(type), b, options);
    for (int k = 0; k < 20; ++k) {
      ASSERT_TRUE(same_bits(a.lr(0), b.lr(0)) && same_bits(a.lr(1), b.lr(1)))
          << tf::to_string(type) << " step " << k;
      by_enum->advance();
      by_string->advance();
    }
  }
}

std::vector<std::string> g_warnings;
void capture_warning(std::string_view message) { g_warnings.emplace_back(message); }

TEST(TransformersWsd, WarnsWhenBothLengthsAreGiven) {
  g_warnings.clear();
  lrsched::set_warning_handler(capture_warning);
  auto o = InMemoryOptimizer::like("sgd", {0.1});
  (void)tf::get_wsd_schedule(o,
                             {.num_warmup_steps = 1, .num_decay_steps = 2, .num_stable_steps = 3});
  (void)tf::get_wsd_schedule(
      o, {.num_warmup_steps = 1, .num_decay_steps = 2, .num_training_steps = 9});
  EXPECT_TRUE(g_warnings.empty());
  (void)tf::get_scheduler("warmup_stable_decay", o,
                          {1, 9, {.num_decay_steps = 2, .num_stable_steps = 3}});
  lrsched::set_warning_handler(nullptr);
  ASSERT_EQ(g_warnings.size(), 1U);
  EXPECT_EQ(g_warnings[0],
            "Both num_training_steps and num_stable_steps are specified. num_stable_steps will be "
            "used.");
}

// --- the optimizer's default lr ------------------------------------------------------------------

TEST(TransformersDefaultLr, IsTheLrTheOptimizerWasBuiltWith) {
  auto o = InMemoryOptimizer::like("adamw", {0.02, 0.5});
  EXPECT_EQ(o.default_lr(), 0.02);
  o.set_lr(0, 0.3);  // a scheduler's writes do not change the defaults
  EXPECT_EQ(o.default_lr(), 0.02);

  // SGD([{"params": a, "lr": 0.1}, {"params": b, "lr": 0.05}], lr=1.0): lr_init is 1.0.
  auto sgd = InMemoryOptimizer::like("sgd", {0.1, 0.05});
  sgd.set_default_lr(1.0);
  auto poly = tf::get_polynomial_decay_schedule_with_warmup(
      sgd, {.num_warmup_steps = 0, .num_training_steps = 4, .lr_end = 0.5});
  for (int i = 0; i < 5; ++i) poly.step();
  EXPECT_EQ(sgd.lr(0), 0.1 * (0.5 / 1.0));
  EXPECT_EQ(sgd.lr(1), 0.05 * (0.5 / 1.0));

  InMemoryOptimizer empty(std::vector<lrsched::ParamGroup>{});
  EXPECT_EQ(error_of([&] { (void)empty.default_lr(); }), "KeyError: 'lr'");
  empty.set_default_lr(0.5);
  EXPECT_EQ(empty.default_lr(), 0.5);
}

/// A view over an optimizer lrsched does not know: without an override, no default lr.
class ForeignOptimizer final : public lrsched::OptimizerView {
 public:
  [[nodiscard]] std::string_view type_name() const noexcept override { return "Foreign"; }
  [[nodiscard]] std::size_t num_groups() const noexcept override { return 1; }
  [[nodiscard]] double lr(std::size_t) const override { return lr_; }
  void set_lr(std::size_t, double lr) override { lr_ = lr; }
  [[nodiscard]] lrsched::MomentumKind momentum_kind() const noexcept override {
    return lrsched::MomentumKind::none;
  }
  [[nodiscard]] double momentum(std::size_t) const override { return 0; }
  void set_momentum(std::size_t, double) override {}
  [[nodiscard]] std::optional<double> key(std::size_t, GroupKey k) const override {
    return keys_.get(k);
  }
  void set_key(std::size_t, GroupKey k, double value) override { keys_.set(k, value); }

 private:
  double lr_ = 0.1;
  lrsched::GroupKeyStore keys_;
};

TEST(TransformersDefaultLr, AViewWithoutOneRefusesWhatReadsIt) {
  ForeignOptimizer o;
  EXPECT_EQ(error_of([&] {
              (void)tf::get_polynomial_decay_schedule_with_warmup(o, {1, 5});
            }),
            "KeyError: 'lr'");
  EXPECT_EQ(error_of([&] {
              (void)tf::get_cosine_with_min_lr_schedule_with_warmup(
                  o, {.num_warmup_steps = 1, .num_training_steps = 5, .min_lr = 0.01});
            }),
            "KeyError: 'lr'");
  // The schedules that do not read it work on any view.
  auto s = tf::get_cosine_with_min_lr_schedule_with_warmup(
      o, {.num_warmup_steps = 1, .num_training_steps = 5, .min_lr_rate = 0.1});
  s.step();
  EXPECT_EQ(o.lr(0), 0.1);
}

}  // namespace
