// Properties every registry row must have, checked over the whole registry: a row added later is
// checked without touching this file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lrsched/spec/build.hpp"
#include "lrsched/spec/length.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/state_json.hpp"

namespace lrsched::spec {
namespace {

InMemoryOptimizer optimizer_for(const Example& example) {
  InMemoryOptimizer opt = InMemoryOptimizer::like(example.optimizer, example.lrs, example.momentum);
  for (std::size_t i = 0; i < example.initial_lrs.size(); ++i) {
    opt.set_key(i, GroupKey::initial_lr, example.initial_lrs[i]);
  }
  return opt;
}

// The state after construction and after a few steps: what a scheduler's arguments decide.
std::vector<std::string> states_of(const std::string& spec, const Example& example) {
  InMemoryOptimizer opt = optimizer_for(example);
  const std::unique_ptr<Scheduler> s = build_scheduler(spec, opt);
  std::vector<std::string> states{save_state(*s, opt)};
  const Stepping& stepping = s->stepping();
  for (int k = 0; k < 3; ++k) {
    // A metric where the step takes one, the count where the caller passes it (timm's).
    StepInput input;
    if (stepping.metric != MetricUse::none) input.metric = 1.0 / (1 + k);
    if (stepping.count == StepCount::epoch) input.epoch = k + 1;
    if (stepping.count == StepCount::updates) input.num_updates = k + 1;
    s->advance(input);
    states.push_back(save_state(*s, opt));
  }
  return states;
}

// The example's call in keyword form, with parameter `name` left out (`value` empty) or set to
// `value`: two calls that differ in that one argument.
std::string call_with(const SchedulerSignature& signature, const BoundArguments& bound,
                      std::string_view name, const std::string& value) {
  std::string out = std::string(signature.name) + "(";
  bool first = true;
  for (const Parameter& p : signature.parameters) {
    std::string text;
    if (p.name == name) {
      text = value;
    } else if (bound.was_given(p.name)) {
      text = repr(bound.value(p.name));
    }
    if (text.empty()) continue;
    out += (first ? "" : ", ") + std::string(p.name) + "=" + text;
    first = false;
  }
  return out + ")";
}

// The states a call builds, or nothing when it raises.
std::optional<std::vector<std::string>> try_states(const std::string& spec,
                                                   const Example& example) {
  try {
    return states_of(spec, example);
  } catch (const Error&) {
    return std::nullopt;
  }
}

TEST(RegistryRows, DescribeThemselves) {
  std::set<std::string_view> names;
  for (const ScheduleEntry& entry : registry()) {
    const SchedulerSignature& s = entry.signature;
    SCOPED_TRACE(std::string(s.name));
    EXPECT_TRUE(names.insert(s.name).second) << "duplicate name";
    EXPECT_FALSE(s.module.empty());
    EXPECT_FALSE(s.summary.empty());
    EXPECT_FALSE(s.formula.empty());
    EXPECT_NE(entry.build == nullptr, entry.schedule == nullptr)
        << "one factory: a scheduler's or a schedule's";
    for (const Parameter& p : s.parameters) {
      EXPECT_FALSE(p.annotation.empty()) << p.name;
      EXPECT_FALSE(p.description.empty()) << p.name;
    }
    ASSERT_FALSE(entry.examples.empty()) << "every row has its gallery figure";
    EXPECT_EQ(entry.examples.front().stem, s.name) << "the row's own figure is named after it";
  }
}

// The defaults a row shows are the ones its factory builds with: for every defaulted parameter of
// every row, the example's call without the argument and with the row's default given
// explicitly build the same scheduler (or are both refused).
TEST(RegistryRows, DefaultsAreTheClassDefaults) {
  int compared = 0;
  for (const ScheduleEntry& entry : registry()) {
    for (const Example& example : entry.examples) {
      const BoundArguments bound = bind_arguments(parse_spec(example.curves.front().spec));
      for (const Parameter& p : entry.signature.parameters) {
        if (!p.default_value) continue;
        const std::string left_out = call_with(entry.signature, bound, p.name, "");
        const std::string given = call_with(entry.signature, bound, p.name, repr(*p.default_value));
        const auto implicit = try_states(left_out, example);
        EXPECT_EQ(try_states(given, example), implicit) << left_out << " vs " << given;
        compared += implicit ? 1 : 0;
      }
    }
  }
  EXPECT_GT(compared, 40) << "most defaults build: the comparison is not vacuous";
}

// What a row says of its stepping is what the scheduler it builds declares.
TEST(RegistryRows, SteppingIsTheClassStepping) {
  for (const ScheduleEntry& entry : registry()) {
    for (const Example& example : entry.examples) {
      InMemoryOptimizer opt = optimizer_for(example);
      const auto s = build_scheduler(example.curves.front().spec, opt);
      EXPECT_EQ(s->stepping(), entry.stepping) << entry.signature.name;
      // A function may return another row's scheduler (transformers' get_scheduler returns the
      // one of the function it names, get_reduce_on_plateau_schedule a ReduceLROnPlateau).
      if (!entry.signature.is_function) {
        EXPECT_EQ(s->name(), entry.signature.name);
      }
      EXPECT_NE(find_schedule(s->name()), nullptr) << s->name();
      // An optional metric (timm's) may be given or not.
      if (s->stepping().metric != MetricUse::optional) {
        EXPECT_EQ(s->stepping().metric == MetricUse::required, !example.metric.empty())
            << entry.signature.name << ": an example of a metric-stepped schedule gives its metric";
      }
    }
  }
}

// A row with a length rule gives its own figure a length, as the figure's arguments say (a
// composite's depends on its children's); a row without one gives none. command_line_test.py
// checks the lengths themselves.
TEST(RegistryRows, LengthRulesMeasureTheirFigures) {
  for (const ScheduleEntry& entry : registry()) {
    const Call call = parse_spec(entry.examples.front().curves.front().spec);
    const std::optional<std::int64_t> length = schedule_length(call);
    if (!entry.shape.length) {
      EXPECT_FALSE(length.has_value()) << entry.signature.name;
      continue;
    }
    const auto& parameters = entry.signature.parameters;
    const bool composite = std::any_of(parameters.begin(), parameters.end(),
                                       [](const Parameter& p) { return p.name == "schedulers"; });
    if (!composite) {
      EXPECT_TRUE(length.has_value()) << entry.signature.name;
    }
    if (length) {
      EXPECT_GT(*length, 1) << entry.signature.name;
    }
  }
}

// The staircase rule reads the row's own arguments: a row whose rule reads `staircase` has one.
TEST(RegistryRows, StaircaseRulesReadTheirArguments) {
  for (const ScheduleEntry& entry : registry()) {
    if (!entry.shape.staircase) continue;
    const BoundArguments args =
        bind_arguments(parse_spec(entry.examples.front().curves.front().spec));
    EXPECT_NO_THROW((void)entry.shape.staircase(args)) << entry.signature.name;
  }
}

}  // namespace
}  // namespace lrsched::spec
