// Signatures of the registry rows and Python's call-binding rules.
#include "lrsched/spec/signature.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/expression.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/registry.hpp"

namespace lrsched::spec {
namespace {

// The signature of the registry row `name` names, or null.
const SchedulerSignature* signature_of(std::string_view name) {
  const ScheduleEntry* entry = find_schedule(name);
  return entry == nullptr ? nullptr : &entry->signature;
}

BoundArguments bind(const std::string& spec) { return bind_arguments(parse_spec(spec)); }

// The TypeError text that binding `spec` raises ("" if it binds).
std::string bind_error(const std::string& spec) {
  try {
    (void)bind(spec);
  } catch (const TypeError& error) {
    return error.what();
  }
  return "";
}

TEST(Signature, CatalogHasEveryScheduler) {
  std::vector<std::string> names;
  for (const ScheduleEntry& entry : registry()) {
    const SchedulerSignature& s = entry.signature;
    names.emplace_back(s.name);
    EXPECT_FALSE(s.summary.empty()) << s.name;
    EXPECT_FALSE(s.formula.empty()) << s.name;
    for (const Parameter& p : s.parameters) {
      EXPECT_FALSE(p.annotation.empty()) << s.name << "." << p.name;
      EXPECT_FALSE(p.description.empty()) << s.name << "." << p.name;
    }
  }
  // Which classes there are is checked against PyTorch itself (tests/parity/
  // registry_signatures.py); here, that every row is found by its name, bare and qualified.
  EXPECT_GE(names.size(), 16U);
  for (const ScheduleEntry& entry : registry()) {
    const std::string name(entry.signature.name);
    EXPECT_EQ(std::count(names.begin(), names.end(), name), 1) << name;
    EXPECT_EQ(find_schedule(name), &entry) << name;
    EXPECT_EQ(find_schedule(std::string(entry.signature.module) + "." + name), &entry) << name;
    EXPECT_TRUE((entry.build == nullptr) != (entry.schedule == nullptr)) << name;
  }
  EXPECT_TRUE(signature_of("LambdaLR")->takes_lambdas);
  EXPECT_TRUE(signature_of("CyclicLR")->takes_lambdas);
  EXPECT_FALSE(signature_of("StepLR")->takes_lambdas);
  EXPECT_FALSE(signature_of("ChainedScheduler")->optimizer_first);
}

TEST(Signature, TextMatchesPythonDefaults) {
  EXPECT_EQ(signature_text(*signature_of("StepLR")), "StepLR(step_size, gamma=0.1, last_epoch=-1)");
  EXPECT_EQ(signature_text(*signature_of("ConstantLR")),
            "ConstantLR(factor=0.3333333333333333, total_iters=5, last_epoch=-1)");
  EXPECT_EQ(signature_text(*signature_of("ReduceLROnPlateau")),
            "ReduceLROnPlateau(mode='min', factor=0.1, patience=10, threshold=0.0001, "
            "threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-08)");
  EXPECT_EQ(signature_text(*signature_of("CyclicLR")),
            "CyclicLR(base_lr, max_lr, step_size_up=2000, step_size_down=None, "
            "mode='triangular', gamma=1.0, scale_fn=None, scale_mode='cycle', "
            "cycle_momentum=True, base_momentum=0.8, max_momentum=0.9, last_epoch=-1)");
  EXPECT_EQ(signature_text(*signature_of("OneCycleLR")),
            "OneCycleLR(max_lr, total_steps=None, epochs=None, steps_per_epoch=None, "
            "pct_start=0.3, anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, "
            "max_momentum=0.95, div_factor=25.0, final_div_factor=10000.0, three_phase=False, "
            "last_epoch=-1)");
  EXPECT_EQ(signature_text(*signature_of("ChainedScheduler")),
            "ChainedScheduler(schedulers, optimizer=None)");
  EXPECT_EQ(signature_text(*signature_of("SWALR")),
            "SWALR(swa_lr, anneal_epochs=10, anneal_strategy='cos', last_epoch=-1)");
  // `get_reduce_on_plateau_schedule(optimizer, **kwargs)` upstream.
  EXPECT_EQ(signature_text(*signature_of("get_reduce_on_plateau_schedule")),
            "get_reduce_on_plateau_schedule(**kwargs)");
  const SchedulerSignature with_kwargs{
      .name = "F", .parameters = {{"a", std::nullopt, "int", "a"}}, .takes_kwargs = true};
  EXPECT_EQ(signature_text(with_kwargs), "F(a, **kwargs)");
}

TEST(Signature, ModulePrefixes) {
  EXPECT_EQ(signature_of("torch.optim.lr_scheduler.StepLR"), signature_of("StepLR"));
  EXPECT_EQ(signature_of("lr_scheduler.StepLR"), signature_of("StepLR"));
  EXPECT_EQ(signature_of("optim.lr_scheduler.StepLR"), signature_of("StepLR"));  // any tail
  EXPECT_EQ(signature_of("scheduler.StepLR"), nullptr);  // a tail ends at a dot
  EXPECT_EQ(signature_of("torch.optim.swa_utils.SWALR"), signature_of("SWALR"));
  EXPECT_EQ(signature_of("swa_utils.SWALR"), signature_of("SWALR"));
  EXPECT_EQ(signature_of("swa_utils.StepLR"), nullptr);
  EXPECT_EQ(signature_of("torch.StepLR"), nullptr);
  EXPECT_EQ(signature_of("steplr"), nullptr);
}

TEST(Signature, UnknownSchedulerSuggestsTheClosest) {
  const std::pair<const char*, const char*> cases[] = {
      {"CosineAnealingLR(T_max=10)",
       "unknown scheduler 'CosineAnealingLR'. Did you mean 'CosineAnnealingLR'?"},
      {"steplr(3)", "unknown scheduler 'steplr'. Did you mean 'StepLR'?"},
      {"lr_scheduler.ExponentialLr(0.9)",
       "unknown scheduler 'lr_scheduler.ExponentialLr'. Did you mean 'ExponentialLR'?"},
      {"lr_scheduler.SWALR(0.05)", "unknown scheduler 'lr_scheduler.SWALR'. Did you mean 'SWALR'?"},
      {"__import__('os')", "unknown scheduler '__import__' (see `lrsched list`)"},
  };
  for (const auto& [spec, message] : cases) {
    try {
      (void)bind(spec);
      ADD_FAILURE() << spec;
    } catch (const NameError& error) {
      EXPECT_EQ(error.message(), message);
      EXPECT_EQ(error.type(), "NameError");
      EXPECT_EQ(error.position().value().offset, 0U);
    }
  }
  // Nested calls point at their own name.
  const Call outer = parse_spec("SequentialLR([StepLR(3), Banana(1)], [2])");
  const std::vector<Call> children = bind_arguments(outer).get_schedulers("schedulers");
  try {
    (void)bind_arguments(children.at(1));
    FAIL();
  } catch (const NameError& error) {
    EXPECT_EQ(error.position().value().offset, 25U);
    EXPECT_EQ(error.caret(),
              "SequentialLR([StepLR(3), Banana(1)], [2])\n                         ^");
  }
}

TEST(Signature, BindsLikePython) {
  const BoundArguments step = bind("StepLR(30, gamma=0.5)");
  EXPECT_EQ(step.get_int("step_size"), 30);
  EXPECT_EQ(step.get_float("gamma"), 0.5);
  EXPECT_EQ(step.get_int("last_epoch"), -1);
  EXPECT_TRUE(step.was_given("gamma"));
  EXPECT_FALSE(step.was_given("last_epoch"));
  EXPECT_EQ(step.offset("step_size"), 7U);
  EXPECT_EQ(step.offset("last_epoch"), 0U);  // defaults point at the call
  EXPECT_EQ(&step.signature(), signature_of("StepLR"));
  EXPECT_THROW((void)step.value("gama"), std::out_of_range);

  const BoundArguments keywords = bind("StepLR(gamma=0.5, step_size=2, last_epoch=3)");
  EXPECT_EQ(keywords.get_int("step_size"), 2);
  EXPECT_EQ(keywords.get_int("last_epoch"), 3);

  const BoundArguments chained = bind(
      "ChainedScheduler([ExponentialLR(gamma=0.9), "
      "ConstantLR(factor=0.2, total_iters=4)])");
  const std::vector<Call> children = chained.get_schedulers("schedulers");
  ASSERT_EQ(children.size(), 2U);
  EXPECT_EQ(bind_arguments(children[1]).get_float("factor"), 0.2);
  EXPECT_TRUE(chained.is_none("optimizer"));
  EXPECT_NO_THROW((void)bind("ChainedScheduler([StepLR(2)], optimizer=None)"));
}

TEST(Signature, CpythonTypeErrors) {
  const std::pair<const char*, const char*> cases[] = {
      {"StepLR()", "StepLR.__init__() missing 1 required positional argument: 'step_size'"},
      {"StepLR(gamma=1)", "StepLR.__init__() missing 1 required positional argument: 'step_size'"},
      {"CyclicLR()",
       "CyclicLR.__init__() missing 2 required positional arguments: 'base_lr' and 'max_lr'"},
      {"SequentialLR()",
       "SequentialLR.__init__() missing 2 required positional arguments: 'schedulers' and "
       "'milestones'"},
      // Positionals are counted as the spec writes them, without `self` and the optimizer.
      {"StepLR(1, 2, 3, 4)",
       "StepLR() takes from 1 to 3 positional arguments after the optimizer (step_size, gamma, "
       "last_epoch) but 4 were given"},
      {"ExponentialLR(0.9, -1, 5)",
       "ExponentialLR() takes from 1 to 2 positional arguments after the optimizer (gamma, "
       "last_epoch) but 3 were given"},
      {"ChainedScheduler([], None, 3)",
       "ChainedScheduler() takes from 1 to 2 positional arguments (schedulers, optimizer) but 3 "
       "were given"},
      {"StepLR(1, gama=2)",
       "StepLR.__init__() got an unexpected keyword argument 'gama'. Did you mean 'gamma'?"},
      {"StepLR(1, banana=2)", "StepLR.__init__() got an unexpected keyword argument 'banana'"},
      {"StepLR(1, optimizer=None)",
       "StepLR.__init__() got an unexpected keyword argument 'optimizer' (leave the optimizer "
       "out of the spec)"},
      {"CosineAnnealingLR(t_max=3)",
       "CosineAnnealingLR.__init__() got an unexpected keyword argument 't_max'. Did you mean "
       "'T_max'?"},
      {"StepLR(1, 2, gamma=2)", "StepLR.__init__() got multiple values for argument 'gamma'"},
      // CPython checks keywords before counting positionals.
      {"StepLR(1, 2, 3, 4, gamma=3)", "StepLR.__init__() got multiple values for argument 'gamma'"},
      {"ChainedScheduler([], optimizer=3)",
       "ChainedScheduler.__init__(): argument 'optimizer' can only be None in a spec; the "
       "optimizer comes from the command line"},
      {"ReduceLROnPlateau(mode='max', factor=0.5, patience=3)", ""},
  };
  for (const auto& [spec, message] : cases) EXPECT_EQ(bind_error(spec), message) << spec;
}

// PyTorch 1.x code passes `verbose`, which PyTorch has since removed: still a TypeError, as in
// the newest PyTorch, saying so.
TEST(Signature, VerboseOfPyTorch1x) {
  const std::string hint =
      " (PyTorch 2.7 removed `verbose` from its schedulers, and lrsched follows the newest "
      "PyTorch: drop the argument)";
  EXPECT_EQ(bind_error("StepLR(30, verbose=True)"),
            "StepLR.__init__() got an unexpected keyword argument 'verbose'" + hint);
  EXPECT_EQ(bind_error("ReduceLROnPlateau(patience=3, verbose=False)"),
            "ReduceLROnPlateau.__init__() got an unexpected keyword argument 'verbose'" + hint);
  EXPECT_EQ(bind_error("torch.optim.swa_utils.SWALR(0.05, verbose=False)"),
            "SWALR.__init__() got an unexpected keyword argument 'verbose'" + hint);
  // transformers passes ReduceLROnPlateau's keywords on to it.
  try {
    InMemoryOptimizer optimizer = InMemoryOptimizer::like("sgd", {0.1}, 0.0);
    (void)build_scheduler("get_reduce_on_plateau_schedule(verbose=True)", optimizer);
    ADD_FAILURE();
  } catch (const TypeError& error) {
    EXPECT_EQ(error.message(),
              "ReduceLROnPlateau.__init__() got an unexpected keyword argument 'verbose'" + hint);
  }
  // Other origins never took it.
  EXPECT_EQ(bind_error("timm.scheduler.StepLRScheduler(30, verbose=True)"),
            "StepLRScheduler.__init__() got an unexpected keyword argument 'verbose'");
  EXPECT_EQ(bind_error("optax.constant_schedule(0.1, verbose=True)"),
            "constant_schedule() got an unexpected keyword argument 'verbose'");
}

// Too many positionals are counted as the user writes them, for every family: after the
// optimizer (PyTorch, transformers, timm), besides it (get_scheduler) or with none (Optax, Keras).
TEST(Signature, PositionalCountsOfEachFamily) {
  const std::pair<const char*, const char*> cases[] = {
      {"StepLR(30, 0.5, -1, 7)",
       "StepLR() takes from 1 to 3 positional arguments after the optimizer (step_size, gamma, "
       "last_epoch) but 4 were given"},
      {"torch.optim.lr_scheduler.ConstantLR(0.5, 4, -1, 2)",
       "ConstantLR() takes from 0 to 3 positional arguments after the optimizer (factor, "
       "total_iters, last_epoch) but 4 were given"},
      {"transformers.get_constant_schedule(-1, 2)",
       "get_constant_schedule() takes from 0 to 1 positional argument after the optimizer "
       "(last_epoch) but 2 were given"},
      {"transformers.get_scheduler('linear', 10, 100, None, 5)",
       "get_scheduler() takes from 1 to 4 positional arguments besides the optimizer (name, "
       "num_warmup_steps, num_training_steps, scheduler_specific_kwargs) but 5 were given"},
      {"optax.constant_schedule(0.1, 2)",
       "constant_schedule() takes 1 positional argument (value) but 2 were given"},
      {"keras.optimizers.schedules.InverseTimeDecay(0.1, 10, 0.5, False, 'x', 6)",
       "InverseTimeDecay() takes from 3 to 5 positional arguments (initial_learning_rate, "
       "decay_steps, decay_rate, staircase, name) but 6 were given"},
  };
  for (const auto& [spec, message] : cases) EXPECT_EQ(bind_error(spec), message) << spec;
  // timm's rows: the count of each row's own parameters, after the optimizer.
  const SchedulerSignature& timm_step = *signature_of("timm.scheduler.StepLRScheduler");
  std::string spec = "timm.scheduler.StepLRScheduler(30";
  for (std::size_t i = 1; i <= timm_step.parameters.size(); ++i) spec += ", 0";
  const std::string error = bind_error(spec + ")");
  EXPECT_TRUE(error.starts_with("StepLRScheduler() takes from 1 to " +
                                std::to_string(timm_step.parameters.size()) +
                                " positional arguments after the optimizer (decay_t, "))
      << error;
  EXPECT_TRUE(
      error.ends_with(") but " + std::to_string(timm_step.parameters.size() + 1) + " were given"))
      << error;
}

TEST(Signature, TypedGetters) {
  const BoundArguments one = bind(
      "OneCycleLR([0.1, 0.2], total_steps=100, pct_start=1, "
      "three_phase=1, anneal_strategy='linear')");
  EXPECT_TRUE(one.is_int("pct_start"));  // PyTorch's isinstance(pct_start, float) fails
  EXPECT_FALSE(one.is_float("pct_start"));
  EXPECT_EQ(one.get_float("pct_start"), 1.0);
  EXPECT_TRUE(one.get_bool("three_phase"));
  EXPECT_TRUE(one.get_bool("cycle_momentum"));
  EXPECT_EQ(one.get_string("anneal_strategy"), "linear");
  EXPECT_EQ(one.get_optional_int("total_steps"), 100);
  EXPECT_EQ(one.get_optional_int("epochs"), std::nullopt);
  const FloatOrList max_lr = one.get_float_or_list("max_lr");
  EXPECT_TRUE(max_lr.is_list);
  EXPECT_EQ(max_lr.values, (std::vector<double>{0.1, 0.2}));
  EXPECT_FALSE(one.get_float_or_list("div_factor").is_list);

  const BoundArguments multi = bind("MultiStepLR(milestones=(2, 5, 9))");
  EXPECT_EQ(multi.get_int_list("milestones"), (std::vector<std::int64_t>{2, 5, 9}));
  EXPECT_EQ(multi.get_float("gamma"), 0.1);

  const BoundArguments lambdas = bind("LambdaLR([lambda e: 0.9 ** e, lambda e: 0.8 ** e])");
  const LambdaOrList list = lambdas.get_lambda_or_list("lr_lambda");
  ASSERT_EQ(list.lambdas.size(), 2U);
  EXPECT_TRUE(list.is_list);
  EXPECT_EQ(list.lambdas[1].body->evaluate_double(1), 0.8);

  const BoundArguments cyclic = bind("CyclicLR(0.01, 0.1, step_size_down=4)");
  EXPECT_EQ(cyclic.get_optional_float("step_size_down"), 4.0);
  EXPECT_EQ(cyclic.get_optional_lambda("scale_fn"), std::nullopt);
}

struct GetterError {
  const char* spec;
  void (*get)(const BoundArguments&);
  const char* message;
};

TEST(Signature, TypedGettersNameTheArgument) {
  const GetterError cases[] = {
      {"StepLR(2.5)", [](const BoundArguments& b) { (void)b.get_int("step_size"); },
       "StepLR(): argument 'step_size' must be int, not float"},
      {"StepLR(2, gamma='x')", [](const BoundArguments& b) { (void)b.get_float("gamma"); },
       "StepLR(): argument 'gamma' must be float, not str"},
      {"MultiStepLR(3)", [](const BoundArguments& b) { (void)b.get_int_list("milestones"); },
       "MultiStepLR(): argument 'milestones' must be a list of int, not int"},
      {"MultiStepLR([1, 2.0])", [](const BoundArguments& b) { (void)b.get_int_list("milestones"); },
       "MultiStepLR(): argument 'milestones' must be a list of int, but item 1 is float"},
      {"LambdaLR(0.5)", [](const BoundArguments& b) { (void)b.get_lambda_or_list("lr_lambda"); },
       "LambdaLR(): argument 'lr_lambda' must be a lambda or a list of lambdas, not float"},
      {"SequentialLR([StepLR(2), 3], [1])",
       [](const BoundArguments& b) { (void)b.get_schedulers("schedulers"); },
       "SequentialLR at index 1 should have `optimizer` as its attribute."},
      {"ReduceLROnPlateau(mode=None)", [](const BoundArguments& b) { (void)b.get_string("mode"); },
       "ReduceLROnPlateau(): argument 'mode' must be str, not NoneType"},
      {"CyclicLR(0.1, [0.2, 'x'])",
       [](const BoundArguments& b) { (void)b.get_float_or_list("max_lr"); },
       "CyclicLR(): argument 'max_lr' must be float or a list of floats, not list"},
      {"OneCycleLR(0.1, total_steps=2.0)",
       [](const BoundArguments& b) { (void)b.get_optional_int("total_steps"); },
       "OneCycleLR(): argument 'total_steps' must be int or None, not float"},
      {"CyclicLR(0.1, 0.2, scale_fn=2)",
       [](const BoundArguments& b) { (void)b.get_optional_lambda("scale_fn"); },
       "CyclicLR(): argument 'scale_fn' must be a lambda or None, not int"},
  };
  for (const GetterError& c : cases) {
    const BoundArguments bound = bind(c.spec);
    try {
      c.get(bound);
      ADD_FAILURE() << c.spec;
    } catch (const TypeError& error) {
      EXPECT_STREQ(error.what(), c.message);
    }
  }
}

// Functions (transformers, Optax) and classes without an optimizer (Keras), an optimizer after
// other parameters (transformers' get_scheduler) and **kwargs bind with CPython's texts.
TEST(Signature, FunctionsKwargsAndOptimizerPositions) {
  const auto error_of = [](const SchedulerSignature& signature, const std::string& spec) {
    try {
      (void)bind_arguments(parse_spec(spec), signature);
    } catch (const TypeError& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  const SchedulerSignature with_optimizer{
      .name = "f",
      .parameters = {{"a", std::nullopt, "int", "a"}, {"b", Value{std::int64_t{1}, 0}, "int", "b"}},
      .is_function = true};
  EXPECT_EQ(error_of(with_optimizer, "f(1, 2, 3)"),
            "f() takes from 1 to 2 positional arguments after the optimizer (a, b) but 3 were "
            "given");
  EXPECT_EQ(error_of(with_optimizer, "f()"), "f() missing 1 required positional argument: 'a'");

  const SchedulerSignature pure{.name = "constant_schedule",
                                .parameters = {{"value", std::nullopt, "float", "v"}},
                                .optimizer_first = false,
                                .is_function = true};
  EXPECT_EQ(error_of(pure, "constant_schedule(1, 2)"),
            "constant_schedule() takes 1 positional argument (value) but 2 were given");
  const SchedulerSignature no_arguments{.name = "g", .optimizer_first = false, .is_function = true};
  EXPECT_EQ(error_of(no_arguments, "g(1)"), "g() takes 0 positional arguments but 1 was given");
  const SchedulerSignature keras_class{.name = "Decay",
                                       .parameters = {{"rate", std::nullopt, "float", "r"}},
                                       .optimizer_first = false};
  EXPECT_EQ(error_of(keras_class, "Decay(1, 2)"),
            "Decay() takes 1 positional argument (rate) but 2 were given");

  // get_scheduler(name, optimizer, num_warmup_steps=None): the optimizer is inserted second
  // when the call reaches that position, else passed by keyword.
  const SchedulerSignature second{
      .name = "get_scheduler",
      .parameters = {{"name", std::nullopt, "str", "n"},
                     {"num_warmup_steps", Value{NoneType{}, 0}, "int | None", "w"}},
      .optimizer_first = false,
      .is_function = true,
      .optimizer_index = 1};
  EXPECT_EQ(error_of(second, "get_scheduler('linear', 1, 2)"),
            "get_scheduler() takes from 1 to 2 positional arguments besides the optimizer (name, "
            "num_warmup_steps) but 3 were given");
  EXPECT_EQ(error_of(second, "get_scheduler()"),
            "get_scheduler() missing 1 required positional argument: 'name'");
  EXPECT_EQ(error_of(second, "get_scheduler('linear', 5)"), "");

  const SchedulerSignature kwargs{
      .name = "get_reduce_on_plateau_schedule", .is_function = true, .takes_kwargs = true};
  const BoundArguments bound =
      bind_arguments(parse_spec("get_reduce_on_plateau_schedule(mode='max', patience=2)"), kwargs);
  ASSERT_EQ(bound.extra_keywords().size(), 2U);
  EXPECT_EQ(bound.extra_keywords()[0].name, "mode");
  EXPECT_EQ(repr(bound.extra_keywords()[1].value), "2");
  EXPECT_EQ(error_of(kwargs, "get_reduce_on_plateau_schedule(1)"),
            "get_reduce_on_plateau_schedule() takes 0 positional arguments after the optimizer but "
            "1 was given");
  EXPECT_EQ(error_of(kwargs, "get_reduce_on_plateau_schedule(optimizer=1)"),
            "get_reduce_on_plateau_schedule() got an unexpected keyword argument 'optimizer' "
            "(leave the optimizer out of the spec)");
}

}  // namespace
}  // namespace lrsched::spec
