// SequentialLR, ChainedScheduler and compound schedules (several schedulers stepped in order on
// one optimizer): upstream test_sequentiallr1..5, test_get_last_lr_sequentiallr,
// test_sequentiallr_no_warnings, test_sequentiallr_does_not_alias_lr_and_initial_lr,
// test_chained_lr1..5, test_chained_lr2_get_last_lr_before_step and the test_compound_* tests.
#include <cmath>

#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::ChainedScheduler;
using lrsched::ConstantLR;
using lrsched::CosineAnnealingLR;
using lrsched::ExponentialLR;
using lrsched::LinearLR;
using lrsched::MultiplicativeLR;
using lrsched::MultiStepLR;
using lrsched::PolynomialLR;
using lrsched::SequentialLR;
using lrsched::StepLR;

class CompositeTest : public SchedulerTest {};

// ------------------------------------------------------------------------------- SequentialLR

TEST_F(CompositeTest, SequentialLR1) {
  const Series single = concat({{0.05, 0.04, 0.032},
                                repeat(0.05, 4),
                                repeat(0.05 * 0.1, 4),
                                repeat(0.05 * 0.01, 4),
                                repeat(0.05 * 0.001, 4)});
  auto children = ListBuilder(opt)
                      .add<ExponentialLR>({.gamma = 0.8})
                      .add<StepLR>({.step_size = 4, .gamma = 0.1})
                      .build();
  SequentialLR scheduler(opt, {.schedulers = std::move(children), .milestones = I64s{3}});
  RunTest({&scheduler}, {single}, 19);
}

TEST_F(CompositeTest, SequentialLR1ExactDoubles) {
  // Spec 2.8, PyTorch's doubles: the milestone restarts StepLR from initial_lr.
  auto children = ListBuilder(opt)
                      .add<ExponentialLR>({.gamma = 0.8})
                      .add<StepLR>({.step_size = 4, .gamma = 0.1})
                      .build();
  SequentialLR scheduler(opt, {.schedulers = std::move(children), .milestones = I64s{3}});
  const Series expected = {0.05, 0.04000000000000001, 0.03200000000000001, 0.05, 0.05, 0.05,
                           0.05, 0.005000000000000001};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), expected[k])) << "epoch " << k;
    scheduler.step();
  }
}

TEST_F(CompositeTest, SequentialLR2) {
  Series single = {0.005, 0.005, 0.005};
  for (int x = 0; x < 10; ++x) single.push_back(0.05 * std::pow(0.9, x));
  auto children = ListBuilder(opt)
                      .add<ConstantLR>({.factor = 0.1, .total_iters = 3})
                      .add<ExponentialLR>({.gamma = 0.9})
                      .build();
  SequentialLR scheduler(opt, {.schedulers = std::move(children), .milestones = I64s{3}});
  RunTest({&scheduler}, {single}, 13);
}

lrsched::SchedulerList SequentialLR3Children(InMemoryOptimizer& opt) {
  return ListBuilder(opt)
      .add<ConstantLR>({.factor = 0.1, .total_iters = 3})
      .add<ExponentialLR>({.gamma = 0.8})
      .add<StepLR>({.step_size = 2, .gamma = 0.1})
      .build();
}

Series SequentialLR3Targets() {
  return concat(
      {repeat(0.005, 3), {0.05, 0.04, 0.032}, {0.05, 0.05, 0.005, 0.005, 0.0005, 0.0005}});
}

TEST_F(CompositeTest, SequentialLR3) {
  SequentialLR scheduler(opt, {.schedulers = SequentialLR3Children(opt), .milestones = I64s{3, 6}});
  RunTest({&scheduler}, {SequentialLR3Targets()}, 12);
}

TEST_F(CompositeTest, GetLastLrSequentialLR) {
  SequentialLR scheduler(opt, {.schedulers = SequentialLR3Children(opt), .milestones = I64s{3, 6}});
  RunTestGetLastLr(scheduler, two_groups(SequentialLR3Targets()), 12);
}

TEST_F(CompositeTest, SequentialLR4UndoesTheSecondConstruction) {
  // The second ConstantLR's construction-time factor must not survive SequentialLR's set-up.
  InMemoryOptimizer optimizer = make_sgd({0.1});
  auto children = ListBuilder(optimizer)
                      .add<ConstantLR>({.factor = 1})
                      .add<ConstantLR>({.factor = 0.1})
                      .build();
  SequentialLR scheduler(optimizer, {.schedulers = std::move(children), .milestones = I64s{10}});
  EXPECT_TRUE(BitEq(optimizer.lr(0), 0.1));
  EXPECT_EQ(scheduler.last_epoch(), 0);
  // recursive_undo + the first child's initial step: first at epoch 0, second back at -1.
  const auto* first = dynamic_cast<const ConstantLR*>(scheduler.schedulers()[0].get());
  const auto* second = dynamic_cast<const ConstantLR*>(scheduler.schedulers()[1].get());
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first->last_epoch(), 0);
  EXPECT_EQ(second->last_epoch(), -1);
}

TEST_F(CompositeTest, SequentialLR5WithNestedChainedScheduler) {
  const Series single = concat({{0.0005, 0.0014, 0.0023, 0.0032, 0.0041}, repeat(0.025, 5)});
  // As upstream: the ConstantLR is built first, then the LinearLR, chained as [linear, constant].
  auto const_sched = std::make_unique<ConstantLR>(opt, ConstantLR::Options{.factor = 0.1});
  auto lin_sched =
      std::make_unique<LinearLR>(opt, LinearLR::Options{.start_factor = 0.1, .total_iters = 5});
  lrsched::SchedulerList inner;
  inner.push_back(std::move(lin_sched));
  inner.push_back(std::move(const_sched));
  auto children = ListBuilder(opt)
                      .add(std::make_unique<ChainedScheduler>(std::move(inner)))
                      .add<ConstantLR>({.factor = 0.5, .total_iters = 5})
                      .build();
  SequentialLR scheduler(opt, {.schedulers = std::move(children), .milestones = I64s{5}});
  RunTest({&scheduler}, {single}, 10);
}

TEST_F(CompositeTest, SequentialLRNoWarnings) {
  auto children = ListBuilder(opt)
                      .add<LinearLR>({.start_factor = 0.5, .end_factor = 0.1, .total_iters = 5})
                      .add<ExponentialLR>({.gamma = 0.9})
                      .build();
  SequentialLR scheduler(opt, {.schedulers = std::move(children), .milestones = I64s{5}});
  WarningCapture warnings;
  for (int i = 0; i < 10; ++i) scheduler.step();
  EXPECT_TRUE(warnings.messages().empty());
}

TEST_F(CompositeTest, SequentialLRDoesNotAliasLrAndInitialLr) {
  InMemoryOptimizer optimizer = make_sgd({2.0});
  auto children = ListBuilder(optimizer)
                      .add<LinearLR>({.start_factor = 0.1, .end_factor = 0.8, .total_iters = 4})
                      .add<LinearLR>({.start_factor = 0.8, .end_factor = 0.1, .total_iters = 4})
                      .build();
  SequentialLR scheduler(optimizer, {.schedulers = std::move(children), .milestones = I64s{4}});
  const Series expected = {0.2, 0.55, 0.9, 1.25, 1.6, 1.25, 0.9, 0.55};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(RelNear(optimizer.lr(0), expected[k])) << "epoch " << k;
    scheduler.step();
  }
  EXPECT_TRUE(BitEq(*optimizer.key(0, lrsched::GroupKey::initial_lr), 2.0));
}

TEST_F(CompositeTest, SequentialLRRestartsMultiplicativeLRWithLambdaOfZero) {
  // Spec 2.2 behaviour change (newest): at the milestone `_update_lr(0)` multiplies by
  // lr_lambda(0); 1.13.1 kept the lr. Newest: ..., 0.005, 0.0045, 0.00405, ...
  auto children =
      ListBuilder(opt)
          .add<ConstantLR>({.factor = 0.1, .total_iters = 3})
          .add<MultiplicativeLR>({.lr_lambda = lrsched::LrLambda([](std::int64_t) { return 0.9; })})
          .build();
  SequentialLR scheduler(opt, {.schedulers = std::move(children), .milestones = I64s{3}});
  const double base = 0.05 * 0.1;
  const Series expected = {base, base, base, base * 0.9, base * 0.9 * 0.9};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), expected[k])) << "epoch " << k;
    scheduler.step();
  }
}

TEST_F(CompositeTest, SequentialLRNestedComposteCannotRestartAtMilestone) {
  // A ChainedScheduler after a milestone: PyTorch's `_update_lr(0)` reaches the base class's
  // get_lr() and raises NotImplementedError.
  auto inner = ListBuilder(opt).add<ExponentialLR>({.gamma = 0.9}).build();
  auto children = ListBuilder(opt)
                      .add<ConstantLR>({.factor = 0.5, .total_iters = 2})
                      .add(std::make_unique<ChainedScheduler>(std::move(inner)))
                      .build();
  SequentialLR scheduler(opt, {.schedulers = std::move(children), .milestones = I64s{2}});
  scheduler.step();
  EXPECT_THROW(scheduler.step(), lrsched::NotImplementedError);
}

// --------------------------------------------------------------------------- ChainedScheduler

TEST_F(CompositeTest, ChainedLR1) {
  const Series single =
      concat({repeat(0.05, 3), repeat(0.005, 3), repeat(0.0005, 3), repeat(0.00005, 3)});
  ChainedScheduler scheduler(ListBuilder(opt).add<StepLR>({.step_size = 3, .gamma = 0.1}).build());
  RunTest({&scheduler}, {single}, 10);
  EXPECT_EQ(scheduler.get_last_lr(), scheduler.schedulers().back()->get_last_lr());
}

TEST_F(CompositeTest, ChainedLR2) {
  const Series single = concat({{0.02, 0.03, 0.04}, repeat(0.05, 9)});
  ChainedScheduler scheduler(
      ListBuilder(opt).add<LinearLR>({.start_factor = 0.4, .total_iters = 3}).build());
  RunTest({&scheduler}, {single}, 10);
  EXPECT_EQ(scheduler.get_last_lr(), scheduler.schedulers().back()->get_last_lr());
}

TEST_F(CompositeTest, ChainedLR2GetLastLrBeforeStep) {
  ChainedScheduler scheduler(ListBuilder(opt)
                                 .add<LinearLR>({.start_factor = 0.4, .total_iters = 3})
                                 .add<MultiStepLR>({.milestones = I64s{4, 8, 10}, .gamma = 0.1})
                                 .build());
  EXPECT_EQ(scheduler.get_last_lr(), scheduler.schedulers().back()->get_last_lr());
  EXPECT_TRUE(BitEq(scheduler.get_last_lr()[0], 0.05 * 0.4));
}

TEST_F(CompositeTest, ChainedLR3) {
  const Series single =
      concat({{0.02, 0.03, 0.04, 0.05}, repeat(0.005, 4), repeat(0.0005, 3), repeat(0.00005, 3)});
  ChainedScheduler scheduler(ListBuilder(opt)
                                 .add<LinearLR>({.start_factor = 0.4, .total_iters = 3})
                                 .add<MultiStepLR>({.milestones = I64s{4, 8, 10}, .gamma = 0.1})
                                 .build());
  RunTest({&scheduler}, {single}, 10);
  EXPECT_EQ(scheduler.get_last_lr(), scheduler.schedulers().back()->get_last_lr());
}

TEST_F(CompositeTest, ChainedLR4) {
  Series single;
  for (int x = 0; x < 3; ++x) single.push_back(0.05 * 0.2 * std::pow(0.9, x));
  single.push_back(0.05 * 0.2 * std::pow(0.9, 3) * 0.1);
  for (int x = 4; x < 6; ++x) single.push_back(0.05 * std::pow(0.9, x) * 0.1);
  for (int x = 6; x < 9; ++x) single.push_back(0.05 * std::pow(0.9, x) * 0.01);
  ChainedScheduler scheduler(ListBuilder(opt)
                                 .add<ExponentialLR>({.gamma = 0.9})
                                 .add<ConstantLR>({.factor = 0.2, .total_iters = 4})
                                 .add<StepLR>({.step_size = 3, .gamma = 0.1})
                                 .build());
  RunTest({&scheduler}, {single}, 9);
  EXPECT_EQ(scheduler.get_last_lr(), scheduler.schedulers().back()->get_last_lr());
}

TEST_F(CompositeTest, ChainedLR4ExactDoubles) {
  // Spec 2.11: PyTorch's doubles for [ExponentialLR(0.9), ConstantLR(0.2, 4), StepLR(0.1, 3)].
  ChainedScheduler scheduler(ListBuilder(opt)
                                 .add<ExponentialLR>({.gamma = 0.9})
                                 .add<ConstantLR>({.factor = 0.2, .total_iters = 4})
                                 .add<StepLR>({.step_size = 3, .gamma = 0.1})
                                 .build());
  const Series expected = {0.010000000000000002,  0.009000000000000003, 0.008100000000000003,
                           0.0007290000000000004, 0.003280500000000002, 0.002952450000000002,
                           0.0002657205000000002};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), expected[k])) << "epoch " << k;
    scheduler.step();
  }
}

TEST_F(CompositeTest, ChainedLR5) {
  auto poly = [](double lr) {
    Series s;
    for (int x = 0; x < 5; ++x) s.push_back(lr * std::pow(1.0 - x / 5.0, 0.9));
    return concat({s, repeat(0.0, 5)});
  };
  const Targets targets = {scaled(poly(0.05), 0.1), scaled(poly(0.5), 0.1)};
  ChainedScheduler scheduler(ListBuilder(opt)
                                 .add<PolynomialLR>({.total_iters = 5, .power = 0.9})
                                 .add<ConstantLR>({.factor = 0.1})
                                 .build());
  RunTest({&scheduler}, targets, 10);
  EXPECT_EQ(scheduler.get_last_lr(), scheduler.schedulers().back()->get_last_lr());
}

TEST_F(CompositeTest, ChainedSchedulerExplicitOptimizer) {
  // ChainedScheduler(schedulers, optimizer=opt): the same object is accepted.
  ChainedScheduler scheduler(ListBuilder(opt).add<ExponentialLR>({.gamma = 0.5}).build(), &opt);
  EXPECT_EQ(&scheduler.optimizer(), &opt);
  scheduler.step();
  EXPECT_TRUE(BitEq(opt.lr(1), 0.25));
}

// --------------------------------------------------------------------------------- Compound

TEST_F(CompositeTest, CompoundStepAndMultiStepLR) {
  const Series single =
      concat({repeat(0.05, 2), {0.005}, repeat(5e-4, 2), {5e-5}, repeat(5e-6, 3), {5e-8}});
  StepLR step(opt, {.step_size = 3, .gamma = 0.1});
  MultiStepLR multi(opt, {.milestones = I64s{2, 5, 9}, .gamma = 0.1});
  RunTest({&step, &multi}, {single}, 10);
}

TEST_F(CompositeTest, CompoundStepAndExpLR) {
  Series single;
  for (int x = 0; x < 12; ++x) single.push_back(0.05 * std::pow(0.1, x / 3) * std::pow(0.9, x));
  StepLR step(opt, {.step_size = 3, .gamma = 0.1});
  ExponentialLR exp(opt, {.gamma = 0.9});
  RunTest({&step, &exp}, two_groups(single), 10);
}

TEST_F(CompositeTest, CompoundExpAndMultiStepLR) {
  const double decay[] = {1, 1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.001, 0.001};
  Series single;
  for (int x = 0; x < 11; ++x)
    single.push_back(0.05 * decay[static_cast<std::size_t>(x)] * std::pow(0.9, x));
  MultiStepLR multi(opt, {.milestones = I64s{2, 5, 9}, .gamma = 0.1});
  ExponentialLR exp(opt, {.gamma = 0.9});
  RunTest({&multi, &exp}, two_groups(single), 10);
}

TEST_F(CompositeTest, CompoundExpAndLinearLR) {
  Series single;
  for (int x = 0; x < 11; ++x) single.push_back(0.05 * std::pow(0.9, x));
  for (int i = 0; i < 4; ++i) at(single, i) *= 0.4 + i / 4.0 * (0.9 - 0.4);
  for (int i = 4; i < 11; ++i) at(single, i) *= 0.9;
  LinearLR linear(opt, {.start_factor = 0.4, .end_factor = 0.9, .total_iters = 4});
  ExponentialLR exp(opt, {.gamma = 0.9});
  RunTest({&linear, &exp}, two_groups(single), 10);
}

TEST_F(CompositeTest, CompoundStepAndConstantLR) {
  const Series single = concat({repeat(0.05 * 0.4, 3),
                                {0.005 * 0.4},
                                repeat(0.005, 2),
                                repeat(0.0005, 3),
                                repeat(0.00005, 3)});
  StepLR step(opt, {.step_size = 3, .gamma = 0.1});
  ConstantLR constant(opt, {.factor = 0.4, .total_iters = 4});
  RunTest({&step, &constant}, two_groups(single), 10);
}

TEST_F(CompositeTest, CompoundLinearLRAndMultiStepLR) {
  Series single =
      concat({repeat(0.05, 2), repeat(0.005, 3), repeat(0.0005, 4), repeat(0.00005, 2)});
  for (int i = 0; i < 4; ++i) at(single, i) *= 0.4 + i / 4.0 * (1 - 0.4);
  MultiStepLR multi(opt, {.milestones = I64s{2, 5, 9}, .gamma = 0.1});
  LinearLR linear(opt, {.start_factor = 0.4, .total_iters = 4});
  RunTest({&multi, &linear}, two_groups(single), 10);
}

// The upstream compound cosine targets multiply the closed-form cosine by the other scheduler's
// factors, which ignores how the recursive form carries eta_min = 1e-10; they hold only to
// upstream's atol 1e-5. These tests pin PyTorch 1.13.1's doubles (default path, same as newest).
class CompoundCosineTest : public SchedulerTest {
 protected:
  void ExpectExact(std::initializer_list<Scheduler*> schedulers, const Series& g0,
                   const Series& g1) {
    for (std::size_t k = 0; k < g0.size(); ++k) {
      EXPECT_TRUE(BitEq(opt.lr(0), g0[k])) << "epoch " << k;
      EXPECT_TRUE(BitEq(opt.lr(1), g1[k])) << "epoch " << k;
      for (Scheduler* s : schedulers) s->advance();
    }
  }
};

TEST_F(CompoundCosineTest, CosAnnealAndStepLR) {
  CosineAnnealingLR cosine(opt, {.T_max = 10, .eta_min = 1e-10});
  StepLR step(opt, {.step_size = 3, .gamma = 0.1});
  ExpectExact({&cosine, &step},
              {0.05, 0.04877641290982602, 0.04522542486892284, 0.003969463132792257,
               0.0032725425051936294, 0.002500000038317272, 0.0001727457571440915,
               0.00010305373069357789, 4.774582535283969e-05, 1.2235964249464108e-06},
              {0.5, 0.48776412907623556, 0.452254248603286, 0.0396946313093729, 0.03272542487862995,
               0.025000000038317274, 0.0017274575198004604, 0.0010305369130355138,
               0.00047745758800920825, 1.2235880258536871e-05});
}

TEST_F(CompoundCosineTest, CosAnnealAndMultiStepLR) {
  CosineAnnealingLR cosine(opt, {.T_max = 10, .eta_min = 1e-10});
  MultiStepLR multi(opt, {.milestones = I64s{2, 5, 9}, .gamma = 0.1});
  ExpectExact({&cosine, &multi},
              {0.05, 0.04877641290982602, 0.0045225424868922835, 0.003969463143798708,
               0.003272542514267672, 0.0002500000045249224, 0.00017274578543460708,
               0.00010305374757064671, 4.7745833172145884e-05, 1.2235966253328714e-06},
              {0.5, 0.48776412907623556, 0.0452254248603286, 0.039694631320379356,
               0.03272542488770399, 0.0025000000045249226, 0.0017274575480909758,
               0.0010305369299125826, 0.00047745759582851444, 1.2235880458923331e-05});
}

TEST_F(CompoundCosineTest, CosAnnealAndLinearLR) {
  LinearLR linear(opt, {.start_factor = 0.4, .total_iters = 4});
  CosineAnnealingLR cosine(opt, {.T_max = 10, .eta_min = 1e-10});
  ExpectExact(
      {&linear, &cosine},
      {0.020000000000000004, 0.02682702710150554, 0.031657797411729555, 0.033740436634281334,
       0.032725424899303114, 0.025000000054110166, 0.01727457520891722, 0.010305368773771707,
       0.004774575231862138, 0.0012235871903751533},
      {0.2, 0.2682702709930308, 0.3165779740257838, 0.3374043661352169, 0.32725424863366637,
       0.2500000000541102, 0.1727457514745541, 0.10305368700796529, 0.047745751497498996,
       0.01223587102396561});
}

TEST_F(CompoundCosineTest, CosAnnealAndExpLR) {
  CosineAnnealingLR cosine(opt, {.T_max = 10, .eta_min = 1e-10});
  ExponentialLR exp(opt, {.gamma = 0.1});
  ExpectExact({&cosine, &exp},
              {0.05, 0.004877641290982602, 0.00045225424934444046, 3.969463259614054e-05,
               3.272544347897255e-06, 2.500025029208532e-07, 1.7277838258147464e-08,
               1.034765906845659e-09, 5.330859180513306e-11, 8.803432709280793e-12},
              {0.5, 0.04877641290762356, 0.004522542486688072, 0.00039694631436194703,
               3.272542672133358e-05, 2.5000025029208537e-06, 1.7274901452378437e-07,
               1.030959773026502e-08, 4.830203544615019e-10, 1.9815716542871257e-11});
}

TEST_F(CompositeTest, InitialLrIsSharedBySchedulersOnOneOptimizer) {
  // setdefault: the second scheduler's base_lrs are the first one's initial_lr, not the lr the
  // first scheduler left in the group.
  ConstantLR constant(opt, {.factor = 0.5, .total_iters = 2});
  EXPECT_TRUE(BitEq(opt.lr(0), 0.025));
  ExponentialLR exp(opt, {.gamma = 0.9});
  EXPECT_EQ(exp.base_lrs(), (std::vector<double>{0.05, 0.5}));
  EXPECT_TRUE(BitEq(*opt.key(0, lrsched::GroupKey::initial_lr), 0.05));
  EXPECT_TRUE(BitEq(opt.lr(0), 0.025));  // ExponentialLR's initial step keeps the current lr
}

}  // namespace
}  // namespace lrsched_test
