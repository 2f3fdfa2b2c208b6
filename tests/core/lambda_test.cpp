// LambdaLR and MultiplicativeLR: upstream test_lambda_lr, test_multiplicative_lr,
// test_multiplicative_lr_with_lr_lambda, the lambda state_dict tests, plus the list-length
// error, the newest resume behaviour and the absolute-vs-cumulative rounding difference.
#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::GroupKey;
using lrsched::LambdaLR;
using lrsched::LrLambda;
using lrsched::MultiplicativeLR;

class LambdaTest : public SchedulerTest {
 protected:
  void SetUp() override {
    opt.set_lr(0, 0.05);
    opt.set_lr(1, 0.4);
  }
  static Targets ExpectedTargets() {
    Series g0;
    Series g1;
    for (int x = 0; x < 10; ++x) {
      g0.push_back(0.05 * std::pow(0.9, x));
      g1.push_back(0.4 * std::pow(0.8, x));
    }
    return {g0, g1};
  }
};

LrLambda Power(double base) {
  return [base](std::int64_t e) { return std::pow(base, static_cast<double>(e)); };
}
LrLambda Constant(double value) {
  return [value](std::int64_t) { return value; };
}

TEST_F(LambdaTest, LambdaLR) {
  LambdaLR scheduler(opt, {.lr_lambda = {Power(0.9), Power(0.8)}});
  RunTest({&scheduler}, ExpectedTargets(), 10);
}

TEST_F(LambdaTest, MultiplicativeLR) {
  MultiplicativeLR scheduler(opt, {.lr_lambda = {Constant(0.9), Constant(0.8)}});
  RunTest({&scheduler}, ExpectedTargets(), 10);
}

TEST_F(LambdaTest, AbsoluteVersusCumulativeRounding) {
  // Spec 2.1 / 2.2: LambdaLR recomputes base * 0.9 ** e, MultiplicativeLR multiplies the
  // current lr, so they part in the last bits at k = 3 (PyTorch 1.13.1 doubles).
  LambdaLR absolute(opt, {.lr_lambda = Power(0.9)});
  const Series lambda_values = {0.05, 0.045000000000000005, 0.04050000000000001, 0.03645, 0.032805};
  for (std::size_t k = 0; k < lambda_values.size(); ++k) {
    EXPECT_TRUE(BitEq(opt.lr(0), lambda_values[k])) << "epoch " << k;
    absolute.step();
  }
  InMemoryOptimizer opt2 = make_sgd({0.05, 0.4});
  MultiplicativeLR cumulative(opt2, {.lr_lambda = Constant(0.9)});
  const Series multiplicative_values = {0.05,
                                        0.045000000000000005,
                                        0.04050000000000001,
                                        0.03645000000000001,
                                        0.03280500000000001,
                                        0.02952450000000001};
  for (std::size_t k = 0; k < multiplicative_values.size(); ++k) {
    EXPECT_TRUE(BitEq(opt2.lr(0), multiplicative_values[k])) << "epoch " << k;
    cumulative.step();
  }
  // Group 1 of the LambdaLR vector in spec 2.1 (0.8 ** e from 0.4).
  InMemoryOptimizer opt3 = make_sgd({0.05, 0.4});
  LambdaLR two(opt3, {.lr_lambda = {Power(0.9), Power(0.8)}});
  two.step();
  EXPECT_TRUE(BitEq(opt3.lr(1), 0.32000000000000006));
  two.step();
  EXPECT_TRUE(BitEq(opt3.lr(1), 0.25600000000000006));
}

TEST_F(LambdaTest, LambdaReceivesLastEpoch) {
  std::vector<std::int64_t> seen;
  LambdaLR scheduler(opt, {.lr_lambda = LrLambda([&seen](std::int64_t e) {
                             seen.push_back(e);
                             return 1.0;
                           })});
  scheduler.step();
  scheduler.step(7);  // no closed form: get_lr with last_epoch = 7
  EXPECT_EQ(seen, (std::vector<std::int64_t>{0, 0, 1, 1, 7, 7}));  // once per group
}

TEST_F(LambdaTest, LambdaLRStepWithEpochUsesSameFormula) {
  LambdaLR scheduler(opt, {.lr_lambda = Power(0.9)});
  WarningCapture warnings;
  scheduler.step(3);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.03645));
  EXPECT_EQ(scheduler.last_epoch(), 3);
  EXPECT_EQ(warnings.messages().size(), 1U);
}

TEST_F(LambdaTest, ListLengthMismatch) {
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        LambdaLR s(opt, {.lr_lambda = {Power(0.9), Power(0.8), Power(0.7)}});
      },
      "Expected 2 lr_lambdas, but got 3");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        MultiplicativeLR s(opt, {.lr_lambda = {Constant(0.9), Constant(0.8), Constant(0.7)}});
      },
      "Expected 2 lr_lambdas, but got 3");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { LambdaLR s(opt, {.lr_lambda = std::vector<LrLambda>{Power(0.9)}}); },
      "Expected 2 lr_lambdas, but got 1");
}

TEST_F(LambdaTest, MultiplicativeLRWithNonCallable) {
  // test_multiplicative_lr_with_lr_lambda: a non-callable (here an empty std::function) is a
  // TypeError "lr_lambda should be a function".
  ExpectThrowContaining<lrsched::TypeError>(
      [&] { MultiplicativeLR s(opt, {.lr_lambda = LrLambda()}); },
      "lr_lambda should be a function");
  ExpectThrowContaining<lrsched::TypeError>(
      [&] {
        MultiplicativeLR s(opt, {.lr_lambda = {LrLambda(), LrLambda()}});
      },
      "lr_lambda should be a function");
}

TEST_F(LambdaTest, MultiplicativeLRResumeKeepsLr) {
  // Spec 1.4: newest keeps 0.05 (1.13.1 gave 0.045000000000000005).
  opt.set_key(0, GroupKey::initial_lr, 0.05);
  opt.set_key(1, GroupKey::initial_lr, 0.4);
  MultiplicativeLR scheduler(opt, {.lr_lambda = Constant(0.9), .last_epoch = 0});
  EXPECT_EQ(scheduler.last_epoch(), 1);
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
  scheduler.step();
  EXPECT_TRUE(BitEq(opt.lr(0), 0.045000000000000005));
}

TEST_F(LambdaTest, LambdaLRResumeRecomputesFromInitialLr) {
  // LambdaLR has no `_is_initial` gate: resuming at last_epoch=4 writes initial_lr * f(5).
  opt.set_key(0, GroupKey::initial_lr, 0.05);
  opt.set_key(1, GroupKey::initial_lr, 0.4);
  LambdaLR scheduler(opt, {.lr_lambda = Power(0.9), .last_epoch = 4});
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05 * std::pow(0.9, 5.0)));
}

TEST_F(LambdaTest, LambdaLRStateDictFn) {
  // test_lambda_lr_state_dict_fn: functions are not state; everything else round-trips.
  CheckSchedulerStateDict(
      [](InMemoryOptimizer& o) {
        return std::make_unique<LambdaLR>(o, LambdaLR::Options{.lr_lambda = Power(0.9)});
      },
      [](InMemoryOptimizer& o) {
        return std::make_unique<LambdaLR>(o, LambdaLR::Options{.lr_lambda = Power(0.9)});
      });
}

TEST_F(LambdaTest, MultiplicativeLRStateDict) {
  CheckSchedulerStateDict(
      [](InMemoryOptimizer& o) {
        return std::make_unique<MultiplicativeLR>(
            o, MultiplicativeLR::Options{.lr_lambda = Constant(0.9)});
      },
      [](InMemoryOptimizer& o) {
        return std::make_unique<MultiplicativeLR>(
            o, MultiplicativeLR::Options{.lr_lambda = Constant(0.9)});
      });
}

}  // namespace
}  // namespace lrsched_test
