// Keras' schedules against Keras' own code: every case of tests/golden/families/keras.json
// (tools/family_cases/keras.py, run through the reference oracle) built with lrsched::keras,
// checked bit for bit at every step, through ScheduleLR on two groups, and across a resume.
#include "lrsched/families/keras.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numbers>
#include <string>
#include <type_traits>
#include <vector>

#include "../pure_schedule_golden.hpp"
#include "lrsched/error.hpp"

namespace {

namespace keras = lrsched::keras;
using keras::DType;
using lrsched::schedules::Schedule;
using pure_schedule_golden::Factory;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// One C++ construction per golden case, written as the case's spec is; an int
// `initial_learning_rate` in the spec is `.dtype = DType::int32` here.
const std::map<std::string, Factory>& table() {
  static const std::map<std::string, Factory> table_of_cases = {
      // ExponentialDecay
      {"exponential",
       [] {
         return keras::ExponentialDecay(
             {.initial_learning_rate = 0.1, .decay_steps = 10, .decay_rate = 0.5});
       }},
      {"exponential_staircase",
       [] {
         return keras::ExponentialDecay({.initial_learning_rate = 0.1,
                                         .decay_steps = 10,
                                         .decay_rate = 0.5,
                                         .staircase = true,
                                         .name = "decay"});
       }},
      {"exponential_growth",
       [] {
         return keras::ExponentialDecay(
             {.initial_learning_rate = 0.01, .decay_steps = 3, .decay_rate = 1.5});
       }},
      {"exponential_int",
       [] {
         return keras::ExponentialDecay({.initial_learning_rate = 1.0,
                                         .decay_steps = 10,
                                         .decay_rate = 0.5,
                                         .dtype = DType::int32});
       }},
      {"exponential_int_rate",
       [] {
         return keras::ExponentialDecay({.initial_learning_rate = 3.0,
                                         .decay_steps = 4,
                                         .decay_rate = 2.5,
                                         .staircase = true,
                                         .dtype = DType::int32});
       }},
      {"exponential_int_steps_wrap",
       [] {
         return keras::ExponentialDecay({.initial_learning_rate = 1.0,
                                         .decay_steps = std::int64_t{1} << 32,
                                         .decay_rate = 2.5,
                                         .dtype = DType::int32});
       }},
      {"exponential_int_nan_rate",
       [] {
         return keras::ExponentialDecay({.initial_learning_rate = 1.0,
                                         .decay_steps = 10,
                                         .decay_rate = kNan,
                                         .dtype = DType::int32});
       }},
      {"exponential_int_inf_rate",
       [] {
         return keras::ExponentialDecay({.initial_learning_rate = 1.0,
                                         .decay_steps = 10,
                                         .decay_rate = kInf,
                                         .dtype = DType::int32});
       }},
      {"exponential_zero_steps",
       [] {
         return keras::ExponentialDecay(
             {.initial_learning_rate = 0.1, .decay_steps = 0, .decay_rate = 0.5});
       }},
      {"exponential_negative_steps",
       [] {
         return keras::ExponentialDecay(
             {.initial_learning_rate = 0.1, .decay_steps = -3, .decay_rate = 0.5});
       }},
      // PiecewiseConstantDecay
      {"piecewise",
       [] {
         return keras::PiecewiseConstantDecay({.boundaries = {10, 20}, .values = {1.0, 0.5, 0.1}});
       }},
      {"piecewise_single",
       [] {
         return keras::PiecewiseConstantDecay(
             {.boundaries = {0}, .values = {0.1, 0.01}, .name = "pc"});
       }},
      {"piecewise_unsorted",
       [] {
         return keras::PiecewiseConstantDecay({.boundaries = {20, 10}, .values = {1.0, 0.5, 0.1}});
       }},
      {"piecewise_int_values",
       [] {
         return keras::PiecewiseConstantDecay({.boundaries = {2, 4}, .values = {3.0, 2.0, 1.0}});
       }},
      {"piecewise_float_boundaries",
       [] {
         // [2.5, 5.9]: Keras casts them to the step's int32, truncating to 2 and 5.
         return keras::PiecewiseConstantDecay({.boundaries = {2, 5}, .values = {1.0, 0.5, 0.25}});
       }},
      {"piecewise_inf_value",
       [] {
         return keras::PiecewiseConstantDecay({.boundaries = {5}, .values = {1.0, kInf}});
       }},
      {"piecewise_signed_zero",
       [] {
         return keras::PiecewiseConstantDecay(
             {.boundaries = {2, 4}, .values = {-0.0, -1.0, 0.0}});
       }},
      {"piecewise_empty",
       [] { return keras::PiecewiseConstantDecay({.boundaries = {}, .values = {1.0}}); }},
      {"piecewise_length",
       [] {
         return keras::PiecewiseConstantDecay({.boundaries = {10, 20}, .values = {1.0, 0.5}});
       }},
      // PolynomialDecay
      {"polynomial",
       [] { return keras::PolynomialDecay({.initial_learning_rate = 0.1, .decay_steps = 50}); }},
      {"polynomial_power",
       [] {
         return keras::PolynomialDecay({.initial_learning_rate = 0.1,
                                        .decay_steps = 20,
                                        .end_learning_rate = 0.01,
                                        .power = 0.5});
       }},
      {"polynomial_cycle",
       [] {
         return keras::PolynomialDecay({.initial_learning_rate = 0.1,
                                        .decay_steps = 10,
                                        .end_learning_rate = 0.01,
                                        .power = 2.0,
                                        .cycle = true});
       }},
      {"polynomial_int",
       [] {
         return keras::PolynomialDecay(
             {.initial_learning_rate = 1.0, .decay_steps = 10, .dtype = DType::int32});
       }},
      {"polynomial_int_cycle",
       [] {
         return keras::PolynomialDecay({.initial_learning_rate = 3.0,
                                        .decay_steps = 4,
                                        .end_learning_rate = 1.0,
                                        .power = 2.0,
                                        .cycle = true,
                                        .dtype = DType::int32});
       }},
      {"polynomial_negative_power",
       [] {
         return keras::PolynomialDecay({.initial_learning_rate = 1.0,
                                        .decay_steps = 4,
                                        .end_learning_rate = 0.5,
                                        .power = -1.0});
       }},
      {"polynomial_zero_steps",
       [] { return keras::PolynomialDecay({.initial_learning_rate = 0.1, .decay_steps = 0}); }},
      // InverseTimeDecay
      {"inverse_time",
       [] {
         return keras::InverseTimeDecay(
             {.initial_learning_rate = 0.1, .decay_steps = 1, .decay_rate = 0.5});
       }},
      {"inverse_time_staircase",
       [] {
         return keras::InverseTimeDecay({.initial_learning_rate = 0.1,
                                         .decay_steps = 5,
                                         .decay_rate = 1.0,
                                         .staircase = true});
       }},
      {"inverse_time_int",
       [] {
         return keras::InverseTimeDecay({.initial_learning_rate = 1.0,
                                         .decay_steps = 10,
                                         .decay_rate = 0.5,
                                         .dtype = DType::int32});
       }},
      {"inverse_time_int_rate",
       [] {
         return keras::InverseTimeDecay({.initial_learning_rate = 2.0,
                                         .decay_steps = 3,
                                         .decay_rate = 2.5,
                                         .dtype = DType::int32});
       }},
      {"inverse_time_zero_steps",
       [] {
         return keras::InverseTimeDecay(
             {.initial_learning_rate = 0.1, .decay_steps = 0, .decay_rate = 0.5});
       }},
      // CosineDecay
      {"cosine",
       [] { return keras::CosineDecay({.initial_learning_rate = 0.1, .decay_steps = 50}); }},
      {"cosine_alpha",
       [] {
         return keras::CosineDecay({.initial_learning_rate = 0.1, .decay_steps = 30, .alpha = 0.1});
       }},
      {"cosine_warmup",
       [] {
         return keras::CosineDecay({.initial_learning_rate = 0.0,
                                    .decay_steps = 50,
                                    .warmup_target = 0.1,
                                    .warmup_steps = 10});
       }},
      {"cosine_warmup_alpha",
       [] {
         return keras::CosineDecay({.initial_learning_rate = 0.01,
                                    .decay_steps = 20,
                                    .alpha = 0.05,
                                    .name = "cd",
                                    .warmup_target = 0.2,
                                    .warmup_steps = 5});
       }},
      {"cosine_warmup_steps_only",
       [] {
         return keras::CosineDecay(
             {.initial_learning_rate = 0.1, .decay_steps = 20, .warmup_steps = 5});
       }},
      {"cosine_target_no_warmup",
       [] {
         return keras::CosineDecay(
             {.initial_learning_rate = 0.1, .decay_steps = 10, .warmup_target = 0.2});
       }},
      {"cosine_int",
       [] {
         return keras::CosineDecay(
             {.initial_learning_rate = 1.0, .decay_steps = 100, .dtype = DType::int32});
       }},
      {"cosine_int_alpha",
       [] {
         return keras::CosineDecay({.initial_learning_rate = 2.0,
                                    .decay_steps = 20,
                                    .alpha = 0.5,
                                    .dtype = DType::int32});
       }},
      {"cosine_int_warmup",
       [] {
         return keras::CosineDecay({.initial_learning_rate = 0.0,
                                    .decay_steps = 10,
                                    .warmup_target = 2.7,
                                    .warmup_steps = 4,
                                    .dtype = DType::int32});
       }},
      {"cosine_zero_steps",
       [] { return keras::CosineDecay({.initial_learning_rate = 0.1, .decay_steps = 0}); }},
      // CosineDecayRestarts
      {"restarts",
       [] {
         return keras::CosineDecayRestarts({.initial_learning_rate = 0.1, .first_decay_steps = 10});
       }},
      {"restarts_m_mul_alpha",
       [] {
         return keras::CosineDecayRestarts({.initial_learning_rate = 0.1,
                                            .first_decay_steps = 10,
                                            .t_mul = 2.0,
                                            .m_mul = 0.5,
                                            .alpha = 0.1});
       }},
      {"restarts_t_mul_one",
       [] {
         return keras::CosineDecayRestarts({.initial_learning_rate = 0.1,
                                            .first_decay_steps = 8,
                                            .t_mul = 1.0,
                                            .m_mul = 0.8,
                                            .alpha = 0.0,
                                            .name = "r"});
       }},
      {"restarts_t_mul_below_one",
       [] {
         return keras::CosineDecayRestarts(
             {.initial_learning_rate = 0.1, .first_decay_steps = 10, .t_mul = 0.5});
       }},
      {"restarts_t_mul_three",
       [] {
         return keras::CosineDecayRestarts(
             {.initial_learning_rate = 0.05, .first_decay_steps = 3, .t_mul = 3.0, .m_mul = 0.9});
       }},
      {"restarts_int",
       [] {
         return keras::CosineDecayRestarts(
             {.initial_learning_rate = 1.0, .first_decay_steps = 10, .dtype = DType::int32});
       }},
      {"restarts_int_t_mul",
       [] {
         return keras::CosineDecayRestarts({.initial_learning_rate = 1.0,
                                            .first_decay_steps = 5,
                                            .t_mul = 1.5,
                                            .dtype = DType::int32});
       }},
      {"restarts_int_all",
       [] {
         return keras::CosineDecayRestarts({.initial_learning_rate = 2.0,
                                            .first_decay_steps = 4,
                                            .t_mul = 3.0,
                                            .m_mul = 2.0,
                                            .alpha = 0.5,
                                            .dtype = DType::int32});
       }},
      {"restarts_zero_steps",
       [] {
         return keras::CosineDecayRestarts({.initial_learning_rate = 0.1, .first_decay_steps = 0});
       }},
  };
  return table_of_cases;
}

// KerasGolden.EveryCaseHasAConstruction and Keras/KerasGoldenCase.<check>/<case>.
[[maybe_unused]] const bool kGoldenTests =
    pure_schedule_golden::register_tests("Keras", 30, table());

// --- behaviour the golden traces show only indirectly
// ---------------------------------------------

// The classes are Schedules and add nothing to them: a copy into a Schedule loses no state.
static_assert(std::is_base_of_v<Schedule, keras::CosineDecay>);
static_assert(sizeof(keras::ExponentialDecay) == sizeof(Schedule));
static_assert(sizeof(keras::CosineDecayRestarts) == sizeof(Schedule));

TEST(KerasClasses, AreSchedulesWhereverOneIsExpected) {
  const keras::CosineDecay cosine({.initial_learning_rate = 0.1, .decay_steps = 10});
  const Schedule copy = cosine;  // NOLINT(performance-unnecessary-copy-initialization): tested
  const std::vector<Schedule> list{
      cosine,
      keras::InverseTimeDecay({.initial_learning_rate = 0.1, .decay_steps = 1, .decay_rate = 1.0})};
  EXPECT_EQ(copy(0), 0.1);
  EXPECT_EQ(copy(10), 0.0);
  EXPECT_EQ(list[0](5), cosine(5));
  EXPECT_EQ(list[1](1), 0.05);

  // Given to ScheduleLR as it is: every group's lr is the value.
  auto optimizer = lrsched::InMemoryOptimizer::like("adam", {0.5, 0.25});
  lrsched::ScheduleLR scheduler(optimizer,
                                {.schedule = cosine, .mode = lrsched::ScheduleLR::Mode::absolute});
  for (int k = 1; k <= 5; ++k) scheduler.step();
  EXPECT_EQ(optimizer.lr(0), cosine(5));
  EXPECT_EQ(optimizer.lr(1), cosine(5));
}

TEST(KerasDType, DefaultsToFloat64) {
  // Keras' own example values differ between the dtypes: pi is 3 in int32.
  const keras::CosineDecay float64({.initial_learning_rate = 1.0, .decay_steps = 4});
  const keras::CosineDecay int32(
      {.initial_learning_rate = 1.0, .decay_steps = 4, .dtype = DType::int32});
  EXPECT_EQ(float64(2), 0.5 * (1.0 + std::cos(std::numbers::pi * 0.5)));
  EXPECT_EQ(int32(2), 0.5 * (1.0 + std::cos(3.0 * 0.5)));
  EXPECT_NE(float64(2), int32(2));
}

TEST(KerasDType, Int32CastErrorsAreRaisedAtTheFirstEvaluation) {
  // Keras casts in __call__: the schedule is built, and its first call fails.
  const keras::ExponentialDecay decay(
      {.initial_learning_rate = 1.0, .decay_steps = 10, .decay_rate = kNan, .dtype = DType::int32});
  EXPECT_THROW(static_cast<void>(decay(0)), lrsched::ValueError);
  const keras::CosineDecay cosine({.initial_learning_rate = 1.0,
                                   .decay_steps = 10,
                                   .warmup_target = -kInf,
                                   .warmup_steps = 2,
                                   .dtype = DType::int32});
  EXPECT_THROW(static_cast<void>(cosine(0)), lrsched::OverflowError);
  // Float64 never casts to int.
  const keras::ExponentialDecay float64(
      {.initial_learning_rate = 1.0, .decay_steps = 10, .decay_rate = kNan});
  EXPECT_TRUE(std::isnan(float64(3)));
}

TEST(KerasDType, Int32StepsWrapAround) {
  // NumPy casts the step to int32 with wrap-around: step 2**32 + 5 is step 5.
  const keras::InverseTimeDecay decay(
      {.initial_learning_rate = 3.0, .decay_steps = 2, .decay_rate = 1.0, .dtype = DType::int32});
  EXPECT_EQ(decay((std::int64_t{1} << 32) + 5), decay(5));
  const keras::PiecewiseConstantDecay piecewise({.boundaries = {10}, .values = {1.0, 0.5}});
  EXPECT_EQ(piecewise((std::int64_t{1} << 32) + 5), 1.0);
}

TEST(KerasRefusals, AreRaisedWhenTheScheduleIsBuilt) {
  EXPECT_THROW(keras::PolynomialDecay({.initial_learning_rate = 0.1, .decay_steps = -1}),
               lrsched::ValueError);
  // An empty PiecewiseConstantDecay is built, as in Keras, and fails when called.
  const keras::PiecewiseConstantDecay empty({.boundaries = {}, .values = {1.0}});
  EXPECT_THROW(static_cast<void>(empty(0)), lrsched::IndexError);
}

}  // namespace
