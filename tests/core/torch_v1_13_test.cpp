// TorchBehavior::v1_13: each difference between PyTorch 1.13.1 and the newest release
// (docs/differences-from-pytorch.md) built with 1.13's behaviour, against the values and texts
// torch 1.13.1 gives. The values were printed by tests/core/torch_v1_13_values.py, run with
// Debian's /usr/bin/python3; tests/parity/differential.py --torch-compat 1.13 checks the
// same behaviour on random configurations.
#include "fixture.hpp"
#include "lrsched/spec/build.hpp"

namespace lrsched_test {
namespace {

using lrsched::ChainedScheduler;
using lrsched::ConstantLR;
using lrsched::CosineAnnealingLR;
using lrsched::CosineAnnealingWarmRestarts;
using lrsched::CyclicLR;
using lrsched::ExponentialLR;
using lrsched::GroupKey;
using lrsched::LinearLR;
using lrsched::MultiplicativeLR;
using lrsched::OneCycleLR;
using lrsched::PolynomialLR;
using lrsched::ReduceLROnPlateau;
using lrsched::SequentialLR;
using lrsched::StepLR;
using lrsched::SWALR;
using lrsched::TorchBehavior;

constexpr TorchBehavior kV113 = TorchBehavior::v1_13;

// One group at lr 0.05, resuming from initial_lr 0.05 when `resume`.
InMemoryOptimizer sgd(bool resume = false, double momentum = 0.0) {
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {0.05}, momentum);
  if (resume) opt.set_key(0, GroupKey::initial_lr, 0.05);
  return opt;
}

// Group 0's lr now and after each of `count - 1` steps, bit for bit.
void ExpectLrs(InMemoryOptimizer& opt, Scheduler& s, const Series& expected) {
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), expected[k])) << "row " << k;
    s.advance();
  }
}

TEST(TorchV113Test, ParsesTheVersionNames) {
  EXPECT_EQ(lrsched::parse_torch_behavior("newest"), TorchBehavior::newest);
  EXPECT_EQ(lrsched::parse_torch_behavior("1.13"), kV113);
  EXPECT_EQ(lrsched::parse_torch_behavior("2.0"), std::nullopt);
}

// Resume with last_epoch >= 0: the constructor advances the restored lr once.
TEST(TorchV113Test, ResumeAdvancesTheRestoredLr) {
  {
    InMemoryOptimizer opt = sgd(true);
    ExponentialLR s(opt, {.gamma = 0.9, .last_epoch = 5, .behavior = kV113});
    ExpectLrs(
        opt, s,
        {0.045000000000000005, 0.04050000000000001, 0.03645000000000001, 0.03280500000000001});
  }
  {
    InMemoryOptimizer opt = sgd(true);
    MultiplicativeLR s(
        opt, {.lr_lambda = [](std::int64_t) { return 0.9; }, .last_epoch = 0, .behavior = kV113});
    ExpectLrs(
        opt, s,
        {0.045000000000000005, 0.04050000000000001, 0.03645000000000001, 0.03280500000000001});
  }
  {
    InMemoryOptimizer opt = sgd(true);
    PolynomialLR s(opt, {.total_iters = 5, .last_epoch = 2, .behavior = kV113});
    ExpectLrs(opt, s, {0.03333333333333334, 0.016666666666666666, 0.0, 0.0});
  }
  {
    InMemoryOptimizer opt = sgd(true);
    LinearLR s(opt, {.start_factor = 0.5, .total_iters = 4, .last_epoch = 2, .behavior = kV113});
    ExpectLrs(opt, s,
              {0.05833333333333334, 0.06666666666666667, 0.06666666666666667, 0.06666666666666667});
  }
  {
    InMemoryOptimizer opt = sgd(true);
    CosineAnnealingLR s(opt, {.T_max = 10, .last_epoch = 5, .behavior = kV113});
    ExpectLrs(
        opt, s,
        {0.017274575140626316, 0.010305368692688175, 0.004774575140626317, 0.0012235870926211618});
  }
  // The newest release keeps the restored lr (unchanged default).
  InMemoryOptimizer opt = sgd(true);
  ExponentialLR s(opt, {.gamma = 0.9, .last_epoch = 5});
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
}

// The tutorial's CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10) on Adam at lr 1 with
// initial_lr 1: its figure, made with 1.13, starts at 0.8598 where the newest starts at 1.
TEST(TorchV113Test, TutorialResumedCosineCurve) {
  InMemoryOptimizer opt = InMemoryOptimizer::like("adam", {1.0});
  opt.set_key(0, GroupKey::initial_lr, 1.0);
  auto s = lrsched::spec::build_scheduler("CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10)",
                                          opt, kV113);
  ExpectLrs(opt, *s,
            {0.8597792193320737, 0.8351141009169893, 0.8089994258863795, 0.7815961998958187,
             0.7530733729460359});
  InMemoryOptimizer newest = InMemoryOptimizer::like("adam", {1.0});
  newest.set_key(0, GroupKey::initial_lr, 1.0);
  auto n = lrsched::spec::build_scheduler("CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10)",
                                          newest);
  EXPECT_TRUE(BitEq(newest.lr(0), 1.0));
}

// SequentialLR restarts a child with step(0): MultiplicativeLR keeps the lr at its milestone,
// and SWALR counts the step.
TEST(TorchV113Test, SequentialLRRestartsChildrenWithStepZero) {
  {
    InMemoryOptimizer opt = sgd();
    SequentialLR s(
        opt,
        {.schedulers = ListBuilder(opt)
                           .add<ConstantLR>({.factor = 0.1, .total_iters = 3, .behavior = kV113})
                           .add<MultiplicativeLR>(
                               {.lr_lambda = [](std::int64_t) { return 0.9; }, .behavior = kV113})
                           .build(),
         .milestones = I64s{3},
         .behavior = kV113});
    WarningCapture warnings;
    ExpectLrs(
        opt, s,
        {0.005000000000000001, 0.005000000000000001, 0.005000000000000001, 0.005000000000000001,
         0.004500000000000001, 0.0040500000000000015, 0.0036450000000000015});
    // 1.13's step(0) is the deprecated step(epoch), with its warning.
    ASSERT_EQ(warnings.messages().size(), 1U);
    EXPECT_EQ(warnings.messages().front(), lrsched::kEpochDeprecationWarning);
  }
  InMemoryOptimizer opt = sgd();
  SequentialLR s(opt, {.schedulers = ListBuilder(opt)
                                         .add<ExponentialLR>({.gamma = 0.9, .behavior = kV113})
                                         .add<SWALR>({.swa_lr = 0.01,
                                                      .anneal_epochs = 3,
                                                      .anneal_strategy = "linear",
                                                      .behavior = kV113})
                                         .build(),
                       .milestones = I64s{2},
                       .behavior = kV113});
  ExpectLrs(
      opt, s,
      {0.05, 0.045000000000000005, 0.03333333333333334, 0.021666666666666667, 0.01, 0.01, 0.01});
}

// A T_cur set by hand past 2 * T_i wraps by one period.
TEST(TorchV113Test, CawrWrapSubtractsOnePeriod) {
  InMemoryOptimizer opt = sgd();
  CosineAnnealingWarmRestarts s(opt, {.T_0 = 4, .behavior = kV113});
  const Series t_cur{4, 5, 6};
  const Series lr{0.0, 0.007322330470336308, 0.024999999999999994};
  for (std::size_t k = 0; k < 3; ++k) {
    s.set_T_cur(7.0 + static_cast<double>(k));
    s.step();
    EXPECT_TRUE(BitEq(s.T_cur(), t_cur[k])) << k;
    EXPECT_TRUE(BitEq(opt.lr(0), lr[k])) << k;
  }
}

// CyclicLR cycles momentum only, and on resume reads base_momentum back from the groups.
TEST(TorchV113Test, CyclicLRMomentumOnly) {
  InMemoryOptimizer adam = InMemoryOptimizer::like("adam", {0.05});
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { CyclicLR s(adam, {.base_lr = 0.01, .max_lr = 0.1, .behavior = kV113}); },
      "optimizer must support momentum with `cycle_momentum` option enabled");
  InMemoryOptimizer opt = sgd(true, 0.85);
  CyclicLR s(opt, {.base_lr = 0.01,
                   .max_lr = 0.1,
                   .step_size_up = 4,
                   .base_momentum = 0.8,
                   .max_momentum = 0.9,
                   .last_epoch = 5,
                   .behavior = kV113});
  const Series momentum{0.875, 0.8875, 0.9, 0.8875, 0.875};
  for (std::size_t k = 0; k < momentum.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.momentum(0), momentum[k])) << "row " << k;
    s.step();
  }
  EXPECT_FALSE(opt.key(0, GroupKey::max_momentum)) << "1.13 writes no momentum group keys";
  InMemoryOptimizer two = InMemoryOptimizer::like("sgd", {0.05}, 0.9);
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        CyclicLR c(two, {.base_lr = {0.1, 0.2}, .max_lr = 0.5, .behavior = kV113});
      },
      "expected 1 values for base_lr, got 2");
}

TEST(TorchV113Test, OneCycleLRTexts) {
  InMemoryOptimizer opt = sgd();
  OneCycleLR s(opt, {.max_lr = 0.1, .total_steps = 3, .behavior = kV113});
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        for (int k = 0; k < 4; ++k) s.step();
      },
      "Tried to step 5 times. The specified number of total steps is 3");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        OneCycleLR o(
            opt, {.max_lr = 0.1, .total_steps = 3, .anneal_strategy = "exp", .behavior = kV113});
      },
      "anneal_strategy must by one of 'cos' or 'linear', instead got exp");
  ExpectThrowMessage<lrsched::TypeError>(
      [&] { OneCycleLR o(opt, {.max_lr = 0.1, .epochs = 3, .behavior = kV113}); },
      "'<=' not supported between instances of 'NoneType' and 'int'");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        OneCycleLR o(opt, {.max_lr = {0.1, 0.2}, .total_steps = 3, .behavior = kV113});
      },
      "expected 1 values for max_lr, got 2");
  InMemoryOptimizer adagrad = InMemoryOptimizer::like("adagrad", {0.05});
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { OneCycleLR o(adagrad, {.max_lr = 0.1, .total_steps = 3, .behavior = kV113}); },
      "optimizer must support momentum with `cycle_momentum` option enabled");
}

TEST(TorchV113Test, LinearLRAcceptsStartFactorZero) {
  InMemoryOptimizer opt = sgd();
  LinearLR s(opt, {.start_factor = 0.0, .total_iters = 4, .behavior = kV113});
  EXPECT_TRUE(BitEq(opt.lr(0), 0.0));
  ExpectThrowMessage<lrsched::ZeroDivisionError>([&] { s.step(); }, "float division by zero");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { LinearLR l(opt, {.start_factor = -0.1, .behavior = kV113}); },
      "Starting multiplicative factor expected to be between 0 and 1.");
}

// After add_param_group, 1.13 reduces the groups min_lrs covers, then fails.
TEST(TorchV113Test, ReduceLROnPlateauAfterAddParamGroup) {
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {0.5});
  ReduceLROnPlateau s(opt, {.patience = 0, .behavior = kV113});
  s.step(1.0);
  lrsched::ParamGroup added;
  added.lr = 0.05;
  opt.add_param_group(added);
  ExpectThrowMessage<lrsched::IndexError>([&] { s.step(2.0); }, "list index out of range");
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
  EXPECT_TRUE(BitEq(opt.lr(1), 0.05));
}

TEST(TorchV113Test, CompositeValidation) {
  InMemoryOptimizer opt = sgd();
  InMemoryOptimizer other = sgd();
  const auto step_lr = [](OptimizerView& o) {
    return std::make_unique<StepLR>(o, StepLR::Options{.step_size = 2, .behavior = kV113});
  };
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        SequentialLR s(
            opt, {.schedulers = ListBuilder(opt).add(step_lr(opt)).add(step_lr(other)).build(),
                  .milestones = I64s{3},
                  .behavior = kV113});
      },
      "Sequential Schedulers expects all schedulers to belong to the same optimizer, but got "
      "schedulers at index 1 to be different than the optimizer passed in.");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        SequentialLR s(
            opt, {.schedulers = lrsched::SchedulerList{}, .milestones = I64s{}, .behavior = kV113});
      },
      "Sequential Schedulers expects number of schedulers provided to be one more than the "
      "number of milestone points, but got number of schedulers 0 and the number of milestones "
      "to be equal to 0");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        ChainedScheduler c(
            {.schedulers = ListBuilder(opt).add(step_lr(opt)).add(step_lr(other)).build(),
             .behavior = kV113});
      },
      "ChainedScheduler expects all schedulers to belong to the same optimizer, but got "
      "schedulers at index 0 and 1 to be different");
  ExpectThrowMessage<lrsched::IndexError>(
      [&] { ChainedScheduler c({.schedulers = lrsched::SchedulerList{}, .behavior = kV113}); },
      "list index out of range");
  ExpectThrowMessage<lrsched::AttributeError>(
      [&] {
        lrsched::SchedulerList inner = ListBuilder(opt).add(step_lr(opt)).build();
        auto chained = std::make_unique<ChainedScheduler>(
            ChainedScheduler::Options{.schedulers = std::move(inner), .behavior = kV113});
        SequentialLR s(
            opt, {.schedulers = ListBuilder(opt).add(step_lr(opt)).add(std::move(chained)).build(),
                  .milestones = I64s{3},
                  .behavior = kV113});
      },
      "'ChainedScheduler' object has no attribute 'last_epoch'");
  ExpectThrowMessage<lrsched::AttributeError>(
      [&] {
        SequentialLR s(opt, {.schedulers = ListBuilder(opt)
                                               .add<ReduceLROnPlateau>({.behavior = kV113})
                                               .add(step_lr(opt))
                                               .build(),
                             .milestones = I64s{3},
                             .behavior = kV113});
      },
      "'ReduceLROnPlateau' object has no attribute '_initial_step'");
  ChainedScheduler c(
      {.schedulers =
           ListBuilder(opt).add(step_lr(opt)).add<ReduceLROnPlateau>({.behavior = kV113}).build(),
       .behavior = kV113});
  ExpectThrowMessage<lrsched::TypeError>(
      [&] { c.advance(); },
      "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'");
}

TEST(TorchV113Test, ResumeWithoutInitialLrText) {
  InMemoryOptimizer opt = sgd();
  ExpectThrowMessage<lrsched::KeyError>(
      [&] { StepLR s(opt, {.step_size = 3, .last_epoch = 2, .behavior = kV113}); },
      "param 'initial_lr' is not specified in param_groups[0] when resuming an optimizer");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        SWALR s(opt, {.swa_lr = {0.1, 0.2}, .behavior = kV113});
      },
      "swa_lr must have the same length as optimizer.param_groups: swa_lr has 2, "
      "optimizer.param_groups has 1");
}

// The spec language takes 1.13's signatures in 1.13 mode, for every class and nested ones.
TEST(TorchV113Test, SpecLanguageSignatures) {
  namespace spec = lrsched::spec;
  InMemoryOptimizer opt = sgd();
  EXPECT_EQ(spec::build_scheduler("StepLR(3, 0.1, -1, False)", opt, kV113)->name(), "StepLR");
  auto chained = spec::build_scheduler(
      "ChainedScheduler([ExponentialLR(0.9, verbose=False), ReduceLROnPlateau(verbose=False)])",
      opt, kV113);
  EXPECT_EQ(chained->torch_behavior(), kV113);
  for (const auto& child : dynamic_cast<ChainedScheduler&>(*chained).schedulers()) {
    EXPECT_EQ(child->torch_behavior(), kV113) << child->name();
  }
  EXPECT_EQ(spec::build_scheduler("SWALR(0.01, 5, 'cos', -1)", opt, kV113)->name(), "SWALR");
  // SWALR took no verbose in 1.13 either.
  ExpectThrowContaining<lrsched::TypeError>(
      [&] { (void)spec::build_scheduler("SWALR(0.01, verbose=False)", opt, kV113); }, "verbose");
  ExpectThrowContaining<lrsched::TypeError>(
      [&] {
        (void)spec::build_scheduler("ChainedScheduler([StepLR(3)], optimizer=None)", opt, kV113);
      },
      "got an unexpected keyword argument 'optimizer'");
  ExpectThrowContaining<lrsched::NotImplementedError>(
      [&] { (void)spec::build_scheduler("StepLR(3, verbose=True)", opt, kV113); },
      "verbose=True is not supported: PyTorch 1.13 printed each lr change, which the simulation "
      "already lists (get_last_lr() in C++); leave verbose out or pass False");
  // Its texts where they differ, and its missing checks.
  ExpectThrowContaining<lrsched::TypeError>(
      [&] { (void)spec::build_scheduler("MultiplicativeLR(lr_lambda=0.9)", opt, kV113); },
      "'float' object is not callable");
  EXPECT_EQ(spec::build_scheduler("LinearLR(start_factor=0.0)", opt, kV113)->name(), "LinearLR");
  // Other libraries' rows are the same in both modes.
  EXPECT_EQ(spec::build_scheduler("transformers.get_constant_schedule()", opt, kV113)->name(),
            "get_constant_schedule");
}

}  // namespace
}  // namespace lrsched_test
