// One rank of a data-parallel schedule run on c10d/Gloo, for tests/torch/distributed_test.py:
// every rank steps the same scheduler; plateau schedulers step on a metric that differs by rank,
// all-reduced (lrsched::torch::distributed::reduce_metric) unless --own-metric. Prints the lr and
// momentum of every step as one JSON line. Takes the environment torchrun sets (RANK,
// WORLD_SIZE, MASTER_ADDR, MASTER_PORT).
//
//   distributed_worker --spec S --steps N [--optimizer sgd --momentum 0.9 --lr 0.1,0.05]
//                      [--own-metric] [--extra-step-on R] [--broadcast] [--check]
//                      [--timeout-ms T] [--die-at STEP --die-rank R]
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "local_group.hpp"
#include "lrsched/error.hpp"
#include "lrsched/optimizer_view.hpp"
#include "lrsched/spec/build.hpp"
#include "lrsched/torch/distributed.hpp"

namespace {

// The metric rank `rank` of `world` reports after step k: a base curve that falls, then
// plateaus, plus a trend of its own per rank (flat on one, falling twice as fast on the other,
// for two ranks) that the mean cancels exactly (dyadic values, world a power of two), so that
// the all-reduced metric is `base` to the last bit while each rank alone decides differently.
double metric(int k, int rank, int world) {
  const double base = k < 30 ? 1.0 - k / 64.0 : 0.5 + (k % 7) / 256.0;
  int spread = 1;  // a power of two at least world - 1
  while (spread < world - 1) spread *= 2;
  const double trend = (2.0 * rank - (world - 1)) / (2.0 * spread);
  return base + trend * k / 64.0;
}

std::string numbers(const std::vector<double>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", values[i]);
    out += (i ? "," : "") + std::string(text);
  }
  return out + "]";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"one rank of a data-parallel lrsched run (tests)"};
  std::string spec, optimizer_name = "sgd";
  std::vector<double> lrs{0.1};
  double momentum = 0.0;
  int steps = 0, extra_step_on = -1, timeout_ms = 20000, die_at = -1, die_rank = -1;
  bool own_metric = false, broadcast = false, check = false;
  app.add_option("--spec", spec)->required();
  app.add_option("--steps", steps)->required();
  app.add_option("--optimizer", optimizer_name);
  app.add_option("--lr", lrs)->delimiter(',');
  app.add_option("--momentum", momentum);
  app.add_flag("--own-metric", own_metric, "step plateaus on this rank's metric alone");
  app.add_option("--extra-step-on", extra_step_on, "this rank steps once more at the start");
  app.add_flag("--broadcast", broadcast, "broadcast rank 0's state after the extra step");
  app.add_flag("--check", check, "check_same_state after every step");
  app.add_option("--timeout-ms", timeout_ms);
  app.add_option("--die-at", die_at, "a rank (--die-rank) kills itself before this step");
  app.add_option("--die-rank", die_rank);
  int bench_calls = 0;
  app.add_option("--bench-calls", bench_calls,
                 "instead of stepping, time this many reduce_metric and check_same_state calls "
                 "(bench/distributed_bench.py)");
  CLI11_PARSE(app, argc, argv);

  try {
    const int rank = lrsched_torch_test::env_int("RANK");
    const int world = lrsched_torch_test::env_int("WORLD_SIZE");
    const auto timeout = std::chrono::milliseconds(timeout_ms);
    const auto joined = lrsched_torch_test::join_local_group(timeout);
    c10d::ProcessGroup& group = *joined;

    auto optimizer = lrsched::InMemoryOptimizer::like(optimizer_name, lrs, momentum);
    auto scheduler = lrsched::spec::build_scheduler(spec, optimizer);
    const bool plateau = scheduler->stepping().metric != lrsched::MetricUse::none;
    if (rank == extra_step_on) {
      scheduler->advance(plateau ? lrsched::StepInput{.metric = 1.0} : lrsched::StepInput{});
    }
    if (broadcast) lrsched::torch::distributed::broadcast_state(group, *scheduler, optimizer);

    if (bench_calls > 0) {
      namespace distributed = lrsched::torch::distributed;
      const auto per_call = [&](auto&& call) {
        for (int i = 0; i < 100; ++i) call();  // warm-up: the pairs' first messages
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < bench_calls; ++i) call();
        const std::chrono::duration<double, std::micro> spent =
            std::chrono::steady_clock::now() - start;
        return spent.count() / bench_calls;
      };
      double sink = 0;
      const double reduce_us = per_call([&] { sink += distributed::reduce_metric(group, 0.5); });
      const double check_us =
          per_call([&] { distributed::check_same_state(group, *scheduler, optimizer); });
      std::printf(
          "{\"rank\": %d, \"reduce_metric_us\": %.3f, \"check_same_state_us\": %.3f, "
          "\"sink\": %g}\n",
          rank, reduce_us, check_us, sink);
      return 0;
    }
    std::vector<double> lr, mom;
    for (int k = 0; k < steps; ++k) {
      if (k == die_at && rank == die_rank) std::raise(SIGKILL);
      for (std::size_t g = 0; g < optimizer.num_groups(); ++g) {
        lr.push_back(optimizer.lr(g));
        if (scheduler->cycles_momentum()) mom.push_back(optimizer.momentum(g));
      }
      lrsched::StepInput input;
      if (plateau) {
        const double own = metric(k, rank, world);
        input.metric = own_metric ? own : lrsched::torch::distributed::reduce_metric(group, own);
      }
      scheduler->advance(input);
      if (check) lrsched::torch::distributed::check_same_state(group, *scheduler, optimizer);
    }
    std::printf("{\"rank\": %d, \"lr\": %s, \"momentum\": %s}\n", rank, numbers(lr).c_str(),
                numbers(mom).c_str());
    return 0;
  } catch (const lrsched::Error& e) {
    std::fprintf(stderr, "distributed_worker: %s: %s\n", std::string(e.type()).c_str(), e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "distributed_worker: %s\n", e.what());
  }
  return 1;
}
