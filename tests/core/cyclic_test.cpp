// CyclicLR: upstream test_cycle_lr_* (triangular, triangular2, exp_range, per-group lists,
// step_size up/down variants, no momentum, momentumless optimizers, beta1 optimizers,
// invalid mode, scale_fn restored from state) and test_cosine_then_cyclic, plus custom scale
// functions with scale_mode, the initial-step quirk (issue #21965) and resume.
#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::CosineAnnealingLR;
using lrsched::CyclicLR;
using lrsched::GroupKey;
using lrsched::PerGroup;

class CyclicLRTest : public SchedulerTest {};

Series Offset(const Series& s, double delta) {
  Series out;
  for (double x : s) out.push_back(x + delta);
  return out;
}

const Series kTriangularLr = {1, 2, 3, 4, 5, 4, 3, 2, 1, 2, 3};
const Series kTriangularMomentum = {5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3};
const Series kTriangular2Lr = {1,   2,   3,   4,   5,   4, 3,    2,    1,    1.5,  2.0,
                               2.5, 3.0, 2.5, 2.0, 1.5, 1, 1.25, 1.50, 1.75, 2.00, 1.75};
const Series kTriangular2Momentum = {5.0, 4.0, 3.0, 2.0, 1.0, 2.0, 3.0,  4.0, 5.0,  4.5, 4.0,
                                     3.5, 3.0, 3.5, 4.0, 4.5, 5.0, 4.75, 4.5, 4.25, 4.0, 4.25};

// base + x * diff * gamma ** i (and max - ... for momentum), as upstream's exp_range targets.
Series ExpRange(const Series& xs, double start, double diff, double sign) {
  Series out;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    out.push_back(start + sign * xs[i] * diff * std::pow(0.9, static_cast<double>(i)));
  }
  return out;
}

TEST_F(CyclicLRTest, InvalidMode) {
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { CyclicLR s(opt, {.base_lr = 0.0, .max_lr = 0.0, .mode = "CATS"}); },
      "mode is invalid and scale_fn is None");
}

TEST_F(CyclicLRTest, TriangularModeOneLr) {
  CyclicLR scheduler(opt, {.base_lr = 1.0,
                           .max_lr = 5.0,
                           .step_size_up = 4,
                           .mode = "triangular",
                           .cycle_momentum = true,
                           .base_momentum = 1.0,
                           .max_momentum = 5.0});
  RunTestCycleLr(opt, scheduler, {kTriangularLr, kTriangularLr},
                 {kTriangularMomentum, kTriangularMomentum}, kTriangularLr.size());
}

TEST_F(CyclicLRTest, TriangularModeOneLrNoMomentum) {
  // cycle_momentum=False leaves momentum at the optimizer default (SGD: 0).
  CyclicLR scheduler(opt,
                     {.base_lr = 1.0, .max_lr = 5.0, .step_size_up = 4, .cycle_momentum = false});
  const Series momentum = repeat(0.0, kTriangularLr.size());
  RunTestCycleLr(opt, scheduler, {kTriangularLr, kTriangularLr}, {momentum, momentum},
                 kTriangularLr.size());
  EXPECT_FALSE(opt.key(0, GroupKey::max_momentum).has_value());
  EXPECT_FALSE(scheduler.cycles_momentum());
}

TEST_F(CyclicLRTest, Triangular2ModeOneLr) {
  CyclicLR scheduler(opt, {.base_lr = 1.0,
                           .max_lr = 5.0,
                           .step_size_up = 4,
                           .mode = "triangular2",
                           .cycle_momentum = true,
                           .base_momentum = 1.0,
                           .max_momentum = 5.0});
  RunTestCycleLr(opt, scheduler, {kTriangular2Lr, kTriangular2Lr},
                 {kTriangular2Momentum, kTriangular2Momentum}, kTriangular2Lr.size());
}

TEST_F(CyclicLRTest, ExpRangeModeOneLr) {
  const Series xs = {0, 0.25, 0.5, 0.75, 1, 0.75, 0.50, 0.25, 0, 0.25, 0.5, 0.75, 1};
  const Series lr = ExpRange(xs, 1, 4, +1);
  const Series momentum = ExpRange(xs, 5, 4, -1);
  CyclicLR scheduler(opt, {.base_lr = 1.0,
                           .max_lr = 5.0,
                           .step_size_up = 4,
                           .mode = "exp_range",
                           .gamma = 0.9,
                           .cycle_momentum = true,
                           .base_momentum = 1.0,
                           .max_momentum = 5.0});
  RunTestCycleLr(opt, scheduler, {lr, lr}, {momentum, momentum}, xs.size());
}

TEST_F(CyclicLRTest, ExpRangeExactDoubles) {
  // Spec 2.13 (PyTorch 1.13.1): 1.0, 1.9, 2.62, 3.1870000000000003, 3.6244, 2.7714700000000003...
  CyclicLR scheduler(opt, {.base_lr = 1.0,
                           .max_lr = 5.0,
                           .step_size_up = 4,
                           .mode = "exp_range",
                           .gamma = 0.9,
                           .base_momentum = 1.0,
                           .max_momentum = 5.0});
  const Series expected = {1.0,      1.9,
                           2.62,     3.1870000000000003,
                           3.6244,   2.7714700000000003,
                           2.062882, 1.4782969000000001,
                           1.0,      1.3874204890000001};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), expected[k])) << "batch " << k;
    scheduler.step();
  }
}

TEST_F(CyclicLRTest, TriangularModePerGroup) {
  CyclicLR scheduler(opt, {.base_lr = {1.0, 2.0},
                           .max_lr = {5.0, 6.0},
                           .step_size_up = 4,
                           .mode = "triangular",
                           .cycle_momentum = true,
                           .base_momentum = {1, 2},
                           .max_momentum = {5, 6}});
  RunTestCycleLr(opt, scheduler, {kTriangularLr, Offset(kTriangularLr, 1)},
                 {kTriangularMomentum, Offset(kTriangularMomentum, 1)}, kTriangularLr.size());
}

TEST_F(CyclicLRTest, Triangular2ModePerGroup) {
  CyclicLR scheduler(opt, {.base_lr = {1.0, 3.0},
                           .max_lr = {5.0, 7.0},
                           .step_size_up = 4,
                           .mode = "triangular2",
                           .cycle_momentum = true,
                           .base_momentum = {1, 3},
                           .max_momentum = {5, 7}});
  RunTestCycleLr(opt, scheduler, {kTriangular2Lr, Offset(kTriangular2Lr, 2)},
                 {kTriangular2Momentum, Offset(kTriangular2Momentum, 2)}, kTriangular2Lr.size());
}

TEST_F(CyclicLRTest, ExpRangeModePerGroup) {
  const Series xs = {0, 0.25, 0.5, 0.75, 1, 0.75, 0.50, 0.25, 0, 0.25, 0.5, 0.75, 1};
  CyclicLR scheduler(opt, {.base_lr = {1.0, 5.0},
                           .max_lr = {5.0, 12.0},
                           .step_size_up = 4,
                           .mode = "exp_range",
                           .gamma = 0.9,
                           .cycle_momentum = true,
                           .base_momentum = {1, 5},
                           .max_momentum = {5, 12}});
  RunTestCycleLr(opt, scheduler, {ExpRange(xs, 1, 4, +1), ExpRange(xs, 5, 7, +1)},
                 {ExpRange(xs, 5, 4, -1), ExpRange(xs, 12, 7, -1)}, xs.size());
}

TEST_F(CyclicLRTest, TriangularModeStepSizeUpDown) {
  const Series lr = {1.0, 2.0, 3.0, 4.0, 5.0, 13.0 / 3, 11.0 / 3, 9.0 / 3, 7.0 / 3, 5.0 / 3, 1.0};
  const Series momentum = {5.0, 4.0, 3.0, 2.0, 1.0, 5.0 / 3, 7.0 / 3, 3.0, 11.0 / 3, 13.0 / 3, 5.0};
  CyclicLR scheduler(opt, {.base_lr = 1.0,
                           .max_lr = 5.0,
                           .step_size_up = 4,
                           .step_size_down = 6,
                           .mode = "triangular",
                           .cycle_momentum = true,
                           .base_momentum = 1.0,
                           .max_momentum = 5.0});
  RunTestCycleLr(opt, scheduler, {lr, lr}, {momentum, momentum}, lr.size());
}

TEST_F(CyclicLRTest, Triangular2ModeStepSizeUpDown) {
  const Series lr = {1.0, 3.0,     5.0, 13.0 / 3, 11.0 / 3, 9.0 / 3, 7.0 / 3, 5.0 / 3,
                     1.0, 2.0,     3.0, 8.0 / 3,  7.0 / 3,  6.0 / 3, 5.0 / 3, 4.0 / 3,
                     1.0, 3.0 / 2, 2.0, 11.0 / 6, 10.0 / 6, 9.0 / 6, 8.0 / 6, 7.0 / 6};
  const Series momentum = {5.0, 3.0, 1.0, 5.0 / 3,  7.0 / 3,  3.0, 11.0 / 3, 13.0 / 3,
                           5.0, 4.0, 3.0, 10.0 / 3, 11.0 / 3, 4.0, 13.0 / 3, 14.0 / 3,
                           5.0, 4.5, 4.0, 25.0 / 6, 13.0 / 3, 4.5, 14.0 / 3, 29.0 / 6};
  CyclicLR scheduler(opt, {.base_lr = {1.0, 3.0},
                           .max_lr = {5.0, 7.0},
                           .step_size_up = 2,
                           .step_size_down = 6,
                           .mode = "triangular2",
                           .cycle_momentum = true,
                           .base_momentum = {1, 3},
                           .max_momentum = {5, 7}});
  RunTestCycleLr(opt, scheduler, {lr, Offset(lr, 2)}, {momentum, Offset(momentum, 2)}, lr.size());
}

TEST_F(CyclicLRTest, ExpRangeModeStepSizeUpDown) {
  const Series xs = {0.0,     0.5, 1.0, 5.0 / 6, 4.0 / 6, 3.0 / 6, 2.0 / 6,
                     1.0 / 6, 0.0, 0.5, 1.0,     5.0 / 6, 4.0 / 6};
  const Series lr = ExpRange(xs, 1, 4, +1);
  const Series momentum = ExpRange(xs, 5, 4, -1);
  CyclicLR scheduler(opt, {.base_lr = 1.0,
                           .max_lr = 5.0,
                           .step_size_up = 2,
                           .step_size_down = 6,
                           .mode = "exp_range",
                           .gamma = 0.9,
                           .cycle_momentum = true,
                           .base_momentum = 1.0,
                           .max_momentum = 5.0});
  RunTestCycleLr(opt, scheduler, {lr, lr}, {momentum, momentum}, lr.size());
}

TEST_F(CyclicLRTest, WithMomentumlessOptimizerAndNoCycling) {
  // test_cycle_lr_with_momentumless_optimizer: Adam with cycle_momentum=False.
  InMemoryOptimizer adam = InMemoryOptimizer::like("adam", {0.05, 0.5});
  CyclicLR scheduler(adam,
                     {.base_lr = 1.0, .max_lr = 5.0, .step_size_up = 4, .cycle_momentum = false});
  RunTestCycleLr(adam, scheduler, {kTriangularLr, kTriangularLr}, {}, kTriangularLr.size());
  EXPECT_TRUE(BitEq(adam.momentum(0), 0.9));  // beta1 untouched
}

TEST_F(CyclicLRTest, CycleMomentumFailsWithMomentumlessOptimizer) {
  InMemoryOptimizer rprop = InMemoryOptimizer::like("rprop", {0.01});
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { CyclicLR s(rprop, {.base_lr = 1.0, .max_lr = 5.0, .cycle_momentum = true}); },
      "optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
}

TEST_F(CyclicLRTest, CyclesBeta1KeepingBeta2) {
  // test_cycle_lr_cycle_momentum_with_beta1_optimizer (newest, PR #113548): Adam's beta1
  // follows the momentum formula; beta2 is preserved.
  InMemoryOptimizer adam = InMemoryOptimizer::like("adam", {0.05, 0.5}, 0.0, 0.9, 0.99);
  CyclicLR scheduler(adam, {.base_lr = 1.0, .max_lr = 5.0, .step_size_up = 4});
  const Series beta1 = {0.9, 0.875, 0.85, 0.825, 0.8, 0.825, 0.85, 0.875, 0.9};
  RunTestCycleLr(adam, scheduler, {kTriangularLr, kTriangularLr}, {beta1, beta1}, beta1.size());
  for (const auto& group : adam.groups()) EXPECT_TRUE(BitEq(group.beta2, 0.99));
  EXPECT_TRUE(scheduler.cycles_momentum());
}

TEST_F(CyclicLRTest, ConstructorSideEffects) {
  InMemoryOptimizer sgd = make_sgd({0.05, 0.5});
  CyclicLR scheduler(
      sgd, {.base_lr = {0.1, 0.2}, .max_lr = 1.0, .base_momentum = 0.8, .max_momentum = 0.9});
  EXPECT_EQ(scheduler.last_epoch(), 0);
  EXPECT_EQ(scheduler.step_count(), 1);
  // The group lr is overwritten with base_lr before LRScheduler.__init__, so initial_lr = base_lr.
  EXPECT_TRUE(BitEq(sgd.lr(0), 0.1));
  EXPECT_TRUE(BitEq(sgd.lr(1), 0.2));
  EXPECT_EQ(sgd.key(0, GroupKey::initial_lr), 0.1);
  EXPECT_EQ(sgd.key(1, GroupKey::initial_lr), 0.2);
  EXPECT_EQ(sgd.key(0, GroupKey::max_momentum), 0.9);
  EXPECT_EQ(sgd.key(0, GroupKey::base_momentum), 0.8);
  EXPECT_TRUE(BitEq(sgd.momentum(0), 0.9));
  EXPECT_EQ(scheduler.base_lrs(), (std::vector<double>{0.1, 0.2}));
}

TEST_F(CyclicLRTest, CustomScaleFnIterations) {
  // scale_fn(x) = 1 / (x + 1) of the iteration: values from PyTorch 1.13.1.
  CyclicLR scheduler(opt,
                     {.base_lr = 1.0,
                      .max_lr = 5.0,
                      .step_size_up = 4,
                      .scale_fn = [](std::int64_t x) { return 1 / (static_cast<double>(x) + 1); },
                      .scale_mode = "iterations",
                      .base_momentum = 1.0,
                      .max_momentum = 5.0});
  const Series lr = {1.0, 1.5, 1.6666666666666665, 1.75, 1.8, 1.5, 1.2857142857142856, 1.125,
                     1.0, 1.1};
  const Series momentum = {5.0, 4.5, 4.333333333333333, 4.25, 4.2, 4.5, 4.714285714285714, 4.875,
                           5.0, 4.9};
  for (std::size_t k = 0; k < lr.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), lr[k])) << "batch " << k;
    EXPECT_TRUE(BitEq(opt.momentum(0), momentum[k])) << "batch " << k;
    scheduler.step();
  }
}

TEST_F(CyclicLRTest, CustomScaleFnCycle) {
  CyclicLR scheduler(
      opt, {.base_lr = 1.0,
            .max_lr = 5.0,
            .step_size_up = 4,
            .mode = "exp_range",  // ignored: a custom scale_fn keeps the user's scale_mode
            .scale_fn = [](std::int64_t x) { return 1 / (static_cast<double>(x) + 1); },
            .scale_mode = "cycle",
            .cycle_momentum = false});
  const Series lr = {1.0, 1.5, 2.0, 2.5, 3.0, 2.5, 2.0, 1.5, 1.0, 1.3333333333333333};
  for (std::size_t k = 0; k < lr.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), lr[k])) << "batch " << k;
    scheduler.step();
  }
}

TEST_F(CyclicLRTest, InitialStepUsesExistingInitialLr) {
  // Issue #21965 quirk (both versions): the constructor's step still sees base_lrs = initial_lr.
  InMemoryOptimizer sgd = make_sgd({0.05});
  sgd.set_key(0, GroupKey::initial_lr, 0.5);
  CyclicLR scheduler(sgd, {.base_lr = 0.1,
                           .max_lr = 0.3,
                           .step_size_up = 1,
                           .step_size_down = 3,
                           .cycle_momentum = false});
  const Series expected = {0.5, 0.3, 0.2333333333333333, 0.16666666666666666, 0.1, 0.3};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(sgd.lr(0), expected[k])) << "batch " << k;
    scheduler.step();
  }
}

TEST_F(CyclicLRTest, CosineThenCyclic) {
  // test_cosine_then_cyclic (issue #21965): the final lr stays within max_lr.
  InMemoryOptimizer sgd = make_sgd({0.5});
  CosineAnnealingLR cosine(sgd, {.T_max = 20, .eta_min = 0.1});
  CyclicLR cyclic(sgd, {.base_lr = 0.1, .max_lr = 0.3, .step_size_up = 1, .step_size_down = 3});
  for (int i = 0; i < 40; ++i) {
    if (i <= 20) {
      cosine.step();
    } else {
      cyclic.step();
    }
  }
  EXPECT_LE(sgd.lr(0), 0.3);
  EXPECT_TRUE(BitEq(sgd.lr(0), 0.16666666666666666));  // PyTorch 1.13.1
}

TEST_F(CyclicLRTest, ResumeComputesFromInitialLr) {
  // Spec 2.13: resuming at last_epoch=5 with initial_lr 0.05/0.5, the constructor's step
  // interpolates from initial_lr (0.075 / 0.3), later steps from base_lr.
  opt.set_key(0, GroupKey::initial_lr, 0.05);
  opt.set_key(1, GroupKey::initial_lr, 0.5);
  CyclicLR scheduler(opt, {.base_lr = 0.01,
                           .max_lr = 0.1,
                           .step_size_up = 4,
                           .cycle_momentum = false,
                           .last_epoch = 5});
  EXPECT_EQ(scheduler.last_epoch(), 6);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.07500000000000001));
  EXPECT_TRUE(BitEq(opt.lr(1), 0.3));
  scheduler.step();
  EXPECT_TRUE(BitEq(opt.lr(0), 0.0325));
  EXPECT_TRUE(BitEq(opt.lr(1), 0.0325));
  scheduler.step();
  EXPECT_TRUE(BitEq(opt.lr(0), 0.01));
}

TEST_F(CyclicLRTest, ResumeTakesMomentaFromArguments) {
  // Spec 3 (newest): the per-step momenta come from base_momentum/max_momentum, not from the
  // groups, and no group keys are written when resuming (1.13.1 read the groups' momentum).
  opt.set_key(0, GroupKey::initial_lr, 0.05);
  opt.set_key(1, GroupKey::initial_lr, 0.5);
  opt.set_momentum(0, 0.5);
  opt.set_momentum(1, 0.5);
  CyclicLR scheduler(opt, {.base_lr = 0.01,
                           .max_lr = 0.1,
                           .step_size_up = 4,
                           .base_momentum = 0.8,
                           .max_momentum = 0.9,
                           .last_epoch = 5});
  // last_epoch 6 of a cycle of 8: scale_factor (0.75 - 1) / (0.5 - 1) = 0.5.
  EXPECT_TRUE(BitEq(opt.momentum(0), 0.9 - (0.9 - 0.8) * 0.5 * 1.0));
  EXPECT_FALSE(opt.key(0, GroupKey::max_momentum).has_value());
  EXPECT_FALSE(opt.key(0, GroupKey::base_momentum).has_value());
}

TEST_F(CyclicLRTest, StepWithEpochEvaluatesGetLrAtThatEpoch) {
  // No closed form: step(epoch) sets last_epoch and runs the same formula (momentum included).
  InMemoryOptimizer other = make_sgd();
  CyclicLR stepped(opt, {.base_lr = 1.0,
                         .max_lr = 5.0,
                         .step_size_up = 4,
                         .mode = "triangular2",
                         .base_momentum = 1.0,
                         .max_momentum = 5.0});
  CyclicLR jumped(other, {.base_lr = 1.0,
                          .max_lr = 5.0,
                          .step_size_up = 4,
                          .mode = "triangular2",
                          .base_momentum = 1.0,
                          .max_momentum = 5.0});
  for (int i = 0; i < 11; ++i) stepped.step();
  WarningCapture warnings;
  jumped.step(11);
  EXPECT_EQ(warnings.messages().size(), 1U);
  EXPECT_EQ(jumped.last_epoch(), 11);
  EXPECT_TRUE(BitEq(other.lr(0), opt.lr(0)));
  EXPECT_TRUE(BitEq(other.momentum(0), opt.momentum(0)));
  EXPECT_TRUE(BitEq(other.lr(0), 2.5));
}

TEST_F(CyclicLRTest, ScaleFnRestoredFromState) {
  // test_cycle_lr_scale_fn_restored_from_state_dict, case 1: the mode travels in the state and
  // the built-in scale function follows it.
  InMemoryOptimizer adam1 = InMemoryOptimizer::like("adam", {0.001});
  InMemoryOptimizer adam2 = InMemoryOptimizer::like("adam", {0.001});
  CyclicLR scheduler(adam1, {.base_lr = 1.0,
                             .max_lr = 5.0,
                             .step_size_up = 2,
                             .mode = "triangular2",
                             .cycle_momentum = false});
  CyclicLR restored(adam2,
                    {.base_lr = 1.0, .max_lr = 5.0, .step_size_up = 2, .cycle_momentum = false});
  lrsched::load_state(restored, adam2, lrsched::save_state(scheduler, adam1));
  for (int k = 0; k < 14; ++k) {
    scheduler.step();
    restored.step();
    EXPECT_TRUE(BitEq(adam2.lr(0), adam1.lr(0))) << "step " << k;
  }
  // Peak of the fourth cycle under triangular2: 1 + 4 * 1 / 2 ** 3 (triangular would give 5).
  EXPECT_TRUE(BitEq(adam1.lr(0), 1.5));
}

TEST_F(CyclicLRTest, CustomScaleFnKeptAcrossLoad) {
  // Case 2: a custom scale_fn is not state; the restored scheduler keeps its own.
  auto half = [](std::int64_t) { return 0.5; };
  InMemoryOptimizer o1 = make_sgd({0.05});
  InMemoryOptimizer o2 = make_sgd({0.05});
  CyclicLR scheduler(o1, {.base_lr = 1.0, .max_lr = 5.0, .step_size_up = 2, .scale_fn = half});
  CyclicLR restored(o2, {.base_lr = 1.0, .max_lr = 5.0, .step_size_up = 2, .scale_fn = half});
  scheduler.step();
  lrsched::load_state(restored, o2, lrsched::save_state(scheduler, o1));
  scheduler.step();
  restored.step();
  EXPECT_TRUE(BitEq(o1.lr(0), 3.0));  // 1 + 4 * 1.0 * 0.5
  EXPECT_TRUE(BitEq(o2.lr(0), 3.0));
}

}  // namespace
}  // namespace lrsched_test
