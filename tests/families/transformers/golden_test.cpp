// Every case of tests/golden/families/transformers.json (written by tools/gen_family_golden.py from
// the upstream transformers code) replayed through the C++ functions, bit for bit, refusals with
// the origin's exact message.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "support.hpp"

namespace {

namespace tf = lrsched::transformers;
using lrsched::InMemoryOptimizer;
using lrsched::PerGroup;
using nlohmann::json;
using Opt = InMemoryOptimizer;
using test::Case;
using test::Outcome;

/// The `--metric` expressions the cases use, as C++: Python's `float(metric)` of each.
const std::map<std::string, test::Metric>& metrics() {
  static const std::map<std::string, test::Metric> by_text = {
      {"1.0", [](std::int64_t, double) { return 1.0; }},
      {"2.0", [](std::int64_t, double) { return 2.0; }},
      {"step", [](std::int64_t step, double) { return static_cast<double>(step); }},
      {"math.sin(step / 3.0)",
       [](std::int64_t step, double) { return std::sin(static_cast<double>(step) / 3.0); }},
      {"1.0 / (1 + step) if step < 5 else 1.0",
       [](std::int64_t step, double) {
         return step < 5 ? 1.0 / static_cast<double>(1 + step) : 1.0;
       }},
  };
  return by_text;
}

/// A case's run: builds the scheduler (by value or as a unique_ptr) on the case's optimizer and
/// takes the case's rows and steps.
using Replay = std::function<Outcome(const Case&)>;

template <class Build>
Replay replay(Build build) {
  return [build](const Case& c) {
    auto optimizer = InMemoryOptimizer::like(c.optimizer, c.lr, c.momentum);
    test::Metric metric;
    if (c.metric) metric = metrics().at(*c.metric);
    return test::run(optimizer, c.steps, metric, [&] { return build(optimizer); });
  };
}

struct Entry {
  std::string spec;  // the case's spec, to catch a table that no longer matches the cases
  Replay run;
};

const std::string kT = "transformers.";

// Every case, by name, built with the C++ API. Specs after the prefix are the cases' own text.
std::map<std::string, Entry> table() {
  std::map<std::string, Entry> t;
  const auto add = [&t](const std::string& name, const std::string& spec, Replay run) {
    t.emplace(name, Entry{kT + spec, std::move(run)});
  };

  // --- get_constant_schedule
  add("constant_default", "get_constant_schedule()",
      replay([](Opt& o) { return tf::get_constant_schedule(o); }));
  add("constant_two_groups", "get_constant_schedule()",
      replay([](Opt& o) { return tf::get_constant_schedule(o); }));
  add("constant_last_epoch_explicit", "get_constant_schedule(last_epoch=-1)",
      replay([](Opt& o) { return tf::get_constant_schedule(o, {.last_epoch = -1}); }));
  add("constant_last_epoch_resume_refused", "get_constant_schedule(last_epoch=4)",
      replay([](Opt& o) { return tf::get_constant_schedule(o, {.last_epoch = 4}); }));

  // --- get_constant_schedule_with_warmup
  add("constant_with_warmup_default", "get_constant_schedule_with_warmup(num_warmup_steps=10)",
      replay([](Opt& o) { return tf::get_constant_schedule_with_warmup(o, {10}); }));
  add("constant_with_warmup_zero", "get_constant_schedule_with_warmup(num_warmup_steps=0)",
      replay([](Opt& o) {
        return tf::get_constant_schedule_with_warmup(o, {.num_warmup_steps = 0});
      }));
  add("constant_with_warmup_one", "get_constant_schedule_with_warmup(1)",
      replay([](Opt& o) { return tf::get_constant_schedule_with_warmup(o, {1}); }));
  add("constant_with_warmup_two_groups", "get_constant_schedule_with_warmup(num_warmup_steps=3)",
      replay([](Opt& o) {
        return tf::get_constant_schedule_with_warmup(o, {.num_warmup_steps = 3});
      }));

  // --- get_linear_schedule_with_warmup
  add("linear_default",
      "get_linear_schedule_with_warmup(num_warmup_steps=10, num_training_steps=100)",
      replay([](Opt& o) {
        return tf::get_linear_schedule_with_warmup(
            o, {.num_warmup_steps = 10, .num_training_steps = 100});
      }));
  add("linear_no_warmup", "get_linear_schedule_with_warmup(0, 50)", replay([](Opt& o) {
        return tf::get_linear_schedule_with_warmup(o, {0, 50});
      }));
  add("linear_warmup_equals_training",
      "get_linear_schedule_with_warmup(num_warmup_steps=10, num_training_steps=10)",
      replay([](Opt& o) {
        return tf::get_linear_schedule_with_warmup(o, {10, 10});
      }));
  add("linear_warmup_past_training",
      "get_linear_schedule_with_warmup(num_warmup_steps=8, num_training_steps=5)",
      replay([](Opt& o) {
        return tf::get_linear_schedule_with_warmup(o, {8, 5});
      }));
  add("linear_two_groups",
      "get_linear_schedule_with_warmup(num_warmup_steps=3, num_training_steps=13)",
      replay([](Opt& o) {
        return tf::get_linear_schedule_with_warmup(o, {3, 13});
      }));
  add("linear_last_epoch_resume_refused", "get_linear_schedule_with_warmup(3, 13, last_epoch=5)",
      replay([](Opt& o) {
        return tf::get_linear_schedule_with_warmup(o, {3, 13, 5});
      }));

  // --- get_cosine_schedule_with_warmup
  add("cosine_default",
      "get_cosine_schedule_with_warmup(num_warmup_steps=10, num_training_steps=100)",
      replay([](Opt& o) {
        return tf::get_cosine_schedule_with_warmup(
            o, {.num_warmup_steps = 10, .num_training_steps = 100});
      }));
  add("cosine_num_cycles_float",
      "get_cosine_schedule_with_warmup(num_warmup_steps=5, num_training_steps=45, "
      "num_cycles=1.5)",
      replay([](Opt& o) {
        return tf::get_cosine_schedule_with_warmup(
            o, {.num_warmup_steps = 5, .num_training_steps = 45, .num_cycles = 1.5});
      }));
  add("cosine_num_cycles_int",
      "get_cosine_schedule_with_warmup(num_warmup_steps=0, num_training_steps=20, num_cycles=1)",
      replay([](Opt& o) {
        return tf::get_cosine_schedule_with_warmup(
            o, {.num_warmup_steps = 0, .num_training_steps = 20, .num_cycles = 1});
      }));
  add("cosine_warmup_equals_training",
      "get_cosine_schedule_with_warmup(num_warmup_steps=6, num_training_steps=6)",
      replay([](Opt& o) {
        return tf::get_cosine_schedule_with_warmup(o, {6, 6});
      }));
  add("cosine_two_groups",
      "get_cosine_schedule_with_warmup(num_warmup_steps=4, num_training_steps=24)",
      replay([](Opt& o) {
        return tf::get_cosine_schedule_with_warmup(o, {4, 24});
      }));
  add("cosine_last_epoch_explicit", "get_cosine_schedule_with_warmup(2, 12, 0.5, -1)",
      replay([](Opt& o) {
        return tf::get_cosine_schedule_with_warmup(o, {2, 12, 0.5, -1});
      }));

  // --- get_cosine_with_hard_restarts_schedule_with_warmup
  add("hard_restarts_default",
      "get_cosine_with_hard_restarts_schedule_with_warmup(num_warmup_steps=5, "
      "num_training_steps=50)",
      replay([](Opt& o) {
        return tf::get_cosine_with_hard_restarts_schedule_with_warmup(
            o, {.num_warmup_steps = 5, .num_training_steps = 50});
      }));
  add("hard_restarts_three_cycles",
      "get_cosine_with_hard_restarts_schedule_with_warmup(num_warmup_steps=5, "
      "num_training_steps=35, num_cycles=3)",
      replay([](Opt& o) {
        return tf::get_cosine_with_hard_restarts_schedule_with_warmup(
            o, {.num_warmup_steps = 5, .num_training_steps = 35, .num_cycles = 3});
      }));
  add("hard_restarts_float_cycles",
      "get_cosine_with_hard_restarts_schedule_with_warmup(num_warmup_steps=0, "
      "num_training_steps=20, num_cycles=2.5)",
      replay([](Opt& o) {
        return tf::get_cosine_with_hard_restarts_schedule_with_warmup(
            o, {.num_warmup_steps = 0, .num_training_steps = 20, .num_cycles = 2.5});
      }));
  add("hard_restarts_two_groups", "get_cosine_with_hard_restarts_schedule_with_warmup(2, 14, 2)",
      replay([](Opt& o) {
        return tf::get_cosine_with_hard_restarts_schedule_with_warmup(o, {2, 14, 2});
      }));

  // --- get_polynomial_decay_schedule_with_warmup
  add("polynomial_default",
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=10, num_training_steps=100)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(
            o, {.num_warmup_steps = 10, .num_training_steps = 100});
      }));
  add("polynomial_power_float",
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=4, num_training_steps=40, "
      "lr_end=1e-4, power=2.0)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(
            o, {.num_warmup_steps = 4, .num_training_steps = 40, .lr_end = 1e-4, .power = 2.0});
      }));
  add("polynomial_power_int",
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=0, num_training_steps=30, "
      "lr_end=0.0, power=3)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(
            o, {.num_warmup_steps = 0, .num_training_steps = 30, .lr_end = 0.0, .power = 3});
      }));
  add("polynomial_power_half", "get_polynomial_decay_schedule_with_warmup(3, 23, 1e-3, 0.5)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(o, {3, 23, 1e-3, 0.5});
      }));
  add("polynomial_two_groups",
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=2, num_training_steps=12, "
      "lr_end=0.01)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(
            o, {.num_warmup_steps = 2, .num_training_steps = 12, .lr_end = 0.01});
      }));
  add("polynomial_warmup_past_training",
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=8, num_training_steps=5)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(o, {8, 5});
      }));
  add("polynomial_negative_lr_end",
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=0, num_training_steps=10, "
      "lr_end=-0.05)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(
            o, {.num_warmup_steps = 0, .num_training_steps = 10, .lr_end = -0.05});
      }));
  for (const char* name :
       {"polynomial_equal_steps_before_the_division", "polynomial_equal_steps_zero_division"}) {
    add(name,
        "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=10, num_training_steps=10)",
        replay([](Opt& o) {
          return tf::get_polynomial_decay_schedule_with_warmup(o, {10, 10});
        }));
  }
  add("polynomial_negative_power_at_the_end",
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=2, num_training_steps=6, "
      "power=-1.0)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(
            o, {.num_warmup_steps = 2, .num_training_steps = 6, .power = -1.0});
      }));
  add("polynomial_lr_end_not_smaller_refused",
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=2, num_training_steps=6, "
      "lr_end=0.1)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(
            o, {.num_warmup_steps = 2, .num_training_steps = 6, .lr_end = 0.1});
      }));
  add("polynomial_lr_end_against_group_0_refused",
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=2, num_training_steps=6, "
      "lr_end=0.05)",
      replay([](Opt& o) {
        return tf::get_polynomial_decay_schedule_with_warmup(
            o, {.num_warmup_steps = 2, .num_training_steps = 6, .lr_end = 0.05});
      }));

  // --- get_inverse_sqrt_schedule
  add("inverse_sqrt_default", "get_inverse_sqrt_schedule(num_warmup_steps=10)",
      replay([](Opt& o) { return tf::get_inverse_sqrt_schedule(o, {.num_warmup_steps = 10}); }));
  add("inverse_sqrt_no_warmup", "get_inverse_sqrt_schedule(num_warmup_steps=0)",
      replay([](Opt& o) { return tf::get_inverse_sqrt_schedule(o, {.num_warmup_steps = 0}); }));
  add("inverse_sqrt_timescale", "get_inverse_sqrt_schedule(5, 20)", replay([](Opt& o) {
        return tf::get_inverse_sqrt_schedule(o, {5, 20});
      }));
  add("inverse_sqrt_two_groups", "get_inverse_sqrt_schedule(num_warmup_steps=3, timescale=None)",
      replay([](Opt& o) {
        return tf::get_inverse_sqrt_schedule(o, {.num_warmup_steps = 3, .timescale = {}});
      }));
  add("inverse_sqrt_timescale_zero", "get_inverse_sqrt_schedule(num_warmup_steps=2, timescale=0)",
      replay([](Opt& o) {
        return tf::get_inverse_sqrt_schedule(o, {.num_warmup_steps = 2, .timescale = 0});
      }));
  add("inverse_sqrt_timescale_negative",
      "get_inverse_sqrt_schedule(num_warmup_steps=0, timescale=-5)", replay([](Opt& o) {
        return tf::get_inverse_sqrt_schedule(o, {.num_warmup_steps = 0, .timescale = -5});
      }));

  // --- get_cosine_with_min_lr_schedule_with_warmup
  add("cosine_min_lr_rate",
      "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=10, num_training_steps=100, "
      "min_lr_rate=0.1)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup(
            o, {.num_warmup_steps = 10, .num_training_steps = 100, .min_lr_rate = 0.1});
      }));
  add("cosine_min_lr_two_groups",
      "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=3, num_training_steps=23, "
      "min_lr=1e-3)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup(
            o, {.num_warmup_steps = 3, .num_training_steps = 23, .min_lr = 1e-3});
      }));
  add("cosine_min_lr_num_cycles",
      "get_cosine_with_min_lr_schedule_with_warmup(2, 22, 1.5, -1, None, 0.2)", replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup(o, {2, 22, 1.5, -1, {}, 0.2});
      }));
  add("cosine_min_lr_rate_above_one",
      "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=0, num_training_steps=10, "
      "min_lr_rate=1.5)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup(
            o, {.num_warmup_steps = 0, .num_training_steps = 10, .min_lr_rate = 1.5});
      }));
  add("cosine_min_lr_both_refused",
      "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=2, num_training_steps=6, "
      "min_lr=0.01, min_lr_rate=0.1)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup(
            o,
            {.num_warmup_steps = 2, .num_training_steps = 6, .min_lr = 0.01, .min_lr_rate = 0.1});
      }));
  add("cosine_min_lr_neither_refused",
      "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=2, num_training_steps=6)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup(o, {2, 6});
      }));
  // A list min_lr reaches the function only through get_scheduler's kwargs in C++ (its Options
  // take a float): the same call, and Python's TypeError.
  add("cosine_min_lr_list_refused",
      "get_cosine_with_min_lr_schedule_with_warmup(num_warmup_steps=2, num_training_steps=6, "
      "min_lr=[0.01])",
      replay([](Opt& o) {
        return tf::get_scheduler("cosine_with_min_lr", o,
                                 {.num_warmup_steps = 2,
                                  .num_training_steps = 6,
                                  .scheduler_specific_kwargs = {.min_lr = PerGroup{0.01}}});
      }));

  // --- get_cosine_with_min_lr_schedule_with_warmup_lr_rate
  add("cosine_lr_rate_default",
      "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=10, "
      "num_training_steps=100, min_lr_rate=0.1)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
            o, {.num_warmup_steps = 10, .num_training_steps = 100, .min_lr_rate = 0.1});
      }));
  add("cosine_lr_rate_warmup_lr_rate",
      "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=5, "
      "num_training_steps=25, min_lr_rate=0.05, warmup_lr_rate=0.01)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(o, {.num_warmup_steps = 5,
                                                                           .num_training_steps = 25,
                                                                           .min_lr_rate = 0.05,
                                                                           .warmup_lr_rate = 0.01});
      }));
  add("cosine_lr_rate_warmup_lr_rate_one_step",
      "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=1, "
      "num_training_steps=10, min_lr_rate=0.0, warmup_lr_rate=0.2)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(o, {.num_warmup_steps = 1,
                                                                           .num_training_steps = 10,
                                                                           .min_lr_rate = 0.0,
                                                                           .warmup_lr_rate = 0.2});
      }));
  add("cosine_lr_rate_no_warmup",
      "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=0, "
      "num_training_steps=10, min_lr_rate=0.0)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
            o, {.num_warmup_steps = 0, .num_training_steps = 10, .min_lr_rate = 0.0});
      }));
  add("cosine_lr_rate_min_lr_two_groups",
      "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(3, 17, 0.5, -1, 0.002)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(o, {3, 17, 0.5, -1, 0.002});
      }));
  add("cosine_lr_rate_num_cycles",
      "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=4, "
      "num_training_steps=24, num_cycles=1, min_lr_rate=0.3)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
            o,
            {.num_warmup_steps = 4, .num_training_steps = 24, .num_cycles = 1, .min_lr_rate = 0.3});
      }));
  add("cosine_lr_rate_both_refused",
      "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=2, "
      "num_training_steps=6, min_lr=0.01, min_lr_rate=0.1)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
            o,
            {.num_warmup_steps = 2, .num_training_steps = 6, .min_lr = 0.01, .min_lr_rate = 0.1});
      }));
  add("cosine_lr_rate_neither_refused",
      "get_cosine_with_min_lr_schedule_with_warmup_lr_rate(num_warmup_steps=2, "
      "num_training_steps=6, warmup_lr_rate=0.1)",
      replay([](Opt& o) {
        return tf::get_cosine_with_min_lr_schedule_with_warmup_lr_rate(
            o, {.num_warmup_steps = 2, .num_training_steps = 6, .warmup_lr_rate = 0.1});
      }));

  // --- get_wsd_schedule
  add("wsd_default",
      "get_wsd_schedule(num_warmup_steps=10, num_decay_steps=20, num_training_steps=100)",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(
            o, {.num_warmup_steps = 10, .num_decay_steps = 20, .num_training_steps = 100});
      }));
  add("wsd_num_stable_steps",
      "get_wsd_schedule(num_warmup_steps=4, num_decay_steps=6, num_stable_steps=5)",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(
            o, {.num_warmup_steps = 4, .num_decay_steps = 6, .num_stable_steps = 5});
      }));
  add("wsd_both_lengths",
      "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3, num_training_steps=10, "
      "num_stable_steps=2)",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(o, {.num_warmup_steps = 2,
                                        .num_decay_steps = 3,
                                        .num_training_steps = 10,
                                        .num_stable_steps = 2});
      }));
  add("wsd_warmup_cosine_decay_linear",
      "get_wsd_schedule(num_warmup_steps=6, num_decay_steps=8, num_training_steps=20, "
      "warmup_type='cosine', decay_type='linear')",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(o, {.num_warmup_steps = 6,
                                        .num_decay_steps = 8,
                                        .num_training_steps = 20,
                                        .warmup_type = "cosine",
                                        .decay_type = "linear"});
      }));
  add("wsd_warmup_1sqrt_decay_1sqrt",
      "get_wsd_schedule(num_warmup_steps=6, num_decay_steps=8, num_training_steps=20, "
      "warmup_type='1-sqrt', decay_type='1-sqrt')",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(o, {.num_warmup_steps = 6,
                                        .num_decay_steps = 8,
                                        .num_training_steps = 20,
                                        .warmup_type = "1-sqrt",
                                        .decay_type = "1-sqrt"});
      }));
  add("wsd_warmup_linear_decay_cosine_cycles",
      "get_wsd_schedule(num_warmup_steps=3, num_decay_steps=10, num_training_steps=18, "
      "warmup_type='linear', decay_type='cosine', num_cycles=1.0)",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(o, {.num_warmup_steps = 3,
                                        .num_decay_steps = 10,
                                        .num_training_steps = 18,
                                        .warmup_type = "linear",
                                        .decay_type = "cosine",
                                        .num_cycles = 1.0});
      }));
  add("wsd_min_lr_ratio", "get_wsd_schedule(4, 6, 15, None, 'cosine', 'cosine', 0.1, 0.5, -1)",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(o, {4, 6, 15, {}, "cosine", "cosine", 0.1, 0.5, -1});
      }));
  add("wsd_min_lr_ratio_two_groups",
      "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=4, num_training_steps=10, "
      "decay_type='linear', min_lr_ratio=0.25)",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(o, {.num_warmup_steps = 2,
                                        .num_decay_steps = 4,
                                        .num_training_steps = 10,
                                        .decay_type = "linear",
                                        .min_lr_ratio = 0.25});
      }));
  add("wsd_negative_stable",
      "get_wsd_schedule(num_warmup_steps=10, num_decay_steps=20, num_training_steps=20)",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(
            o, {.num_warmup_steps = 10, .num_decay_steps = 20, .num_training_steps = 20});
      }));
  add("wsd_no_lengths_refused", "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3)",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(o, {.num_warmup_steps = 2, .num_decay_steps = 3});
      }));
  add("wsd_warmup_type_refused",
      "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3, num_training_steps=10, "
      "warmup_type='exponential')",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(o, {.num_warmup_steps = 2,
                                        .num_decay_steps = 3,
                                        .num_training_steps = 10,
                                        .warmup_type = "exponential"});
      }));
  add("wsd_decay_type_refused",
      "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3, num_training_steps=10, "
      "decay_type='sqrt')",
      replay([](Opt& o) {
        return tf::get_wsd_schedule(o, {.num_warmup_steps = 2,
                                        .num_decay_steps = 3,
                                        .num_training_steps = 10,
                                        .decay_type = "sqrt"});
      }));
  add("wsd_warmup_type_enum_refused",
      "get_wsd_schedule(num_warmup_steps=2, num_decay_steps=3, num_training_steps=10, "
      "warmup_type=transformers.SchedulerType.CONSTANT)",
      replay([](Opt& o) {
        tf::WsdScheduleOptions options{2, 3, 10};
        options.warmup_type =
            "SchedulerType.CONSTANT";  // str() of the member, as upstream shows it
        return tf::get_wsd_schedule(o, options);
      }));

  // --- get_reduce_on_plateau_schedule
  add("plateau_default", "get_reduce_on_plateau_schedule()",
      replay([](Opt& o) { return tf::get_reduce_on_plateau_schedule(o); }));
  add("plateau_kwargs",
      "get_reduce_on_plateau_schedule(mode='max', factor=0.5, patience=2, threshold=0.01, "
      "threshold_mode='abs', cooldown=1, min_lr=0.01, eps=1e-3)",
      replay([](Opt& o) {
        return tf::get_reduce_on_plateau_schedule(o, {.mode = "max",
                                                      .factor = 0.5,
                                                      .patience = 2,
                                                      .threshold = 0.01,
                                                      .threshold_mode = "abs",
                                                      .cooldown = 1,
                                                      .min_lr = 0.01,
                                                      .eps = 1e-3});
      }));
  add("plateau_two_groups_min_lr_list",
      "get_reduce_on_plateau_schedule(patience=1, min_lr=[0.02, 0.01])", replay([](Opt& o) {
        return tf::get_reduce_on_plateau_schedule(o, {.patience = 1, .min_lr = {0.02, 0.01}});
      }));
  add("plateau_factor_refused", "get_reduce_on_plateau_schedule(factor=1.0)",
      replay([](Opt& o) { return tf::get_reduce_on_plateau_schedule(o, {.factor = 1.0}); }));
  add("plateau_mode_refused", "get_reduce_on_plateau_schedule(mode='mean')",
      replay([](Opt& o) { return tf::get_reduce_on_plateau_schedule(o, {.mode = "mean"}); }));
  add("plateau_threshold_mode_refused", "get_reduce_on_plateau_schedule(threshold_mode='ratio')",
      replay([](Opt& o) {
        return tf::get_reduce_on_plateau_schedule(o, {.threshold_mode = "ratio"});
      }));

  // --- get_scheduler
  add("scheduler_linear", "get_scheduler('linear', num_warmup_steps=5, num_training_steps=25)",
      replay([](Opt& o) {
        return tf::get_scheduler("linear", o, {.num_warmup_steps = 5, .num_training_steps = 25});
      }));
  add("scheduler_linear_last_epoch_kwarg_refused",
      "get_scheduler('linear', num_warmup_steps=5, num_training_steps=25, "
      "scheduler_specific_kwargs={'last_epoch': 3})",
      replay([](Opt& o) {
        return tf::get_scheduler("linear", o,
                                 {.num_warmup_steps = 5,
                                  .num_training_steps = 25,
                                  .scheduler_specific_kwargs = {.last_epoch = 3}});
      }));
  add("scheduler_cosine", "get_scheduler('cosine', num_warmup_steps=5, num_training_steps=25)",
      replay([](Opt& o) {
        return tf::get_scheduler("cosine", o, {.num_warmup_steps = 5, .num_training_steps = 25});
      }));
  add("scheduler_cosine_kwargs",
      "get_scheduler('cosine', num_warmup_steps=5, num_training_steps=25, "
      "scheduler_specific_kwargs={'num_cycles': 1.0})",
      replay([](Opt& o) {
        return tf::get_scheduler("cosine", o,
                                 {.num_warmup_steps = 5,
                                  .num_training_steps = 25,
                                  .scheduler_specific_kwargs = {.num_cycles = 1.0}});
      }));
  add("scheduler_cosine_enum", "get_scheduler(transformers.SchedulerType.COSINE, 2, 12)",
      replay([](Opt& o) {
        return tf::get_scheduler(tf::SchedulerType::cosine, o, {2, 12});
      }));
  add("scheduler_enum_call",
      "get_scheduler(transformers.SchedulerType('polynomial'), num_warmup_steps=3, "
      "num_training_steps=20, scheduler_specific_kwargs={'lr_end': 1e-3})",
      replay([](Opt& o) {
        return tf::get_scheduler(tf::SchedulerType::polynomial, o,
                                 {.num_warmup_steps = 3,
                                  .num_training_steps = 20,
                                  .scheduler_specific_kwargs = {.lr_end = 1e-3}});
      }));
  add("scheduler_enum_bare",
      "get_scheduler(SchedulerType.WARMUP_STABLE_DECAY, 3, 20, "
      "{'num_decay_steps': 6, 'decay_type': SchedulerType.LINEAR})",
      replay([](Opt& o) {
        return tf::get_scheduler(tf::SchedulerType::warmup_stable_decay, o,
                                 {3, 20, {.num_decay_steps = 6, .decay_type = "linear"}});
      }));
  add("scheduler_enum_value",
      "optimization.get_scheduler(transformers.optimization.SchedulerType.INVERSE_SQRT.value, 4)",
      replay([](Opt& o) { return tf::get_scheduler("inverse_sqrt", o, {.num_warmup_steps = 4}); }));
  add("scheduler_cosine_with_restarts",
      "get_scheduler('cosine_with_restarts', num_warmup_steps=2, num_training_steps=20, "
      "scheduler_specific_kwargs={'num_cycles': 3})",
      replay([](Opt& o) {
        return tf::get_scheduler("cosine_with_restarts", o,
                                 {.num_warmup_steps = 2,
                                  .num_training_steps = 20,
                                  .scheduler_specific_kwargs = {.num_cycles = 3}});
      }));
  add("scheduler_cosine_with_restarts_no_kwargs",
      "get_scheduler('cosine_with_restarts', num_warmup_steps=2, num_training_steps=20)",
      replay([](Opt& o) {
        return tf::get_scheduler("cosine_with_restarts", o,
                                 {.num_warmup_steps = 2, .num_training_steps = 20});
      }));
  add("scheduler_polynomial",
      "get_scheduler('polynomial', num_warmup_steps=3, num_training_steps=20, "
      "scheduler_specific_kwargs={'lr_end': 1e-3, 'power': 2.0})",
      replay([](Opt& o) {
        return tf::get_scheduler("polynomial", o,
                                 {.num_warmup_steps = 3,
                                  .num_training_steps = 20,
                                  .scheduler_specific_kwargs = {.lr_end = 1e-3, .power = 2.0}});
      }));
  add("scheduler_polynomial_no_kwargs",
      "get_scheduler('polynomial', num_warmup_steps=3, num_training_steps=20)", replay([](Opt& o) {
        return tf::get_scheduler("polynomial", o,
                                 {.num_warmup_steps = 3, .num_training_steps = 20});
      }));
  add("scheduler_constant",
      "get_scheduler('constant', num_warmup_steps=5, num_training_steps=20, "
      "scheduler_specific_kwargs={'num_cycles': 2})",
      replay([](Opt& o) {
        return tf::get_scheduler("constant", o,
                                 {.num_warmup_steps = 5,
                                  .num_training_steps = 20,
                                  .scheduler_specific_kwargs = {.num_cycles = 2}});
      }));
  add("scheduler_constant_nothing", "get_scheduler('constant')",
      replay([](Opt& o) { return tf::get_scheduler("constant", o); }));
  add("scheduler_constant_with_warmup",
      "get_scheduler('constant_with_warmup', num_warmup_steps=4, num_training_steps=20, "
      "scheduler_specific_kwargs={'num_cycles': 2})",
      replay([](Opt& o) {
        return tf::get_scheduler("constant_with_warmup", o,
                                 {.num_warmup_steps = 4,
                                  .num_training_steps = 20,
                                  .scheduler_specific_kwargs = {.num_cycles = 2}});
      }));
  add("scheduler_inverse_sqrt",
      "get_scheduler('inverse_sqrt', num_warmup_steps=4, "
      "scheduler_specific_kwargs={'timescale': 100})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "inverse_sqrt", o,
            {.num_warmup_steps = 4, .scheduler_specific_kwargs = {.timescale = 100}});
      }));
  add("scheduler_reduce_lr_on_plateau",
      "get_scheduler('reduce_lr_on_plateau', num_warmup_steps=3, num_training_steps=10, "
      "scheduler_specific_kwargs={'patience': 2, 'factor': 0.5})",
      replay([](Opt& o) {
        return tf::get_scheduler("reduce_lr_on_plateau", o,
                                 {.num_warmup_steps = 3,
                                  .num_training_steps = 10,
                                  .scheduler_specific_kwargs = {.factor = 0.5, .patience = 2}});
      }));
  add("scheduler_reduce_lr_on_plateau_no_kwargs", "get_scheduler('reduce_lr_on_plateau')",
      replay([](Opt& o) { return tf::get_scheduler("reduce_lr_on_plateau", o); }));
  add("scheduler_cosine_with_min_lr",
      "get_scheduler('cosine_with_min_lr', num_warmup_steps=4, num_training_steps=24, "
      "scheduler_specific_kwargs={'min_lr_rate': 0.1})",
      replay([](Opt& o) {
        return tf::get_scheduler("cosine_with_min_lr", o,
                                 {.num_warmup_steps = 4,
                                  .num_training_steps = 24,
                                  .scheduler_specific_kwargs = {.min_lr_rate = 0.1}});
      }));
  add("scheduler_cosine_with_min_lr_min_lr",
      "get_scheduler('cosine_with_min_lr', num_warmup_steps=4, num_training_steps=24, "
      "scheduler_specific_kwargs={'min_lr': 0.005, 'num_cycles': 0.75})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "cosine_with_min_lr", o,
            {.num_warmup_steps = 4,
             .num_training_steps = 24,
             .scheduler_specific_kwargs = {.num_cycles = 0.75, .min_lr = 0.005}});
      }));
  add("scheduler_cosine_warmup_with_min_lr",
      "get_scheduler('cosine_warmup_with_min_lr', num_warmup_steps=4, num_training_steps=24, "
      "scheduler_specific_kwargs={'min_lr_rate': 0.1, 'warmup_lr_rate': 0.05})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "cosine_warmup_with_min_lr", o,
            {.num_warmup_steps = 4,
             .num_training_steps = 24,
             .scheduler_specific_kwargs = {.min_lr_rate = 0.1, .warmup_lr_rate = 0.05}});
      }));
  add("scheduler_warmup_stable_decay",
      "get_scheduler('warmup_stable_decay', num_warmup_steps=3, num_training_steps=20, "
      "scheduler_specific_kwargs={'num_decay_steps': 6, 'decay_type': 'linear', "
      "'min_lr_ratio': 0.1})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "warmup_stable_decay", o,
            {.num_warmup_steps = 3,
             .num_training_steps = 20,
             .scheduler_specific_kwargs = {
                 .num_decay_steps = 6, .decay_type = "linear", .min_lr_ratio = 0.1}});
      }));
  add("scheduler_warmup_stable_decay_stable_steps",
      "get_scheduler('warmup_stable_decay', num_warmup_steps=3, "
      "scheduler_specific_kwargs={'num_decay_steps': 6, 'num_stable_steps': 4})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "warmup_stable_decay", o,
            {.num_warmup_steps = 3,
             .scheduler_specific_kwargs = {.num_decay_steps = 6, .num_stable_steps = 4}});
      }));
  add("scheduler_warmup_stable_decay_both",
      "get_scheduler('warmup_stable_decay', num_warmup_steps=3, num_training_steps=30, "
      "scheduler_specific_kwargs={'num_decay_steps': 6, 'num_stable_steps': 4})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "warmup_stable_decay", o,
            {.num_warmup_steps = 3,
             .num_training_steps = 30,
             .scheduler_specific_kwargs = {.num_decay_steps = 6, .num_stable_steps = 4}});
      }));

  // --- get_scheduler refusals
  add("scheduler_unknown_name_refused", "get_scheduler('foo', num_warmup_steps=1)",
      replay([](Opt& o) { return tf::get_scheduler("foo", o, {.num_warmup_steps = 1}); }));
  add("scheduler_linear_no_warmup_refused", "get_scheduler('linear', num_training_steps=10)",
      replay([](Opt& o) { return tf::get_scheduler("linear", o, {.num_training_steps = 10}); }));
  add("scheduler_cosine_no_training_refused", "get_scheduler('cosine', num_warmup_steps=2)",
      replay([](Opt& o) { return tf::get_scheduler("cosine", o, {.num_warmup_steps = 2}); }));
  add("scheduler_cosine_with_restarts_no_training_refused",
      "get_scheduler('cosine_with_restarts', num_warmup_steps=2)", replay([](Opt& o) {
        return tf::get_scheduler("cosine_with_restarts", o, {.num_warmup_steps = 2});
      }));
  add("scheduler_polynomial_no_warmup_refused",
      "get_scheduler('polynomial', num_training_steps=10)", replay([](Opt& o) {
        return tf::get_scheduler("polynomial", o, {.num_training_steps = 10});
      }));
  add("scheduler_constant_with_warmup_no_warmup_refused", "get_scheduler('constant_with_warmup')",
      replay([](Opt& o) { return tf::get_scheduler("constant_with_warmup", o); }));
  add("scheduler_inverse_sqrt_no_warmup_refused", "get_scheduler('inverse_sqrt')",
      replay([](Opt& o) { return tf::get_scheduler("inverse_sqrt", o); }));
  add("scheduler_cosine_with_min_lr_no_warmup_refused",
      "get_scheduler('cosine_with_min_lr', num_training_steps=10, "
      "scheduler_specific_kwargs={'min_lr_rate': 0.1})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "cosine_with_min_lr", o,
            {.num_training_steps = 10, .scheduler_specific_kwargs = {.min_lr_rate = 0.1}});
      }));
  add("scheduler_cosine_warmup_with_min_lr_no_training_refused",
      "get_scheduler('cosine_warmup_with_min_lr', num_warmup_steps=2, "
      "scheduler_specific_kwargs={'min_lr_rate': 0.1})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "cosine_warmup_with_min_lr", o,
            {.num_warmup_steps = 2, .scheduler_specific_kwargs = {.min_lr_rate = 0.1}});
      }));
  add("scheduler_warmup_stable_decay_no_warmup_refused",
      "get_scheduler('warmup_stable_decay', num_training_steps=10, "
      "scheduler_specific_kwargs={'num_decay_steps': 3})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "warmup_stable_decay", o,
            {.num_training_steps = 10, .scheduler_specific_kwargs = {.num_decay_steps = 3}});
      }));
  add("scheduler_cosine_with_min_lr_no_kwargs_refused",
      "get_scheduler('cosine_with_min_lr', num_warmup_steps=2, num_training_steps=10)",
      replay([](Opt& o) {
        return tf::get_scheduler("cosine_with_min_lr", o,
                                 {.num_warmup_steps = 2, .num_training_steps = 10});
      }));
  add("scheduler_linear_unexpected_kwarg_refused",
      "get_scheduler('linear', num_warmup_steps=1, num_training_steps=10, "
      "scheduler_specific_kwargs={'num_cycles': 2})",
      replay([](Opt& o) {
        return tf::get_scheduler("linear", o,
                                 {.num_warmup_steps = 1,
                                  .num_training_steps = 10,
                                  .scheduler_specific_kwargs = {.num_cycles = 2}});
      }));
  add("scheduler_cosine_unexpected_kwarg_refused",
      "get_scheduler('cosine', num_warmup_steps=1, num_training_steps=10, "
      "scheduler_specific_kwargs={'lr_end': 0.0})",
      replay([](Opt& o) {
        return tf::get_scheduler("cosine", o,
                                 {.num_warmup_steps = 1,
                                  .num_training_steps = 10,
                                  .scheduler_specific_kwargs = {.lr_end = 0.0}});
      }));
  add("scheduler_reduce_lr_on_plateau_unexpected_kwarg_refused",
      "get_scheduler('reduce_lr_on_plateau', scheduler_specific_kwargs={'last_epoch': 2})",
      replay([](Opt& o) {
        return tf::get_scheduler("reduce_lr_on_plateau", o,
                                 {.scheduler_specific_kwargs = {.last_epoch = 2}});
      }));
  add("scheduler_warmup_stable_decay_missing_decay_refused",
      "get_scheduler('warmup_stable_decay', num_warmup_steps=1, num_training_steps=10)",
      replay([](Opt& o) {
        return tf::get_scheduler("warmup_stable_decay", o,
                                 {.num_warmup_steps = 1, .num_training_steps = 10});
      }));
  add("scheduler_enum_no_training_refused", "get_scheduler(SchedulerType.COSINE_WITH_RESTARTS, 2)",
      replay([](Opt& o) {
        return tf::get_scheduler(tf::SchedulerType::cosine_with_restarts, o,
                                 {.num_warmup_steps = 2});
      }));
  add("scheduler_enum_plateau_mode_refused",
      "get_scheduler(SchedulerType.REDUCE_ON_PLATEAU, "
      "scheduler_specific_kwargs={'mode': SchedulerType.LINEAR})",
      replay([](Opt& o) {
        return tf::get_scheduler(tf::SchedulerType::reduce_on_plateau, o,
                                 {.scheduler_specific_kwargs = {.mode = "linear"}});
      }));
  add("scheduler_warmup_stable_decay_no_lengths_refused",
      "get_scheduler('warmup_stable_decay', num_warmup_steps=1, "
      "scheduler_specific_kwargs={'num_decay_steps': 3})",
      replay([](Opt& o) {
        return tf::get_scheduler(
            "warmup_stable_decay", o,
            {.num_warmup_steps = 1, .scheduler_specific_kwargs = {.num_decay_steps = 3}});
      }));
  return t;
}

// Cases whose refusal is worded by PyTorch, not by transformers, and where lrsched follows the
// newest PyTorch while the oracle runs torch 1.13: LambdaLR's KeyError for `last_epoch >= 0` on
// an optimizer without `initial_lr`. The type and the opening words agree; 1.13 ends with
// "when resuming an optimizer", the newest PyTorch with "when resuming scheduler with last_epoch
// >= 0." and a hint.
const std::set<std::string> kTorchWordedKeyError = {"constant_last_epoch_resume_refused",
                                                    "linear_last_epoch_resume_refused",
                                                    "scheduler_linear_last_epoch_kwarg_refused"};
const std::string kTorch113KeyError =
    "KeyError: \"param 'initial_lr' is not specified in param_groups[0] when resuming an "
    "optimizer\"";
const std::string kNewestKeyErrorStart =
    "KeyError: param 'initial_lr' is not specified in param_groups[0] when resuming scheduler "
    "with last_epoch >= 0.\n";

TEST(TransformersGolden, EveryCaseHasAConstructionAndEveryConstructionACase) {
  const auto cases = test::load_cases();
  const auto t = table();
  ASSERT_GE(cases.size(), 50U);
  std::set<std::string> names;
  for (const Case& c : cases) {
    names.insert(c.name);
    const auto it = t.find(c.name);
    ASSERT_NE(it, t.end()) << "no C++ construction for case " << c.name;
    EXPECT_EQ(it->second.spec, c.spec) << c.name << ": the table's spec is not the case's";
    if (c.metric) {
      EXPECT_TRUE(metrics().contains(*c.metric)) << c.name << ": " << *c.metric;
    }
  }
  for (const auto& [name, entry] : t) {
    EXPECT_TRUE(names.contains(name)) << "no case " << name;
  }
}

TEST(TransformersGolden, EveryCaseBitForBit) {
  const auto t = table();
  std::size_t values = 0;
  std::size_t refusals = 0;
  for (const Case& c : test::load_cases()) {
    SCOPED_TRACE(c.name + ": " + c.spec);
    const auto it = t.find(c.name);
    ASSERT_NE(it, t.end());
    const Outcome got = it->second.run(c);
    if (c.expected.contains("error")) {
      ++refusals;
      const auto want = c.expected.at("error").get<std::string>();
      ASSERT_TRUE(got.error.has_value()) << "expected " << want;
      if (kTorchWordedKeyError.contains(c.name)) {
        EXPECT_EQ(want, kTorch113KeyError);
        EXPECT_EQ(got.error->rfind(kNewestKeyErrorStart, 0), 0U) << *got.error;
      } else {
        EXPECT_EQ(*got.error, want);
      }
      continue;
    }
    ASSERT_FALSE(got.error.has_value()) << *got.error;
    const json& want = c.expected.at("lr");
    ASSERT_EQ(want.size(), c.lr.size());
    ASSERT_EQ(got.lr.size(), c.lr.size());
    for (std::size_t g = 0; g < want.size(); ++g) {
      ASSERT_EQ(want[g].size(), static_cast<std::size_t>(c.steps));
      ASSERT_EQ(got.lr[g].size(), want[g].size());
      for (std::size_t k = 0; k < want[g].size(); ++k) {
        ASSERT_TRUE(want[g][k].is_number()) << "group " << g << " row " << k;
        const double w = want[g][k].get<double>();
        ASSERT_EQ(std::bit_cast<std::uint64_t>(got.lr[g][k]), std::bit_cast<std::uint64_t>(w))
            << "group " << g << " row " << k << ": expected " << test::repr(w) << ", got "
            << test::repr(got.lr[g][k]);
        ++values;
      }
    }
  }
  EXPECT_GE(refusals, 30U);
  EXPECT_GE(values, 2500U);
}

}  // namespace
