// Parsing of specs: literal forms, calls, lambdas, and error positions.
#include "lrsched/spec/parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include "lrsched/error.hpp"
#include "lrsched/spec/expression.hpp"
#include "lrsched/spec/value.hpp"

namespace lrsched::spec {
namespace {

// The error's C++ class is its Python type: `catch (const lrsched::TypeError&)` catches a spec's
// TypeError as it catches a constructor's.
bool IsItsPythonTypesClass(const Error& error) {
  const std::string_view type = error.type();
  return (type == "SyntaxError" && dynamic_cast<const SyntaxError*>(&error) != nullptr) ||
         (type == "NameError" && dynamic_cast<const NameError*>(&error) != nullptr) ||
         (type == "TypeError" && dynamic_cast<const TypeError*>(&error) != nullptr) ||
         (type == "ValueError" && dynamic_cast<const ValueError*>(&error) != nullptr) ||
         (type == "AttributeError" && dynamic_cast<const AttributeError*>(&error) != nullptr) ||
         (type == "OverflowError" && dynamic_cast<const OverflowError*>(&error) != nullptr);
}

// repr() of the first positional argument of `F(<text>)`.
std::string arg_repr(const std::string& text) {
  const Call call = parse_spec("F(" + text + ")");
  EXPECT_EQ(call.args.size(), 1U) << text;
  return repr(call.args.at(0));
}

TEST(Parser, LiteralForms) {
  const std::pair<const char*, const char*> cases[] = {
      {"30", "30"},
      {"1_000", "1000"},
      {"-1", "-1"},
      {"+2", "2"},
      {"0x1F", "31"},
      {"0.1", "0.1"},
      {"1e-3", "0.001"},
      {"1E5", "100000.0"},
      {".5", "0.5"},
      {"5.", "5.0"},
      {"1.5e+10", "15000000000.0"},
      {"1e400", "inf"},
      {"-0.0", "-0.0"},
      {"'min'", "'min'"},
      {"\"max\"", "'max'"},
      {"'it\\'s'", "\"it's\""},
      {"'a\\tb'", "'a\\tb'"},
      {"'ab' \"cd\"", "'abcd'"},
      {"True", "True"},
      {"False", "False"},
      {"None", "None"},
      {"{}", "{}"},
      {"{'a': 1, 'b': [1, 2],}", "{'a': 1, 'b': [1, 2]}"},
      {"{10: 0.1, 20: 0.5}", "{10: 0.1, 20: 0.5}"},
      {"{1: 'a', True: 'b', 1.0: 'c'}", "{1: 'c'}"},
      {"{(1, 2): None, 'k': {'n': -1}}", "{(1, 2): None, 'k': {'n': -1}}"},
      {"dict(a=1, b=0.5)", "{'a': 1, 'b': 0.5}"},
      {"dict({'a': 1}, a=2, c=3)", "{'a': 2, 'c': 3}"},
      {"[]", "[]"},
      {"[1, 2.5, 'x']", "[1, 2.5, 'x']"},
      {"[1, 2,]", "[1, 2]"},
      {"()", "()"},
      {"(1,)", "(1,)"},
      {"(1, 2)", "(1, 2)"},
      {"(7)", "7"},
      {"[[1], (2,)]", "[[1], (2,)]"},
      {"float('inf')", "inf"},
      {"float('-inf')", "-inf"},
      {"float('nan')", "nan"},
      {"float(\"Infinity\")", "inf"},
      {"math.inf", "inf"},
      {"-math.inf", "-inf"},
      {"inf", "inf"},  // the names of the families' oracle namespace
      {"-inf", "-inf"},
      {"nan", "nan"},
      {"math.pi", "3.141592653589793"},
      {"math.e", "2.718281828459045"},
      {"1/3", "0.3333333333333333"},
      {"1.0/3", "0.3333333333333333"},
      {"2*0.1", "0.2"},
      {"0.9**2", "0.81"},
      {"2**-1", "0.5"},
      {"10**3", "1000"},
      {"-7 // 2", "-4"},
      {"1e-4 * 5", "0.0005"},
      {"max(0.1, 0.2)", "0.2"},
      {"math.cos(0)", "1.0"},
      {"int(2.9)", "2"},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(arg_repr(text), expected) << text;
}

// transformers' SchedulerType where the families' oracle has it: bare, and under `transformers`
// and `transformers.optimization` (whose `optimization` is `transformers` itself).
TEST(Parser, SchedulerTypeMembers) {
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
  // A member hashes as its value: {'cosine': 2, SchedulerType.COSINE: 3} is {'cosine': 3}.
  EXPECT_EQ(arg_repr("{'cosine': 2, SchedulerType.COSINE: 3}"), "{'cosine': 3}");
  EXPECT_EQ(arg_repr("{SchedulerType.COSINE: 3, 'cosine': 2}"),
            "{<SchedulerType.COSINE: 'cosine'>: 2}");
}

TEST(Parser, PositionalAndKeywordArguments) {
  const Call call = parse_spec("CosineAnnealingLR(40, eta_min=0.2, last_epoch=10)");
  EXPECT_EQ(call.name, "CosineAnnealingLR");
  EXPECT_EQ(call.name_offset, 0U);
  ASSERT_EQ(call.args.size(), 1U);
  EXPECT_EQ(call.args[0].as_int(), 40);
  EXPECT_EQ(call.args[0].offset, 18U);
  ASSERT_EQ(call.keywords.size(), 2U);
  EXPECT_EQ(call.keywords[0].name, "eta_min");
  EXPECT_EQ(call.keywords[0].offset, 22U);
  EXPECT_EQ(call.keywords[0].value.as_double(), 0.2);
  EXPECT_EQ(call.keywords[0].value.offset, 30U);
  EXPECT_EQ(call.keywords[1].name, "last_epoch");
  ASSERT_NE(call.source, nullptr);
  EXPECT_EQ(*call.source, "CosineAnnealingLR(40, eta_min=0.2, last_epoch=10)");
  EXPECT_EQ(repr(Value{call, 0}), "CosineAnnealingLR(40, eta_min=0.2, last_epoch=10)");
}

TEST(Parser, NestedCallsAndPrefixes) {
  const Call call = parse_spec(
      "SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), "
      "CosineAnnealingLR(T_max=95)], milestones=[5])");
  ASSERT_EQ(call.keywords.size(), 2U);
  const auto children = call.keywords[0].value.items();
  ASSERT_EQ(children.size(), 2U);
  ASSERT_TRUE(children[0].is_call());
  EXPECT_EQ(std::get<Call>(children[0].data).name, "LinearLR");
  EXPECT_EQ(std::get<Call>(children[1].data).name, "CosineAnnealingLR");
  EXPECT_EQ(std::get<Call>(children[1].data).source, call.source);
  EXPECT_EQ(type_name(children[0]), "LinearLR");

  EXPECT_EQ(parse_spec("torch.optim.lr_scheduler.StepLR(3)").name,
            "torch.optim.lr_scheduler.StepLR");
  EXPECT_EQ(parse_spec(" \n StepLR(\n  30,\n  gamma=0.5,  # halve\n)\n").args.size(), 1U);
}

TEST(Parser, Lambdas) {
  const Call call = parse_spec("LambdaLR(lr_lambda=lambda step: step % 40 / 100.)");
  const auto& lambda = std::get<Lambda>(call.keywords.at(0).value.data);
  EXPECT_EQ(lambda.parameters, std::vector<std::string>{"step"});
  EXPECT_EQ(lambda.source, "lambda step: step % 40 / 100.");
  EXPECT_EQ(lambda.body->evaluate_double(45), 0.05);
  EXPECT_EQ(type_name(call.keywords[0].value), "function");

  const Call list = parse_spec("LambdaLR([lambda e: 0.9 ** e, lambda e: max(0, 1 - e/100)])");
  const auto items = list.args.at(0).items();
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(std::get<Lambda>(items[1].data).body->evaluate_double(30), 0.7);

  const Call cyclic = parse_spec("CyclicLR(0.01, 0.1, scale_fn=lambda x: 1/(2.**(x-1)))");
  EXPECT_EQ(std::get<Lambda>(cyclic.keywords.at(0).value.data).body->evaluate_double(2), 0.5);

  const Call two = parse_spec("F(lambda x, y: x * y, lambda: 0.5)");
  const auto& product = std::get<Lambda>(two.args.at(0).data);
  const Number args[] = {Number::from_int(3), Number::from_float(0.5)};
  EXPECT_EQ(repr(product.body->evaluate(args)), "1.5");
  EXPECT_EQ(repr(std::get<Lambda>(two.args.at(1).data).body->evaluate({})), "0.5");
}

struct Bad {
  const char* text;
  const char* message;
  std::size_t offset;
  const char* type = "SyntaxError";
};

TEST(Parser, ErrorsCarryMessagesAndPositions) {
  const Bad cases[] = {
      {"StepLR(30", "'(' was never closed", 6},
      {"StepLR(30 gamma=0.1)", "invalid syntax: expected ',' or ')' but found name 'gamma'", 10},
      {"StepLR(gamma=0.1, 30)", "positional argument follows keyword argument", 18},
      {"StepLR(gamma=0.1, gamma=0.2)", "keyword argument repeated: gamma", 18},
      {"StepLR(30))", "invalid syntax: unexpected ')' after the expression", 10},
      {"", "empty input: expected an expression", 0},
      {"30", "a spec must be a scheduler call such as Name(arg, keyword=value)", 0},
      {"max(1, 2)", "a spec must be a scheduler call such as Name(arg, keyword=value)", 0},
      {"StepLR(step_size=)", "invalid syntax: unexpected ')'", 17},
      {"StepLR(*args)", "starred arguments are not supported", 7},
      {"StepLR(gamma='0.1)", "unterminated string literal", 13},
      {"StepLR(30, gamma=x)", "name 'x' is not defined", 17, "NameError"},
      {"StepLR(optimizer, 30)",
       "StepLR(optimizer, 30): lrsched supplies the optimizer; write StepLR(30)", 7, "TypeError"},
      {"StepLR(30, optimizer, gamma=0.5)",
       "name 'optimizer' is not defined; write the scheduler without its optimizer argument, "
       "as in StepLR(30, gamma=0.5)",
       11, "NameError"},
      {"StepLR(30, optimizer)",
       "name 'optimizer' is not defined; write the scheduler without its optimizer argument, "
       "as in StepLR(30)",
       11, "NameError"},
      {"SequentialLR([StepLR(30, gamma=0.5), ExponentialLR(optimizer, gamma=0.9)], milestones=[9])",
       "ExponentialLR(optimizer, gamma=0.9): lrsched supplies the optimizer; write "
       "ExponentialLR(gamma=0.9)",
       51, "TypeError"},
      // Where the call is not a schedule's, Python's first NameError is the callee's.
      {"F(optimizer, 30)", "unknown scheduler 'F' (see `lrsched list`)", 0, "NameError"},
      {"F(optim, 30)", "unknown scheduler 'F' (see `lrsched list`)", 0, "NameError"},
      {"StepLR(30, cycle=true)", "name 'true' is not defined. Did you mean 'True'?", 17,
       "NameError"},
      {"LambdaLR(lambda x=1: x)", "default parameter values are not supported", 17},
      {"LambdaLR(lambda x, x: x)", "duplicate argument 'x' in function definition", 19},
      {"LambdaLR(lambda x: y)",
       "name 'y' is not defined (expressions may use x, min, max, abs, "
       "int, float, round and math.*)",
       19, "NameError"},
      {"LambdaLR(lambda x: lambda y: y)", "nested lambdas are not supported", 19},
      {"LambdaLR(lambda x: x.__class__)",
       "attribute access is not supported ('.__class__'); only math.<name> is", 20, "TypeError"},
      {"F((lambda: 1)())", "invalid syntax: expected a scheduler name before '('", 3},
      {"F(1 if True)", "invalid syntax: expected 'else' after condition expression", 11},
      {"F(x=1 y=2)", "invalid syntax: expected ',' or ')' but found name 'y'", 6},
      {"F(r'x')", "string prefixes such as r'' or f'' are not supported", 2},
      {"F(é)", "invalid character 'é' (U+00E9): a spec is ASCII outside its strings and comments",
       2},
      {"F({1: 2, 3})", "invalid syntax: expected ':' but found '}'", 10},
      {"F({1, 2: 3})", "invalid syntax: expected ',' or '}' but found ':'", 7},
      {"F({*a})", "starred items are not supported", 3},
      {"F({1: 2 3})", "invalid syntax: expected ',' or '}' but found number", 8},
      {"F({1 2})", "invalid syntax: expected ',' or '}' but found number", 5},
      {"F({1: 2", "'{' was never closed", 2},
      {"F({**d})", "dict unpacking is not supported", 3},
      {"F({[1]: 2})", "unhashable type: 'list'", 3, "TypeError"},
      {"F({(1, [2]): 2})", "unhashable type: 'tuple'", 3, "TypeError"},
      {"F(dict(1, 2))", "dict expected at most 1 argument, got 2", 10, "TypeError"},
      {"F(lambda x: {1: x})", "dicts are not supported in expressions", 12, "TypeError"},
      // transformers' SchedulerType: EnumType.__getattr__, a member's or str's missing attribute,
      // ExplicitEnum._missing_ (str() of the value), EnumType.__call__(cls, value, names=None, *,
      // module=None, ...) bound as CPython binds it, and a new enum extending it (`names`).
      {"F(SchedulerType.NOPE)", "NOPE", 16, "AttributeError"},
      {"F(SchedulerType.cosine)", "cosine", 16, "AttributeError"},
      {"F(SchedulerType.name)", "name", 16, "AttributeError"},
      {"F(SchedulerType.COSINE.foo)", "'SchedulerType' object has no attribute 'foo'", 23,
       "AttributeError"},
      {"F(SchedulerType.COSINE.name.foo)", "'str' object has no attribute 'foo'", 28,
       "AttributeError"},
      {"F(SchedulerType('nope'))",
       "nope is not a valid SchedulerType, please select one of ['linear', 'cosine', "
       "'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', "
       "'inverse_sqrt', 'reduce_lr_on_plateau', 'cosine_with_min_lr', "
       "'cosine_warmup_with_min_lr', 'warmup_stable_decay']",
       16, "ValueError"},
      {"F(SchedulerType([1]))",
       "[1] is not a valid SchedulerType, please select one of ['linear', 'cosine', "
       "'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', "
       "'inverse_sqrt', 'reduce_lr_on_plateau', 'cosine_with_min_lr', "
       "'cosine_warmup_with_min_lr', 'warmup_stable_decay']",
       16, "ValueError"},
      {"F(SchedulerType())", "EnumType.__call__() missing 1 required positional argument: 'value'",
       2, "TypeError"},
      {"F(SchedulerType(1, 2, 3))",
       "EnumType.__call__() takes from 2 to 3 positional arguments but 4 were given", 2,
       "TypeError"},
      {"F(SchedulerType(1, 2, 3, module='x'))",
       "EnumType.__call__() takes from 2 to 3 positional arguments but 4 positional arguments "
       "(and 1 keyword-only argument) were given",
       2, "TypeError"},
      {"F(SchedulerType('cosine', foo=1))",
       "EnumType.__call__() got an unexpected keyword argument 'foo'", 26, "TypeError"},
      {"F(SchedulerType('cosine', value='x'))",
       "EnumType.__call__() got multiple values for argument 'value'", 26, "TypeError"},
      {"F(SchedulerType('cosine', 2))", "<enum 'cosine'> cannot extend <enum 'SchedulerType'>", 2,
       "TypeError"},
      {"F(SchedulerType(SchedulerType.COSINE, 'a b'))",
       "<enum <SchedulerType.COSINE: 'cosine'>> cannot extend <enum 'SchedulerType'>", 2,
       "TypeError"},
      // What a spec cannot hold: the enum class itself, str methods (Python would go on with
      // them to a refusal that shows an object address).
      {"F(transformers.SchedulerType)",
       "SchedulerType is an enum: a spec takes one of its members, as in SchedulerType.LINEAR or "
       "SchedulerType('linear')",
       2, "TypeError"},
      {"F(SchedulerType.COSINE.upper)",
       "attribute access is not supported ('.upper'); only an enum's members and their .name and "
       ".value are",
       22, "TypeError"},
      {"F(SchedulerType.upper)",
       "attribute access is not supported ('.upper'); only an enum's members and their .name and "
       ".value are",
       15, "TypeError"},
      {"SchedulerType('cosine')",
       "a spec must be a scheduler call such as Name(arg, keyword=value)", 0},
  };
  for (const Bad& c : cases) {
    try {
      (void)parse_spec(c.text);
      ADD_FAILURE() << c.text << " parsed";
    } catch (const Error& error) {
      EXPECT_EQ(error.message(), c.message) << c.text;
      EXPECT_EQ(error.position().value().offset, c.offset) << c.text;
      EXPECT_EQ(error.type(), c.type) << c.text;
      EXPECT_TRUE(IsItsPythonTypesClass(error)) << c.text;
    }
  }
}

// Calls pasted from training scripts and tutorials pass the optimizer, under any name; the spec
// language says lrsched supplies it and shows the call without it, with the caret under it.
TEST(Parser, OptimizerArgumentsOfPastedCalls) {
  const Bad cases[] = {
      {"StepLR(optim, 30)", "StepLR(optim, 30): lrsched supplies the optimizer; write StepLR(30)",
       7, "TypeError"},
      {"StepLR(opt, 30)", "StepLR(opt, 30): lrsched supplies the optimizer; write StepLR(30)", 7,
       "TypeError"},
      {"StepLR(self.optimizer, 30)",
       "StepLR(self.optimizer, 30): lrsched supplies the optimizer; write StepLR(30)", 7,
       "TypeError"},
      {"torch.optim.lr_scheduler.StepLR(trainer.optimizer, step_size=30)",
       "torch.optim.lr_scheduler.StepLR(trainer.optimizer, step_size=30): lrsched supplies the "
       "optimizer; write torch.optim.lr_scheduler.StepLR(step_size=30)",
       32, "TypeError"},
      {"StepLR(optimizer=opt, step_size=30)",
       "StepLR(optimizer=opt, step_size=30): lrsched supplies the optimizer; write "
       "StepLR(step_size=30)",
       7, "TypeError"},
      {"StepLR(30, optimizer=opt)",
       "StepLR(30, optimizer=opt): lrsched supplies the optimizer; write StepLR(30)", 11,
       "TypeError"},
      {"SequentialLR(optimizer, [StepLR(30)], milestones=[])",
       "SequentialLR(optimizer, [StepLR(30)], milestones=[]): lrsched supplies the optimizer; "
       "write SequentialLR([StepLR(30)], milestones=[])",
       13, "TypeError"},
      {"ChainedScheduler([ExponentialLR(opt, 0.9), StepLR(30)])",
       "ExponentialLR(opt, 0.9): lrsched supplies the optimizer; write ExponentialLR(0.9)", 32,
       "TypeError"},
      {"ChainedScheduler([StepLR(30)], optimizer=self.opt)",
       "ChainedScheduler([StepLR(30)], optimizer=self.opt): lrsched supplies the optimizer; "
       "write ChainedScheduler([StepLR(30)])",
       31, "TypeError"},
      {"ChainedScheduler([StepLR(30)], opt)",
       "ChainedScheduler([StepLR(30)], opt): lrsched supplies the optimizer; write "
       "ChainedScheduler([StepLR(30)])",
       31, "TypeError"},
      // A misspelt name with the optimizer: Python's NameError is for the callee, looked up first.
      {"StepLr(optim, 30)", "unknown scheduler 'StepLr'. Did you mean 'StepLR'?", 0, "NameError"},
      // transformers and timm take the optimizer first; get_scheduler second.
      {"transformers.get_linear_schedule_with_warmup(opt, 10, 100)",
       "transformers.get_linear_schedule_with_warmup(opt, 10, 100): lrsched supplies the "
       "optimizer; write transformers.get_linear_schedule_with_warmup(10, 100)",
       45, "TypeError"},
      {"get_scheduler('linear', self.optimizer, 10, 100)",
       "get_scheduler('linear', self.optimizer, 10, 100): lrsched supplies the optimizer; write "
       "get_scheduler('linear', 10, 100)",
       24, "TypeError"},
      {"timm.scheduler.CosineLRScheduler(opt, t_initial=100)",
       "timm.scheduler.CosineLRScheduler(opt, t_initial=100): lrsched supplies the optimizer; "
       "write timm.scheduler.CosineLRScheduler(t_initial=100)",
       33, "TypeError"},
      // Too long to quote: the argument is named.
      {"LambdaLR(self.optimizer, lr_lambda=lambda epoch: 0.95 ** epoch if epoch < 100 else 0.01)",
       "LambdaLR(): lrsched supplies the optimizer; leave 'self.optimizer' out of the call", 9,
       "TypeError"},
      // Other arguments, values that are names in a spec, and schedules that take no optimizer
      // keep their own errors.
      {"StepLR(30, gamma=opt)", "name 'opt' is not defined", 17, "NameError"},
      {"StepLR(30, opt)", "name 'opt' is not defined", 11, "NameError"},
      {"LambdaLR(lambda e: optim)",
       "name 'optim' is not defined (expressions may use e, min, max, abs, int, float, round and "
       "math.*)",
       19, "NameError"},
      {"optax.constant_schedule(opt)", "name 'opt' is not defined", 24, "NameError"},
      {"StepLR(math.foo, 30)", "module 'math' has no attribute 'foo' that lrsched supports", 12,
       "AttributeError"},
      {"get_scheduler(SchedulerType.NOPE, 30)", "NOPE", 28, "AttributeError"},
  };
  for (const Bad& c : cases) {
    try {
      (void)parse_spec(c.text);
      ADD_FAILURE() << c.text << " parsed";
    } catch (const Error& error) {
      EXPECT_EQ(error.message(), c.message) << c.text;
      EXPECT_EQ(error.position().value().offset, c.offset) << c.text;
      EXPECT_EQ(error.type(), c.type) << c.text;
    }
  }
  // `inf`, `math.pi` and enum members are values, wherever they are.
  EXPECT_EQ(repr(parse_spec("StepLR(inf)").args.at(0)), "inf");
  EXPECT_EQ(repr(parse_spec("StepLR(math.pi)").args.at(0)), "3.141592653589793");
  EXPECT_EQ(repr(parse_spec("get_scheduler(SchedulerType.COSINE)").args.at(0)),
            "<SchedulerType.COSINE: 'cosine'>");
  try {
    (void)parse_spec("StepLR(optim, 30)");
    FAIL();
  } catch (const TypeError& error) {
    EXPECT_EQ(error.caret(), "StepLR(optim, 30)\n       ^");
  }
}

// Quotes, dashes and punctuation pasted from word processors and CJK documents are refused, as
// Python refuses them, with the character, its code point and the ASCII one it stands for.
TEST(Parser, LookalikeCharactersNameTheirAsciiForm) {
  const Bad cases[] = {
      {"StepLR(30，gamma=0.5)", "invalid character '，' (U+FF0C): use ',' instead", 9},
      {"StepLR（30)", "invalid character '（' (U+FF08): use '(' instead", 6},
      {"StepLR(30)）", "invalid character '）' (U+FF09): use ')' instead", 10},
      {"StepLR(step_size＝30)", "invalid character '＝' (U+FF1D): use '=' instead", 16},
      {"F(x：1)", "invalid character '：' (U+FF1A): use ':' instead", 3},
      {"MultiStepLR(［30, 60］)", "invalid character '［' (U+FF3B): use '[' instead", 12},
      {"F(｛1: 2｝)", "invalid character '｛' (U+FF5B): use '{' instead", 2},
      {"F(0．5)", "invalid character '．' (U+FF0E): use '.' instead", 3},
      {"StepLR(３０)", "invalid character '３' (U+FF13): use '3' instead", 7},
      {"StepLR(30,　gamma=0.5)", "invalid character '　' (U+3000): use ' ' instead", 10},
      {"StepLR(30,\u00a0gamma=0.5)", "invalid character '\u00a0' (U+00A0): use ' ' instead", 10},
      {"ReduceLROnPlateau(mode=‘max’)", "invalid character '‘' (U+2018): use \"'\" instead", 23},
      {"ReduceLROnPlateau(mode=’max’)", "invalid character '’' (U+2019): use \"'\" instead", 23},
      {"ReduceLROnPlateau(mode=“max”)", "invalid character '“' (U+201C): use '\"' instead", 23},
      {"ReduceLROnPlateau(mode=”max”)", "invalid character '”' (U+201D): use '\"' instead", 23},
      {"StepLR(30, last_epoch=−1)", "invalid character '−' (U+2212): use '-' instead", 22},
      {"StepLR(30, last_epoch=–1)", "invalid character '–' (U+2013): use '-' instead", 22},
      {"StepLR(30、gamma=0.5)", "invalid character '、' (U+3001): use ',' instead", 9},
      {"StepLR(30, gamma=0。5)", "invalid character '。' (U+3002): use '.' instead", 18},
      {"F(€)", "invalid character '€' (U+20AC): a spec is ASCII outside its strings and comments",
       2},
      {"F(😀)", "invalid character '😀' (U+1F600): a spec is ASCII outside its strings and comments",
       2},
  };
  for (const Bad& c : cases) {
    try {
      (void)parse_spec(c.text);
      ADD_FAILURE() << c.text << " parsed";
    } catch (const SyntaxError& error) {
      EXPECT_EQ(error.message(), c.message) << c.text;
      EXPECT_EQ(error.position().value().offset, c.offset) << c.text;
    }
  }
  // Inside strings and comments, any character is the user's.
  EXPECT_EQ(repr(parse_spec("F('‘，’')").args.at(0)), "'‘，’'");
  EXPECT_EQ(parse_spec("StepLR(30)  # 每 30 个 epoch，学习率减半").args.size(), 1U);
  try {
    (void)parse_spec("StepLR(30，gamma=0.5)");
    FAIL();
  } catch (const SyntaxError& error) {
    EXPECT_EQ(error.caret(), "StepLR(30，gamma=0.5)\n         ^");
  }
}

TEST(Parser, WhatAndCaret) {
  try {
    (void)parse_spec("StepLR(30 gamma=0.1)");
    FAIL();
  } catch (const SyntaxError& error) {
    EXPECT_STREQ(error.what(),
                 "invalid syntax: expected ',' or ')' but found name 'gamma' at column 11");
    EXPECT_EQ(error.caret(), "StepLR(30 gamma=0.1)\n          ^");
  }
  try {
    (void)parse_spec("StepLR(\n  30,\n  gamma=0.1 0.2)");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "invalid syntax: expected ',' or ')' but found number");
    EXPECT_STREQ(error.what(),
                 "invalid syntax: expected ',' or ')' but found number at line 3, column 13");
    EXPECT_EQ(error.caret(), "  gamma=0.1 0.2)\n            ^");
  }
}

TEST(Parser, LiteralArithmeticErrorsArePythonErrors) {
  EXPECT_THROW((void)parse_spec("StepLR(30, gamma=1/0)"), ZeroDivisionError);
  EXPECT_THROW((void)parse_spec("StepLR(30, gamma=math.log(0))"), ValueError);
  EXPECT_THROW((void)parse_spec("StepLR(2 ** 10 ** 10)"), OverflowError);
  try {
    (void)parse_spec("StepLR(99999999999999999999)");
    FAIL();
  } catch (const OverflowError& error) {
    EXPECT_EQ(error.type(), "OverflowError");
    EXPECT_EQ(error.position().value().offset, 7U);
  }
}

TEST(Parser, HostileInputIsRejectedQuickly) {
  const std::string deep = "F(" + std::string(100000, '[') + std::string(100000, ']') + ")";
  EXPECT_THROW((void)parse_spec(deep), SyntaxError);
  const std::string nested = "F(" + std::string(1000, '(') + "1" + std::string(1000, ')') + ")";
  try {
    (void)parse_spec(nested);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "too deeply nested (the limit is 32 levels)");
  }
  std::string calls = "F(";
  for (int i = 0; i < 200; ++i) calls += "G(";
  EXPECT_THROW((void)parse_spec(calls + std::string(200, ')') + ")"), SyntaxError);
  try {
    (void)parse_spec("F(" + std::string(20000, ' ') + ")");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.message(), "text too long (20003 characters; the limit is 10000)");
  }
  EXPECT_THROW((void)parse_spec("F('a' * 10**9)"), TypeError);
  EXPECT_THROW((void)parse_spec("F(__import__('os').system('x'))"), SyntaxError);
  // Nothing is ever executed: an unknown call is only data until the catalog rejects it.
  EXPECT_EQ(std::get<Call>(parse_spec("F(__import__('os'))").args.at(0).data).name, "__import__");
  EXPECT_THROW((void)parse_spec("F(lambda x: __import__('os'))"), NameError);
  EXPECT_THROW((void)parse_spec("F(lambda x: open('/etc/passwd'))"), NameError);
  EXPECT_THROW((void)parse_spec("F(lambda x: x.__globals__)"), TypeError);
  EXPECT_THROW((void)parse_spec("F(lambda x: [].__class__)"), TypeError);
  // A long but flat list is fine.
  std::string flat = "F([";
  for (int i = 0; i < 1000; ++i) flat += "1, ";
  EXPECT_EQ(parse_spec(flat + "])").args.at(0).items().size(), 1000U);
}

}  // namespace
}  // namespace lrsched::spec
