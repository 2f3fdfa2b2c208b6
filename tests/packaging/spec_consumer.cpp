// A downstream program of lrsched::spec: a scheduler built from a spec string.
#include <cstdio>
#include <lrsched/lrsched.hpp>
#include <lrsched/spec/build.hpp>

int main() {
  lrsched::InMemoryOptimizer optimizer({lrsched::ParamGroup{.lr = 0.05}});
  const auto scheduler = lrsched::spec::build_scheduler("StepLR(3, gamma=0.1)", optimizer);
  for (int i = 0; i < 3; ++i) scheduler->advance();
  // PyTorch: 0.05 * 0.1 == 0.005000000000000001 after 3 steps.
  const bool ok = optimizer.lr(0) == 0.005000000000000001;
  std::printf("lrsched::spec: lr after 3 steps = %.17g\n", optimizer.lr(0));
  return ok ? 0 : 1;
}
