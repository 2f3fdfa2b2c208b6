// ConstantLR and LinearLR: upstream test_constantlr(_with_epoch), test_get_last_lr_constantlr,
// test_linearlr(_with_epoch), test_get_last_lr_linearlr, test_linearlr_start_factor_limits1/2,
// the *_is_constant_for_constant_epoch tests, plus resume and the total_iters/factor edge cases.
#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::ConstantLR;
using lrsched::GroupKey;
using lrsched::LinearLR;

class WarmupTest : public SchedulerTest {
 protected:
  // `_test_lr_is_constant_for_constant_epoch`: step(2) ten times; the lr never moves.
  void ExpectConstantForConstantEpoch(LRScheduler& scheduler) {
    WarningCapture warnings;
    Series lrs;
    for (int i = 0; i < 10; ++i) {
      scheduler.step(2);
      lrs.push_back(opt.lr(0));
    }
    for (double lr : lrs) EXPECT_TRUE(BitEq(lr, lrs.front()));
    ASSERT_EQ(warnings.messages().size(), 10U);
    for (const auto& m : warnings.messages()) EXPECT_EQ(m, lrsched::kEpochDeprecationWarning);
  }

  void SetInitialLr() {
    opt.set_key(0, GroupKey::initial_lr, 0.05);
    opt.set_key(1, GroupKey::initial_lr, 0.5);
  }
};

Series ConstantTargets() { return concat({repeat(0.025, 5), repeat(0.05, 5)}); }

TEST_F(WarmupTest, ConstantLR) {
  // lr = 0.025 if epoch < 5; 0.05 afterwards.
  ConstantLR scheduler(opt, {.factor = 1.0 / 2, .total_iters = 5});
  RunTest({&scheduler}, two_groups(ConstantTargets()), 10);
}

TEST_F(WarmupTest, ConstantLRWithEpoch) {
  ConstantLR scheduler(opt, {.factor = 1.0 / 2, .total_iters = 5});
  RunTestWithEpoch({&scheduler}, two_groups(ConstantTargets()), 10);
}

TEST_F(WarmupTest, GetLastLrConstantLR) {
  ConstantLR scheduler(opt, {.factor = 1.0 / 2, .total_iters = 5});
  RunTestGetLastLr(scheduler, two_groups(ConstantTargets()), 10);
}

TEST_F(WarmupTest, ConstantLRDefaults) {
  // factor 1/3, total_iters 5: 0.05 / 3 then 0.05 restored via lr * (1.0 / factor).
  ConstantLR scheduler(opt, {});
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05 * (1.0 / 3)));
  for (int i = 0; i < 5; ++i) scheduler.step();
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05 * (1.0 / 3) * (1.0 / (1.0 / 3))));
  EXPECT_TRUE(RelNear(opt.lr(0), 0.05));
}

TEST_F(WarmupTest, ConstantLRIsConstantForConstantEpoch) {
  ConstantLR scheduler(opt, {});
  ExpectConstantForConstantEpoch(scheduler);
}

TEST_F(WarmupTest, ConstantLRResumeDoublesTheLr) {
  // Spec 1.4 / 2.5: resuming at last_epoch=0 never applies the factor, yet the 1/factor undo
  // still fires at total_iters, so the lr doubles (0.1) at epoch 5 (both versions).
  SetInitialLr();
  ConstantLR scheduler(opt, {.factor = 0.5, .total_iters = 5, .last_epoch = 0});
  EXPECT_EQ(scheduler.last_epoch(), 1);
  EXPECT_EQ(scheduler.step_count(), 1);
  for (int epoch = 1; epoch < 5; ++epoch) {
    EXPECT_TRUE(BitEq(opt.lr(0), 0.05)) << "epoch " << epoch;
    scheduler.step();
  }
  EXPECT_EQ(scheduler.last_epoch(), 5);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.1));
  EXPECT_TRUE(BitEq(opt.lr(1), 1.0));
}

TEST_F(WarmupTest, ConstantLRFactorZeroRaisesAtTotalIters) {
  // factor 0 is accepted (open issue #194712); lr * (1.0 / factor) then divides by zero.
  ConstantLR scheduler(opt, {.factor = 0.0, .total_iters = 3});
  for (int epoch = 0; epoch < 3; ++epoch) {
    EXPECT_TRUE(BitEq(opt.lr(0), 0.0)) << "epoch " << epoch;
    if (epoch < 2) scheduler.step();
  }
  ExpectThrowMessage<lrsched::ZeroDivisionError>([&] { scheduler.step(); },
                                                 "float division by zero");
}

TEST_F(WarmupTest, ConstantLRTotalItersZeroNeverUndoes) {
  // With total_iters == 0 the factor is applied at epoch 0 and never undone (PyTorch 1.13.1).
  ConstantLR scheduler(opt, {.factor = 0.5, .total_iters = 0});
  for (int epoch = 0; epoch < 4; ++epoch) {
    EXPECT_TRUE(BitEq(opt.lr(0), 0.025)) << "epoch " << epoch;
    scheduler.step();
  }
}

Series LinearTargets() {
  // [0.05 * (0.5 + i * 0.5 / 4) for i in range(4)] + [0.05] * 6
  Series s;
  for (int i = 0; i < 4; ++i) s.push_back(0.05 * (0.5 + i * 0.5 / 4));
  return concat({s, repeat(0.05, 6)});
}

TEST_F(WarmupTest, LinearLR) {
  LinearLR scheduler(opt, {.start_factor = 1.0 / 2, .total_iters = 4});
  RunTest({&scheduler}, two_groups(LinearTargets()), 10);
}

TEST_F(WarmupTest, LinearLRExactDoubles) {
  // PyTorch 1.13.1 values (spec 2.6): 0.025, 0.03125, 0.0375, 0.043750000000000004, 0.05...
  LinearLR scheduler(opt, {.start_factor = 0.5, .total_iters = 4});
  const Series expected = {0.025, 0.03125, 0.0375, 0.043750000000000004, 0.05, 0.05};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), expected[k])) << "epoch " << k;
    scheduler.step();
  }
}

TEST_F(WarmupTest, LinearLRWithEpoch) {
  LinearLR scheduler(opt, {.start_factor = 1.0 / 2, .total_iters = 4});
  RunTestWithEpoch({&scheduler}, two_groups(LinearTargets()), 10);
}

TEST_F(WarmupTest, GetLastLrLinearLR) {
  const double start = 1.0 / 4;
  const double end = 3.0 / 5;
  Series single;
  for (int i = 0; i < 4; ++i) single.push_back((start + i * (end - start) / 4) * 0.05);
  single = concat({single, repeat(0.05 * end, 6)});
  LinearLR scheduler(opt, {.start_factor = start, .end_factor = end, .total_iters = 4});
  RunTestGetLastLr(scheduler, two_groups(single), 10);
}

TEST_F(WarmupTest, GetLastLrLinearLRExactDoubles) {
  // PyTorch 1.13.1: group 1 ends at 0.30000000000000004, group 0 at 0.03.
  LinearLR scheduler(opt, {.start_factor = 0.25, .end_factor = 0.6, .total_iters = 4});
  const Series g0 = {0.0125, 0.016875, 0.02125, 0.025625000000000002, 0.03, 0.03};
  const Series g1 = {0.125,
                     0.16875,
                     0.21250000000000002,
                     0.25625000000000003,
                     0.30000000000000004,
                     0.30000000000000004};
  for (std::size_t k = 0; k < g0.size(); ++k) {
    EXPECT_TRUE(BitEq(scheduler.get_last_lr()[0], g0[k])) << "epoch " << k;
    EXPECT_TRUE(BitEq(scheduler.get_last_lr()[1], g1[k])) << "epoch " << k;
    scheduler.step();
  }
}

TEST_F(WarmupTest, LinearLRStartFactorLimits) {
  // test_linearlr_start_factor_limits1/2 (newest message, PR #86695).
  const char* kStart =
      "Starting multiplicative factor expected to be greater than 0 and less or equal to 1.";
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { LinearLR s(opt, {.start_factor = 0.0, .total_iters = 4}); }, kStart);
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { LinearLR s(opt, {.start_factor = 1.1, .total_iters = 4}); }, kStart);
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { LinearLR s(opt, {.start_factor = 0.5, .end_factor = 1.5}); },
      "Ending multiplicative factor expected to be between 0 and 1.");
  // A rejected scheduler never touched the optimizer (checks run before LRScheduler.__init__).
  EXPECT_FALSE(opt.key(0, GroupKey::initial_lr).has_value());
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
}

TEST_F(WarmupTest, LinearLRIsConstantForConstantEpoch) {
  LinearLR scheduler(opt, {});
  ExpectConstantForConstantEpoch(scheduler);
}

TEST_F(WarmupTest, LinearLRResumeKeepsLr) {
  // Spec 1.4 (newest, `_is_initial`): the restored lr is kept; 1.13.1 gave 0.05833333333333334.
  SetInitialLr();
  LinearLR scheduler(opt, {.start_factor = 0.5, .total_iters = 4, .last_epoch = 2});
  EXPECT_EQ(scheduler.last_epoch(), 3);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
  EXPECT_TRUE(BitEq(opt.lr(1), 0.5));
}

TEST_F(WarmupTest, LinearLRResumeAtZeroStillAppliesStartFactor) {
  // `le == 0` comes before the `_is_initial` test, so last_epoch=-1 is the only path that
  // applies start_factor in the constructor; last_epoch=0 resumes at epoch 1 and keeps the lr.
  SetInitialLr();
  LinearLR scheduler(opt, {.start_factor = 0.5, .total_iters = 4, .last_epoch = 0});
  EXPECT_EQ(scheduler.last_epoch(), 1);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
}

TEST_F(WarmupTest, LinearLRTotalItersZero) {
  // Chainable: the lr stays at start_factor * lr forever (open issue #193682); the closed form
  // divides by total_iters == 0.
  LinearLR scheduler(opt, {.start_factor = 0.5, .total_iters = 0});
  for (int epoch = 0; epoch < 4; ++epoch) {
    EXPECT_TRUE(BitEq(opt.lr(0), 0.025)) << "epoch " << epoch;
    scheduler.step();
  }
  ExpectThrowMessage<lrsched::ZeroDivisionError>([&] { scheduler.step(3); },
                                                 "float division by zero");
}

}  // namespace
}  // namespace lrsched_test
