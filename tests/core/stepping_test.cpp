// Stepping declared by each class and driven through one call (`Scheduler::advance`).
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fixture.hpp"
#include "lrsched/lrsched.hpp"

namespace lrsched_test {
namespace {

using lrsched::EpochUse;
using lrsched::MetricUse;
using lrsched::Stepping;

// The type says what a step takes: a plateau scheduler has no step() to call by mistake.
template <class S>
concept HasPlainStep = requires(S& s) {
  s.step();
};
static_assert(!HasPlainStep<lrsched::ReduceLROnPlateau>);
static_assert(HasPlainStep<lrsched::StepLR>);
static_assert(HasPlainStep<lrsched::SequentialLR>);
static_assert(!HasPlainStep<lrsched::Scheduler>, "the base steps through advance()");

TEST(Stepping, EachClassDeclaresIt) {
  auto opt = InMemoryOptimizer::like("sgd", {0.1});
  const lrsched::StepLR step(opt, {.step_size = 2});
  EXPECT_EQ(step.stepping(), (Stepping{.epoch = EpochUse::integer}));
  const lrsched::ReduceLROnPlateau plateau(opt, {});
  EXPECT_EQ(plateau.stepping().metric, MetricUse::required);
  EXPECT_FALSE(plateau.stepping().plain());
  const lrsched::CosineAnnealingWarmRestarts cawr(opt, {.T_0 = 3});
  EXPECT_EQ(cawr.stepping().epoch, EpochUse::fractional);
}

TEST(Stepping, AdvanceTakesWhatTheClassDeclares) {
  auto a = InMemoryOptimizer::like("sgd", {1.0});
  auto b = InMemoryOptimizer::like("sgd", {1.0});
  lrsched::StepLR direct(a, {.step_size = 2, .gamma = 0.5});
  lrsched::StepLR driven(b, {.step_size = 2, .gamma = 0.5});
  for (int k = 0; k < 5; ++k) {
    direct.step();
    driven.advance();
    EXPECT_EQ(a.lr(0), b.lr(0));
  }
  driven.advance({.epoch = 8});  // the deprecated closed form, as step(8)
  EXPECT_EQ(b.lr(0), 1.0 / 16);

  auto p = InMemoryOptimizer::like("sgd", {1.0});
  lrsched::ReduceLROnPlateau plateau(p, {.factor = 0.5, .patience = 0});
  plateau.advance({.metric = 1.0});
  plateau.advance({.metric = 2.0});  // worse: reduce
  EXPECT_EQ(p.lr(0), 0.5);
}

TEST(Stepping, AnInputTheClassDoesNotTakeIsATypeErrorThatChangesNothing) {
  auto opt = InMemoryOptimizer::like("sgd", {1.0});
  lrsched::StepLR step(opt, {.step_size = 1, .gamma = 0.5});
  ExpectThrowMessage<lrsched::TypeError>([&] { step.advance({.metric = 1.0}); },
                                         "StepLR.step() takes no metric");
  ExpectThrowMessage<lrsched::TypeError>([&] { step.advance({.num_updates = 3}); },
                                         "'StepLR' object has no attribute 'step_update'");
  ExpectThrowMessage<lrsched::TypeError>([&] { step.advance({.epoch = 2.5}); },
                                         "StepLR.step() takes an integer epoch, not 2.5");
  EXPECT_EQ(step.last_epoch(), 0);
  EXPECT_EQ(opt.lr(0), 1.0);

  lrsched::ReduceLROnPlateau plateau(opt, {});
  ExpectThrowMessage<lrsched::TypeError>(
      [&] { plateau.advance(); },
      "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'");

  lrsched::SchedulerList children;
  children.push_back(
      std::make_unique<lrsched::ExponentialLR>(opt, lrsched::ExponentialLR::Options{.gamma = 0.9}));
  lrsched::ChainedScheduler chained(std::move(children));
  ExpectThrowMessage<lrsched::TypeError>([&] { chained.advance({.epoch = 3}); },
                                         "ChainedScheduler.step() takes no epoch argument");
}

// Through the base class, step(epoch) on warm restarts takes the class's own (fractional) path,
// not the generic closed form.
TEST(Stepping, EpochThroughTheBaseReachesTheClassPath) {
  auto a = InMemoryOptimizer::like("sgd", {1.0});
  auto b = InMemoryOptimizer::like("sgd", {1.0});
  lrsched::CosineAnnealingWarmRestarts direct(a, {.T_0 = 4, .T_mult = 2});
  lrsched::CosineAnnealingWarmRestarts via_base(b, {.T_0 = 4, .T_mult = 2});
  lrsched::LRScheduler& base = via_base;
  for (std::int64_t epoch : {1, 5, 13, 30}) {
    direct.step(static_cast<double>(epoch));
    base.step(epoch);
    EXPECT_EQ(a.lr(0), b.lr(0)) << "epoch " << epoch;
    EXPECT_EQ(direct.T_i(), via_base.T_i()) << "epoch " << epoch;
  }
  via_base.advance({.epoch = 2.5});
  direct.step(2.5);
  EXPECT_EQ(a.lr(0), b.lr(0));
}

// A scheduler told the count on every call, as timm's are: its lr is 1 / (count + 1).
class CountedToy final : public lrsched::Scheduler {
 public:
  CountedToy(lrsched::OptimizerView& optimizer, lrsched::StepCount count)
      : Scheduler(optimizer, Stepping{.metric = MetricUse::optional,
                                      .epoch = EpochUse::integer,
                                      .update_count = true,
                                      .count = count}) {}
  [[nodiscard]] std::string_view name() const noexcept override { return "CountedToy"; }
  void visit_state(lrsched::StateVisitor& /*visitor*/) override {}
  void initial_step() override {}
  std::int64_t last_count = -1;

 protected:
  void step_with(const lrsched::StepInput& input) override {
    // The count this scheduler runs on; the other one is accepted and changes nothing.
    const bool by_epoch = stepping().count == lrsched::StepCount::epoch;
    if (by_epoch && input.epoch) last_count = integer_epoch(*input.epoch);
    if (!by_epoch && input.num_updates) last_count = *input.num_updates;
  }
};

TEST(Stepping, ACountedSchedulerNeedsItsCount) {
  auto opt = InMemoryOptimizer::like("sgd", {1.0});
  CountedToy by_epoch(opt, lrsched::StepCount::epoch);
  EXPECT_FALSE(by_epoch.stepping().plain());
  ExpectThrowMessage<lrsched::TypeError>(
      [&] { by_epoch.advance({.metric = 0.5}); },
      "CountedToy.step() missing 1 required positional argument: 'epoch'");
  EXPECT_EQ(by_epoch.last_count, -1);
  by_epoch.advance({.epoch = 4});
  EXPECT_EQ(by_epoch.last_count, 4);
  by_epoch.advance({.num_updates = 9});  // timm's step_update on a per-epoch schedule: no-op
  EXPECT_EQ(by_epoch.last_count, 4);

  CountedToy by_update(opt, lrsched::StepCount::updates);
  ExpectThrowMessage<lrsched::TypeError>(
      [&] { by_update.advance(); },
      "CountedToy.step_update() missing 1 required positional argument: 'num_updates'");
  by_update.advance({.num_updates = 7});
  EXPECT_EQ(by_update.last_count, 7);
}

}  // namespace
}  // namespace lrsched_test
