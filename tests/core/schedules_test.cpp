// The pure schedule layer (lrsched/schedules.hpp) and ScheduleLR, the class that applies a
// schedule to an optimizer: values at boundaries and held ends, the combinators' step offsets,
// argument checks, equality bit for bit with the PyTorch classes whose formulas are shared, and
// save/resume through ScheduleLR.
#include <cmath>
#include <limits>
#include <numbers>

#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::CosineAnnealingLR;
using lrsched::CosineAnnealingWarmRestarts;
using lrsched::ExponentialLR;
using lrsched::GroupKey;
using lrsched::LambdaLR;
using lrsched::LinearLR;
using lrsched::PolynomialLR;
using lrsched::ScheduleLR;
using lrsched::StepLR;
using lrsched::schedules::Schedule;
namespace sch = lrsched::schedules;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- primitives ----------------------------------------------------------------------------------

TEST(Schedules, Constant) {
  const Schedule s = sch::constant(0.3);
  EXPECT_EQ(s(0), 0.3);
  EXPECT_EQ(s(1000), 0.3);
  EXPECT_EQ(s(-5), 0.3);
}

TEST(Schedules, LinearRampsThenHoldsItsEnd) {
  const Schedule s = sch::linear(0.0, 1.0, 4);
  EXPECT_EQ(s(-3), 0.0);  // before step 0: the value at 0
  EXPECT_EQ(s(0), 0.0);
  EXPECT_EQ(s(1), 0.25);
  EXPECT_EQ(s(2), 0.5);
  EXPECT_EQ(s(3), 0.75);
  EXPECT_EQ(s(4), 1.0);
  EXPECT_EQ(s(5), 1.0);
  EXPECT_EQ(s(std::numeric_limits<std::int64_t>::max()), 1.0);
  const Schedule down = sch::linear(1.0, 0.5, 2);
  EXPECT_EQ(down(1), 0.75);
  EXPECT_EQ(down(9), 0.5);
}

TEST(Schedules, CosineAnnealsThenHoldsItsEnd) {
  const Schedule s = sch::cosine(1.0, 0.0, 4);
  EXPECT_EQ(s(0), 1.0);
  EXPECT_EQ(s(2), 0.5);
  EXPECT_EQ(s(1), (1 + std::cos(std::numbers::pi / 4)) / 2);
  EXPECT_EQ(s(4), 0.0);
  EXPECT_EQ(s(100), 0.0);
  EXPECT_EQ(s(-1), 1.0);
  const Schedule to_floor = sch::cosine(0.5, 0.01, 7);
  EXPECT_EQ(to_floor(7), 0.01);
  EXPECT_EQ(to_floor(8), 0.01);
}

TEST(Schedules, Exponential) {
  EXPECT_EQ(sch::exponential(2.0, 0.5, 1)(3), 0.25);
  EXPECT_EQ(sch::exponential(1.0, 0.25, 2)(1), 0.5);  // 0.25 ** 0.5
  const Schedule stairs = sch::exponential(1.0, 0.1, 3, /*staircase=*/true);
  EXPECT_EQ(stairs(0), 1.0);
  EXPECT_EQ(stairs(2), 1.0);
  EXPECT_EQ(stairs(3), 0.1);
  EXPECT_EQ(stairs(5), 0.1);
  EXPECT_EQ(stairs(6), std::pow(0.1, 2.0));
  EXPECT_EQ(stairs(-7), 1.0);
}

TEST(Schedules, Polynomial) {
  const Schedule s = sch::polynomial(1.0, 0.0, 2.0, 4);
  EXPECT_EQ(s(0), 1.0);
  EXPECT_EQ(s(1), 0.5625);
  EXPECT_EQ(s(2), 0.25);
  EXPECT_EQ(s(3), 0.0625);
  EXPECT_EQ(s(4), 0.0);
  EXPECT_EQ(s(40), 0.0);
  const Schedule to_half = sch::polynomial(1.0, 0.5, 1.0, 2);
  EXPECT_EQ(to_half(1), 0.75);
  EXPECT_EQ(to_half(2), 0.5);
  EXPECT_EQ(to_half(3), 0.5);
}

TEST(Schedules, PiecewiseConstantScalesFromEachBoundaryOn) {
  const Schedule s = sch::piecewise_constant(1.0, {{20, 0.1}, {10, 0.5}});  // any order
  EXPECT_EQ(s(0), 1.0);
  EXPECT_EQ(s(9), 1.0);
  EXPECT_EQ(s(10), 0.5);
  EXPECT_EQ(s(19), 0.5);
  EXPECT_EQ(s(20), 1.0 * 0.5 * 0.1);
  EXPECT_EQ(s(1000), 1.0 * 0.5 * 0.1);
  EXPECT_EQ(sch::piecewise_constant(0.2, {})(50), 0.2);
}

// --- combinators ---------------------------------------------------------------------------------

TEST(Schedules, JoinSwitchesAtEachBoundaryAndOffsetsTheStep) {
  const Schedule s =
      sch::join({sch::constant(1.0), sch::linear(1.0, 0.0, 10), sch::constant(0.1)}, {5, 15});
  EXPECT_EQ(s(0), 1.0);
  EXPECT_EQ(s(4), 1.0);
  EXPECT_EQ(s(5), 1.0);                          // linear at 0
  EXPECT_EQ(s(10), 0.5);                         // linear at 5
  EXPECT_EQ(s(14), 1.0 + (0.0 - 1.0) * 9 / 10);  // linear at 9
  EXPECT_EQ(s(15), 0.1);
  EXPECT_EQ(s(99), 0.1);
  // Each schedule counts from its own boundary, not from the previous one (Optax).
  const Schedule offsets = sch::join(
      {sch::constant(-1.0), sch::linear(0.0, 100.0, 100), sch::linear(0.0, 100.0, 100)}, {10, 30});
  EXPECT_EQ(offsets(12), 2.0);
  EXPECT_EQ(offsets(29), 19.0);
  EXPECT_EQ(offsets(30), 0.0);
  EXPECT_EQ(offsets(37), 7.0);
  // Equal boundaries: the later schedule wins, the earlier is never used.
  const Schedule same =
      sch::join({sch::constant(1.0), sch::constant(2.0), sch::linear(3.0, 4.0, 2)}, {4, 4});
  EXPECT_EQ(same(3), 1.0);
  EXPECT_EQ(same(4), 3.0);
  EXPECT_EQ(same(5), 3.5);
  EXPECT_EQ(sch::join({sch::constant(0.7)}, {})(3), 0.7);
}

TEST(Schedules, WarmupThenStartsTheScheduleAfterTheWarmup) {
  const Schedule s = sch::warmup_then(5, 0.0, sch::cosine(1.0, 0.0, 10));
  EXPECT_EQ(s(0), 0.0);
  EXPECT_EQ(s(1), 0.2);
  EXPECT_EQ(s(4), 0.8);
  EXPECT_EQ(s(5), 1.0);   // cosine at 0
  EXPECT_EQ(s(10), 0.5);  // cosine at 5
  EXPECT_EQ(s(15), 0.0);
  EXPECT_EQ(s(500), 0.0);
  // With no warmup steps the schedule itself.
  const Schedule none = sch::warmup_then(0, 0.3, sch::linear(1.0, 0.0, 4));
  EXPECT_EQ(none(0), 1.0);
  EXPECT_EQ(none(1), 0.75);
}

TEST(Schedules, ScaleAndClamp) {
  const Schedule ramp = sch::linear(0.0, 10.0, 10);
  EXPECT_EQ(sch::scale(ramp, 0.5)(4), 2.0);
  const Schedule clamped = sch::clamp(ramp, 2.0, 5.0);
  EXPECT_EQ(clamped(0), 2.0);
  EXPECT_EQ(clamped(3), 3.0);
  EXPECT_EQ(clamped(5), 5.0);
  EXPECT_EQ(clamped(9), 5.0);
}

TEST(Schedules, CycleRestartsAndDecaysEachCycle) {
  const Schedule s = sch::cycle(sch::linear(1.0, 0.0, 4), 4, 0.5);
  EXPECT_EQ(s(0), 1.0);
  EXPECT_EQ(s(3), 0.25);
  EXPECT_EQ(s(4), 0.5);         // cycle 1 starts at 1.0 * 0.5
  EXPECT_EQ(s(5), 0.75 * 0.5);  // linear at 1, times 0.5
  EXPECT_EQ(s(8), 0.25);        // cycle 2: 0.5 ** 2
  EXPECT_EQ(s(13), 0.75 * 0.125);
  EXPECT_EQ(s(-2), 1.0);
  const Schedule plain = sch::cycle(sch::linear(1.0, 0.0, 4), 4);
  EXPECT_EQ(plain(400), 1.0);
  EXPECT_EQ(plain(403), 0.25);
}

TEST(Schedules, CopiesShareOneNode) {
  struct Counted {
    int* copies;
    explicit Counted(int* c) : copies(c) {}
    Counted(const Counted& other) : copies(other.copies) { ++*copies; }
    Counted(Counted&&) noexcept = default;
    Counted& operator=(const Counted&) = delete;
    Counted& operator=(Counted&&) = delete;
    ~Counted() = default;
    double operator()(std::int64_t step) const { return 0.5 * static_cast<double>(step); }
  };
  int copies = 0;
  const Schedule s{Counted(&copies)};
  std::vector<Schedule> many(100, s);
  const Schedule joined = sch::join({s, many.back(), s}, {3, 6});
  EXPECT_EQ(copies, 0);
  EXPECT_EQ(many[42](4), 2.0);
  EXPECT_EQ(joined(7), 0.5);
}

TEST(Schedules, FromACallable) {
  const Schedule s([](std::int64_t step) { return 0.95 * static_cast<double>(step); });
  EXPECT_EQ(s(2), 0.95 * 2);
  ExpectThrowMessage<lrsched::TypeError>(
      [] { const Schedule empty{std::function<double(std::int64_t)>()}; },
      "schedule should be a function, got none");
  ExpectThrowMessage<lrsched::TypeError>(
      [] { const Schedule null{static_cast<double (*)(std::int64_t)>(nullptr)}; },
      "schedule should be a function, got none");
}

TEST(Schedules, ArgumentsAreChecked) {
  using lrsched::ValueError;
  const Schedule one = sch::constant(1.0);
  ExpectThrowMessage<ValueError>([] { (void)sch::constant(kNaN); },
                                 "constant: value must be finite, got nan");
  ExpectThrowMessage<ValueError>([] { (void)sch::linear(0.0, 1.0, 0); },
                                 "linear: steps must be positive, got 0");
  ExpectThrowMessage<ValueError>([] { (void)sch::linear(0.0, kNaN, 3); },
                                 "linear: end must be finite, got nan");
  ExpectThrowMessage<ValueError>([] { (void)sch::cosine(kNaN, 0.0, 3); },
                                 "cosine: init must be finite, got nan");
  ExpectThrowMessage<ValueError>([] { (void)sch::cosine(1.0, 0.0, -4); },
                                 "cosine: steps must be positive, got -4");
  ExpectThrowMessage<ValueError>([] { (void)sch::exponential(1.0, -0.5, 1); },
                                 "exponential: rate must be non-negative, got -0.5");
  ExpectThrowMessage<ValueError>([] { (void)sch::exponential(1.0, 0.5, 0); },
                                 "exponential: steps_per_decay must be positive, got 0");
  ExpectThrowMessage<ValueError>([] { (void)sch::polynomial(1.0, 0.0, HUGE_VAL, 3); },
                                 "polynomial: power must be finite, got inf");
  ExpectThrowMessage<ValueError>([] { (void)sch::polynomial(1.0, 0.0, -2.0, 3); },
                                 "polynomial: power must be non-negative, got -2.0");
  ExpectThrowMessage<ValueError>([] { (void)sch::polynomial(1.0, 0.0, 1.0, -3); },
                                 "polynomial: steps must be positive, got -3");
  ExpectThrowMessage<ValueError>(
      [] {
        (void)sch::piecewise_constant(1.0, {{5, 0.1}, {5, 0.2}});
      },
      "piecewise_constant: boundary 5 is given twice");
  ExpectThrowMessage<ValueError>(
      [] {
        (void)sch::piecewise_constant(1.0, {{-1, 0.1}});
      },
      "piecewise_constant: a boundary must be non-negative, got -1");
  ExpectThrowMessage<ValueError>(
      [] {
        (void)sch::piecewise_constant(1.0, {{3, -0.1}});
      },
      "piecewise_constant: a scale must be non-negative, got -0.1");
  ExpectThrowMessage<ValueError>([] { (void)sch::join({}, {}); },
                                 "join: needs at least one schedule");
  ExpectThrowMessage<ValueError>(
      [&] {
        (void)sch::join({one, one}, {});
      },
      "join: expected one boundary fewer than schedules, got 0 boundaries for 2 schedules");
  ExpectThrowMessage<ValueError>(
      [&] {
        (void)sch::join({one, one, one}, {8, 4});
      },
      "join: boundaries must be non-decreasing, got 4 after 8");
  ExpectThrowMessage<ValueError>(
      [&] {
        (void)sch::join({one, one}, {-2});
      },
      "join: a boundary must be non-negative, got -2");
  ExpectThrowMessage<ValueError>([&] { (void)sch::warmup_then(-1, 0.0, one); },
                                 "warmup_then: warmup_steps must be non-negative, got -1");
  ExpectThrowMessage<ValueError>([&] { (void)sch::scale(one, kNaN); },
                                 "scale: factor must be finite, got nan");
  ExpectThrowMessage<ValueError>([&] { (void)sch::cycle(one, 0); },
                                 "cycle: period must be positive, got 0");
  ExpectThrowMessage<ValueError>([&] { (void)sch::cycle(one, 5, -1.0); },
                                 "cycle: decay must be non-negative, got -1.0");
  ExpectThrowMessage<ValueError>([&] { (void)sch::clamp(one, 1.0, 0.5); },
                                 "clamp: expected lo <= hi, got lo=1.0, hi=0.5");
  ExpectThrowMessage<ValueError>([&] { (void)sch::clamp(one, kNaN, 0.5); },
                                 "clamp: expected lo <= hi, got lo=nan, hi=0.5");
}

// --- the shared formulas: bit for bit with PyTorch's classes ------------------------------------

// The lrs of `scheduler` after `step(epoch)` (the closed form) for each epoch in [0, epochs).
template <class S>
std::vector<std::vector<double>> closed_form_lrs(S& scheduler, InMemoryOptimizer& opt,
                                                 std::int64_t epochs) {
  std::vector<std::vector<double>> lrs;
  for (std::int64_t epoch = 0; epoch < epochs; ++epoch) {
    scheduler.step(epoch);
    lrs.push_back({opt.lr(0), opt.lr(1)});
  }
  return lrs;
}

TEST(SchedulesParity, CosineIsCosineAnnealingLRsClosedForm) {
  InMemoryOptimizer opt = make_sgd();
  CosineAnnealingLR cosine_lr(opt, {.T_max = 37, .eta_min = 0.003});
  const auto lrs = closed_form_lrs(cosine_lr, opt, 38);
  const std::vector<Schedule> pure = {sch::cosine(0.05, 0.003, 37), sch::cosine(0.5, 0.003, 37)};
  for (std::size_t k = 0; k < lrs.size(); ++k) {
    for (std::size_t g = 0; g < 2; ++g) {
      ASSERT_TRUE(BitEq(pure[g](static_cast<std::int64_t>(k)), lrs[k][g]))
          << "epoch " << k << " group " << g;
    }
  }
}

TEST(SchedulesParity, CycledCosineIsCosineAnnealingWarmRestarts) {
  InMemoryOptimizer opt = make_sgd();
  CosineAnnealingWarmRestarts warm(opt, {.T_0 = 7, .eta_min = 0.001});
  const Schedule pure = sch::cycle(sch::cosine(0.5, 0.001, 7), 7);
  for (std::int64_t k = 1; k < 100; ++k) {
    warm.step();
    ASSERT_TRUE(BitEq(pure(k), opt.lr(1))) << "step " << k;
  }
}

TEST(SchedulesParity, LinearIsLinearLRsClosedForm) {
  InMemoryOptimizer opt = make_sgd({1.0, 1.0});
  LinearLR linear_lr(opt, {.start_factor = 0.1, .end_factor = 0.9, .total_iters = 7});
  const auto lrs = closed_form_lrs(linear_lr, opt, 12);
  const Schedule pure = sch::linear(0.1, 0.9, 7);
  for (std::size_t k = 0; k < lrs.size(); ++k) {
    ASSERT_TRUE(BitEq(pure(static_cast<std::int64_t>(k)), lrs[k][0])) << "epoch " << k;
  }
}

TEST(SchedulesParity, ExponentialAndPolynomialAreTheClassesClosedForms) {
  InMemoryOptimizer o1 = make_sgd({1.0, 1.0});
  InMemoryOptimizer o2 = make_sgd({1.0, 1.0});
  InMemoryOptimizer o3 = make_sgd({1.0, 1.0});
  ExponentialLR exponential_lr(o1, {.gamma = 0.9});
  StepLR step_lr(o2, {.step_size = 3, .gamma = 0.7});
  PolynomialLR polynomial_lr(o3, {.total_iters = 9, .power = 1.7});
  const auto exp_lrs = closed_form_lrs(exponential_lr, o1, 30);
  const auto step_lrs = closed_form_lrs(step_lr, o2, 30);
  const auto poly_lrs = closed_form_lrs(polynomial_lr, o3, 30);
  for (std::int64_t k = 0; k < 30; ++k) {
    const auto i = static_cast<std::size_t>(k);
    ASSERT_TRUE(BitEq(sch::exponential(1.0, 0.9, 1)(k), exp_lrs[i][0])) << k;
    ASSERT_TRUE(BitEq(sch::exponential(1.0, 0.7, 3, true)(k), step_lrs[i][0])) << k;
    ASSERT_TRUE(BitEq(sch::polynomial(1.0, 0.0, 1.7, 9)(k), poly_lrs[i][0])) << k;
  }
}

// --- ScheduleLR ----------------------------------------------------------------------------------

Schedule warmup_cosine() { return sch::warmup_then(5, 0.1, sch::cosine(1.0, 0.01, 40)); }

TEST(ScheduleLR, FactorModeIsLambdaLRWithTheSchedule) {
  const Schedule s = warmup_cosine();
  InMemoryOptimizer o1 = make_sgd();
  InMemoryOptimizer o2 = make_sgd();
  ScheduleLR scheduled(o1, {.schedule = s});
  LambdaLR lambda(o2, {.lr_lambda = [s](std::int64_t epoch) { return s(epoch); }});
  EXPECT_EQ(scheduled.name(), "ScheduleLR");
  EXPECT_EQ(scheduled.last_epoch(), 0);
  EXPECT_EQ(scheduled.get_last_lr(), (std::vector<double>{0.05 * 0.1, 0.5 * 0.1}));
  for (int k = 0; k < 50; ++k) {
    scheduled.step();
    lambda.step();
    for (std::size_t g = 0; g < 2; ++g) ASSERT_TRUE(BitEq(o1.lr(g), o2.lr(g))) << k;
    ASSERT_EQ(scheduled.get_last_lr(), lambda.get_last_lr());
  }
  EXPECT_EQ(scheduled.last_epoch(), 50);
  EXPECT_EQ(o1.lr(1), 0.5 * 0.01);
}

TEST(ScheduleLR, AbsoluteModeGivesEveryGroupTheSchedulesValue) {
  InMemoryOptimizer opt = make_sgd();
  ScheduleLR scheduler(opt, {.schedule = warmup_cosine(), .mode = ScheduleLR::Mode::absolute});
  const Schedule s = warmup_cosine();
  EXPECT_EQ(opt.lr(0), 0.1);
  EXPECT_EQ(opt.lr(1), 0.1);
  for (std::int64_t k = 1; k <= 50; ++k) {
    scheduler.step();
    ASSERT_TRUE(BitEq(opt.lr(0), s(k))) << k;
    ASSERT_TRUE(BitEq(opt.lr(1), s(k))) << k;
  }
  // base_lrs are still the groups' initial lrs, as for any LRScheduler.
  EXPECT_EQ(scheduler.base_lrs(), (std::vector<double>{0.05, 0.5}));
}

TEST(ScheduleLR, EpochStepEvaluatesTheScheduleThere) {
  InMemoryOptimizer opt = make_sgd();
  ScheduleLR scheduler(opt, {.schedule = warmup_cosine()});
  scheduler.step(std::int64_t{25});
  EXPECT_EQ(scheduler.last_epoch(), 25);
  EXPECT_TRUE(BitEq(opt.lr(1), 0.5 * warmup_cosine()(25)));
}

class ScheduleLRResume : public ::testing::TestWithParam<ScheduleLR::Mode> {};

TEST_P(ScheduleLRResume, SavedAndLoadedContinuesBitForBit) {
  constexpr int kSaveAt = 20;
  constexpr int kTotal = 50;
  const Schedule s = warmup_cosine();
  const ScheduleLR::Mode mode = GetParam();

  InMemoryOptimizer ref_opt = make_sgd();
  ScheduleLR reference(ref_opt, {.schedule = s, .mode = mode});
  std::vector<std::vector<double>> lrs;
  std::string saved;
  for (int k = 0; k < kTotal; ++k) {
    if (k == kSaveAt) saved = lrsched::save_state(reference, ref_opt);
    reference.step();
    lrs.push_back({ref_opt.lr(0), ref_opt.lr(1)});
  }

  InMemoryOptimizer opt = make_sgd();
  ScheduleLR resumed(opt, {.schedule = s, .mode = mode});
  lrsched::load_state(resumed, opt, saved);
  EXPECT_EQ(lrsched::save_state(resumed, opt), saved);
  EXPECT_EQ(resumed.last_epoch(), kSaveAt);
  for (int k = kSaveAt; k < kTotal; ++k) {
    resumed.step();
    const auto i = static_cast<std::size_t>(k);
    for (std::size_t g = 0; g < 2; ++g) ASSERT_TRUE(BitEq(opt.lr(g), lrs[i][g])) << k;
  }
  EXPECT_EQ(resumed.get_last_lr(), reference.get_last_lr());
}

INSTANTIATE_TEST_SUITE_P(Modes, ScheduleLRResume,
                         ::testing::Values(ScheduleLR::Mode::factor, ScheduleLR::Mode::absolute));

TEST(ScheduleLR, LoadingReplacesTheMode) {
  InMemoryOptimizer o1 = make_sgd();
  ScheduleLR absolute(o1, {.schedule = warmup_cosine(), .mode = ScheduleLR::Mode::absolute});
  const std::string saved = lrsched::save_state(absolute, o1);
  EXPECT_NE(saved.find("\"mode\": \"absolute\""), std::string::npos) << saved;
  InMemoryOptimizer o2 = make_sgd();
  ScheduleLR factor(o2, {.schedule = warmup_cosine()});
  lrsched::load_state(factor, o2, saved);
  EXPECT_EQ(factor.mode(), ScheduleLR::Mode::absolute);
}

TEST(ScheduleLR, ResumingNeedsInitialLr) {
  InMemoryOptimizer opt = make_sgd();
  ExpectThrowMessage<lrsched::KeyError>(
      [&] { ScheduleLR s(opt, {.schedule = warmup_cosine(), .last_epoch = 9}); },
      "param 'initial_lr' is not specified in param_groups[0] when resuming scheduler with "
      "last_epoch >= 0.\n"
      "This typically happens when:\n"
      "1. You're trying to resume training from a checkpoint but haven't properly loaded the "
      "optimizer state\n"
      "2. You're using last_epoch >= 0 for a fresh training run (not recommended)");
  // With initial_lr in every group (a loaded optimizer), the initial step goes to last_epoch + 1.
  opt.set_key(0, GroupKey::initial_lr, 0.05);
  opt.set_key(1, GroupKey::initial_lr, 0.5);
  ScheduleLR resumed(opt, {.schedule = warmup_cosine(), .last_epoch = 9});
  EXPECT_EQ(resumed.last_epoch(), 10);
  EXPECT_TRUE(BitEq(opt.lr(1), 0.5 * warmup_cosine()(10)));
}

TEST(ScheduleLR, RefusedModeLeavesTheOptimizerUntouched) {
  InMemoryOptimizer opt = make_sgd();
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        ScheduleLR s(opt,
                     {.schedule = sch::constant(1.0), .mode = static_cast<ScheduleLR::Mode>(7)});
      },
      "mode must be Mode::factor or Mode::absolute, got 7");
  EXPECT_FALSE(opt.key(0, GroupKey::initial_lr).has_value());
}

}  // namespace
}  // namespace lrsched_test
