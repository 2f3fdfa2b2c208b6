// A downstream program: attach a scheduler to an optimizer view and check one known value.
#include <cstdio>
#include <lrsched/lrsched.hpp>

int main() {
  lrsched::InMemoryOptimizer optimizer({lrsched::ParamGroup{.lr = 0.05}});
  lrsched::StepLR scheduler(optimizer, {.step_size = 3, .gamma = 0.1});
  for (int i = 0; i < 3; ++i) scheduler.step();
  // PyTorch: 0.05 * 0.1 == 0.005000000000000001 after 3 steps.
  const bool ok = optimizer.lr(0) == 0.005000000000000001;
  std::printf("lrsched %s: lr after 3 steps = %.17g\n", lrsched::kVersion.data(), optimizer.lr(0));
  return ok ? 0 : 1;
}
