// The schedulers fuzz_state loads documents into, shared with make_state_seeds, which writes
// their saved states as the seed corpus (fuzz/corpus/state/): fixed set-ups, then every registry
// row's own example, so that a new schedule is fuzzed with no list to extend.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/state_json.hpp"

namespace lrsched_fuzz {

struct Setup {
  std::string spec;
  std::string optimizer;  // InMemoryOptimizer::like name: momentum (sgd) or betas (adam)
  std::vector<double> lrs{0.1, 0.2};
  double momentum = 0.9;
  std::vector<double> initial_lrs{};  // pre-set `initial_lr` when not empty
};

// Seeds in fuzz/corpus/state/ start with the index of the setup that wrote them: the fixed
// set-ups keep their places (new fixed ones go at the end of this list), and the registry's
// follow them.
inline std::vector<Setup> fixed_setups() {
  return {
      {"StepLR(step_size=3, gamma=0.5)", "sgd"},
      {"CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4)", "sgd"},
      {"OneCycleLR(max_lr=0.1, total_steps=100)", "sgd"},
      {"ReduceLROnPlateau(patience=2, cooldown=1)", "sgd"},
      {"SequentialLR([LinearLR(start_factor=0.1, total_iters=5), ExponentialLR(gamma=0.9)], "
       "milestones=[5])",
       "sgd"},
      {"ChainedScheduler([StepLR(2, 0.5), ConstantLR(factor=0.5, total_iters=3)])", "sgd"},
      {"MultiStepLR(milestones=[2, 5, 9], gamma=0.5)", "sgd"},
      {"ConstantLR(factor=0.5, total_iters=4)", "sgd"},
      {"LinearLR(start_factor=0.25, end_factor=1.0, total_iters=6)", "sgd"},
      {"ExponentialLR(gamma=0.9)", "sgd"},
      {"PolynomialLR(total_iters=8, power=2.0)", "sgd"},
      {"CosineAnnealingLR(T_max=10, eta_min=0.001)", "sgd"},
      {"CosineAnnealingWarmRestarts(T_0=3, T_mult=2, eta_min=0.001)", "sgd"},
      {"LambdaLR(lr_lambda=lambda epoch: 0.95 ** epoch)", "sgd"},
      {"MultiplicativeLR(lr_lambda=lambda epoch: 0.9 if epoch < 5 else 1.0)", "sgd"},
      {"SWALR(swa_lr=0.05, anneal_epochs=4)", "sgd"},
      {"CyclicLR(base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=3, mode='exp_range', "
       "gamma=0.9)",
       "adam"},
      {"OneCycleLR(max_lr=[0.1, 0.2], total_steps=50, three_phase=True, "
       "anneal_strategy='linear')",
       "adam"},
      {"ReduceLROnPlateau(mode='max', factor=0.5, patience=0, min_lr=[0.01, 0.02])", "adam"},
      {"SequentialLR([ConstantLR(factor=0.5, total_iters=2), CosineAnnealingLR(T_max=5), "
       "StepLR(step_size=2)], milestones=[3, 6])",
       "adam"},
  };
}

// The fixed set-ups, then each registry row's first example (its own figure: the first curve's
// spec on that figure's optimizer), in registry order.
inline const std::vector<Setup>& setups() {
  static const std::vector<Setup> all = [] {
    std::vector<Setup> list = fixed_setups();
    for (const lrsched::spec::ScheduleEntry& entry : lrsched::spec::registry()) {
      if (entry.examples.empty() || entry.examples.front().curves.empty()) continue;
      const lrsched::spec::Example& example = entry.examples.front();
      list.push_back({example.curves.front().spec, example.optimizer, example.lrs, example.momentum,
                      example.initial_lrs});
    }
    return list;
  }();
  return all;
}

inline lrsched::InMemoryOptimizer make_optimizer(const Setup& setup) {
  auto optimizer = lrsched::InMemoryOptimizer::like(setup.optimizer, setup.lrs, setup.momentum);
  for (std::size_t g = 0; g < setup.initial_lrs.size(); ++g) {
    optimizer.set_key(g, lrsched::GroupKey::initial_lr, setup.initial_lrs[g]);
  }
  return optimizer;
}

struct Run {
  lrsched::InMemoryOptimizer optimizer;
  std::unique_ptr<lrsched::Scheduler> scheduler;

  explicit Run(const Setup& setup)
      : optimizer(make_optimizer(setup)),
        scheduler(lrsched::spec::build_scheduler(setup.spec, optimizer)) {}

  [[nodiscard]] std::string save() const { return lrsched::save_state(*scheduler, optimizer); }
};

}  // namespace lrsched_fuzz
