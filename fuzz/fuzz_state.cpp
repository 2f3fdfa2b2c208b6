// State document -> load_state into a fixed scheduler, then a few steps and a save. The first
// byte picks the scheduler; the rest is the document. StateError is the expected failure;
// anything else is a bug.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/schedulers/reduce_lr_on_plateau.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/state_json.hpp"

namespace {

// Seeds in fuzz/corpus/state/ start with the index of the spec that wrote them.
constexpr std::array<std::string_view, 6> kSpecs{
    "StepLR(step_size=3, gamma=0.5)",
    "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4)",
    "OneCycleLR(max_lr=0.1, total_steps=100)",
    "ReduceLROnPlateau(patience=2, cooldown=1)",
    "SequentialLR([LinearLR(start_factor=0.1, total_iters=5), ExponentialLR(gamma=0.9)], "
    "milestones=[5])",
    "ChainedScheduler([StepLR(2, 0.5), ConstantLR(factor=0.5, total_iters=3)])",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view spec = kSpecs[data[0] % kSpecs.size()];
  // libFuzzer hands bytes; the loader takes text.
  const std::string_view document(reinterpret_cast<const char*>(data) + 1, size - 1);

  auto optimizer = lrsched::InMemoryOptimizer::like("sgd", {0.1, 0.2}, 0.9);
  const std::unique_ptr<lrsched::Scheduler> scheduler =
      lrsched::spec::build_scheduler(spec, optimizer);
  try {
    (void)lrsched::load_state(*scheduler, optimizer, document);
  } catch (const lrsched::StateError&) {
    return 0;
  }
  // A loaded state must be usable: stepping may raise a Python-level error, never crash.
  try {
    auto* plateau = dynamic_cast<lrsched::ReduceLROnPlateau*>(scheduler.get());
    for (int i = 0; i < 10; ++i) {
      if (plateau != nullptr) {
        plateau->step(1.0);
      } else {
        scheduler->step();
      }
    }
    (void)lrsched::save_state(*scheduler, optimizer);
  } catch (const lrsched::Error&) {
  }
  return 0;
}
