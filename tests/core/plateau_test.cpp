// ReduceLROnPlateau: upstream test_reduce_lr_on_plateau1..8, _get_last_lr_before_step,
// _state_dict, test_add_param_group_(does_not_break|errors)_reduce_lr_on_plateau,
// test_lr_scheduler_checkpoint_on_plateau, and test_compound_reduce_lr_on_plateau1..5 (which
// upstream leaves vacuous, spec 4.1; here with PyTorch 1.13.1's real values).
#include <limits>

#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::CosineAnnealingLR;
using lrsched::ExponentialLR;
using lrsched::LinearLR;
using lrsched::MultiStepLR;
using lrsched::ReduceLROnPlateau;
using lrsched::StepLR;

class PlateauTest : public SchedulerTest {
 protected:
  void SetUp() override {
    opt.set_lr(0, 0.5);
    opt.set_lr(1, 0.5);
  }
};

Series Linear(double start, double step, int n) {
  Series s;
  for (int i = 0; i < n; ++i) s.push_back(start - i * step);
  return s;
}

Series Geometric(double start, double ratio, int n) {
  Series s;
  for (int i = 0; i < n; ++i) s.push_back(start * std::pow(ratio, i));
  return s;
}

TEST_F(PlateauTest, ReduceLROnPlateau1) {
  ReduceLROnPlateau scheduler(
      opt,
      {.mode = "min", .patience = 5, .threshold = 0.01, .threshold_mode = "abs", .cooldown = 5});
  RunTestReduceLrOnPlateau({&scheduler}, {repeat(0.5, 20)}, Linear(10, 0.0167, 20), 10);
}

TEST_F(PlateauTest, ReduceLROnPlateau2) {
  ReduceLROnPlateau scheduler(
      opt,
      {.mode = "min", .patience = 5, .threshold = 0.1, .threshold_mode = "abs", .cooldown = 0});
  const Series targets =
      concat({repeat(0.5, 6), repeat(0.05, 7), repeat(0.005, 7), repeat(0.0005, 2)});
  RunTestReduceLrOnPlateau({&scheduler}, {targets}, Linear(10, 0.0165, 22), 22);
}

TEST_F(PlateauTest, ReduceLROnPlateau3) {
  ReduceLROnPlateau scheduler(
      opt, {.mode = "max", .patience = 5, .threshold_mode = "abs", .cooldown = 5});
  const Series targets = concat({repeat(0.5, 2 + 6), repeat(0.05, 5 + 6), repeat(0.005, 4)});
  const Series metrics = concat({repeat(-0.8, 2), repeat(-0.234, 20)});
  RunTestReduceLrOnPlateau({&scheduler}, {targets}, metrics, 22);
}

TEST_F(PlateauTest, ReduceLROnPlateau4) {
  ReduceLROnPlateau scheduler(
      opt, {.mode = "max", .patience = 3, .threshold = 0.1, .threshold_mode = "rel"});
  // 1.025 > 1.1 ** 0.25: every fourth epoch is an improvement.
  RunTestReduceLrOnPlateau({&scheduler}, {repeat(0.5, 20)}, Geometric(1.5, 1.025, 20), 20);
}

TEST_F(PlateauTest, ReduceLROnPlateau5) {
  ReduceLROnPlateau scheduler(
      opt,
      {.mode = "max", .patience = 5, .threshold = 0.1, .threshold_mode = "rel", .cooldown = 5});
  const Series targets = concat({repeat(0.5, 6), repeat(0.05, 5 + 6), repeat(0.005, 4)});
  RunTestReduceLrOnPlateau({&scheduler}, {targets}, Geometric(1.5, 1.005, 20), 20);
}

TEST_F(PlateauTest, ReduceLROnPlateau6) {
  ReduceLROnPlateau scheduler(opt, {.mode = "min", .threshold = 0.1, .threshold_mode = "rel"});
  RunTestReduceLrOnPlateau({&scheduler}, {repeat(0.5, 20)}, Geometric(1.5, 0.85, 20), 20);
}

Series Plateau7Metrics() { return concat({repeat(1, 7), {0.6}, repeat(0.5, 12)}); }
Series Plateau7Targets() { return concat({repeat(0.5, 6), repeat(0.05, 5 + 6), repeat(0.005, 4)}); }

TEST_F(PlateauTest, ReduceLROnPlateau7) {
  ReduceLROnPlateau scheduler(
      opt,
      {.mode = "min", .patience = 5, .threshold = 0.1, .threshold_mode = "rel", .cooldown = 5});
  RunTestReduceLrOnPlateau({&scheduler}, {Plateau7Targets()}, Plateau7Metrics(), 20);
}

TEST_F(PlateauTest, ReduceLROnPlateau8) {
  ReduceLROnPlateau scheduler(opt, {.mode = "max",
                                    .patience = 5,
                                    .threshold = 0.1,
                                    .threshold_mode = "rel",
                                    .cooldown = 5,
                                    .min_lr = {0.4, 0.3}});
  const Targets targets = {concat({repeat(0.5, 6), repeat(0.4, 14)}),
                           concat({repeat(0.5, 6), repeat(0.3, 14)})};
  RunTestReduceLrOnPlateau({&scheduler}, targets, Geometric(1.5, 1.005, 20), 20);
}

TEST_F(PlateauTest, GetLastLrBeforeStep) {
  ReduceLROnPlateau scheduler(opt, {});
  EXPECT_EQ(scheduler.get_last_lr(), (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(scheduler.last_epoch(), 0);
  // Unlike LRScheduler subclasses it writes no initial_lr and leaves the lr alone.
  EXPECT_FALSE(opt.key(0, lrsched::GroupKey::initial_lr).has_value());
  EXPECT_TRUE(std::isinf(scheduler.best()));
  EXPECT_GT(scheduler.best(), 0);
}

TEST_F(PlateauTest, NanMetricIsABadEpoch) {
  ReduceLROnPlateau scheduler(opt, {.mode = "min", .patience = 0});
  scheduler.step(1.0);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.5));
  scheduler.step(std::numeric_limits<double>::quiet_NaN());
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
  EXPECT_TRUE(BitEq(scheduler.best(), 1.0));
}

TEST_F(PlateauTest, ReductionSmallerThanEpsIsSkipped) {
  // old - new must exceed eps (1e-8): an lr of 1e-8 is never reduced.
  opt.set_lr(0, 1e-8);
  ReduceLROnPlateau scheduler(opt, {.patience = 0});
  scheduler.step(1.0);
  scheduler.step(2.0);
  EXPECT_TRUE(BitEq(opt.lr(0), 1e-8));
  EXPECT_TRUE(BitEq(opt.lr(1), 0.05));
}

TEST_F(PlateauTest, DeprecatedEpochArgumentSetsLastEpochAndWarns) {
  ReduceLROnPlateau scheduler(opt, {});
  WarningCapture warnings;
  scheduler.step(1.0, 7);
  EXPECT_EQ(scheduler.last_epoch(), 7);
  ASSERT_EQ(warnings.messages().size(), 1U);
  EXPECT_EQ(warnings.messages()[0], lrsched::kEpochDeprecationWarning);
  scheduler.step(1.0);
  EXPECT_EQ(scheduler.last_epoch(), 8);
}

TEST_F(PlateauTest, StateDict) {
  // test_reduce_lr_on_plateau_state_dict: (min, 0.1, patience 2) loaded into (max, 0.5, 10).
  const Series scores = {1, 2, 3, 4, 3, 4, 5, 3, 2, 1};
  CheckSchedulerStateDict(
      [](InMemoryOptimizer& o) {
        return std::make_unique<ReduceLROnPlateau>(
            o, ReduceLROnPlateau::Options{.mode = "min", .factor = 0.1, .patience = 2});
      },
      [](InMemoryOptimizer& o) {
        return std::make_unique<ReduceLROnPlateau>(
            o, ReduceLROnPlateau::Options{.mode = "max", .factor = 0.5, .patience = 10});
      },
      {0.5, 0.5},
      [&](Scheduler& s, std::size_t k) {
        dynamic_cast<ReduceLROnPlateau&>(s).step(scores[k % scores.size()]);
      });
}

class AddParamGroupTest : public PlateauTest, public ::testing::WithParamInterface<bool> {};

TEST_P(AddParamGroupTest, DoesNotBreakReduceLROnPlateau) {
  const bool list_min_lr = GetParam();
  ReduceLROnPlateau scheduler(
      opt, {.mode = "min",
            .patience = 5,
            .threshold = 0.1,
            .threshold_mode = "rel",
            .cooldown = 5,
            .min_lr = list_min_lr ? lrsched::PerGroup({1e-5, 1e-4}) : lrsched::PerGroup(0.0)});
  const Series metrics = Plateau7Metrics();
  const Series targets = Plateau7Targets();
  for (std::size_t epoch = 0; epoch < 20; ++epoch) {
    if (epoch == 8) {
      lrsched::ParamGroup group;
      group.lr = 0.05;
      group.momentum = 0.0;
      opt.add_param_group(group);
      if (list_min_lr) {
        scheduler.set_min_lrs({1e-5, 1e-4, 1e-6});  // upstream: `scheduler.min_lrs.append(...)`
        ASSERT_EQ(scheduler.min_lrs().size(), 3U);
      }
    }
    scheduler.step(metrics[epoch]);
    EXPECT_TRUE(RelNear(opt.lr(0), targets[epoch])) << "epoch " << epoch;
  }
  // The added group was reduced with the others (at epoch 12: 0.05 -> 0.005).
  EXPECT_TRUE(RelNear(opt.lr(2), 0.005));
  EXPECT_EQ(scheduler.min_lrs().size(), 3U);
}

INSTANTIATE_TEST_SUITE_P(MinLr, AddParamGroupTest, ::testing::Values(false, true),
                         [](const auto& param_info) {
                           return param_info.param ? "list" : "scalar";
                         });

TEST_F(PlateauTest, AddParamGroupErrors) {
  ReduceLROnPlateau scheduler(opt, {.mode = "min",
                                    .patience = 0,
                                    .threshold = 1e-5,
                                    .threshold_mode = "rel",
                                    .cooldown = 0,
                                    .min_lr = {1e-5, 1e-4}});
  lrsched::ParamGroup group;
  group.lr = 0.05;
  group.momentum = 0.0;
  opt.add_param_group(group);
  scheduler.step(1);
  ExpectThrowMessage<lrsched::RuntimeError>(
      [&] { scheduler.step(1.3); },
      "The number of param groups in the `optimizer` (3) differs from when `ReduceLROnPlateau` "
      "was initialized (2), usually due to a new param group being added to the optimizer. "
      "Please modify the `min_lrs` field to match the length of the `optimizer` param groups.");
}

TEST_F(PlateauTest, CheckpointOnPlateau) {
  // test_lr_scheduler_checkpoint_on_plateau: a new instance on a restored optimizer reports the
  // optimizer's lr.
  InMemoryOptimizer optim = InMemoryOptimizer::like("adamw", {1e-3});
  ReduceLROnPlateau first(optim, {});
  first.step(1.0);
  InMemoryOptimizer optim2 = InMemoryOptimizer::like("adamw", {1e-3});
  optim2.groups() = optim.groups();
  ReduceLROnPlateau second(optim2, {});
  EXPECT_TRUE(BitEq(second.get_last_lr()[0], optim.lr(0)));
}

// test_compound_reduce_lr_on_plateau1..5: both groups start at 0.5 (0.05 in case 4) and follow
// the same sequence. Values from PyTorch 1.13.1 (default path; identical in the newest release).
void ExpectBothGroups(const InMemoryOptimizer& opt, const Series& expected, std::size_t epoch) {
  EXPECT_TRUE(BitEq(opt.lr(0), expected[epoch])) << "epoch " << epoch;
  EXPECT_TRUE(BitEq(opt.lr(1), expected[epoch])) << "epoch " << epoch;
}

void RunCompound(InMemoryOptimizer& opt, ReduceLROnPlateau& plateau, Scheduler& other,
                 const Series& metrics, const Series& expected) {
  for (std::size_t epoch = 0; epoch < expected.size(); ++epoch) {
    plateau.step(metrics[epoch]);
    other.advance();
    ExpectBothGroups(opt, expected, epoch);
  }
}

TEST_F(PlateauTest, CompoundReduceLROnPlateau1) {
  ReduceLROnPlateau plateau(
      opt,
      {.mode = "min", .patience = 5, .threshold = 0.01, .threshold_mode = "abs", .cooldown = 5});
  StepLR step(opt, {.step_size = 3, .gamma = 0.1});
  RunCompound(opt, plateau, step, Linear(10, 0.0167, 20),
              {0.5, 0.5, 0.05, 0.05, 0.05, 0.005000000000000001, 0.005000000000000001,
               0.005000000000000001, 0.0005000000000000001, 0.0005000000000000001});
}

TEST_F(PlateauTest, CompoundReduceLROnPlateau2) {
  ReduceLROnPlateau plateau(
      opt,
      {.mode = "min", .patience = 5, .threshold = 0.1, .threshold_mode = "abs", .cooldown = 0});
  MultiStepLR multi(opt, {.milestones = I64s{3, 8, 12}, .gamma = 0.1});
  RunCompound(opt, plateau, multi, Linear(10, 0.0165, 22),
              {0.5,
               0.5,
               0.05,
               0.05,
               0.05,
               0.05,
               0.005000000000000001,
               0.0005000000000000001,
               0.0005000000000000001,
               0.0005000000000000001,
               0.0005000000000000001,
               5.0000000000000016e-05,
               5.0000000000000016e-05,
               5.000000000000002e-06,
               5.000000000000002e-06,
               5.000000000000002e-06,
               5.000000000000002e-06,
               5.000000000000002e-06,
               5.000000000000002e-06,
               5.000000000000002e-06,
               5.000000000000002e-07,
               5.000000000000002e-07});
}

TEST_F(PlateauTest, CompoundReduceLROnPlateau3) {
  // ExponentialLR(0.1) shrinks the lr so fast that the plateau reduction at epoch 8 moves it by
  // less than eps and is skipped.
  ReduceLROnPlateau plateau(opt,
                            {.mode = "max", .patience = 5, .threshold_mode = "abs", .cooldown = 5});
  ExponentialLR exp(opt, {.gamma = 0.1});
  RunCompound(opt, plateau, exp, concat({repeat(-0.8, 2), repeat(-0.234, 20)}),
              {0.05,
               0.005000000000000001,
               0.0005000000000000001,
               5.0000000000000016e-05,
               5.000000000000002e-06,
               5.000000000000002e-07,
               5.0000000000000024e-08,
               5.0000000000000026e-09,
               5.000000000000002e-10,
               5.000000000000003e-11,
               5.000000000000003e-12,
               5.000000000000003e-13,
               5.000000000000003e-14,
               5.000000000000004e-15,
               5.000000000000004e-16,
               5.000000000000005e-17,
               5.000000000000005e-18,
               5.000000000000005e-19,
               5.000000000000005e-20,
               5.000000000000006e-21,
               5.000000000000006e-22,
               5.000000000000006e-23});
}

TEST_F(PlateauTest, CompoundReduceLROnPlateau4) {
  opt.set_lr(0, 0.05);
  opt.set_lr(1, 0.05);
  ReduceLROnPlateau plateau(
      opt, {.mode = "max", .patience = 3, .threshold = 0.1, .threshold_mode = "rel"});
  CosineAnnealingLR cosine(opt, {.T_max = 10, .eta_min = 1e-10});
  RunCompound(opt, plateau, cosine, Geometric(1.5, 1.025, 20),
              {0.04877641290982602, 0.04522542486892284, 0.039694631327922565, 0.032725424893922835,
               0.02500000005, 0.017274575206077166, 0.010305368772077435, 0.004774575231077166,
               0.0012235871901739874, 1e-10});
}

TEST_F(PlateauTest, CompoundReduceLROnPlateau5) {
  ReduceLROnPlateau plateau(
      opt,
      {.mode = "min", .patience = 5, .threshold = 0.1, .threshold_mode = "abs", .cooldown = 0});
  LinearLR linear(opt, {.start_factor = 0.4, .total_iters = 4});
  RunCompound(opt, plateau, linear, Linear(10, 0.0165, 22),
              {0.275,
               0.35000000000000003,
               0.4250000000000001,
               0.5000000000000001,
               0.5000000000000001,
               0.5000000000000001,
               0.05000000000000002,
               0.05000000000000002,
               0.05000000000000002,
               0.05000000000000002,
               0.05000000000000002,
               0.05000000000000002,
               0.05000000000000002,
               0.005000000000000002,
               0.005000000000000002,
               0.005000000000000002,
               0.005000000000000002,
               0.005000000000000002,
               0.005000000000000002,
               0.005000000000000002,
               0.0005000000000000002,
               0.0005000000000000002});
}

}  // namespace
}  // namespace lrsched_test
