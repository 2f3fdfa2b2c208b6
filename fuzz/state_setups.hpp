// The schedulers fuzz_state loads documents into, shared with make_state_seeds, which writes
// their saved states as the seed corpus (fuzz/corpus/state/).
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/state_json.hpp"

namespace lrsched_fuzz {

struct Setup {
  std::string_view spec;
  std::string_view optimizer;  // InMemoryOptimizer::like name: momentum (sgd) or betas (adam)
};

// Seeds in fuzz/corpus/state/ start with the index of the setup that wrote them. New setups go
// at the end so that the committed seeds keep their meaning.
constexpr std::array<Setup, 20> kSetups{{
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
}};

struct Run {
  lrsched::InMemoryOptimizer optimizer;
  std::unique_ptr<lrsched::Scheduler> scheduler;

  explicit Run(const Setup& setup)
      : optimizer(lrsched::InMemoryOptimizer::like(setup.optimizer, {0.1, 0.2}, 0.9)),
        scheduler(lrsched::spec::build_scheduler(setup.spec, optimizer)) {}

  [[nodiscard]] std::string save() const { return lrsched::save_state(*scheduler, optimizer); }
};

}  // namespace lrsched_fuzz
