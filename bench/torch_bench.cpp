// libtorch's own torch::optim::StepLR against lrsched's StepLR on lrsched::torch::OptimizerAdapter,
// both stepping the same kind of torch::optim::SGD (one param group, four parameters, momentum
// 0.9). StepLR(step_size=30, gamma=0.1); every 3000 steps the lr is written back to 0.1 (in both,
// timed) so that it never turns denormal. libtorch's StepLR decays one step later than PyTorch's
// (and lrsched's): the cost is what is compared here, not the values.
//
//   BM_libtorch_StepLR/1    torch::optim::StepLR::step()
//   BM_lrsched_StepLR/1     lrsched::StepLR::step() through the adapter
//
// Both report `allocs_per_step` (operator new calls per step, alloc_counter.cpp).
// Usage: torch_bench [Google Benchmark flags, e.g. --benchmark_format=json]
#include <benchmark/benchmark.h>
#include <torch/optim/schedulers/step_lr.h>
#include <torch/torch.h>

#include <cstdint>
#include <vector>

#include "alloc_counter.hpp"
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

void bm_libtorch_step_lr(benchmark::State& state) {
  const auto params = make_params();
  auto sgd = make_sgd(params);
  torch::optim::StepLR scheduler(sgd, 30, 0.1);
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
  state.counters["allocs_per_step"] =
      static_cast<double>(lrsched_bench::allocations() - before) /
      static_cast<double>(state.iterations());
}

void bm_lrsched_step_lr(benchmark::State& state) {
  const auto params = make_params();
  auto sgd = make_sgd(params);
  lrsched::torch::OptimizerAdapter adapter(sgd);
  lrsched::StepLR scheduler(adapter, {.step_size = 30, .gamma = 0.1});
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
  state.counters["allocs_per_step"] =
      static_cast<double>(lrsched_bench::allocations() - before) /
      static_cast<double>(state.iterations());
}

}  // namespace

BENCHMARK(bm_libtorch_step_lr)->Name("BM_libtorch_StepLR")->Arg(1);
BENCHMARK(bm_lrsched_step_lr)->Name("BM_lrsched_StepLR")->Arg(1);

BENCHMARK_MAIN();
