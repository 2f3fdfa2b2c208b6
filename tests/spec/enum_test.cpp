// transformers' SchedulerType members built into schedules, as the families' oracle
// (simulate.py) runs them: a member where the origins take a str compares and concatenates as its
// value, while messages that format it show str() of it. Expected values and messages are the
// oracle's output. The parser's side (spellings, refusals) is in parser_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/spec/build.hpp"

namespace lrsched::spec {
namespace {

const std::string kChoices =
    " is not a valid SchedulerType, please select one of ['linear', 'cosine', "
    "'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', 'inverse_sqrt', "
    "'reduce_lr_on_plateau', 'cosine_with_min_lr', 'cosine_warmup_with_min_lr', "
    "'warmup_stable_decay']";

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
