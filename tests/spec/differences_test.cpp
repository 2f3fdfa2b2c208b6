// lrsched's deliberate differences from PyTorch that show through the spec language
// (docs/differences-from-pytorch.md): 64-bit ints, integral floats for int arguments, and a
// non-callable lr_lambda reported when the scheduler is built.
#include <gtest/gtest.h>

#include <string>

#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/spec/build.hpp"

namespace {

using lrsched::InMemoryOptimizer;

std::vector<double> lrs_of(const std::string& spec, int steps) {
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {0.1});
  const auto s = lrsched::spec::build_scheduler(spec, opt);
  std::vector<double> lrs;
  for (int k = 0; k < steps; ++k) {
    lrs.push_back(opt.lr(0));
    s->advance();
  }
  return lrs;
}

template <class E>
std::string error_of(const std::string& spec, int steps = 1) {
  try {
    (void)lrs_of(spec, steps);
  } catch (const E& e) {
    return e.what();
  }
  return "no error";
}

TEST(DifferencesTest, IntsAre64Bit) {
  // Python would go on with a 1001-digit int; lrsched raises at the first value past 64 bits.
  EXPECT_EQ(error_of<lrsched::OverflowError>("LambdaLR(lr_lambda=lambda e: e ** 1000)", 3),
            "integer result does not fit in 64 bits (lrsched's ints are 64-bit)");
}

TEST(DifferencesTest, IntegralFloatsAreAcceptedForIntArguments) {
  EXPECT_EQ(lrs_of("StepLR(step_size=2.0)", 7), lrs_of("StepLR(step_size=2)", 7));
  EXPECT_EQ(lrs_of("CosineAnnealingLR(T_max=40.0)", 50), lrs_of("CosineAnnealingLR(T_max=40)", 50));
  EXPECT_EQ(error_of<lrsched::TypeError>("StepLR(step_size=2.5)"),
            "StepLR(): argument 'step_size' must be int, not float");
}

TEST(DifferencesTest, NonCallableLrLambdaIsReportedWhenBuilt) {
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {0.1});
  try {
    (void)lrsched::spec::build_scheduler("LambdaLR(lr_lambda=0.5)", opt);
    ADD_FAILURE() << "built";
  } catch (const lrsched::TypeError& e) {
    EXPECT_STREQ(e.what(), "'float' object is not callable");
  }
  EXPECT_EQ(error_of<lrsched::TypeError>("MultiplicativeLR(lr_lambda=0.5)"),
            "lr_lambda should be a function, but got float");
}

}  // namespace
