// ExponentialLR, PolynomialLR and CosineAnnealingLR: upstream test_exp_lr, test_poly_lr,
// test_cos_anneal_lr, test_cos_anneal_lr_continue, the *_is_constant_for_constant_epoch tests,
// plus the newest release's resume behaviour (`_is_initial`, spec 1.4) and the periodic cosine.
#include <numbers>

#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::CosineAnnealingLR;
using lrsched::ExponentialLR;
using lrsched::GroupKey;
using lrsched::PolynomialLR;

constexpr double kPi = std::numbers::pi;

class DecayTest : public SchedulerTest {
 protected:
  void ExpectConstantForConstantEpoch(LRScheduler& scheduler) {
    WarningCapture warnings;
    Series lrs;
    for (int i = 0; i < 10; ++i) {
      scheduler.step(2);
      lrs.push_back(opt.lr(0));
    }
    for (double lr : lrs) EXPECT_TRUE(BitEq(lr, lrs.front()));
    EXPECT_EQ(warnings.messages().size(), 10U);
  }

  void SetInitialLr() {
    opt.set_key(0, GroupKey::initial_lr, 0.05);
    opt.set_key(1, GroupKey::initial_lr, 0.5);
  }
};

TEST_F(DecayTest, ExponentialLR) {
  Series single;
  for (int x = 0; x < 10; ++x) single.push_back(0.05 * std::pow(0.9, x));
  ExponentialLR scheduler(opt, {.gamma = 0.9});
  RunTest({&scheduler}, two_groups(single), 10);
}

TEST_F(DecayTest, ExponentialLRExactDoubles) {
  // Spec 2.7, PyTorch's chainable doubles: lr * 0.9 at each step.
  ExponentialLR scheduler(opt, {.gamma = 0.9});
  const Series expected = {0.05,
                           0.045000000000000005,
                           0.04050000000000001,
                           0.03645000000000001,
                           0.03280500000000001,
                           0.02952450000000001,
                           0.02657205000000001,
                           0.02391484500000001,
                           0.021523360500000012,
                           0.01937102445000001};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), expected[k])) << "epoch " << k;
    scheduler.step();
  }
}

TEST_F(DecayTest, ExponentialLRIsConstantForConstantEpoch) {
  ExponentialLR scheduler(opt, {.gamma = 0.9});
  ExpectConstantForConstantEpoch(scheduler);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05 * std::pow(0.9, 2.0)));
}

TEST_F(DecayTest, ExponentialLRResumeKeepsLr) {
  // Spec 1.4 table (newest): 0.05 is kept; 1.13.1 advanced it to 0.045000000000000005.
  SetInitialLr();
  ExponentialLR scheduler(opt, {.gamma = 0.9, .last_epoch = 5});
  EXPECT_EQ(scheduler.last_epoch(), 6);
  EXPECT_EQ(scheduler.step_count(), 1);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
  EXPECT_TRUE(BitEq(opt.lr(1), 0.5));
  EXPECT_EQ(scheduler.get_last_lr(), (std::vector<double>{0.05, 0.5}));
  scheduler.step();
  EXPECT_TRUE(BitEq(opt.lr(0), 0.045000000000000005));
}

TEST_F(DecayTest, ResumeWithRestoredLrKeepsIt) {
  // test_lr_scheduler_checkpoint (issue #102261): a scheduler rebuilt with last_epoch=0 on an
  // optimizer restored after one step reports the restored lr.
  InMemoryOptimizer optim = InMemoryOptimizer::like("adamw", {1e-3});
  ExponentialLR first(optim, {.gamma = 0.9});
  first.step();
  const double lr = optim.lr(0);
  InMemoryOptimizer optim2 = InMemoryOptimizer::like("adamw", {1e-3});
  optim2.groups() = optim.groups();  // optim2.load_state_dict(optim.state_dict())
  ExponentialLR second(optim2, {.gamma = 0.9, .last_epoch = 0});
  EXPECT_TRUE(BitEq(second.get_last_lr()[0], lr));
}

TEST_F(DecayTest, PolynomialLR) {
  // [(1 - x / 5) ** 0.9 * 0.05 for x in range(5)] + [0.0] * 5
  Series single;
  for (int x = 0; x < 5; ++x) single.push_back(std::pow(1.0 - x / 5.0, 0.9) * 0.05);
  single = concat({single, repeat(0.0, 5)});
  PolynomialLR scheduler(opt, {.total_iters = 5, .power = 0.9});
  RunTest({&scheduler}, two_groups(single), 10);
}

TEST_F(DecayTest, PolynomialLRExactDoubles) {
  PolynomialLR scheduler(opt, {.total_iters = 5, .power = 0.9});
  const Series g0 = {0.05,
                     0.04090260730254292,
                     0.031572293374467764,
                     0.021919164527704347,
                     0.011746189430880188,
                     0.0,
                     0.0};
  const Series g1 = {
      0.5, 0.4090260730254292, 0.31572293374467764, 0.2191916452770435, 0.11746189430880188, 0.0,
      0.0};
  for (std::size_t k = 0; k < g0.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), g0[k])) << "epoch " << k;
    EXPECT_TRUE(BitEq(opt.lr(1), g1[k])) << "epoch " << k;
    scheduler.step();
  }
}

TEST_F(DecayTest, PolynomialLRIsConstantForConstantEpoch) {
  PolynomialLR scheduler(opt, {.power = 0.9});
  ExpectConstantForConstantEpoch(scheduler);
}

TEST_F(DecayTest, PolynomialLRResumeKeepsLr) {
  // Spec 1.4: newest keeps 0.05; 1.13.1 gave 0.03333333333333334.
  SetInitialLr();
  PolynomialLR scheduler(opt, {.total_iters = 5, .last_epoch = 2});
  EXPECT_EQ(scheduler.last_epoch(), 3);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
}

Series CosineTargets(double eta_min, std::size_t n) {
  Series s;
  for (std::size_t x = 0; x < n; ++x) {
    s.push_back(eta_min + (0.05 - eta_min) * (1 + std::cos(kPi * static_cast<double>(x) / 10)) / 2);
  }
  return s;
}

TEST_F(DecayTest, CosineAnnealingLR) {
  const double eta_min = 1e-10;
  Series g1;
  for (int x = 0; x < 10; ++x)
    g1.push_back(eta_min + (0.5 - eta_min) * (1 + std::cos(kPi * x / 10)) / 2);
  CosineAnnealingLR scheduler(opt, {.T_max = 10, .eta_min = eta_min});
  RunTest({&scheduler}, {CosineTargets(eta_min, 10), g1}, 10);
}

TEST_F(DecayTest, CosineAnnealingLRIsPeriodicPastTMax) {
  // PyTorch 1.13.1 doubles over 21 epochs: down to eta_min at T_max, then back up along the
  // cosine (no restart), with the recursive form's drift visible at k = 20.
  CosineAnnealingLR scheduler(opt, {.T_max = 10, .eta_min = 1e-10});
  const Series expected = {0.05,
                           0.04877641290982602,
                           0.04522542486892284,
                           0.039694631327922565,
                           0.032725424893922835,
                           0.02500000005,
                           0.017274575206077166,
                           0.010305368772077435,
                           0.004774575231077166,
                           0.0012235871901739874,
                           1e-10,
                           0.0012235871901739876,
                           0.004774575231077182,
                           0.010305368772077477,
                           0.01727457520607724,
                           0.025000000050000106,
                           0.03272542489392297,
                           0.03969463132792273,
                           0.04522542486892303,
                           0.04877641290982622,
                           0.050000000000000204};
  for (std::size_t k = 0; k < expected.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), expected[k])) << "epoch " << k;
    scheduler.step();
  }
}

TEST_F(DecayTest, CosineAnnealingLRContinue) {
  // test_cos_anneal_lr_continue: a second scheduler with last_epoch=0 on the same optimizer
  // reports the lr the first one left (newest: `_is_initial` keeps it, bit for bit).
  CosineAnnealingLR original(opt, {.T_max = 5, .eta_min = 0.1});
  original.step();
  const std::vector<double> last = original.get_last_lr();
  CosineAnnealingLR resumed(opt, {.T_max = 5, .eta_min = 0.1, .last_epoch = 0});
  EXPECT_EQ(resumed.last_epoch(), 1);
  ASSERT_EQ(resumed.get_last_lr().size(), 2U);
  EXPECT_TRUE(BitEq(resumed.get_last_lr()[0], last[0]));
  EXPECT_TRUE(BitEq(resumed.get_last_lr()[1], last[1]));
}

TEST_F(DecayTest, CosineAnnealingLRResumeKeepsLr) {
  // Spec 1.4: newest keeps 0.05; 1.13.1 jumped to the closed form 0.017274575140626316.
  SetInitialLr();
  CosineAnnealingLR scheduler(opt, {.T_max = 10, .last_epoch = 5});
  EXPECT_EQ(scheduler.last_epoch(), 6);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
  EXPECT_TRUE(BitEq(opt.lr(1), 0.5));
}

}  // namespace
}  // namespace lrsched_test
