// Closed form (`step(epoch)`) against chainable form (`step()`), compared for real.
//
// Upstream's `_test_against_closed_form` is vacuous (spec 4.1: it calls setUp() and then reads
// an optimizer no scheduler is attached to). Here scheduler A runs `step()` and scheduler B, on
// its own optimizer with the same configuration, runs `step(e)` for e = 1..19; the test asserts
// the relationship PyTorch 1.13.1 shows (spec section 7 table): the epochs where the two differ,
// the maximum absolute difference (exactly), and pinned values on both sides. A library that used
// one formula for both paths fails.
#include <set>

#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::ConstantLR;
using lrsched::CosineAnnealingLR;
using lrsched::ExponentialLR;
using lrsched::LinearLR;
using lrsched::MultiStepLR;
using lrsched::PolynomialLR;
using lrsched::StepLR;

using Factory = std::function<std::unique_ptr<LRScheduler>(InMemoryOptimizer&)>;

struct Paths {
  Series chainable;  // lr after e plain steps, e = 1..19
  Series closed;     // lr after step(e)
};

Paths RunBothPaths(const Factory& make, int last = 19) {
  InMemoryOptimizer opt_a = make_sgd({0.05});
  InMemoryOptimizer opt_b = make_sgd({0.05});
  auto a = make(opt_a);
  auto b = make(opt_b);
  Paths p;
  for (int e = 1; e <= last; ++e) {
    a->step();
    b->step(e);
    EXPECT_EQ(a->last_epoch(), e);
    EXPECT_EQ(b->last_epoch(), e);
    p.chainable.push_back(opt_a.lr(0));
    p.closed.push_back(opt_b.lr(0));
  }
  return p;
}

// Epochs (1-based) where the two paths give different doubles, and the largest |difference|.
std::set<int> DifferingEpochs(const Paths& p) {
  std::set<int> out;
  for (std::size_t i = 0; i < p.chainable.size(); ++i) {
    if (p.chainable[i] != p.closed[i]) out.insert(static_cast<int>(i) + 1);
  }
  return out;
}

double MaxAbsDifference(const Paths& p) {
  double m = 0;
  for (std::size_t i = 0; i < p.chainable.size(); ++i) {
    m = std::max(m, std::abs(p.chainable[i] - p.closed[i]));
  }
  return m;
}

void ExpectCloseRelative(const Paths& p, double rel) {
  for (std::size_t i = 0; i < p.chainable.size(); ++i) {
    EXPECT_TRUE(RelNear(p.chainable[i], p.closed[i], rel)) << "epoch " << i + 1;
  }
}

TEST(ClosedFormTest, ConstantLRIsBitIdentical) {
  const Paths p = RunBothPaths([](InMemoryOptimizer& o) {
    return std::make_unique<ConstantLR>(o,
                                        ConstantLR::Options{.factor = 1.0 / 3, .total_iters = 4});
  });
  EXPECT_EQ(p.chainable, p.closed);
  EXPECT_TRUE(BitEq(p.closed[2], 0.05 * (1.0 / 3)));  // epoch 3 < total_iters
  EXPECT_TRUE(BitEq(p.closed[3], 0.05 * (1.0 / 3 + (1 - 1.0 / 3))));
}

TEST(ClosedFormTest, MultiStepLRIsBitIdentical) {
  const Paths p = RunBothPaths([](InMemoryOptimizer& o) {
    return std::make_unique<MultiStepLR>(o, MultiStepLR::Options{.milestones = I64s{2, 5, 9}});
  });
  EXPECT_EQ(p.chainable, p.closed);
  EXPECT_TRUE(BitEq(p.closed[8], 5.0000000000000016e-05));  // epoch 9
}

TEST(ClosedFormTest, PolynomialLRIsBitIdentical) {
  const Paths p = RunBothPaths([](InMemoryOptimizer& o) {
    return std::make_unique<PolynomialLR>(o, PolynomialLR::Options{.total_iters = 5, .power = 0.9});
  });
  EXPECT_EQ(p.chainable, p.closed);
  EXPECT_TRUE(BitEq(p.closed[0], 0.04090260730254292));
  EXPECT_TRUE(BitEq(p.closed[4], 0.0));
}

TEST(ClosedFormTest, StepLRDiffersInTheLastBitsFromEpoch12) {
  const Paths p = RunBothPaths([](InMemoryOptimizer& o) {
    return std::make_unique<StepLR>(o, StepLR::Options{.step_size = 3, .gamma = 0.1});
  });
  EXPECT_EQ(DifferingEpochs(p), (std::set<int>{12, 13, 14}));
  EXPECT_EQ(MaxAbsDifference(p), 8.470329472543003e-22);
  ExpectCloseRelative(p, 1e-15);
  EXPECT_TRUE(BitEq(p.chainable[2], 0.005000000000000001));
  EXPECT_TRUE(BitEq(p.closed[2], 0.005000000000000001));
}

TEST(ClosedFormTest, LinearLRDiffersAtEpochs1And2) {
  const Paths p = RunBothPaths([](InMemoryOptimizer& o) {
    return std::make_unique<LinearLR>(
        o, LinearLR::Options{.start_factor = 1.0 / 3, .end_factor = 0.7, .total_iters = 4});
  });
  EXPECT_EQ(DifferingEpochs(p), (std::set<int>{1, 2}));
  EXPECT_EQ(MaxAbsDifference(p), 3.469446951953614e-18);
  ExpectCloseRelative(p, 1e-15);
  EXPECT_TRUE(BitEq(p.chainable[0], 0.021249999999999998));
  EXPECT_TRUE(BitEq(p.closed[0], 0.02125));
  EXPECT_TRUE(BitEq(p.chainable[1], 0.02583333333333333));
  EXPECT_TRUE(BitEq(p.closed[1], 0.025833333333333333));
  EXPECT_TRUE(BitEq(p.chainable[3], 0.034999999999999996));
}

TEST(ClosedFormTest, ExponentialLRDiffersFromEpoch3) {
  const Paths p = RunBothPaths([](InMemoryOptimizer& o) {
    return std::make_unique<ExponentialLR>(o, ExponentialLR::Options{.gamma = 0.9});
  });
  EXPECT_EQ(DifferingEpochs(p),
            (std::set<int>{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19}));
  EXPECT_EQ(MaxAbsDifference(p), 6.938893903907228e-18);
  ExpectCloseRelative(p, 1e-15);
  EXPECT_TRUE(BitEq(p.chainable[2], 0.03645000000000001));
  EXPECT_TRUE(BitEq(p.closed[2], 0.03645));
  EXPECT_TRUE(BitEq(p.chainable[3], 0.03280500000000001));
  EXPECT_TRUE(BitEq(p.closed[3], 0.032805));
  EXPECT_TRUE(BitEq(p.closed[4], 0.029524500000000006));
}

TEST(ClosedFormTest, CosineAnnealingLRDiffersInTheLastBits) {
  const Paths p = RunBothPaths([](InMemoryOptimizer& o) {
    return std::make_unique<CosineAnnealingLR>(
        o, CosineAnnealingLR::Options{.T_max = 5, .eta_min = 1e-10});
  });
  EXPECT_EQ(DifferingEpochs(p),
            (std::set<int>{2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19}));
  EXPECT_EQ(MaxAbsDifference(p), 4.85722573273506e-17);
  // The largest relative gap is 1.09e-15 (near eta_min); everywhere within 2e-15.
  ExpectCloseRelative(p, 2e-15);
  EXPECT_TRUE(BitEq(p.chainable[0], 0.04522542486892284));
  EXPECT_TRUE(BitEq(p.closed[0], 0.04522542486892284));
  EXPECT_TRUE(BitEq(p.chainable[1], 0.032725424893922835));
  EXPECT_TRUE(BitEq(p.closed[1], 0.03272542489392284));
  EXPECT_TRUE(BitEq(p.chainable[4], 1e-10));
  EXPECT_TRUE(BitEq(p.closed[5], 0.0047745752310771605));
  EXPECT_TRUE(BitEq(p.chainable[5], 0.004774575231077163));
}

TEST(ClosedFormTest, ClosedFormIgnoresOtherSchedulers) {
  // Spec 1.5: the closed form starts from base_lrs, so a second scheduler's change to the lr is
  // overwritten, while the chainable form composes with it.
  InMemoryOptimizer opt = make_sgd({0.05});
  ExponentialLR exp(opt, {.gamma = 0.9});
  StepLR step(opt, {.step_size = 1, .gamma = 0.5});
  exp.step(1);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.045000000000000005));  // 0.05 * 0.9 ** 1, step's halving lost
  step.step();
  exp.step();
  EXPECT_TRUE(BitEq(opt.lr(0), 0.045000000000000005 * 0.5 * 0.9));
}

}  // namespace
}  // namespace lrsched_test
