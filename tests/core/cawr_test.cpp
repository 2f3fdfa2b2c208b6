// CosineAnnealingWarmRestarts: upstream test_CosineAnnealingWarmRestarts_lr1/lr2/lr3,
// _T_cur_reset and _lr_state_dict, plus fractional epochs, math.log's inexactness, the step
// counter CAWR never advances, and validation.
#include <numbers>

#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::CosineAnnealingWarmRestarts;

constexpr double kEtaMin = 1e-10;

double CosineAt(double base, double t_cur, double t_i) {
  return kEtaMin + (base - kEtaMin) * (1 + std::cos(std::numbers::pi * t_cur / t_i)) / 2;
}

class CawrTest : public SchedulerTest, public ::testing::WithParamInterface<std::int64_t> {};

TEST_P(CawrTest, Lr1) {
  const std::int64_t t_mult = GetParam();
  std::int64_t t_i = 10;
  std::int64_t t_cur = 0;
  Targets targets = {{0.05}, {0.5}};
  CosineAnnealingWarmRestarts scheduler(opt, {.T_0 = 10, .T_mult = t_mult, .eta_min = kEtaMin});
  for (int i = 1; i < 100; ++i) {
    t_cur += 1;
    if (t_cur >= t_i) {
      t_cur -= t_i;
      t_i *= t_mult;
    }
    targets[0].push_back(CosineAt(0.05, static_cast<double>(t_cur), static_cast<double>(t_i)));
    targets[1].push_back(CosineAt(0.5, static_cast<double>(t_cur), static_cast<double>(t_i)));
  }
  RunTest({&scheduler}, targets, 100);
}

TEST_P(CawrTest, Lr2FractionalEpochs) {
  const std::int64_t t_mult = GetParam();
  double t_i = 10;
  double t_cur = 0;
  Targets targets = {{0.05}, {0.5}};
  CosineAnnealingWarmRestarts scheduler(opt, {.T_0 = 10, .T_mult = t_mult, .eta_min = kEtaMin});
  for (int k = 1; k < 300; ++k) {
    t_cur = std::round((t_cur + 0.1) * 10) / 10;  // round(T_cur + 0.1, 1)
    if (t_cur >= t_i) {
      t_cur -= t_i;
      t_i *= static_cast<double>(t_mult);
    }
    targets[0].push_back(CosineAt(0.05, t_cur, t_i));
    targets[1].push_back(CosineAt(0.5, t_cur, t_i));
  }
  RunTestCawr(scheduler, targets, 30);
}

INSTANTIATE_TEST_SUITE_P(TMult, CawrTest, ::testing::Values(1, 2, 4));

class CawrInterleavedTest : public SchedulerTest {
 protected:
  void Check(std::int64_t t_mult, const std::vector<double>& epochs, const Series& t_curs,
             const std::vector<double>& t_is) {
    Targets targets = {{0.05}, {0.5}};
    for (std::size_t i = 0; i < t_curs.size(); ++i) {
      targets[0].push_back(CosineAt(0.05, t_curs[i], t_is[i]));
      targets[1].push_back(CosineAt(0.5, t_curs[i], t_is[i]));
    }
    CosineAnnealingWarmRestarts scheduler(opt, {.T_0 = 10, .T_mult = t_mult, .eta_min = kEtaMin});
    RunTestInterleavedCawr(scheduler, targets, epochs);
  }
};

TEST_F(CawrInterleavedTest, Lr3TMult1) {
  Check(1, {0, 1, 2, 3, 4, 5, 12, 27, 3, 4, 5, 6, 13}, {1, 2, 3, 4, 5, 2, 7, 3, 4, 5, 6, 3},
        std::vector<double>(12, 10));
}

TEST_F(CawrInterleavedTest, Lr3TMult2) {
  Check(2, {0, 1, 2, 3, 4, 5, 25, 32, 33, 34, 80, 81, 3}, {1, 2, 3, 4, 5, 15, 2, 3, 4, 10, 11, 3},
        {10, 10, 10, 10, 10, 20, 40, 40, 40, 80, 80, 10});
}

TEST_F(CawrInterleavedTest, Lr3TMult3) {
  Check(3, {0, 0.1, 0.2, 0.3, 1.3, 2.3, 17.5, 18.5, 19.5, 29.5, 30.5, 31.5, 50},
        {0.1, 0.2, 0.3, 1.3, 2.3, 7.5, 8.5, 9.5, 19.5, 20.5, 21.5, 10},
        {10, 10, 10, 10, 10, 30, 30, 30, 30, 30, 30, 90});
}

TEST(CawrTMult2Test, ExplicitEpochsTCurAndTi) {
  // Spec 2.14, PyTorch 1.13.1: T_cur, T_i and the lr of group 0 after each step(epoch).
  InMemoryOptimizer opt = make_sgd();
  CosineAnnealingWarmRestarts scheduler(opt, {.T_0 = 10, .T_mult = 2});
  const std::vector<double> epochs = {0,    0.1,  0.2,  0.3,  1.3,  2.3, 17.5,
                                      18.5, 19.5, 29.5, 30.5, 31.5, 50};
  const Series t_cur = {0, 0.1, 0.2, 0.3, 1.3, 2.3, 7.5, 8.5, 9.5, 19.5, 0.5, 1.5, 20.0};
  const std::vector<std::int64_t> t_i = {10, 10, 10, 10, 10, 10, 20, 20, 20, 20, 40, 40, 40};
  const Series lr = {0.05,
                     0.04998766400914329,
                     0.04995066821070679,
                     0.049889049115077,
                     0.04794386564209953,
                     0.043752776740761494,
                     0.03456708580912725,
                     0.03083613409639764,
                     0.026961477393196126,
                     7.70666566718009e-05,
                     0.04998072590601808,
                     0.04982671142387316,
                     0.025};
  for (std::size_t k = 0; k < epochs.size(); ++k) {
    scheduler.step(epochs[k]);
    EXPECT_TRUE(BitEq(scheduler.T_cur(), t_cur[k])) << "epoch " << epochs[k];
    EXPECT_EQ(scheduler.T_i(), t_i[k]) << "epoch " << epochs[k];
    EXPECT_TRUE(BitEq(opt.lr(0), lr[k])) << "epoch " << epochs[k];
    EXPECT_EQ(scheduler.last_epoch(), static_cast<std::int64_t>(std::floor(epochs[k])));
  }
}

TEST(CawrMathLogTest, InexactLogAtPowers) {
  // math.log(243, 3) == 4.999999999999999, so step(121) lands in the previous period:
  // T_cur = 81, T_i = 81 (not 0 and 243); the lr is then eta_min (0).
  InMemoryOptimizer opt = make_sgd();
  CosineAnnealingWarmRestarts scheduler(opt, {.T_0 = 1, .T_mult = 3});
  scheduler.step(121.0);
  EXPECT_TRUE(BitEq(scheduler.T_cur(), 81.0));
  EXPECT_EQ(scheduler.T_i(), 81);
  EXPECT_EQ(scheduler.last_epoch(), 121);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.0));
}

TEST(CawrFractionalTest, PlainStepAfterFractionalEpoch) {
  InMemoryOptimizer opt = make_sgd();
  CosineAnnealingWarmRestarts scheduler(opt, {.T_0 = 10});
  WarningCapture warnings;
  scheduler.step(2.5);
  scheduler.step();
  EXPECT_TRUE(BitEq(scheduler.T_cur(), 3.5));
  EXPECT_EQ(scheduler.last_epoch(), 3);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.03634976249348867));  // PyTorch 1.13.1
  // Newest CAWR overrides step(): no epoch warning, and `_step_count` stays 0.
  EXPECT_TRUE(warnings.messages().empty());
  EXPECT_EQ(scheduler.step_count(), 0);
}

TEST(CawrTCurResetTest, TCurReset) {
  // test_CosineAnnealingWarmRestarts_T_cur_reset: newest wraps with T_cur % T_i (1.13.1 gave
  // 4, 5, 6).
  InMemoryOptimizer opt = make_sgd();
  CosineAnnealingWarmRestarts sch(opt, {.T_0 = 4});
  for (int epoch : {7, 8, 9}) {
    sch.set_T_cur(epoch);  // upstream: `sch.T_cur = epoch`
    ASSERT_TRUE(BitEq(sch.T_cur(), epoch));
    sch.step();
    EXPECT_TRUE(BitEq(sch.T_cur(), (epoch + 1) % 4)) << "T_cur set to " << epoch;
  }
}

TEST(CawrValidationTest, Errors) {
  InMemoryOptimizer opt = make_sgd();
  ExpectThrowMessage<lrsched::ValueError>([&] { CosineAnnealingWarmRestarts s(opt, {.T_0 = 0}); },
                                          "Expected positive integer T_0, but got 0");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { CosineAnnealingWarmRestarts s(opt, {.T_0 = 10, .T_mult = 0}); },
      "Expected integer T_mult >= 1, but got 0");
  CosineAnnealingWarmRestarts scheduler(opt, {.T_0 = 10});
  ExpectThrowMessage<lrsched::ValueError>([&] { scheduler.step(-1); },
                                          "Expected non-negative epoch, but got -1");
  ExpectThrowMessage<lrsched::ValueError>([&] { scheduler.step(-0.5); },
                                          "Expected non-negative epoch, but got -0.5");
}

TEST(CawrStateTest, StateDict) {
  // test_CosineAnnealingWarmRestarts_lr_state_dict: (T_0 10, T_mult 2) loaded into (T_0 100).
  CheckSchedulerStateDict(
      [](InMemoryOptimizer& o) {
        return std::make_unique<CosineAnnealingWarmRestarts>(
            o, CosineAnnealingWarmRestarts::Options{.T_0 = 10, .T_mult = 2});
      },
      [](InMemoryOptimizer& o) {
        return std::make_unique<CosineAnnealingWarmRestarts>(
            o, CosineAnnealingWarmRestarts::Options{.T_0 = 100});
      });
}

}  // namespace
}  // namespace lrsched_test
