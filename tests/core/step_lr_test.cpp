// StepLR and MultiStepLR: upstream test_step_lr, test_get_last_lr_step_lr,
// test_multi_step_lr(_with_epoch), test_get_last_lr_multi_step_lr,
// test_step_lr_is_constant_for_constant_epoch, plus repeated milestones and resume.
#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::MultiStepLR;
using lrsched::StepLR;

class StepLRTest : public SchedulerTest {};

TEST_F(StepLRTest, StepLR) {
  // lr = 0.05 if epoch < 3; 0.005 if 3 <= epoch < 6; 0.0005 if 6 <= epoch < 9; then 0.00005.
  const Series single =
      concat({repeat(0.05, 3), repeat(0.005, 3), repeat(0.0005, 3), repeat(0.00005, 3)});
  StepLR scheduler(opt, {.step_size = 3, .gamma = 0.1});
  RunTest({&scheduler}, two_groups(single), 10);
}

TEST_F(StepLRTest, StepLRExactDoubles) {
  // PyTorch's own doubles (spec 2.3): the chainable form multiplies 0.05 by 0.1 repeatedly.
  StepLR scheduler(opt, {.step_size = 3, .gamma = 0.1});
  const Series g0 = {0.05,
                     0.05,
                     0.05,
                     0.005000000000000001,
                     0.005000000000000001,
                     0.005000000000000001,
                     0.0005000000000000001,
                     0.0005000000000000001,
                     0.0005000000000000001,
                     5.0000000000000016e-05};
  const Series g1 = {0.5,
                     0.5,
                     0.5,
                     0.05,
                     0.05,
                     0.05,
                     0.005000000000000001,
                     0.005000000000000001,
                     0.005000000000000001,
                     0.0005000000000000001};
  for (std::size_t k = 0; k < g0.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), g0[k])) << "epoch " << k;
    EXPECT_TRUE(BitEq(opt.lr(1), g1[k])) << "epoch " << k;
    scheduler.step();
  }
}

TEST_F(StepLRTest, GetLastLrStepLR) {
  InMemoryOptimizer optimizer = make_sgd({0.1});
  StepLR scheduler(optimizer, {.step_size = 3, .gamma = 0.1});
  const Series single =
      concat({repeat(0.1, 3), repeat(0.01, 3), repeat(0.001, 3), repeat(0.0001, 1)});
  RunTestGetLastLr(scheduler, {single}, 10);
}

TEST_F(StepLRTest, StepLRIsConstantForConstantEpoch) {
  StepLR scheduler(opt, {.step_size = 2});
  WarningCapture warnings;
  Series lrs;
  for (int i = 0; i < 10; ++i) {
    scheduler.step(2);
    lrs.push_back(opt.lr(0));
  }
  for (double lr : lrs) EXPECT_TRUE(BitEq(lr, lrs.front()));
  EXPECT_TRUE(BitEq(lrs.front(), 0.005000000000000001));  // 0.05 * 0.1 ** (2 // 2)
  ASSERT_EQ(warnings.messages().size(), 10U);             // one epoch-deprecation warning per call
  for (const auto& m : warnings.messages()) EXPECT_EQ(m, lrsched::kEpochDeprecationWarning);
}

TEST_F(StepLRTest, StepLRWithEpochUsesClosedForm) {
  const Series single =
      concat({repeat(0.05, 3), repeat(0.005, 3), repeat(0.0005, 3), repeat(0.00005, 3)});
  StepLR scheduler(opt, {.step_size = 3, .gamma = 0.1});
  RunTestWithEpoch({&scheduler}, two_groups(single), 10);
}

TEST_F(StepLRTest, ConstructorSideEffects) {
  StepLR scheduler(opt, {.step_size = 3});
  EXPECT_EQ(scheduler.last_epoch(), 0);
  EXPECT_EQ(scheduler.step_count(), 1);
  EXPECT_EQ(opt.key(0, lrsched::GroupKey::initial_lr), 0.05);
  EXPECT_EQ(opt.key(1, lrsched::GroupKey::initial_lr), 0.5);
  EXPECT_EQ(scheduler.base_lrs(), (std::vector<double>{0.05, 0.5}));
  EXPECT_EQ(scheduler.get_last_lr(), (std::vector<double>{0.05, 0.5}));
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
  scheduler.step();
  EXPECT_EQ(scheduler.last_epoch(), 1);
  EXPECT_EQ(scheduler.step_count(), 2);
}

TEST_F(StepLRTest, ResumeComputesInConstructor) {
  // Spec 1.4: StepLR has no `_is_initial` gate, so resuming at last_epoch=5 steps to epoch 6,
  // a multiple of 3, and decays the restored lr once (both 1.13.1 and newest).
  opt.set_key(0, lrsched::GroupKey::initial_lr, 0.05);
  opt.set_key(1, lrsched::GroupKey::initial_lr, 0.5);
  StepLR scheduler(opt, {.step_size = 3, .last_epoch = 5});
  EXPECT_EQ(scheduler.last_epoch(), 6);
  EXPECT_EQ(scheduler.step_count(), 1);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.005000000000000001));
  EXPECT_TRUE(BitEq(opt.lr(1), 0.05));
}

TEST_F(StepLRTest, MultiStepLR) {
  // lr = 0.05 if epoch < 2; 0.005 if 2 <= epoch < 5; 0.0005 if epoch < 9; 0.00005 if epoch >= 9.
  const Series single =
      concat({repeat(0.05, 2), repeat(0.005, 3), repeat(0.0005, 4), repeat(0.00005, 3)});
  MultiStepLR scheduler(opt, {.milestones = I64s{2, 5, 9}, .gamma = 0.1});
  RunTest({&scheduler}, two_groups(single), 10);
}

TEST_F(StepLRTest, MultiStepLRWithEpoch) {
  const Series single =
      concat({repeat(0.05, 2), repeat(0.005, 3), repeat(0.0005, 4), repeat(0.00005, 3)});
  MultiStepLR scheduler(opt, {.milestones = I64s{2, 5, 9}, .gamma = 0.1});
  RunTestWithEpoch({&scheduler}, two_groups(single), 10);
}

TEST_F(StepLRTest, GetLastLrMultiStepLR) {
  const Series single =
      concat({repeat(0.05, 2), repeat(0.005, 3), repeat(0.0005, 4), repeat(0.00005, 1)});
  MultiStepLR scheduler(opt, {.milestones = I64s{2, 5, 9}, .gamma = 0.1});
  RunTestGetLastLr(scheduler, two_groups(single), 10);
}

TEST_F(StepLRTest, MultiStepLRRepeatedMilestonesDecayTwice) {
  // Counter([2, 5, 5, 9]): epoch 5 decays by gamma ** 2. Values from PyTorch 1.13.1.
  MultiStepLR scheduler(opt, {.milestones = I64s{2, 5, 5, 9}, .gamma = 0.1});
  const Series chained = {0.05,
                          0.05,
                          0.005000000000000001,
                          0.005000000000000001,
                          0.005000000000000001,
                          5.000000000000002e-05,
                          5.000000000000002e-05,
                          5.000000000000002e-05,
                          5.000000000000002e-05,
                          5.000000000000003e-06,
                          5.000000000000003e-06,
                          5.000000000000003e-06};
  for (std::size_t k = 0; k < chained.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), chained[k])) << "epoch " << k;
    scheduler.step();
  }
  // The closed form: bisect_right(sorted(milestones.elements()), epoch).
  InMemoryOptimizer opt2 = make_sgd();
  MultiStepLR closed(opt2, {.milestones = I64s{2, 5, 5, 9}, .gamma = 0.1});
  const Series closed_values = {0.05,
                                0.05,
                                0.005000000000000001,
                                0.005000000000000001,
                                0.005000000000000001,
                                5.0000000000000016e-05,
                                5.0000000000000016e-05,
                                5.0000000000000016e-05,
                                5.0000000000000016e-05,
                                5.000000000000001e-06,
                                5.000000000000001e-06,
                                5.000000000000001e-06};
  for (std::size_t k = 0; k < closed_values.size(); ++k) {
    closed.step(static_cast<std::int64_t>(k));
    EXPECT_TRUE(BitEq(opt2.lr(0), closed_values[k])) << "epoch " << k;
  }
}

TEST_F(StepLRTest, MultiStepLRUnsortedMilestones) {
  // Counter ignores order: [9, 2, 5] behaves as [2, 5, 9].
  const Series single =
      concat({repeat(0.05, 2), repeat(0.005, 3), repeat(0.0005, 4), repeat(0.00005, 3)});
  MultiStepLR scheduler(opt, {.milestones = I64s{9, 2, 5}, .gamma = 0.1});
  RunTest({&scheduler}, two_groups(single), 12);
  EXPECT_TRUE(BitEq(opt.lr(0), 5.0000000000000016e-05));
}

}  // namespace
}  // namespace lrsched_test
