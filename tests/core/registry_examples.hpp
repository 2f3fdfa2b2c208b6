// Every schedule of the registry, as its examples build it: each curve's spec on the optimizer
// its figure is drawn on, stepped as the scheduler declares (a metric when it needs one). The
// state and checkpoint tests resume each of them, so a new registry row is covered with no
// list to extend.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/expression.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/state_json.hpp"

namespace lrsched_test {

/// One curve of one example of a registry row.
struct RegistryCurve {
  const lrsched::spec::Example* example;
  std::string spec;
  std::string label;  // "<stem> curve <i>: <spec>", for failure messages
};

/// Every curve of every example of every registry row, in registry order.
inline std::vector<RegistryCurve> registry_curves() {
  std::vector<RegistryCurve> curves;
  for (const lrsched::spec::ScheduleEntry& entry : lrsched::spec::registry()) {
    for (const lrsched::spec::Example& example : entry.examples) {
      for (std::size_t i = 0; i < example.curves.size(); ++i) {
        curves.push_back(
            {&example, example.curves[i].spec,
             example.stem + " curve " + std::to_string(i) + ": " + example.curves[i].spec});
      }
    }
  }
  return curves;
}

/// A fresh optimizer as the example's figure sets it up (`lrsched plot`'s options).
inline lrsched::InMemoryOptimizer example_optimizer(const lrsched::spec::Example& example) {
  auto optimizer =
      lrsched::InMemoryOptimizer::like(example.optimizer, example.lrs, example.momentum);
  for (std::size_t g = 0; g < example.initial_lrs.size(); ++g) {
    optimizer.set_key(g, lrsched::GroupKey::initial_lr, example.initial_lrs[g]);
  }
  return optimizer;
}

/// A scheduler built from a curve's spec on `optimizer`, stepped through `advance` alone.
class ExampleRun {
 public:
  ExampleRun(const RegistryCurve& curve, lrsched::InMemoryOptimizer& optimizer)
      : optimizer_(&optimizer), scheduler_(lrsched::spec::build_scheduler(curve.spec, optimizer)) {
    if (scheduler_->stepping().metric != lrsched::MetricUse::none &&
        !curve.example->metric.empty()) {
      metric_ = lrsched::spec::Expression::compile(curve.example->metric, {"step", "lr"});
    }
  }

  [[nodiscard]] lrsched::Scheduler& scheduler() const { return *scheduler_; }

  /// Step `step` (0-based) as the scheduler declares it (lrsched::step_input): with the
  /// example's metric of `step` and group 0's lr when it steps on a metric (an
  /// improving-then-stalling series without one; an optional metric only when the example gives
  /// one), and with the count `step + 1` when the caller passes it (timm's `step(epoch + 1)` or
  /// `step_update(num_updates)`).
  void advance(std::int64_t step) {
    const lrsched::Stepping& stepping = scheduler_->stepping();
    std::optional<double> metric;
    if (metric_) {
      const lrsched::spec::Number args[] = {lrsched::spec::Number::from_int(step),
                                            lrsched::spec::Number::from_float(optimizer_->lr(0))};
      metric = metric_->evaluate(args).to_double();
    } else if (stepping.metric == lrsched::MetricUse::required) {
      metric = 1.0 / static_cast<double>(1 + step % 5);
    }
    scheduler_->advance(lrsched::step_input(stepping, step, metric));
  }

 private:
  lrsched::InMemoryOptimizer* optimizer_;
  std::unique_ptr<lrsched::Scheduler> scheduler_;
  std::optional<lrsched::spec::Expression> metric_;
};

/// Moves a run's state into a fresh run of the same curve (through a string, a file, ...).
using Handover = std::function<void(const RegistryCurve& curve, ExampleRun& from,
                                    lrsched::InMemoryOptimizer& from_optimizer, ExampleRun& to,
                                    lrsched::InMemoryOptimizer& to_optimizer)>;

/// For every registry curve: 10 steps, `handover` into a fresh scheduler built from the same
/// spec, then 10 more steps identical to the uninterrupted run's, bit for bit, in lrs, groups,
/// `get_last_lr()` (at the handover too where the state holds it) and saved state.
inline void expect_every_example_resumes(const Handover& handover) {
  const std::vector<RegistryCurve> curves = registry_curves();
  ASSERT_GE(curves.size(), lrsched::spec::registry().size());
  for (const RegistryCurve& curve : curves) {
    SCOPED_TRACE(curve.label);
    lrsched::InMemoryOptimizer ref_opt = example_optimizer(*curve.example);
    ExampleRun reference(curve, ref_opt);
    for (std::int64_t k = 0; k < 10; ++k) reference.advance(k);
    lrsched::InMemoryOptimizer opt = example_optimizer(*curve.example);
    ExampleRun resumed(curve, opt);
    handover(curve, reference, ref_opt, resumed, opt);
    // timm's state_dict() has no `_last_lr`: a count-driven scheduler's get_last_lr() is what its
    // own last step wrote, compared after the steps below.
    if (resumed.scheduler().stepping().count == lrsched::StepCount::internal) {
      ASSERT_EQ(resumed.scheduler().get_last_lr(), reference.scheduler().get_last_lr());
    }
    ASSERT_EQ(opt.groups(), ref_opt.groups());
    for (std::int64_t k = 10; k < 20; ++k) {
      reference.advance(k);
      resumed.advance(k);
      for (std::size_t g = 0; g < opt.num_groups(); ++g) {
        ASSERT_TRUE(BitEq(opt.lr(g), ref_opt.lr(g))) << "step " << k << " group " << g;
      }
      ASSERT_EQ(opt.groups(), ref_opt.groups()) << "step " << k;
    }
    EXPECT_EQ(resumed.scheduler().get_last_lr(), reference.scheduler().get_last_lr());
    EXPECT_EQ(lrsched::save_state(resumed.scheduler(), opt),
              lrsched::save_state(reference.scheduler(), ref_opt));
  }
}

}  // namespace lrsched_test
