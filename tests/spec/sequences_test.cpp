// The iterables a spec takes where PyTorch takes any: `range(...)`, `list(...)`, `tuple(...)`,
// `sorted(...)` and set displays, with Python's values and errors. The learning rates are
// PyTorch's (torch 1.13.1, where these schedules are the same as the newest).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/value.hpp"

namespace lrsched::spec {
namespace {

std::vector<double> lrs_of(const std::string& spec, int steps) {
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {0.1});
  const auto s = build_scheduler(spec, opt);
  std::vector<double> lrs;
  for (int k = 0; k < steps; ++k) {
    lrs.push_back(opt.lr(0));
    s->advance(step_input(s->stepping(), k));
  }
  return lrs;
}

// repr() of the first positional argument of `F(<text>)`.
std::string arg_repr(const std::string& text) {
  return repr(parse_spec("F(" + text + ")").args.at(0));
}

struct Refused {
  const char* text;
  const char* message;
  const char* type;
};

// What Python gives for each (python3.11 -c "print(repr(<text>))").
TEST(Sequences, ValuesAreWhatPythonGives) {
  const std::pair<const char*, const char*> cases[] = {
      {"range(30, 90, 30)", "range(30, 90, 30)"},
      {"range(5)", "range(0, 5)"},
      {"range(True, 3)", "range(1, 3)"},
      {"list(range(30, 90, 30))", "[30, 60]"},
      {"list(range(10, 0, -3))", "[10, 7, 4, 1]"},
      {"list(range(-5))", "[]"},
      {"tuple(range(3))", "(0, 1, 2)"},
      {"list(range(9223372036854775800, 9223372036854775807, 3))",
       "[9223372036854775800, 9223372036854775803, 9223372036854775806]"},
      {"list(range(-9223372036854775807 - 1, 9223372036854775807, 9223372036854775807))",
       "[-9223372036854775808, -1, 9223372036854775806]"},
      {"list()", "[]"},
      {"tuple([1, 2])", "(1, 2)"},
      {"list((1,))", "[1]"},
      {"list({'a': 1, 'b': 2})", "['a', 'b']"},
      {"sorted({60, 30, 90})", "[30, 60, 90]"},
      {"sorted([3, 1.5, True, 1], reverse=True)", "[3, 1.5, True, 1]"},
      {"sorted([3, 1.5, True, 1])", "[True, 1, 1.5, 3]"},
      {"sorted(['b', 'a'], key=None)", "['a', 'b']"},
      {"sorted(range(3), reverse=1)", "[2, 1, 0]"},
      {"{1, 1.0, True}", "{1}"},
      {"{(1, 2), 'a', None}", "{(1, 2), 'a', None}"},
      {"{range(3): 1}", "{range(0, 3): 1}"},
      {"{range(0): 1, range(2, 2): 2}", "{range(0, 0): 2}"},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(arg_repr(text), expected) << text;
  EXPECT_EQ(type_name(parse_spec("F(range(2))").args.at(0)), "range");
  EXPECT_EQ(type_name(parse_spec("F({2})").args.at(0)), "set");
}

TEST(Sequences, ErrorsAreWhatPythonRaises) {
  const Refused cases[] = {
      {"range(1.5)", "'float' object cannot be interpreted as an integer", "TypeError"},
      {"range()", "range expected at least 1 argument, got 0", "TypeError"},
      {"range(1, 2, 3, 4)", "range expected at most 3 arguments, got 4", "TypeError"},
      {"range(1, 2, 0)", "range() arg 3 must not be zero", "ValueError"},
      {"range(x=1)", "range() takes no keyword arguments", "TypeError"},
      {"list(1, 2)", "list expected at most 1 argument, got 2", "TypeError"},
      {"tuple(3)", "'int' object is not iterable", "TypeError"},
      {"sorted()", "sorted expected 1 argument, got 0", "TypeError"},
      {"sorted([1], foo=1)", "'foo' is an invalid keyword argument for sort()", "TypeError"},
      {"sorted([1, 2, 'a'])", "'<' not supported between instances of 'str' and 'int'",
       "TypeError"},
      {"sorted([2, 1], reverse=0.5)", "'float' object cannot be interpreted as an integer",
       "TypeError"},
      {"{[1]}", "unhashable type: 'list'", "TypeError"},
      {"{{1}: 2}", "unhashable type: 'set'", "TypeError"},
      // What the spec language does not reproduce: a set's hash order, arbitrary keys, nan's
      // place in a sort, and ranges longer than a spec could write out.
      {"list({30, 60})",
       "list() of a set would take Python's hash order, which lrsched does not reproduce; write "
       "sorted(...) or the list itself",
       "TypeError"},
      {"sorted([2, 1], key=abs)", "sorted(key=...) is not supported in a spec", "TypeError"},
      {"sorted([1, float('nan')])",
       "sorted() of a nan is not supported in a spec (Python's order then depends on where it "
       "is)",
       "ValueError"},
      {"range(10**9)",
       "range(0, 1000000000) has 1000000000 items; the ranges of a spec may have at most 10000 "
       "in all",
       "ValueError"},
      {"range(6000), range(4000), range(1)",
       "range(0, 1) has 1 item; the ranges of a spec may have at most 10000 in all", "ValueError"},
      {"list('ab')", "list() of a str is not supported in a spec", "TypeError"},
  };
  for (const Refused& c : cases) {
    try {
      (void)parse_spec(std::string("F(") + c.text + ")");
      ADD_FAILURE() << c.text << " parsed";
    } catch (const Error& error) {
      EXPECT_EQ(error.message(), c.message) << c.text;
      EXPECT_EQ(error.type(), c.type) << c.text;
    }
  }
  EXPECT_EQ(parse_spec("F(range(10000))").args.at(0).items().size(), 10000U);
  EXPECT_THROW((void)parse_spec("range(3)"), SyntaxError);  // not a scheduler call
  EXPECT_THROW((void)parse_spec("sorted([3])"), SyntaxError);
}

TEST(Sequences, MultiStepLRCountsAnyIterable) {
  // MultiStepLR(milestones=range(2, 10, 3), gamma=0.5) in PyTorch, and the same for [2, 5, 8].
  const std::vector<double> every_third = {0.1,   0.1,   0.05,   0.05,   0.05,   0.025,
                                           0.025, 0.025, 0.0125, 0.0125, 0.0125, 0.0125};
  EXPECT_EQ(lrs_of("MultiStepLR(milestones=range(2, 10, 3), gamma=0.5)", 12), every_third);
  EXPECT_EQ(lrs_of("MultiStepLR(list(range(2, 10, 3)), gamma=0.5)", 12), every_third);
  EXPECT_EQ(lrs_of("MultiStepLR(tuple(range(2, 10, 3)), gamma=0.5)", 12), every_third);
  // MultiStepLR(milestones={9, 2, 5}, gamma=0.5): Counter() takes a set in any order.
  const std::vector<double> two_five_nine = {0.1,   0.1,   0.05,  0.05,   0.05,   0.025,
                                             0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125};
  EXPECT_EQ(lrs_of("MultiStepLR(milestones={9, 2, 5}, gamma=0.5)", 12), two_five_nine);
  EXPECT_EQ(lrs_of("MultiStepLR(milestones=sorted({9, 2, 5}), gamma=0.5)", 12), two_five_nine);
}

TEST(Sequences, OrderedMilestonesTakeRangesButNotSets) {
  // SequentialLR(opt, [ConstantLR(opt, factor=0.5, total_iters=3), ExponentialLR(opt, 0.9)],
  // milestones=range(4, 5)) in PyTorch.
  const std::string children = "[ConstantLR(factor=0.5, total_iters=3), ExponentialLR(0.9)]";
  EXPECT_EQ(lrs_of("SequentialLR(" + children + ", milestones=range(4, 5))", 8),
            (std::vector<double>{0.05, 0.05, 0.05, 0.1, 0.1, 0.09000000000000001,
                                 0.08100000000000002, 0.07290000000000002}));
  // PyTorch takes a set here and fails at its first step ("'set' object does not support
  // indexing"); lrsched refuses it when building.
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {0.1});
  try {
    (void)build_scheduler("SequentialLR(" + children + ", milestones={4})", opt);
    ADD_FAILURE() << "built";
  } catch (const TypeError& error) {
    EXPECT_STREQ(error.what(),
                 "SequentialLR(): argument 'milestones' must be a list of int, not set: its items "
                 "are read in order, and Python iterates a set in hash order; write a list such "
                 "as sorted(...)");
  }
  // timm bisects decay_t and Optax zips boundaries: in order too.
  EXPECT_EQ(
      lrs_of("timm.scheduler.MultiStepLRScheduler(decay_t=range(2, 6, 2), decay_rate=0.5)", 6),
      lrs_of("timm.scheduler.MultiStepLRScheduler(decay_t=[2, 4], decay_rate=0.5)", 6));
  EXPECT_THROW((void)lrs_of("timm.scheduler.MultiStepLRScheduler(decay_t={2, 4})", 1), TypeError);
  EXPECT_EQ(lrs_of("optax.join_schedules([optax.constant_schedule(0.1), "
                   "optax.constant_schedule(0.2)], boundaries=range(3, 4))",
                   5),
            lrs_of("optax.join_schedules([optax.constant_schedule(0.1), "
                   "optax.constant_schedule(0.2)], boundaries=[3])",
                   5));
  // Keras takes anything with a len() (its own code gives the same lrs for both); a set's order
  // is Python's hash order, so it is refused.
  const std::string keras = "keras.optimizers.schedules.PiecewiseConstantDecay";
  EXPECT_EQ(lrs_of(keras + "(boundaries=range(2, 6, 2), values=range(3))", 7),
            lrs_of(keras + "(boundaries=[2, 4], values=[0, 1, 2])", 7));
  EXPECT_THROW((void)lrs_of(keras + "(boundaries={2, 4}, values=[0, 1, 2])", 1), TypeError);
  // Where PyTorch checks for a list or tuple, a range is not one.
  EXPECT_THROW((void)lrs_of("CyclicLR(0.01, range(1, 2))", 1), TypeError);
}

// A set after `in` in a lambda body is a membership test, as in Python.
TEST(Sequences, SetsInLambdas) {
  EXPECT_EQ(lrs_of("LambdaLR(lambda e: 0.5 if e in {2, 3} else 1)", 5),
            (std::vector<double>{0.1, 0.1, 0.05, 0.05, 0.1}));
  EXPECT_THROW((void)parse_spec("LambdaLR(lambda e: {e})"), TypeError);
}

}  // namespace
}  // namespace lrsched::spec
