// libtorch's own torch::optim::StepLR against lrsched's StepLR on lrsched::torch::OptimizerAdapter,
// both stepping the same kind of torch::optim::SGD (one param group, four parameters, momentum
// 0.9). StepLR(step_size=30, gamma=0.1); every 3000 steps the lr is written back to 0.1 (in both,
// timed) so that it never turns denormal. libtorch's StepLR decays one step later than PyTorch's
// (and lrsched's): the cost is what is compared here, not the values.
//
//   BM_libtorch_StepLR/1    torch::optim::StepLR::step()
//   BM_lrsched_StepLR/1     lrsched::StepLR::step() through the adapter
//   BM_train_step/64        one training step of examples/fashion_mnist's model (784-128-10 MLP,
//                           batch 64, SGD momentum 0.9): forward, loss, backward, optimizer.step
//   BM_lrsched_OneCycleLR_train/64  the example's per-batch scheduler step on that optimizer;
//                           its time over BM_train_step is the scheduler's share of training
//
// Both report `allocs_per_step` (operator new calls per step, alloc_counter.cpp).
// Usage: torch_bench [Google Benchmark flags, e.g. --benchmark_format=json]
#include <benchmark/benchmark.h>
#include <torch/optim/schedulers/step_lr.h>
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "alloc_counter.hpp"
#include "lrsched/schedulers/one_cycle_lr.hpp"
#include "lrsched/schedulers/step_lr.hpp"
#include "lrsched/torch/optimizer_adapter.hpp"

namespace {

constexpr std::int64_t kResetEvery = 3000;
constexpr double kLr = 0.1;

std::vector<torch::Tensor> make_params() {
  std::vector<torch::Tensor> params;
  for (int i = 0; i < 4; ++i) params.push_back(torch::zeros({16}, torch::requires_grad()));
  return params;
}

torch::optim::SGD make_sgd(const std::vector<torch::Tensor>& params) {
  return torch::optim::SGD(params, torch::optim::SGDOptions(kLr).momentum(0.9));
}

void set_lr(torch::optim::SGD& sgd, double lr) {
  for (auto& group : sgd.param_groups()) group.options().set_lr(lr);
}

// Steps `scheduler` (either StepLR) on `sgd`, writing the lr back every kResetEvery steps.
template <class Scheduler>
void time_step_lr(benchmark::State& state, torch::optim::SGD& sgd, Scheduler& scheduler) {
  std::int64_t k = 0;
  for (int i = 0; i < 200; ++i) scheduler.step();
  const std::uint64_t before = lrsched_bench::allocations();
  for (auto _ : state) {
    scheduler.step();
    if (++k == kResetEvery) {
      k = 0;
      set_lr(sgd, kLr);
    }
    benchmark::ClobberMemory();
  }
  state.counters["allocs_per_step"] = static_cast<double>(lrsched_bench::allocations() - before) /
                                      static_cast<double>(state.iterations());
}

void bm_libtorch_step_lr(benchmark::State& state) {
  const auto params = make_params();
  auto sgd = make_sgd(params);
  torch::optim::StepLR scheduler(sgd, 30, 0.1);
  time_step_lr(state, sgd, scheduler);
}

void bm_lrsched_step_lr(benchmark::State& state) {
  const auto params = make_params();
  auto sgd = make_sgd(params);
  lrsched::torch::OptimizerAdapter adapter(sgd);
  lrsched::StepLR scheduler(adapter, {.step_size = 30, .gamma = 0.1});
  time_step_lr(state, sgd, scheduler);
}

// The example's model and optimizer, with one fixed batch of 64 random images.
struct Training {
  torch::nn::Sequential model{torch::nn::Linear(784, 128), torch::nn::ReLU(),
                              torch::nn::Linear(128, 10)};
  torch::optim::SGD sgd{model->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9)};
  torch::Tensor images = torch::rand({64, 784});
  torch::Tensor labels = torch::randint(0, 10, {64});

  Training() { torch::manual_seed(0); }
  void step() {
    sgd.zero_grad();
    torch::nn::functional::cross_entropy(model->forward(images), labels).backward();
    sgd.step();
  }
};

void bm_train_step(benchmark::State& state) {
  torch::set_num_threads(1);
  Training t;
  for (int i = 0; i < 20; ++i) t.step();
  for (auto _ : state) t.step();
}

void bm_lrsched_one_cycle_train(benchmark::State& state) {
  Training t;
  lrsched::torch::OptimizerAdapter adapter(t.sgd);
  lrsched::OneCycleLR scheduler(adapter, {.max_lr = 0.1, .total_steps = std::int64_t{1} << 40});
  const std::uint64_t before = lrsched_bench::allocations();
  for (auto _ : state) {
    scheduler.step();
    benchmark::ClobberMemory();
  }
  state.counters["allocs_per_step"] = static_cast<double>(lrsched_bench::allocations() - before) /
                                      static_cast<double>(state.iterations());
}

}  // namespace

BENCHMARK(bm_train_step)->Name("BM_train_step")->Arg(64);
BENCHMARK(bm_lrsched_one_cycle_train)->Name("BM_lrsched_OneCycleLR_train")->Arg(64);
BENCHMARK(bm_libtorch_step_lr)->Name("BM_libtorch_StepLR")->Arg(1);
BENCHMARK(bm_lrsched_step_lr)->Name("BM_lrsched_StepLR")->Arg(1);

BENCHMARK_MAIN();
