// SWALR: upstream test_swalr_no_anneal, test_swalr_cosine_anneal_after_multiplicative,
// test_swalr_linear_anneal_after_multiplicative, test_swalr_hypers, test_swa_lr_state_dict, plus
// anneal_epochs = 0, the linear vector of spec 2.16 and the swa_lr group key.
#include <numbers>

#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::GroupKey;
using lrsched::LrLambda;
using lrsched::MultiplicativeLR;
using lrsched::SWALR;

class SWALRTest : public SchedulerTest {
 protected:
  // `_test_swalr`: assert; then step the SWA scheduler from swa_start on, else the other one.
  void RunTestSwalr(SWALR& swa_scheduler, Scheduler* scheduler, const Targets& targets,
                    std::size_t swa_start, std::size_t epochs) {
    for (std::size_t epoch = 0; epoch < epochs; ++epoch) {
      expect_lrs(opt, targets, epoch, "epoch");
      if (epoch >= swa_start) {
        swa_scheduler.step();
      } else if (scheduler != nullptr) {
        scheduler->advance();
      }
    }
  }

  // Targets of the *_anneal_after_multiplicative tests.
  Targets AfterMultiplicative(const std::vector<double>& swa_lrs,
                              const std::function<double(std::size_t)>& anneal_coef) const {
    const std::size_t epochs = 15;
    const std::size_t swa_start = 5;
    Targets targets;
    for (std::size_t g = 0; g < opt.num_groups(); ++g) {
      Series lrs;
      for (std::size_t i = 0; i <= swa_start; ++i) {
        lrs.push_back(opt.lr(g) * std::pow(0.9, static_cast<double>(i)));
      }
      const double last = lrs.back();
      for (std::size_t t = 0; t < epochs - swa_start - 1; ++t) {
        lrs.push_back(last * anneal_coef(t) + swa_lrs[g] * (1 - anneal_coef(t)));
      }
      targets.push_back(lrs);
    }
    return targets;
  }
};

TEST_F(SWALRTest, NoAnneal) {
  const Targets targets = {concat({repeat(0.05, 6), repeat(0.01, 4)}),
                           concat({repeat(0.5, 6), repeat(0.01, 4)})};
  SWALR swa(opt, {.swa_lr = 0.01, .anneal_epochs = 1});
  RunTestSwalr(swa, nullptr, targets, 5, 10);
}

TEST_F(SWALRTest, CosineAnnealAfterMultiplicative) {
  const std::size_t anneal_epochs = 5;
  const Targets targets = AfterMultiplicative({0.01, 0.01}, [&](std::size_t t) {
    if (t + 1 >= anneal_epochs) return 0.0;
    return (1 + std::cos(std::numbers::pi * static_cast<double>(t + 1) / 5.0)) / 2;
  });
  MultiplicativeLR scheduler(opt, {.lr_lambda = LrLambda([](std::int64_t) { return 0.9; })});
  SWALR swa(opt, {.swa_lr = 0.01, .anneal_epochs = 5});
  RunTestSwalr(swa, &scheduler, targets, 5, 15);
}

TEST_F(SWALRTest, CosineAnnealAfterMultiplicativeValues) {
  // Spec 2.16 (PyTorch 1.13.1, rounded to 1e-10): ...0.0295245, 0.0276600762, 0.0227789512,
  // 0.0167455488, 0.0118644238, 0.01.
  MultiplicativeLR scheduler(opt, {.lr_lambda = LrLambda([](std::int64_t) { return 0.9; })});
  SWALR swa(opt, {.swa_lr = 0.01, .anneal_epochs = 5});
  for (int i = 0; i < 5; ++i) scheduler.step();
  EXPECT_NEAR(opt.lr(0), 0.0295245, 1e-10);
  const Series expected = {0.0276600762, 0.0227789512, 0.0167455488, 0.0118644238, 0.01, 0.01};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    swa.step();
    EXPECT_NEAR(opt.lr(0), expected[k], 1e-10) << "swa step " << k;
  }
  EXPECT_TRUE(RelNear(opt.lr(0), 0.01));
}

TEST_F(SWALRTest, LinearAnnealAfterMultiplicative) {
  const std::size_t anneal_epochs = 4;
  const Targets targets = AfterMultiplicative({0.01, 0.02}, [&](std::size_t t) {
    if (t + 1 >= anneal_epochs) return 0.0;
    return 1 - static_cast<double>(t + 1) / 4.0;
  });
  MultiplicativeLR scheduler(opt, {.lr_lambda = LrLambda([](std::int64_t) { return 0.9; })});
  SWALR swa(opt, {.swa_lr = {0.01, 0.02}, .anneal_epochs = 4, .anneal_strategy = "linear"});
  RunTestSwalr(swa, &scheduler, targets, 5, 15);
}

TEST_F(SWALRTest, LinearExactDoubles) {
  // Spec 2.16: linear, 3 epochs, 0.05 -> 0.01.
  InMemoryOptimizer sgd = make_sgd({0.05});
  SWALR swa(sgd, {.swa_lr = 0.01, .anneal_epochs = 3, .anneal_strategy = "linear"});
  const Series expected = {0.05, 0.036666666666666674, 0.023333333333333338, 0.01, 0.01};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(sgd.lr(0), expected[k])) << "step " << k;
    swa.step();
  }
}

TEST_F(SWALRTest, ZeroAnnealEpochsGivesSwaLrAtConstruction) {
  SWALR swa(opt, {.swa_lr = 0.01, .anneal_epochs = 0});
  EXPECT_TRUE(BitEq(opt.lr(0), 0.01));
  EXPECT_TRUE(BitEq(opt.lr(1), 0.01));
  swa.step();
  EXPECT_TRUE(BitEq(opt.lr(0), 0.01));
}

TEST_F(SWALRTest, ConstructorSideEffects) {
  SWALR swa(opt, {.swa_lr = {0.01, 0.02}});
  EXPECT_EQ(swa.last_epoch(), 0);
  EXPECT_EQ(swa.step_count(), 1);
  EXPECT_EQ(opt.key(0, GroupKey::swa_lr), 0.01);
  EXPECT_EQ(opt.key(1, GroupKey::swa_lr), 0.02);
  EXPECT_EQ(opt.key(0, GroupKey::initial_lr), 0.05);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
}

TEST_F(SWALRTest, Hypers) {
  // test_swalr_hypers, with the newest texts (the "must by" typo is PyTorch's).
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { SWALR s(opt, {.swa_lr = 1.0, .anneal_strategy = "exponential"}); },
      "anneal_strategy must by one of 'cos' or 'linear', instead got exponential");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { SWALR s(opt, {.swa_lr = 1.0, .anneal_epochs = -1}); },
      "anneal_epochs must be equal or greater than 0, got -1");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        SWALR s(opt, {.swa_lr = {1.0, 0.1, 0.01}});
      },
      "swa_lr must have the same length as optimizer.param_groups. swa_lr has 3 values, "
      "param_groups has 2.");
}

TEST_F(SWALRTest, StateDict) {
  // test_swa_lr_state_dict: SWALR(3, 0.5) loaded into SWALR(10, linear, 5.0).
  CheckSchedulerStateDict(
      [](InMemoryOptimizer& o) {
        return std::make_unique<SWALR>(o, SWALR::Options{.swa_lr = 0.5, .anneal_epochs = 3});
      },
      [](InMemoryOptimizer& o) {
        return std::make_unique<SWALR>(
            o, SWALR::Options{.swa_lr = 5.0, .anneal_epochs = 10, .anneal_strategy = "linear"});
      });
}

}  // namespace
}  // namespace lrsched_test
