// A downstream program of lrsched::torch: an lrsched scheduler on a torch::optim optimizer.
#include <torch/optim/sgd.h>

#include <cstdio>
#include <lrsched/lrsched.hpp>
#include <lrsched/torch/optimizer_adapter.hpp>
#include <vector>

int main() {
  std::vector<torch::Tensor> params = {torch::zeros({2}, torch::requires_grad())};
  torch::optim::SGD optimizer(params, torch::optim::SGDOptions(0.05));
  lrsched::torch::OptimizerAdapter adapter(optimizer);
  lrsched::StepLR scheduler(adapter, {.step_size = 3, .gamma = 0.1});
  for (int i = 0; i < 3; ++i) scheduler.step();
  const auto& options = static_cast<torch::optim::SGDOptions&>(optimizer.param_groups()[0].options());
  // PyTorch: 0.05 * 0.1 == 0.005000000000000001 after 3 steps.
  const bool ok = options.lr() == 0.005000000000000001 && adapter.lr(0) == options.lr();
  std::printf("lrsched::torch: lr after 3 steps = %.17g\n", options.lr());
  return ok ? 0 : 1;
}
