// Optax's schedules against Optax's own code: every case of tests/golden/families/optax.json
// (tools/family_cases/optax.py, run through the reference oracle) built with lrsched::optax,
// checked bit for bit at every step, through ScheduleLR on two groups, and across a resume.
#include "lrsched/families/optax.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../pure_schedule_golden.hpp"
#include "lrsched/error.hpp"

namespace {

namespace optax = lrsched::optax;
using lrsched::schedules::Schedule;
using pure_schedule_golden::Factory;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// One C++ construction per golden case, written as the case's spec is.
const std::map<std::string, Factory>& table() {
  static const std::map<std::string, Factory> table_of_cases = {
      // constant_schedule
      {"constant", [] { return optax::constant_schedule({.value = 0.01}); }},
      {"constant_int", [] { return optax::constant_schedule({.value = 5.0}); }},
      // polynomial_schedule
      {"polynomial_power2",
       [] {
         return optax::polynomial_schedule(
             {.init_value = 1.0, .end_value = 0.01, .power = 2.0, .transition_steps = 50});
       }},
      {"polynomial_begin",
       [] {
         return optax::polynomial_schedule({.init_value = 0.5,
                                            .end_value = 0.1,
                                            .power = 0.5,
                                            .transition_steps = 20,
                                            .transition_begin = 5});
       }},
      {"polynomial_negative_begin",
       [] {
         return optax::polynomial_schedule({.init_value = 1.0,
                                            .end_value = 0.0,
                                            .power = 1.5,
                                            .transition_steps = 10,
                                            .transition_begin = -3});
       }},
      {"polynomial_zero_steps",
       [] {
         return optax::polynomial_schedule(
             {.init_value = 1.0, .end_value = 0.0, .power = 2.0, .transition_steps = 0});
       }},
      {"polynomial_negative_steps",
       [] {
         return optax::polynomial_schedule({.init_value = 0.3,
                                            .end_value = 0.0,
                                            .power = 1.0,
                                            .transition_steps = -5,
                                            .transition_begin = 2});
       }},
      {"polynomial_rising",
       [] {
         return optax::polynomial_schedule(
             {.init_value = 0.0, .end_value = 1.0, .power = 3.0, .transition_steps = 8});
       }},
      {"polynomial_negative_power",
       [] {
         return optax::polynomial_schedule(
             {.init_value = 1.0, .end_value = 0.5, .power = -1.0, .transition_steps = 4});
       }},
      // linear_schedule
      {"linear",
       [] {
         return optax::linear_schedule(
             {.init_value = 0.0, .end_value = 1.0, .transition_steps = 10});
       }},
      {"linear_begin",
       [] {
         return optax::linear_schedule(
             {.init_value = 1.0, .end_value = 0.1, .transition_steps = 20, .transition_begin = 10});
       }},
      {"linear_int",
       [] {
         return optax::linear_schedule(
             {.init_value = 0.0, .end_value = 1.0, .transition_steps = 7});
       }},
      {"linear_zero_steps",
       [] {
         return optax::linear_schedule(
             {.init_value = 0.2, .end_value = 1.0, .transition_steps = 0});
       }},
      // piecewise_constant_schedule
      {"piecewise_constant",
       [] {
         return optax::piecewise_constant_schedule(
             {.init_value = 1.0, .boundaries_and_scales = {{10, 0.1}, {20, 0.5}}});
       }},
      {"piecewise_constant_none",
       [] { return optax::piecewise_constant_schedule({.init_value = 0.5}); }},
      {"piecewise_constant_unsorted",
       [] {
         return optax::piecewise_constant_schedule(
             {.init_value = 2.0, .boundaries_and_scales = {{30, 0.5}, {10, 0.1}, {20, 3.0}}});
       }},
      {"piecewise_constant_zero_scale",
       [] {
         return optax::piecewise_constant_schedule(
             {.init_value = 1.0, .boundaries_and_scales = {{5, 0.0}, {10, 10.0}}});
       }},
      {"piecewise_constant_inf_scale",
       [] {
         return optax::piecewise_constant_schedule(
             {.init_value = 1.0, .boundaries_and_scales = {{10, kInf}}});
       }},
      {"piecewise_constant_at_zero",
       [] {
         return optax::piecewise_constant_schedule(
             {.init_value = 1.0, .boundaries_and_scales = {{0, 0.5}, {3, 0.5}}});
       }},
      {"piecewise_constant_repeated_key",
       [] {
         return optax::piecewise_constant_schedule(
             {.init_value = 1.0, .boundaries_and_scales = {{10, 0.1}, {5, 0.2}, {10, 0.5}}});
       }},
      {"piecewise_constant_negative_scale",
       [] {
         return optax::piecewise_constant_schedule(
             {.init_value = 1.0, .boundaries_and_scales = {{10, 0.1}, {20, -0.5}}});
       }},
      {"piecewise_constant_nan_scale",
       [] {
         return optax::piecewise_constant_schedule(
             {.init_value = 1.0, .boundaries_and_scales = {{10, kNan}}});
       }},
      // exponential_decay
      {"exponential",
       [] {
         return optax::exponential_decay(
             {.init_value = 1.0, .transition_steps = 10, .decay_rate = 0.5});
       }},
      {"exponential_staircase",
       [] {
         return optax::exponential_decay(
             {.init_value = 1.0, .transition_steps = 10, .decay_rate = 0.5, .staircase = true});
       }},
      {"exponential_begin",
       [] {
         return optax::exponential_decay(
             {.init_value = 0.1, .transition_steps = 4, .decay_rate = 0.9, .transition_begin = 5});
       }},
      {"exponential_end_lower",
       [] {
         return optax::exponential_decay(
             {.init_value = 1.0, .transition_steps = 5, .decay_rate = 0.5, .end_value = 0.1});
       }},
      {"exponential_end_upper",
       [] {
         return optax::exponential_decay(
             {.init_value = 0.5, .transition_steps = 5, .decay_rate = 2.0, .end_value = 4.0});
       }},
      {"exponential_growth",
       [] {
         return optax::exponential_decay(
             {.init_value = 0.01, .transition_steps = 3, .decay_rate = 1.5});
       }},
      {"exponential_zero_rate",
       [] {
         return optax::exponential_decay(
             {.init_value = 0.3, .transition_steps = 10, .decay_rate = 0.0});
       }},
      {"exponential_zero_steps",
       [] {
         return optax::exponential_decay(
             {.init_value = 0.3, .transition_steps = 0, .decay_rate = 0.5, .end_value = 0.1});
       }},
      {"exponential_negative_begin",
       [] {
         return optax::exponential_decay({.init_value = 1.0,
                                          .transition_steps = 2,
                                          .decay_rate = 0.5,
                                          .transition_begin = -4,
                                          .staircase = true});
       }},
      {"exponential_negative_rate",
       [] {
         return optax::exponential_decay(
             {.init_value = 1.0, .transition_steps = 2, .decay_rate = -0.5});
       }},
      {"exponential_negative_rate_end",
       [] {
         return optax::exponential_decay(
             {.init_value = 1.0, .transition_steps = 1, .decay_rate = -0.5, .end_value = -0.1});
       }},
      // cosine_decay_schedule
      {"cosine_decay",
       [] { return optax::cosine_decay_schedule({.init_value = 1.0, .decay_steps = 50}); }},
      {"cosine_decay_alpha_exponent",
       [] {
         return optax::cosine_decay_schedule(
             {.init_value = 0.1, .decay_steps = 30, .alpha = 0.1, .exponent = 2.0});
       }},
      {"cosine_decay_pow",
       [] {
         return optax::cosine_decay_schedule(
             {.init_value = 1.0, .decay_steps = 105, .exponent = 2.0});
       }},
      {"cosine_decay_negative_exponent",
       [] {
         return optax::cosine_decay_schedule(
             {.init_value = 1.0, .decay_steps = 6, .exponent = -1.0});
       }},
      {"cosine_decay_zero_steps",
       [] { return optax::cosine_decay_schedule({.init_value = 1.0, .decay_steps = 0}); }},
      {"cosine_decay_negative_steps",
       [] {
         return optax::cosine_decay_schedule({.init_value = 1.0, .decay_steps = -10, .alpha = 0.5});
       }},
      // piecewise_interpolate_schedule
      {"interpolate_linear",
       [] {
         return optax::piecewise_interpolate_schedule(
             {.interpolate_type = "linear",
              .init_value = 1.0,
              .boundaries_and_scales = {{4, 0.1}, {8, 0.01}}});
       }},
      {"interpolate_cosine",
       [] {
         return optax::piecewise_interpolate_schedule(
             {.interpolate_type = "cosine",
              .init_value = 0.1,
              .boundaries_and_scales = {{10, 10.0}, {30, 0.01}}});
       }},
      {"interpolate_none",
       [] {
         return optax::piecewise_interpolate_schedule(
             {.interpolate_type = "cosine", .init_value = 0.5});
       }},
      {"interpolate_zero_boundary",
       [] {
         return optax::piecewise_interpolate_schedule(
             {.interpolate_type = "linear",
              .init_value = 0.5,
              .boundaries_and_scales = {{0, 4.0}, {6, 0.25}}});
       }},
      {"interpolate_negative_boundary",
       [] {
         return optax::piecewise_interpolate_schedule(
             {.interpolate_type = "linear",
              .init_value = 1.0,
              .boundaries_and_scales = {{-5, 2.0}, {10, 0.5}}});
       }},
      {"interpolate_int",
       [] {
         return optax::piecewise_interpolate_schedule(
             {.interpolate_type = "cosine",
              .init_value = 1.0,
              .boundaries_and_scales = {{10, 3.0}, {20, 2.0}}});
       }},
      {"interpolate_bad_type",
       [] {
         return optax::piecewise_interpolate_schedule(
             {.interpolate_type = "exponential", .init_value = 1.0});
       }},
      {"interpolate_negative_scale",
       [] {
         return optax::piecewise_interpolate_schedule(
             {.interpolate_type = "linear",
              .init_value = 1.0,
              .boundaries_and_scales = {{5, 0.5}, {10, -1.0}}});
       }},
      // linear_onecycle_schedule
      {"linear_onecycle",
       [] {
         return optax::linear_onecycle_schedule({.transition_steps = 100, .peak_value = 0.1});
       }},
      {"linear_onecycle_truncation",
       [] {
         return optax::linear_onecycle_schedule(
             {.transition_steps = 10, .peak_value = 1.0, .pct_start = 0.25, .pct_final = 0.75});
       }},
      {"linear_onecycle_merged",
       [] { return optax::linear_onecycle_schedule({.transition_steps = 1, .peak_value = 1.0}); }},
      {"linear_onecycle_final_merged",
       [] {
         return optax::linear_onecycle_schedule({.transition_steps = 10,
                                                 .peak_value = 2.0,
                                                 .pct_final = 1.0,
                                                 .div_factor = 4.0,
                                                 .final_div_factor = 8.0});
       }},
      {"linear_onecycle_zero_steps",
       [] { return optax::linear_onecycle_schedule({.transition_steps = 0, .peak_value = 0.1}); }},
      {"linear_onecycle_zero_div",
       [] {
         return optax::linear_onecycle_schedule(
             {.transition_steps = 10, .peak_value = 0.1, .div_factor = 0.0});
       }},
      {"linear_onecycle_nan_pct",
       [] {
         return optax::linear_onecycle_schedule(
             {.transition_steps = 10, .peak_value = 0.1, .pct_start = kNan});
       }},
      {"linear_onecycle_negative_div",
       [] {
         return optax::linear_onecycle_schedule(
             {.transition_steps = 10, .peak_value = 0.1, .div_factor = -2.0});
       }},
      // cosine_onecycle_schedule
      {"cosine_onecycle",
       [] {
         return optax::cosine_onecycle_schedule({.transition_steps = 100, .peak_value = 0.1});
       }},
      {"cosine_onecycle_args",
       [] {
         return optax::cosine_onecycle_schedule({.transition_steps = 50,
                                                 .peak_value = 1.0,
                                                 .pct_start = 0.1,
                                                 .div_factor = 10.0,
                                                 .final_div_factor = 100.0});
       }},
      {"cosine_onecycle_no_warmup",
       [] {
         return optax::cosine_onecycle_schedule(
             {.transition_steps = 20, .peak_value = 0.5, .pct_start = 0.0});
       }},
      {"cosine_onecycle_negative_steps",
       [] { return optax::cosine_onecycle_schedule({.transition_steps = -1, .peak_value = 0.1}); }},
      {"cosine_onecycle_zero_final",
       [] {
         return optax::cosine_onecycle_schedule(
             {.transition_steps = 10, .peak_value = 0.1, .final_div_factor = 0.0});
       }},
      // warmup_constant_schedule
      {"warmup_constant",
       [] {
         return optax::warmup_constant_schedule(
             {.init_value = 0.0, .peak_value = 1.0, .warmup_steps = 10});
       }},
      {"warmup_constant_no_warmup",
       [] {
         return optax::warmup_constant_schedule(
             {.init_value = 0.1, .peak_value = 1.0, .warmup_steps = 0});
       }},
      // warmup_cosine_decay_schedule
      {"warmup_cosine",
       [] {
         return optax::warmup_cosine_decay_schedule(
             {.init_value = 0.0, .peak_value = 1.0, .warmup_steps = 10, .decay_steps = 100});
       }},
      {"warmup_cosine_end_value",
       [] {
         return optax::warmup_cosine_decay_schedule({.init_value = 0.0,
                                                     .peak_value = 3e-4,
                                                     .warmup_steps = 5,
                                                     .decay_steps = 20,
                                                     .end_value = 3e-5});
       }},
      {"warmup_cosine_exponent",
       [] {
         return optax::warmup_cosine_decay_schedule({.init_value = 1e-3,
                                                     .peak_value = 1e-2,
                                                     .warmup_steps = 3,
                                                     .decay_steps = 30,
                                                     .end_value = 1e-4,
                                                     .exponent = 2.0});
       }},
      {"warmup_cosine_zero_peak",
       [] {
         return optax::warmup_cosine_decay_schedule({.init_value = 0.1,
                                                     .peak_value = 0.0,
                                                     .warmup_steps = 4,
                                                     .decay_steps = 10,
                                                     .end_value = 0.05});
       }},
      {"warmup_cosine_no_warmup",
       [] {
         return optax::warmup_cosine_decay_schedule(
             {.init_value = 0.5, .peak_value = 1.0, .warmup_steps = 0, .decay_steps = 10});
       }},
      {"warmup_cosine_negative_warmup",
       [] {
         return optax::warmup_cosine_decay_schedule(
             {.init_value = 0.0, .peak_value = 1.0, .warmup_steps = -3, .decay_steps = 10});
       }},
      {"warmup_cosine_equal_steps",
       [] {
         return optax::warmup_cosine_decay_schedule(
             {.init_value = 0.0, .peak_value = 1.0, .warmup_steps = 10, .decay_steps = 10});
       }},
      // warmup_exponential_decay_schedule
      {"warmup_exponential",
       [] {
         return optax::warmup_exponential_decay_schedule({.init_value = 0.0,
                                                          .peak_value = 1.0,
                                                          .warmup_steps = 5,
                                                          .transition_steps = 10,
                                                          .decay_rate = 0.5});
       }},
      {"warmup_exponential_full",
       [] {
         return optax::warmup_exponential_decay_schedule({.init_value = 0.01,
                                                          .peak_value = 0.1,
                                                          .warmup_steps = 10,
                                                          .transition_steps = 5,
                                                          .decay_rate = 0.8,
                                                          .transition_begin = 5,
                                                          .staircase = true,
                                                          .end_value = 0.02});
       }},
      {"warmup_exponential_upper",
       [] {
         return optax::warmup_exponential_decay_schedule({.init_value = 0.1,
                                                          .peak_value = 0.2,
                                                          .warmup_steps = 2,
                                                          .transition_steps = 3,
                                                          .decay_rate = 1.5,
                                                          .end_value = 0.5});
       }},
      // sgdr_schedule
      {"sgdr",
       [] {
         return optax::sgdr_schedule(
             {{.init_value = 0.0, .peak_value = 1.0, .warmup_steps = 5, .decay_steps = 20},
              {.init_value = 0.0,
               .peak_value = 0.5,
               .warmup_steps = 5,
               .decay_steps = 30,
               .end_value = 0.01}});
       }},
      {"sgdr_three",
       [] {
         return optax::sgdr_schedule(
             {{.init_value = 1.0, .peak_value = 1.0, .warmup_steps = 0, .decay_steps = 5},
              {.init_value = 1.0,
               .peak_value = 1.0,
               .warmup_steps = 0,
               .decay_steps = 10,
               .exponent = 2.0},
              {.init_value = 0.5,
               .peak_value = 0.5,
               .warmup_steps = 0,
               .decay_steps = 15,
               .end_value = 0.05}});
       }},
      {"sgdr_refused_cycle",
       [] {
         return optax::sgdr_schedule(
             {{.init_value = 0.0, .peak_value = 1.0, .warmup_steps = 0, .decay_steps = 10},
              {.init_value = 0.0, .peak_value = 1.0, .warmup_steps = 5, .decay_steps = 5}});
       }},
      {"sgdr_empty", [] { return optax::sgdr_schedule({}); }},
      // join_schedules
      {"join",
       [] {
         return optax::join_schedules(
             {optax::linear_schedule({.init_value = 0.0, .end_value = 1.0, .transition_steps = 10}),
              optax::cosine_decay_schedule({.init_value = 1.0, .decay_steps = 90})},
             {10});
       }},
      {"join_three",
       [] {
         return optax::join_schedules(
             {optax::constant_schedule({.value = 0.1}),
              optax::exponential_decay(
                  {.init_value = 1.0, .transition_steps = 5, .decay_rate = 0.5}),
              optax::linear_schedule(
                  {.init_value = 0.2, .end_value = 0.0, .transition_steps = 10})},
             {10, 25});
       }},
      {"join_nested",
       [] {
         return optax::join_schedules(
             {optax::join_schedules({optax::constant_schedule({.value = 1.0}),
                                     optax::constant_schedule({.value = 0.5})},
                                    {3}),
              optax::join_schedules(
                  {optax::linear_schedule(
                       {.init_value = 0.5, .end_value = 0.0, .transition_steps = 4}),
                   optax::constant_schedule({.value = 0.25})},
                  {2})},
             {6});
       }},
      {"join_unsorted",
       [] {
         return optax::join_schedules(
             {optax::constant_schedule({.value = 1.0}), optax::constant_schedule({.value = 2.0}),
              optax::linear_schedule(
                  {.init_value = 3.0, .end_value = 4.0, .transition_steps = 10})},
             {20, 10});
       }},
      {"join_extra_schedule",
       [] {
         return optax::join_schedules(
             {optax::constant_schedule({.value = 1.0}), optax::constant_schedule({.value = 2.0}),
              optax::constant_schedule({.value = 3.0})},
             {5});
       }},
      {"join_extra_boundary",
       [] {
         return optax::join_schedules({optax::constant_schedule({.value = 1.0})}, {2, 4});
       }},
      {"join_negative_boundary",
       [] {
         return optax::join_schedules(
             {optax::constant_schedule({.value = 1.0}),
              optax::linear_schedule(
                  {.init_value = 0.0, .end_value = 1.0, .transition_steps = 10})},
             {-5});
       }},
      {"join_empty", [] { return optax::join_schedules({}, {}); }},
      {"join_raises_at_negative_count",
       [] {
         // `lambda count: math.sqrt(count)`, with math.sqrt's error for a negative argument.
         const Schedule sqrt_schedule([](std::int64_t count) {
           if (count < 0) throw lrsched::ValueError("math domain error");
           return std::sqrt(static_cast<double>(count));
         });
         return optax::join_schedules({optax::constant_schedule({.value = 1.0}), sqrt_schedule},
                                      {10});
       }},
  };
  return table_of_cases;
}

// OptaxGolden.EveryCaseHasAConstruction and Optax/OptaxGoldenCase.<check>/<case>.
[[maybe_unused]] const bool kGoldenTests =
    pure_schedule_golden::register_tests("Optax", 45, table());

// --- behaviour the golden traces show only indirectly
// ---------------------------------------------

TEST(OptaxJoin, EvaluatesEveryScheduleAtEveryStepLaterOnesAtNegativeCounts) {
  std::vector<std::int64_t> seen;  // the counts the second schedule was called with
  const Schedule recorder([&seen](std::int64_t count) {
    seen.push_back(count);
    return 2.0;
  });
  const Schedule joined =
      optax::join_schedules({optax::constant_schedule({.value = 1.0}), recorder}, {10});
  EXPECT_EQ(joined(0), 1.0);
  EXPECT_EQ(joined(12), 2.0);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{-10, 2}));
}

/// A node that counts its evaluations, and says whether it may raise.
class CountingNode final : public Schedule::Node {
 public:
  CountingNode(double value, bool may_throw) : value_(value), may_throw_(may_throw) {}
  [[nodiscard]] double at(std::int64_t /*step*/) const override {
    ++evaluations;
    return value_;
  }
  [[nodiscard]] bool may_throw() const noexcept override { return may_throw_; }
  mutable int evaluations = 0;

 private:
  double value_;
  bool may_throw_;
};

TEST(OptaxJoin, EvaluatesAPieceOutOfUseOnlyWhenItMayRaise) {
  const auto first = std::make_shared<const CountingNode>(1.0, false);
  const auto second = std::make_shared<const CountingNode>(2.0, false);
  const auto third = std::make_shared<const CountingNode>(3.0, true);  // a user's function
  const Schedule joined =
      optax::join_schedules({Schedule(first), Schedule(second), Schedule(third)}, {10, 20});
  EXPECT_EQ(joined(15), 2.0);
  EXPECT_EQ(first->evaluations, 0);
  EXPECT_EQ(second->evaluations, 1);
  EXPECT_EQ(third->evaluations, 1);
  EXPECT_TRUE(joined.may_throw());
  // Optax's own schedules raise nothing (lrsched's int64 limit aside), so neither does their join.
  EXPECT_FALSE(optax::join_schedules({Schedule(first), Schedule(second)}, {10}).may_throw());
  EXPECT_TRUE(optax::join_schedules({}, {}).may_throw());  // IndexError
}

TEST(OptaxJoin, AnEmptyJoinIsRefusedOnlyWhenEvaluated) {
  const Schedule empty = optax::join_schedules({}, {});  // Optax builds it too
  EXPECT_THROW(static_cast<void>(empty(0)), lrsched::IndexError);
  const Schedule no_cycles = optax::sgdr_schedule({});
  EXPECT_THROW(static_cast<void>(no_cycles(5)), lrsched::IndexError);
}

TEST(OptaxRefusals, ArgumentErrorsAreRaisedWhenTheScheduleIsBuilt) {
  EXPECT_THROW(
      static_cast<void>(optax::cosine_decay_schedule({.init_value = 1.0, .decay_steps = 0})),
      lrsched::ValueError);
  EXPECT_THROW(static_cast<void>(optax::linear_onecycle_schedule(
                   {.transition_steps = 10, .peak_value = 1.0, .div_factor = 0.0})),
               lrsched::ZeroDivisionError);
  EXPECT_THROW(static_cast<void>(optax::linear_onecycle_schedule(
                   {.transition_steps = 10, .peak_value = 1.0, .pct_final = kInf})),
               lrsched::OverflowError);  // int(inf)
}

TEST(OptaxNegativeCounts, FollowOptaxsFormulasBelowZero) {
  // cosine_decay_schedule clamps only from above: the cosine is even, so count -3 is count 3.
  const Schedule cosine = optax::cosine_decay_schedule({.init_value = 1.0, .decay_steps = 10});
  EXPECT_EQ(cosine(-3), cosine(3));
  EXPECT_LT(cosine(-3), 1.0);
  // The ramps clip the count at 0; exponential_decay holds init_value up to its begin.
  const Schedule linear =
      optax::linear_schedule({.init_value = 0.5, .end_value = 1.0, .transition_steps = 10});
  EXPECT_EQ(linear(-7), 0.5);
  const Schedule exponential =
      optax::exponential_decay({.init_value = 0.5, .transition_steps = 2, .decay_rate = 0.1});
  EXPECT_EQ(exponential(-7), 0.5);
}

TEST(OptaxInterpolate, OneBoundaryIsAProductNotASum) {
  // With one boundary NumPy's dot of the 1-element vectors is the product `0.0 * x`: -0.0 for
  // the negative interpolation outside the interval (Optax's code gives -0.0 at count -6 here);
  // with more boundaries it is a sum from +0.0.
  const Schedule one = optax::piecewise_interpolate_schedule(
      {.interpolate_type = "cosine", .init_value = -0.375, .boundaries_and_scales = {{19, 0.5}}});
  EXPECT_TRUE(std::signbit(one(-6)));
  EXPECT_EQ(one(-6), 0.0);
  const Schedule two =
      optax::piecewise_interpolate_schedule({.interpolate_type = "cosine",
                                             .init_value = -0.375,
                                             .boundaries_and_scales = {{19, 0.5}, {30, 0.5}}});
  EXPECT_FALSE(std::signbit(two(-6)));
  EXPECT_EQ(two(-6), 0.0);
}

}  // namespace
