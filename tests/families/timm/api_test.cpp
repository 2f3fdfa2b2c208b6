// The C++ API of the timm family: timm's protocol (initial_lr, counts told on every call, the
// metric kept), its int-or-float numbers, get_cycle_length, the noise refusal where timm would
// hang, and the state keys.
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cases.hpp"
#include "io/json_text.hpp"
#include "lrsched/error.hpp"
#include "lrsched/families/timm.hpp"
#include "lrsched/state_json.hpp"

namespace timm_test {
namespace {

using lrsched::EpochUse;
using lrsched::GroupKey;
using lrsched::InMemoryOptimizer;
using lrsched::MetricUse;
using lrsched::StepCount;
using lrsched::Stepping;
using lrsched::timm::CosineLRScheduler;
using lrsched::timm::MultiStepLRScheduler;
using lrsched::timm::Number;
using lrsched::timm::PlateauLRScheduler;
using lrsched::timm::PolyLRScheduler;
using lrsched::timm::StepLRScheduler;
using lrsched::timm::TanhLRScheduler;

template <class E, class F>
void ExpectThrow(F&& f, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no exception, expected: " << message;
  } catch (const E& e) {
    EXPECT_EQ(e.message(), message);
  }
}

TEST(TimmApi, SteppingSaysWhichCountTheSchedulerRunsOn) {
  auto opt = InMemoryOptimizer::like("sgd", {0.1});
  const CosineLRScheduler by_epoch(opt, {.t_initial = 10});
  EXPECT_EQ(by_epoch.stepping(), (Stepping{.metric = MetricUse::optional,
                                           .epoch = EpochUse::integer,
                                           .update_count = true,
                                           .count = StepCount::epoch}));
  EXPECT_FALSE(by_epoch.stepping().plain());
  const StepLRScheduler by_update(opt, {.decay_t = 3, .t_in_epochs = false});
  EXPECT_EQ(by_update.stepping().count, StepCount::updates);
  const PlateauLRScheduler plateau(opt, {});
  EXPECT_EQ(plateau.stepping().count, StepCount::epoch);  // always counts epochs
}

TEST(TimmApi, ConstructorStoresInitialLrAndStartsTheWarmup) {
  auto opt = InMemoryOptimizer::like("sgd", {0.1, 0.05});
  opt.set_key(1, GroupKey::initial_lr, 0.2);  // kept (setdefault), and the lr reset to it
  opt.set_lr(1, 0.7);
  const CosineLRScheduler plain(opt, {.t_initial = 10});
  EXPECT_EQ(opt.key(0, GroupKey::initial_lr), 0.1);
  EXPECT_EQ(plain.base_values(), (std::vector<double>{0.1, 0.2}));
  EXPECT_EQ(opt.lr(1), 0.2);

  const TanhLRScheduler warm(opt, {.t_initial = 10, .warmup_t = 4, .warmup_lr_init = 1e-3});
  EXPECT_EQ(opt.lr(0), 1e-3);
  EXPECT_EQ(opt.lr(1), 1e-3);

  auto fresh = InMemoryOptimizer::like("sgd", {0.1});
  ExpectThrow<lrsched::KeyError>(
      [&] { PolyLRScheduler s(fresh, {.t_initial = 5, .initialize = false}); },
      "'initial_lr missing from param_groups[0]'");
  fresh.set_key(0, GroupKey::initial_lr, 0.3);
  const PolyLRScheduler resumed(fresh, {.t_initial = 5, .initialize = false});
  EXPECT_EQ(resumed.base_values(), std::vector<double>{0.3});
  EXPECT_EQ(fresh.lr(0), 0.3);
}

TEST(TimmApi, EachCallActsOnItsOwnCountAndKeepsTheMetric) {
  auto opt = InMemoryOptimizer::like("sgd", {1.0});
  StepLRScheduler s(opt, {.decay_t = 1, .decay_rate = 0.5});
  s.step_update(3, 0.25);  // per-epoch schedule: nothing but the metric
  EXPECT_EQ(opt.lr(0), 1.0);
  EXPECT_EQ(s.metric(), 0.25);
  s.step(3);
  EXPECT_EQ(opt.lr(0), 0.125);
  EXPECT_EQ(s.metric(), std::nullopt);
  s.advance({.num_updates = 1});
  EXPECT_EQ(opt.lr(0), 0.125);
  s.advance({.epoch = 1, .num_updates = 5});  // both: step(1), then step_update(5)
  EXPECT_EQ(opt.lr(0), 0.5);
  EXPECT_EQ(s.get_last_lr(), std::vector<double>{0.5});
  ExpectThrow<lrsched::TypeError>(
      [&] { s.advance({.metric = 1.0}); },
      "StepLRScheduler.step() missing 1 required positional argument: 'epoch'");

  StepLRScheduler u(opt, {.decay_t = 1, .decay_rate = 0.5, .t_in_epochs = false});
  u.step(2);
  EXPECT_EQ(opt.lr(0), 1.0);
  u.step_update(2);
  EXPECT_EQ(opt.lr(0), 0.25);

  auto p = InMemoryOptimizer::like("sgd", {1.0});
  PlateauLRScheduler plateau(p, {.patience_t = 0, .mode = "min"});
  plateau.step(1, 1.0);
  plateau.step(2, 2.0);  // worse: the wrapped ReduceLROnPlateau reduces
  EXPECT_EQ(p.lr(0), 0.1);
  EXPECT_EQ(plateau.lr_scheduler().best(), 1.0);
  plateau.step_update(3, 5.0);  // timm's step_update returns None without keeping the metric
  EXPECT_EQ(plateau.metric(), std::nullopt);
}

TEST(TimmApi, NumbersCompareExactlyAndKeepTheirKind) {
  constexpr std::int64_t kBig = (std::int64_t{1} << 53) + 1;
  EXPECT_TRUE(Number(kBig) > Number(9007199254740992.0));  // no rounding of the int
  EXPECT_TRUE(Number(2) == Number(2.0));
  EXPECT_TRUE(Number(2) < Number(2.5));
  EXPECT_TRUE(Number(-3) < Number(-2.5));
  EXPECT_FALSE(Number(1) < Number(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(Number(1) >= Number(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_TRUE(Number(std::numeric_limits<std::int64_t>::max()) < Number(9.3e18));
  EXPECT_TRUE(Number(0.5) && !Number(0) && !Number(0.0));
}

// Values and kinds from timm's own get_cycle_length (printed with repr).
TEST(TimmApi, GetCycleLengthAsTimm) {
  auto opt = InMemoryOptimizer::like("sgd", {0.1});
  const auto check = [](const Number& got, const Number& want) {
    EXPECT_EQ(got.is_int(), want.is_int());
    EXPECT_EQ(got.value(), want.value());
  };
  check(CosineLRScheduler(opt, {.t_initial = 10, .cycle_limit = 3}).get_cycle_length(), 30);
  check(CosineLRScheduler(opt,
                          {.t_initial = 10, .cycle_limit = 3, .warmup_t = 5, .warmup_prefix = true})
            .get_cycle_length(),
        35);
  check(CosineLRScheduler(opt, {.t_initial = 5, .cycle_mul = 2.0, .cycle_limit = 4})
            .get_cycle_length(),
        75);
  const CosineLRScheduler fractional(opt, {.t_initial = 7.5, .cycle_limit = 3});
  check(fractional.get_cycle_length(), 22.5);
  check(fractional.get_cycle_length(2), 15.0);
  check(CosineLRScheduler(opt, {.t_initial = 10, .cycle_mul = 0.5}).get_cycle_length(3), 17);
  check(CosineLRScheduler(opt, {.t_initial = 10, .cycle_limit = 0}).get_cycle_length(), 10);
  check(CosineLRScheduler(opt, {.t_initial = 10, .cycle_limit = 2.5}).get_cycle_length(), 25.0);
  check(CosineLRScheduler(opt, {.t_initial = 10, .cycle_limit = 0.5}).get_cycle_length(), 10);
  check(CosineLRScheduler(
            opt, {.t_initial = 10, .cycle_mul = 1.5, .warmup_t = 2.0, .warmup_prefix = true})
            .get_cycle_length(4),
        83.0);
  check(
      TanhLRScheduler(opt, {.t_initial = 6, .cycle_mul = 2.0, .cycle_limit = 3}).get_cycle_length(),
      42);
  check(
      PolyLRScheduler(opt, {.t_initial = 6, .cycle_limit = 3, .warmup_t = 4, .warmup_prefix = true})
          .get_cycle_length(),
      22);
}

TEST(TimmApi, GetLrIsTheFormulaWithoutNoise) {
  auto opt = InMemoryOptimizer::like("sgd", {0.1, 0.2});
  CosineLRScheduler s(opt, {.t_initial = 10, .noise_range_t = 0});
  std::vector<double> lrs(2);
  s.get_lr(5, lrs);
  EXPECT_EQ(lrs, (std::vector<double>{0.05, 0.1}));
  s.step(5);
  EXPECT_NE(opt.lr(0), 0.05);  // the step adds noise
  EXPECT_EQ(opt.lr(0), 0.05 + 0.05 * s.calculate_noise(5));
  std::vector<double> three(3);
  EXPECT_THROW(s.get_lr(5, three), lrsched::ValueError);
}

TEST(TimmApi, MultiStepBisectsOneCountAhead) {
  auto opt = InMemoryOptimizer::like("sgd", {0.1});
  const MultiStepLRScheduler s(opt, {.decay_t = std::vector<std::int64_t>{5, 10}});
  EXPECT_EQ(s.get_curr_decay_steps(3), 0U);
  EXPECT_EQ(s.get_curr_decay_steps(4), 1U);  // t + 1 reaches the milestone 5
  EXPECT_EQ(s.get_curr_decay_steps(9), 2U);
  EXPECT_EQ(s.get_curr_decay_steps(3.5), 0U);
}

TEST(TimmApi, NonPositiveNoisePctIsRefusedWhereTimmWouldLoopForever) {
  auto opt = InMemoryOptimizer::like("sgd", {0.1});
  CosineLRScheduler s(opt, {.t_initial = 10, .noise_range_t = 3, .noise_pct = 0.0});
  s.step(1);
  s.step(2);  // outside the noise range: fine
  ExpectThrow<lrsched::ValueError>(
      [&] { s.step(3); },
      "noise_pct must be > 0 for normal noise, got 0.0: timm's rejection sampling would never "
      "end");
  // Uniform noise has no loop: a zero pct is no noise.
  auto p = InMemoryOptimizer::like("sgd", {0.1});
  PlateauLRScheduler uniform(p, {.noise_range_t = 1, .noise_type = "uniform", .noise_pct = 0.0});
  uniform.step(1);
  EXPECT_EQ(p.lr(0), 0.1);
}

TEST(TimmApi, NoEffectWarningAsTimmLogsIt) {
  static std::vector<std::string> warnings;
  warnings.clear();
  lrsched::set_warning_handler([](std::string_view m) { warnings.emplace_back(m); });
  auto opt = InMemoryOptimizer::like("sgd", {0.1});
  const CosineLRScheduler cosine(opt, {.t_initial = 1});
  const PolyLRScheduler poly(opt, {.t_initial = 1});
  const CosineLRScheduler restarts(opt, {.t_initial = 1, .cycle_mul = 2.0});
  lrsched::set_warning_handler(nullptr);
  const std::string text =
      "Cosine annealing scheduler will have no effect on the learning rate since t_initial = "
      "t_mul = eta_mul = 1.";
  EXPECT_EQ(warnings, (std::vector<std::string>{text, text}));
}

std::set<std::string> state_keys(lrsched::Scheduler& s, const InMemoryOptimizer& opt) {
  const auto doc = lrsched::io::parse_json(lrsched::save_state(s, opt));
  std::set<std::string> keys;
  for (const auto& [key, value] : doc.at("scheduler").at("state").items()) keys.insert(key);
  return keys;
}

// The keys of timm's state_dict(): the instance attributes but the optimizer.
TEST(TimmApi, StateHoldsTimmsStateDictKeys) {
  const std::set<std::string> base = {"param_group_field", "_initial_param_group_field",
                                      "base_values",       "metric",
                                      "t_in_epochs",       "noise_range_t",
                                      "noise_pct",         "noise_type",
                                      "noise_std",         "noise_seed"};
  const auto with = [&](std::initializer_list<std::string> more) {
    std::set<std::string> keys = base;
    keys.insert(more.begin(), more.end());
    return keys;
  };
  auto opt = InMemoryOptimizer::like("sgd", {0.1, 0.2});
  CosineLRScheduler cosine(opt, {.t_initial = 10});
  EXPECT_EQ(state_keys(cosine, opt),
            with({"t_initial", "lr_min", "cycle_mul", "cycle_decay", "cycle_limit", "warmup_t",
                  "warmup_lr_init", "warmup_prefix", "k_decay", "warmup_steps"}));
  TanhLRScheduler tanh(opt, {.t_initial = 10});
  EXPECT_EQ(state_keys(tanh, opt),
            with({"lb", "ub", "t_initial", "lr_min", "cycle_mul", "cycle_decay", "cycle_limit",
                  "warmup_t", "warmup_lr_init", "warmup_prefix", "warmup_steps"}));
  PolyLRScheduler poly(opt, {.t_initial = 10});
  EXPECT_EQ(state_keys(poly, opt),
            with({"t_initial", "power", "lr_min", "cycle_mul", "cycle_decay", "cycle_limit",
                  "warmup_t", "warmup_lr_init", "warmup_prefix", "k_decay", "warmup_steps"}));
  StepLRScheduler step(opt, {.decay_t = 10});
  EXPECT_EQ(state_keys(step, opt), with({"decay_t", "decay_rate", "warmup_t", "warmup_lr_init",
                                         "warmup_prefix", "warmup_steps"}));
  MultiStepLRScheduler multi(opt, {.decay_t = std::vector<std::int64_t>{3}});
  EXPECT_EQ(state_keys(multi, opt), with({"decay_t", "decay_rate", "warmup_t", "warmup_lr_init",
                                          "warmup_prefix", "warmup_steps"}));
  // Not timm's state_dict() (only `best` and `last_epoch`): the attributes, for an exact resume.
  PlateauLRScheduler plateau(opt, {});
  EXPECT_EQ(state_keys(plateau, opt),
            with({"lr_scheduler", "warmup_t", "warmup_lr_init", "warmup_steps", "restore_lr"}));
}

TEST(TimmApi, StateKeepsIntsAndFloatsApartAndRefusesAnotherCount) {
  auto opt = InMemoryOptimizer::like("sgd", {0.1});
  CosineLRScheduler ints(opt, {.t_initial = 10, .warmup_t = 2, .noise_range_t = {3, 8}});
  auto doc = lrsched::io::parse_json(lrsched::save_state(ints, opt));
  const auto& state = doc.at("scheduler").at("state");
  EXPECT_TRUE(state.at("t_initial").is_number_integer());
  EXPECT_TRUE(state.at("warmup_t").is_number_integer());
  EXPECT_EQ(state.at("noise_range_t"), nlohmann::json::parse("[3.0, 8.0]"));
  EXPECT_EQ(state.at("metric"), nullptr);
  StepLRScheduler floats(opt, {.decay_t = 2.5});
  doc = lrsched::io::parse_json(lrsched::save_state(floats, opt));
  EXPECT_TRUE(doc.at("scheduler").at("state").at("decay_t").is_number_float());

  auto a = InMemoryOptimizer::like("sgd", {0.1});
  StepLRScheduler per_epoch(a, {.decay_t = 2});
  const std::string saved = lrsched::save_state(per_epoch, a);
  StepLRScheduler per_update(a, {.decay_t = 2, .t_in_epochs = false});
  ExpectThrow<lrsched::StateError>(
      [&] { (void)lrsched::load_state(per_update, a, saved); },
      "field 't_in_epochs' is true, this StepLRScheduler was built with t_in_epochs=False");
}

}  // namespace
}  // namespace timm_test
