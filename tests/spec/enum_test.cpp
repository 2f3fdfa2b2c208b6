// transformers' SchedulerType in specs, as the families' oracle (simulate.py) evaluates them: its
// namespace has the enum bare and under `transformers` and `transformers.optimization`. Members,
// the enum's call, a member's name and value, the member as a str where the origins take one,
// and the refusals with Python's messages. Expected values and messages are the oracle's output,
// and Python 3.11's for the value model.
#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/value.hpp"

namespace lrsched::spec {
namespace {

const std::string kChoices =
    " is not a valid SchedulerType, please select one of ['linear', 'cosine', "
    "'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', 'inverse_sqrt', "
    "'reduce_lr_on_plateau', 'cosine_with_min_lr', 'cosine_warmup_with_min_lr', "
    "'warmup_stable_decay']";

// repr() of the one argument of `F(<text>)`.
std::string arg_repr(const std::string& text) {
  const Call call = parse_spec("F(" + text + ")");
  EXPECT_EQ(call.args.size(), 1U) << text;
  return repr(call.args.at(0));
}

std::vector<double> lrs_of(const std::string& spec, int steps) {
  InMemoryOptimizer opt = InMemoryOptimizer::like("sgd", {0.1});
  const auto scheduler = build_scheduler(spec, opt);
  std::vector<double> lrs;
  for (int k = 0; k < steps; ++k) {
    lrs.push_back(opt.lr(0));
    scheduler->advance();
  }
  return lrs;
}

// "Type: message", as the oracle prints a refusal after `oracle: `.
std::string error_of(const std::string& spec) {
  try {
    (void)lrs_of(spec, 1);
  } catch (const Error& e) {
    return std::string(e.type()) + ": " + e.message();
  }
  return "no error";
}

TEST(SchedulerTypeValue, IsAStrThatShowsItsEnum) {
  const Value member{EnumMember{"SchedulerType", "COSINE", "cosine"}, 0};
  EXPECT_TRUE(member.is_string());  // isinstance(SchedulerType.COSINE, str)
  EXPECT_EQ(member.as_string(), "cosine");
  EXPECT_EQ(str(member), "SchedulerType.COSINE");
  EXPECT_EQ(repr(member), "<SchedulerType.COSINE: 'cosine'>");
  EXPECT_EQ(type_name(member), "SchedulerType");
  EXPECT_EQ(type_repr(member), "<enum 'SchedulerType'>");
  EXPECT_EQ(type_repr(Value{std::string("x"), 0}), "<class 'str'>");
  EXPECT_TRUE(keys_equal(member, Value{std::string("cosine"), 0}));
  EXPECT_FALSE(keys_equal(member, Value{std::string("COSINE"), 0}));
  // {'cosine': 2, SchedulerType.COSINE: 3} is {'cosine': 3}.
  EXPECT_EQ(arg_repr("{'cosine': 2, SchedulerType.COSINE: 3}"), "{'cosine': 3}");
  EXPECT_EQ(arg_repr("{SchedulerType.COSINE: 3, 'cosine': 2}"),
            "{<SchedulerType.COSINE: 'cosine'>: 2}");
}

TEST(SchedulerTypeSpec, EverySpellingIsTheMember) {
  for (const char* text :
       {"SchedulerType.COSINE", "transformers.SchedulerType.COSINE",
        "transformers.optimization.SchedulerType.COSINE", "SchedulerType('cosine')",
        "transformers.SchedulerType('cosine')", "SchedulerType(SchedulerType.COSINE)",
        "SchedulerType(value='cosine')", "SchedulerType('cosine', None)",
        "SchedulerType(value='cosine', names=None)", "SchedulerType('cosine', module='x')",
        "SchedulerType(SchedulerType.COSINE.value)", "SchedulerType.LINEAR.COSINE"}) {
    EXPECT_EQ(arg_repr(text), "<SchedulerType.COSINE: 'cosine'>") << text;
  }
  EXPECT_EQ(arg_repr("SchedulerType.COSINE.value"), "'cosine'");
  EXPECT_EQ(arg_repr("SchedulerType.COSINE.name"), "'COSINE'");
  EXPECT_EQ(arg_repr("SchedulerType.REDUCE_ON_PLATEAU"),
            "<SchedulerType.REDUCE_ON_PLATEAU: 'reduce_lr_on_plateau'>");
  EXPECT_EQ(arg_repr("[SchedulerType('warmup_stable_decay')]"),
            "[<SchedulerType.WARMUP_STABLE_DECAY: 'warmup_stable_decay'>]");
}

struct Refused {
  const char* text;
  const char* type;
  std::string message;
  std::size_t offset;
};

TEST(SchedulerTypeSpec, RefusalsArePythonsWithAPosition) {
  const Refused cases[] = {
      // EnumType.__getattr__, and a member's or str's missing attribute.
      {"F(SchedulerType.NOPE)", "AttributeError", "NOPE", 16},
      {"F(SchedulerType.cosine)", "AttributeError", "cosine", 16},
      {"F(SchedulerType.name)", "AttributeError", "name", 16},
      {"F(SchedulerType.COSINE.foo)", "AttributeError",
       "'SchedulerType' object has no attribute 'foo'", 23},
      {"F(SchedulerType.COSINE.name.foo)", "AttributeError", "'str' object has no attribute 'foo'",
       28},
      // ExplicitEnum._missing_, which shows str() of the value.
      {"F(SchedulerType('nope'))", "ValueError", "nope" + kChoices, 16},
      {"F(SchedulerType(1))", "ValueError", "1" + kChoices, 16},
      {"F(SchedulerType([1]))", "ValueError", "[1]" + kChoices, 16},
      {"F(SchedulerType(None))", "ValueError", "None" + kChoices, 16},
      {"F(SchedulerType('COSINE'))", "ValueError", "COSINE" + kChoices, 16},
      // EnumType.__call__(cls, value, names=None, *, module=None, ...) as CPython binds it.
      {"F(SchedulerType())", "TypeError",
       "EnumType.__call__() missing 1 required positional argument: 'value'", 2},
      {"F(SchedulerType(1, 2, 3))", "TypeError",
       "EnumType.__call__() takes from 2 to 3 positional arguments but 4 were given", 2},
      {"F(SchedulerType(1, 2, 3, module='x'))", "TypeError",
       "EnumType.__call__() takes from 2 to 3 positional arguments but 4 positional arguments "
       "(and 1 keyword-only argument) were given",
       2},
      {"F(SchedulerType('cosine', foo=1))", "TypeError",
       "EnumType.__call__() got an unexpected keyword argument 'foo'", 26},
      {"F(SchedulerType('cosine', value='x'))", "TypeError",
       "EnumType.__call__() got multiple values for argument 'value'", 26},
      {"F(SchedulerType('cosine', 2))", "TypeError",
       "<enum 'cosine'> cannot extend <enum 'SchedulerType'>", 2},
      {"F(SchedulerType(SchedulerType.COSINE, 'a b'))", "TypeError",
       "<enum <SchedulerType.COSINE: 'cosine'>> cannot extend <enum 'SchedulerType'>", 2},
      // What a spec cannot hold: the enum class itself, str methods (Python would go on with
      // them to a refusal that shows an object address).
      {"F(SchedulerType)", "TypeError",
       "SchedulerType is an enum: a spec takes one of its members, as in SchedulerType.LINEAR or "
       "SchedulerType('linear')",
       2},
      {"F(transformers.SchedulerType)", "TypeError",
       "SchedulerType is an enum: a spec takes one of its members, as in SchedulerType.LINEAR or "
       "SchedulerType('linear')",
       2},
      {"F(SchedulerType.COSINE.upper)", "TypeError",
       "attribute access is not supported ('.upper'); only an enum's members and their .name and "
       ".value are",
       22},
      {"F(SchedulerType.upper)", "TypeError",
       "attribute access is not supported ('.upper'); only an enum's members and their .name and "
       ".value are",
       15},
      {"SchedulerType('cosine')", "SyntaxError",
       "a spec must be a scheduler call such as Name(arg, keyword=value)", 0},
  };
  for (const Refused& c : cases) {
    try {
      (void)parse_spec(c.text);
      ADD_FAILURE() << c.text << " parsed";
    } catch (const Error& error) {
      EXPECT_EQ(error.type(), c.type) << c.text;
      EXPECT_EQ(error.message(), c.message) << c.text;
      EXPECT_EQ(error.position().value().offset, c.offset) << c.text;
    }
  }
}

TEST(SchedulerTypeSpec, SchedulesAsTheOracle) {
  EXPECT_EQ(lrs_of("transformers.get_scheduler(SchedulerType.COSINE, num_warmup_steps=2, "
                   "num_training_steps=10)",
                   5),
            (std::vector<double>{0.0, 0.05, 0.1, 0.09619397662556434, 0.08535533905932738}));
  // Members equal to 'cosine' and 'linear' are those shapes.
  EXPECT_EQ(lrs_of("transformers.optimization.get_wsd_schedule(2, 3, num_training_steps=10, "
                   "warmup_type=SchedulerType.COSINE, decay_type=SchedulerType.LINEAR)",
                   11),
            (std::vector<double>{0.0, 0.049999999999999996, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1,
                                 0.06666666666666668, 0.03333333333333334, 0.0}));
  EXPECT_EQ(lrs_of("optax.piecewise_interpolate_schedule(SchedulerType.COSINE, 1.0, {4: 0.5})", 5),
            (std::vector<double>{1.0, 0.9267766952966369, 0.75, 0.5732233047033631, 0.5}));
}

TEST(SchedulerTypeSpec, AStrWhereTheOriginsTakeOne) {
  const std::pair<const char*, std::string> cases[] = {
      {"get_scheduler(SchedulerType.COSINE)",
       "ValueError: SchedulerType.COSINE requires `num_warmup_steps`, please provide that "
       "argument."},
      {"get_scheduler(SchedulerType.COSINE.name, 2, 12)", "ValueError: COSINE" + kChoices},
      // Python names a keyword by str(), and matches it by value.
      {"get_scheduler(SchedulerType.COSINE, 2, 12, {SchedulerType.COSINE: 1})",
       "TypeError: get_cosine_schedule_with_warmup() got an unexpected keyword argument "
       "'SchedulerType.COSINE'"},
      {"get_scheduler('cosine', 2, 12, {'num_cycles': 1, 'cosine': 2, SchedulerType.COSINE: 3})",
       "TypeError: get_cosine_schedule_with_warmup() got an unexpected keyword argument 'cosine'"},
      {"get_scheduler(SchedulerType.COSINE, 2, 12, SchedulerType.COSINE)",
       "TypeError: transformers.optimization.get_cosine_schedule_with_warmup() argument after ** "
       "must be a mapping, not SchedulerType"},
      // An f-string shows str(); torch's `'mode ' + mode` the value.
      {"get_wsd_schedule(2, 5, num_training_steps=10, warmup_type=SchedulerType.CONSTANT)",
       "ValueError: Unknown warmup type: SchedulerType.CONSTANT, expected 'linear', 'cosine' or "
       "'1-sqrt'"},
      {"get_scheduler('warmup_stable_decay', 2, 12, {'num_decay_steps': 4, 'warmup_type': "
       "SchedulerType.CONSTANT})",
       "ValueError: Unknown warmup type: SchedulerType.CONSTANT, expected 'linear', 'cosine' or "
       "'1-sqrt'"},
      {"get_reduce_on_plateau_schedule(mode=SchedulerType.COSINE)",
       "ValueError: mode cosine is unknown!"},
      {"get_reduce_on_plateau_schedule(threshold_mode=SchedulerType.LINEAR)",
       "ValueError: threshold mode linear is unknown!"},
      {"optax.piecewise_interpolate_schedule(SchedulerType.CONSTANT, 1.0, {5: 0.5})",
       "ValueError: `interpolate_type` must be either 'cosine' or 'linear'"},
      // The newest PyTorch's f-string (torch 1.13, in the oracle, has no such check).
      {"CosineAnnealingWarmRestarts(10, eta_min=SchedulerType.COSINE)",
       "ValueError: Expected float or int eta_min, but got SchedulerType.COSINE of type <enum "
       "'SchedulerType'>"},
      // Where a number is expected lrsched refuses a member when building, as it refuses a str;
      // the oracle fails where it first computes with it ('<' not supported between instances of
      // 'int' and 'SchedulerType').
      {"get_cosine_schedule_with_warmup(SchedulerType.COSINE, 10)",
       "TypeError: get_cosine_schedule_with_warmup(): argument 'num_warmup_steps' must be int, "
       "not SchedulerType"},
  };
  for (const auto& [spec, expected] : cases) EXPECT_EQ(error_of(spec), expected) << spec;
}

}  // namespace
}  // namespace lrsched::spec
