// Error messages: every validation the library reproduces, with the newest PyTorch text (spec
// sections 1.2 and 2.x), checking the exception class, its Python type name and what().
// Class-specific messages not repeated here are in the class test files (LinearLR, OneCycleLR,
// CosineAnnealingWarmRestarts, SWALR, LambdaLR/MultiplicativeLR, ReduceLROnPlateau).
#include "fixture.hpp"

namespace lrsched_test {
namespace {

using lrsched::ChainedScheduler;
using lrsched::ConstantLR;
using lrsched::CyclicLR;
using lrsched::ExponentialLR;
using lrsched::GroupKey;
using lrsched::ReduceLROnPlateau;
using lrsched::SequentialLR;
using lrsched::StepLR;

constexpr std::string_view kInitialLrMessage0 =
    "param 'initial_lr' is not specified in param_groups[0] when resuming scheduler with "
    "last_epoch >= 0.\n"
    "This typically happens when:\n"
    "1. You're trying to resume training from a checkpoint but haven't properly loaded the "
    "optimizer state\n"
    "2. You're using last_epoch >= 0 for a fresh training run (not recommended)";

class ErrorsTest : public SchedulerTest {};

// An error may point into a text (a spec, an expression): "at column N" ends what(), message() is
// the text without it, and caret() draws the line with a ^ under the character.
TEST(ErrorPosition, WhatMessageAndCaret) {
  EXPECT_EQ(lrsched::caret_lines("StepLR(x)", 7), "StepLR(x)\n       ^");
  EXPECT_EQ(lrsched::caret_lines("a\n\tb c\nd", 5), "\tb c\n\t  ^");
  EXPECT_EQ(lrsched::caret_lines("F('é', x)", 8), "F('é', x)\n       ^");  // columns: code points
  EXPECT_EQ(lrsched::caret_lines("F(", 2), "F(\n  ^");                     // end of input
  const lrsched::NameError error("boom", "F(\n  x)", 5);
  EXPECT_STREQ(error.what(), "boom at line 2, column 3");
  EXPECT_EQ(error.message(), "boom");
  EXPECT_EQ(error.type(), "NameError");
  EXPECT_EQ(error.caret(), "  x)\n  ^");
  ASSERT_TRUE(error.position().has_value());
  EXPECT_EQ(error.position()->source, "F(\n  x)");
  EXPECT_EQ(error.position()->offset, 5U);
  const lrsched::TypeError plain("no position");
  EXPECT_FALSE(plain.position().has_value());
  EXPECT_EQ(plain.caret(), "");
  EXPECT_EQ(plain.message(), plain.what());
  // Context goes before both texts; the position stays at the end.
  lrsched::SyntaxError in_context("bad", "x y", 2);
  in_context.add_context("--metric: ");
  EXPECT_STREQ(in_context.what(), "--metric: bad at column 3");
  EXPECT_EQ(in_context.message(), "--metric: bad");
}

TEST_F(ErrorsTest, ResumingWithoutInitialLr) {
  // test_raise_error_when_last_epoch_is_greater_than_0_and_initial_lr_is_not_specified.
  InMemoryOptimizer optimizer = make_sgd({0.1});
  ExpectThrowMessage<lrsched::KeyError>(
      [&] { StepLR s(optimizer, {.step_size = 3, .gamma = 0.1, .last_epoch = 1}); },
      kInitialLrMessage0);
  try {
    StepLR s(optimizer, {.step_size = 3, .last_epoch = 1});
  } catch (const lrsched::Error& e) {
    EXPECT_EQ(e.type(), "KeyError");
  }
}

TEST_F(ErrorsTest, ResumingNamesTheFirstGroupWithoutInitialLr) {
  opt.set_key(0, GroupKey::initial_lr, 0.05);
  std::string expected(kInitialLrMessage0);
  expected.replace(expected.find("[0]"), 3, "[1]");
  ExpectThrowMessage<lrsched::KeyError>(
      [&] { ExponentialLR s(opt, {.gamma = 0.9, .last_epoch = 3}); }, expected);
}

TEST_F(ErrorsTest, AnyLastEpochOtherThanMinusOneIsAResume) {
  ExpectThrowMessage<lrsched::KeyError>(
      [&] { ExponentialLR s(opt, {.gamma = 0.9, .last_epoch = -2}); }, kInitialLrMessage0);
}

TEST_F(ErrorsTest, ConstantLRFactor) {
  const char* kMessage = "Constant multiplicative factor expected to be between 0 and 1.";
  ExpectThrowMessage<lrsched::ValueError>([&] { ConstantLR s(opt, {.factor = 1.5}); }, kMessage);
  ExpectThrowMessage<lrsched::ValueError>([&] { ConstantLR s(opt, {.factor = -0.1}); }, kMessage);
  // Checked before LRScheduler.__init__: the optimizer is untouched.
  EXPECT_FALSE(opt.key(0, GroupKey::initial_lr).has_value());
  ConstantLR ok(opt, {.factor = 1.0});  // the bounds are inclusive
  EXPECT_TRUE(BitEq(opt.lr(0), 0.05));
}

TEST_F(ErrorsTest, SequentialLRValidation) {
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { SequentialLR s(opt, {.schedulers = lrsched::SchedulerList{}, .milestones = I64s{}}); },
      "SequentialLR expects at least one scheduler, but got no scheduler.");

  ExpectThrowMessage<lrsched::TypeError>(
      [&] {
        lrsched::SchedulerList list;
        list.push_back(nullptr);
        SequentialLR s(opt, {.schedulers = std::move(list), .milestones = I64s{}});
      },
      "SequentialLR at index 0 should have `optimizer` as its attribute.");

  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        auto list =
            ListBuilder(opt).add<ExponentialLR>({.gamma = 0.9}).add<ReduceLROnPlateau>({}).build();
        SequentialLR s(opt, {.schedulers = std::move(list), .milestones = I64s{3}});
      },
      "SequentialLR does not support `ReduceLROnPlateau` scheduler as it requires additional "
      "kwargs to be specified when calling `step`, but got one at index 1 in the given "
      "schedulers sequence.");

  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        auto list = ListBuilder(opt)
                        .add<ExponentialLR>({.gamma = 0.9})
                        .add<StepLR>({.step_size = 2})
                        .build();
        SequentialLR s(opt, {.schedulers = std::move(list), .milestones = I64s{}});
      },
      "Sequential Schedulers expects number of schedulers provided to be one more than the "
      "number of milestone points, but got number of schedulers 2 and the number of milestones "
      "to be equal to 0");
}

TEST_F(ErrorsTest, SequentialLROptimizerMismatch) {
  // PyTorch prints `{s.optimizer}` (the optimizer's multi-line repr) after "has"; the library
  // prints its type name there. Everything else is PyTorch's text.
  InMemoryOptimizer other = make_sgd();
  try {
    auto list = ListBuilder(other).add<StepLR>({.step_size = 2}).build();
    SequentialLR s(opt, {.schedulers = std::move(list), .milestones = I64s{}});
    ADD_FAILURE() << "no exception";
  } catch (const lrsched::ValueError& e) {
    const std::string_view message = e.what();
    EXPECT_TRUE(message.starts_with(
        "SequentialLR expects all schedulers to belong to the same optimizer, but got scheduler "
        "StepLR at index 0 has "))
        << message;
    EXPECT_TRUE(message.ends_with(", which is different from SGD.")) << message;
  }
}

TEST_F(ErrorsTest, ChainedSchedulerValidation) {
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { ChainedScheduler s(lrsched::SchedulerList{}); },
      "ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.");

  ExpectThrowMessage<lrsched::ValueError>(
      [&] { ChainedScheduler s(ListBuilder(opt).add<ReduceLROnPlateau>({}).build()); },
      "ChainedScheduler does not support `ReduceLROnPlateau` scheduler as it requires "
      "additional kwargs to be specified when calling `step`, but got one at index 0 in the "
      "given schedulers sequence.");

  ExpectThrowMessage<lrsched::TypeError>(
      [&] {
        lrsched::SchedulerList list;
        list.push_back(nullptr);
        ChainedScheduler s(std::move(list));
      },
      "ChainedScheduler at index 0 should have `optimizer` as its attribute.");

  InMemoryOptimizer other = make_sgd();
  try {
    auto list = ListBuilder(opt)
                    .add<ExponentialLR>({.gamma = 0.9})
                    .add(std::make_unique<StepLR>(other, StepLR::Options{.step_size = 2}))
                    .build();
    ChainedScheduler s(std::move(list));
    ADD_FAILURE() << "no exception";
  } catch (const lrsched::ValueError& e) {
    EXPECT_TRUE(std::string_view(e.what()).starts_with(
        "ChainedScheduler expects all schedulers to belong to the same optimizer, but got "
        "scheduler StepLR at index 1 has "))
        << e.what();
  }
}

TEST_F(ErrorsTest, ReduceLROnPlateauValidation) {
  ExpectThrowMessage<lrsched::ValueError>([&] { ReduceLROnPlateau s(opt, {.factor = 1.0}); },
                                          "Factor should be < 1.0.");
  // The factor is checked first, before the min_lr list.
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        ReduceLROnPlateau s(opt, {.factor = 2.0, .min_lr = {1.0, 2.0, 3.0}});
      },
      "Factor should be < 1.0.");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        ReduceLROnPlateau s(opt, {.min_lr = {1e-5, 1e-4, 1e-3}});
      },
      "expected 2 min_lrs, got 3");
  ExpectThrowMessage<lrsched::ValueError>([&] { ReduceLROnPlateau s(opt, {.mode = "average"}); },
                                          "mode average is unknown!");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { ReduceLROnPlateau s(opt, {.threshold_mode = "relative"}); },
      "threshold mode relative is unknown!");
  ReduceLROnPlateau scheduler(opt, {});
  ExpectThrowMessage<lrsched::TypeError>(
      [&] { static_cast<Scheduler&>(scheduler).advance(); },
      "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'");
}

TEST_F(ErrorsTest, CyclicLRValidation) {
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        CyclicLR s(opt, {.base_lr = {0.1, 0.2, 0.3}, .max_lr = 1.0});
      },
      "base_lr must have the same length as optimizer.param_groups. base_lr has 3 values, "
      "param_groups has 2.");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { CyclicLR s(opt, {.base_lr = 0.1, .max_lr = {1.0}}); },
      "max_lr must have the same length as optimizer.param_groups. max_lr has 1 values, "
      "param_groups has 2.");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        CyclicLR s(opt, {.base_lr = 0.1, .max_lr = 1.0, .base_momentum = {0.8, 0.8, 0.8}});
      },
      "base_momentum must have the same length as optimizer.param_groups. base_momentum has 3 "
      "values, param_groups has 2.");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] {
        CyclicLR s(opt, {.base_lr = 0.1, .max_lr = 1.0, .max_momentum = {0.9, 0.9, 0.9}});
      },
      "max_momentum must have the same length as optimizer.param_groups. max_momentum has 3 "
      "values, param_groups has 2.");
  ExpectThrowMessage<lrsched::ValueError>(
      [&] { CyclicLR s(opt, {.base_lr = 0.1, .max_lr = 1.0, .mode = "CATS"}); },
      "mode is invalid and scale_fn is None");
}

TEST_F(ErrorsTest, ErrorTypeNames) {
  const auto type_of = [](auto&& f) -> std::string {
    try {
      f();
    } catch (const lrsched::Error& e) {
      return std::string(e.type());
    }
    return "none";
  };
  EXPECT_EQ(type_of([&] { ConstantLR s(opt, {.factor = 2.0}); }), "ValueError");
  EXPECT_EQ(type_of([&] { ChainedScheduler s(lrsched::SchedulerList{}); }), "ValueError");
  EXPECT_EQ(type_of([&] {
              lrsched::SchedulerList list;
              list.push_back(nullptr);
              ChainedScheduler s(std::move(list));
            }),
            "TypeError");
  EXPECT_EQ(type_of([&] { StepLR s(opt, {.step_size = 1, .last_epoch = 4}); }), "KeyError");
  EXPECT_EQ(type_of([&] {
              ConstantLR s(opt, {.factor = 0.0, .total_iters = 1});
              s.step();
            }),
            "ZeroDivisionError");
}

}  // namespace
}  // namespace lrsched_test
