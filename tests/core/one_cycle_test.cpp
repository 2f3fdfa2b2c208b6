// OneCycleLR: upstream test_onecycle_lr_* (linear, three phases, cosine, invalid arguments),
// test_cycle_lr_with_adam, plus epochs x steps_per_epoch, the step-count error, extrapolation
// at step == total_steps, the ZeroDivisionError edge and the constructor's group keys.
#include <numbers>

#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::GroupKey;
using lrsched::OneCycleLR;

class OneCycleLRTest : public SchedulerTest {};

OneCycleLR::Options TestConfig(std::string anneal_strategy) {
  return {.max_lr = 25.0,
          .total_steps = 10,
          .anneal_strategy = std::move(anneal_strategy),
          .base_momentum = 1.0,
          .max_momentum = 22.0,
          .final_div_factor = 2};
}

const Series kLinearLr = {1, 13, 25, 21.5, 18, 14.5, 11, 7.5, 4, 0.5};
const Series kLinearMomentum = {22, 11.5, 1, 4, 7, 10, 13, 16, 19, 22};

TEST_F(OneCycleLRTest, InvalidAnnealStrategy) {
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { OneCycleLR s(opt, {.max_lr = 1e-3, .total_steps = 10, .anneal_strategy = "CATS"}); },
      "anneal_strategy must be one of 'cos' or 'linear', instead got CATS");
}

TEST_F(OneCycleLRTest, InvalidPctStart) {
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { OneCycleLR s(opt, {.max_lr = 1e-3, .total_steps = 10, .pct_start = 1.1}); },
      "Expected float between 0 and 1 pct_start, but got 1.1");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { OneCycleLR s(opt, {.max_lr = 1e-3, .total_steps = 10, .pct_start = -0.5}); },
      "Expected float between 0 and 1 pct_start, but got -0.5");
}

TEST_F(OneCycleLRTest, CannotCalculateTotalSteps) {
  const char* kMessage = "You must define either total_steps OR (epochs AND steps_per_epoch)";
  ExpectThrowMessage<lrsched::ValueError>([&] { OneCycleLR s(opt, {.max_lr = 1e-3}); }, kMessage);
  // Newest: epochs without steps_per_epoch is the same ValueError (1.13.1 raised TypeError).
  ExpectThrowMessage<lrsched::ValueError>([&] { OneCycleLR s(opt, {.max_lr = 1e-3, .epochs = 3}); },
                                          kMessage);
}

TEST_F(OneCycleLRTest, NonPositiveCounts) {
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { OneCycleLR s(opt, {.max_lr = 1e-3, .total_steps = 0}); },
      "Expected positive integer total_steps, but got 0");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { OneCycleLR s(opt, {.max_lr = 1e-3, .epochs = 0, .steps_per_epoch = 5}); },
      "Expected positive integer epochs, but got 0");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { OneCycleLR s(opt, {.max_lr = 1e-3, .epochs = 2, .steps_per_epoch = -1}); },
      "Expected positive integer steps_per_epoch, but got -1");
}

TEST_F(OneCycleLRTest, MaxLrListLength) {
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        OneCycleLR s(opt, {.max_lr = {0.1, 0.2, 0.3}, .total_steps = 10});
      },
      "max_lr must have the same length as optimizer.param_groups. max_lr has 3 values, "
      "param_groups has 2.");
}

TEST_F(OneCycleLRTest, LinearAnnealing) {
  OneCycleLR scheduler(opt, TestConfig("linear"));
  RunTestCycleLr(opt, scheduler, {kLinearLr, kLinearLr}, {kLinearMomentum, kLinearMomentum}, 10);
}

TEST_F(OneCycleLRTest, LinearAnnealingThreePhases) {
  const Series lr = {1, 9, 17, 25, 17, 9, 1, 0.75, 0.5, 0.25};
  const Series momentum = {22, 15, 8, 1, 8, 15, 22, 22, 22, 22};
  OneCycleLR scheduler(opt, {.max_lr = 25.0,
                             .total_steps = 10,
                             .pct_start = 0.4,
                             .anneal_strategy = "linear",
                             .base_momentum = 1.0,
                             .max_momentum = 22.0,
                             .div_factor = 25,
                             .final_div_factor = 4,
                             .three_phase = true});
  RunTestCycleLr(opt, scheduler, {lr, lr}, {momentum, momentum}, 10);
}

double AnnealingCos(double start, double end, double pct) {
  return end + (start - end) / 2.0 * (std::cos(std::numbers::pi * pct) + 1);
}

TEST_F(OneCycleLRTest, CosineAnnealing) {
  Series lr = {1, 13, 25};
  Series momentum = {22, 11.5, 1};
  for (int k = 1; k <= 6; ++k) {
    lr.push_back(AnnealingCos(25, 0.5, k / 7.0));
    momentum.push_back(AnnealingCos(1, 22, k / 7.0));
  }
  lr.push_back(0.5);
  momentum.push_back(22);
  OneCycleLR scheduler(opt, TestConfig("cos"));
  RunTestCycleLr(opt, scheduler, {lr, lr}, {momentum, momentum}, 10);
}

TEST_F(OneCycleLRTest, CosineAnnealingExactDoubles) {
  // Spec 2.15, PyTorch 1.13.1's doubles.
  OneCycleLR scheduler(opt, TestConfig("cos"));
  const Series lr = {1.0,
                     13.0,
                     25.0,
                     23.786868631804634,
                     20.387750072769485,
                     15.475881440964852,
                     10.024118559035148,
                     5.112249927230515,
                     1.7131313681953668,
                     0.5};
  const Series momentum = {22.0,
                           11.5,
                           1.0,
                           2.0398268870245992,
                           4.953357080483297,
                           9.1635301934587,
                           13.8364698065413,
                           18.046642919516703,
                           20.9601731129754,
                           22.0};
  for (std::size_t k = 0; k < lr.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), lr[k])) << "batch " << k;
    EXPECT_TRUE(BitEq(opt.momentum(0), momentum[k])) << "batch " << k;
    scheduler.step();
  }
}

TEST_F(OneCycleLRTest, WithAdamCyclesBeta1) {
  // test_cycle_lr_with_adam: the linear targets on betas[0]; beta2 is preserved.
  InMemoryOptimizer adam = InMemoryOptimizer::like("adam", {0.05, 0.5});
  OneCycleLR scheduler(adam, TestConfig("linear"));
  RunTestCycleLr(adam, scheduler, {kLinearLr, kLinearLr}, {kLinearMomentum, kLinearMomentum}, 10);
  for (const auto& group : adam.groups()) EXPECT_TRUE(BitEq(group.beta2, 0.999));
}

TEST_F(OneCycleLRTest, MomentumlessOptimizer) {
  InMemoryOptimizer adagrad = InMemoryOptimizer::like("adagrad", {0.01});
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { OneCycleLR s(adagrad, {.max_lr = 0.1, .total_steps = 10}); },
      "optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
  OneCycleLR ok(adagrad, {.max_lr = 0.1, .total_steps = 10, .cycle_momentum = false});
  EXPECT_TRUE(BitEq(adagrad.lr(0), 0.0040000000000000036));  // PyTorch 1.13.1 (cos at pct 0)
}

TEST_F(OneCycleLRTest, EpochsTimesStepsPerEpoch) {
  OneCycleLR scheduler(
      opt, {.max_lr = {0.1, 1.0}, .epochs = 2, .steps_per_epoch = 5, .anneal_strategy = "linear"});
  EXPECT_EQ(scheduler.total_steps(), 10);
  // PyTorch 1.13.1, group 1 (max_lr 1.0).
  const Series expected = {0.04,
                           0.52,
                           1.0,
                           0.8571434285714286,
                           0.7142868571428571,
                           0.5714302857142857,
                           0.42857371428571434,
                           0.2857171428571429,
                           0.14286057142857145,
                           4.000000000004e-06,
                           -0.14285257142857133};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(1), expected[k])) << "batch " << k;
    if (k + 1 < expected.size()) scheduler.step();
  }
}

TEST_F(OneCycleLRTest, ExtrapolatesAtTotalStepsThenRaises) {
  // Spec 2.15 edge case 1: step_num == total_steps is allowed and extrapolates (pct > 1).
  OneCycleLR linear(opt, TestConfig("linear"));
  for (int k = 0; k < 10; ++k) linear.step();
  EXPECT_EQ(linear.last_epoch(), 10);
  EXPECT_TRUE(BitEq(opt.lr(0), -3.0));
  EXPECT_TRUE(BitEq(opt.momentum(0), 25.0));
  // Newest message (1.13.1 printed step_num + 1).
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { linear.step(); }, "Tried to step 11 times. The specified number of total steps is 10");

  InMemoryOptimizer opt2 = make_sgd();
  OneCycleLR cosine(opt2, TestConfig("cos"));
  for (int k = 0; k < 10; ++k) cosine.step();
  EXPECT_TRUE(BitEq(opt2.lr(0), 1.7131313681953655));
  EXPECT_TRUE(BitEq(opt2.momentum(0), 20.9601731129754));
}

TEST_F(OneCycleLRTest, StepMessageForSmallTotal) {
  OneCycleLR scheduler(opt, {.max_lr = 1.0, .total_steps = 3, .pct_start = 0.5});
  for (int k = 0; k < 3; ++k) scheduler.step();
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { scheduler.step(); }, "Tried to step 4 times. The specified number of total steps is 3");
}

TEST_F(OneCycleLRTest, ZeroLengthFirstPhaseDividesByZero) {
  // Spec 2.15 edge case 2: pct_start * total_steps - 1 == 0 makes step 0 divide by zero.
  ExpectThrowMessage<lrsched::ZeroDivisionError>(
      [&] { OneCycleLR s(opt, {.max_lr = 1.0, .total_steps = 10, .pct_start = 0.1}); },
      "float division by zero");
}

TEST_F(OneCycleLRTest, ConstructorSideEffects) {
  InMemoryOptimizer sgd = make_sgd({0.05});
  sgd.set_key(0, GroupKey::initial_lr, 123.0);  // overwritten, not setdefault
  OneCycleLR scheduler(sgd, {.max_lr = 0.01, .total_steps = 100});
  EXPECT_EQ(scheduler.last_epoch(), 0);
  EXPECT_EQ(scheduler.step_count(), 1);
  EXPECT_TRUE(BitEq(*sgd.key(0, GroupKey::initial_lr), 0.0004));
  EXPECT_TRUE(BitEq(*sgd.key(0, GroupKey::max_lr), 0.01));
  EXPECT_TRUE(BitEq(*sgd.key(0, GroupKey::min_lr), 4e-08));
  EXPECT_TRUE(BitEq(*sgd.key(0, GroupKey::max_momentum), 0.95));
  EXPECT_TRUE(BitEq(*sgd.key(0, GroupKey::base_momentum), 0.85));
  EXPECT_TRUE(BitEq(sgd.momentum(0), 0.95));
  // Edge case 3: the first lr is max_lr / div_factor only up to rounding under cos.
  EXPECT_TRUE(BitEq(sgd.lr(0), 0.0003999999999999993));
  EXPECT_EQ(scheduler.base_lrs(), (std::vector<double>{0.0004}));
}

TEST_F(OneCycleLRTest, ResumeNeedsTheGroupKeys) {
  // When resuming, max_lr/min_lr must already be in the groups (they travel with the
  // optimizer's state); otherwise get_lr's group lookup raises KeyError. Python evaluates
  // `anneal(group[start_lr], group[end_lr], pct)` left to right, so the missing start key
  // ('max_lr' in phase 2) is the one named (PyTorch 1.13.1: KeyError('max_lr')).
  InMemoryOptimizer sgd = make_sgd({0.05});
  sgd.set_key(0, GroupKey::initial_lr, 0.05);
  ExpectThrowMessage<lrsched::KeyError>(
      [&] { OneCycleLR s(sgd, {.max_lr = 1.0, .total_steps = 10, .last_epoch = 3}); }, "'max_lr'");
}

}  // namespace
}  // namespace lrsched_test
