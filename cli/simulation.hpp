// The simulation engine behind `lrsched simulate` and `lrsched plot`: an in-memory optimizer, a
// scheduler built from a spec, and the seed tutorial's loop (record the lrs, then step).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lrsched/optimizer_view.hpp"
#include "lrsched/scheduler.hpp"
#include "trace_writer.hpp"

namespace lrsched::cli {

struct SimulationConfig {
  std::string spec;
  std::vector<double> lrs{0.1};  // one param group per value
  std::int64_t steps = 100;
  std::string optimizer = "sgd";
  double momentum = 0.0;
  double beta1 = 0.9;
  double beta2 = 0.999;
  std::vector<double> initial_lrs;          // pre-set `initial_lr` per group when not empty
  std::optional<std::string> metric;        // expression of `step` and `lr` (metric stepping)
  std::optional<std::string> metrics_file;  // one metric per line (metric stepping)
  std::optional<std::string> load_state;    // state file restored before the first row
  std::optional<std::string> save_state;    // state file written after the last step
  /// Step with PyTorch's deprecated `step(epoch)` (epoch = row + 1): the closed form where the
  /// class has one. Shows how far the chainable `step()` drifts from it.
  bool closed_form = false;
  /// The PyTorch release PyTorch's schedulers follow where releases differ.
  TorchBehavior torch = TorchBehavior::newest;
};

/// The simulated optimizer a config describes: one group per lr, momentum or betas per the
/// optimizer name, and `initial_lr` when given.
[[nodiscard]] InMemoryOptimizer make_optimizer(const SimulationConfig& config);

/// Runs `config.spec` for `config.steps` rows on `optimizer`, which may carry the state an earlier
/// schedule left (the seed tutorial reuses one optimizer for its third curve).
void run_schedule(const SimulationConfig& config, InMemoryOptimizer& optimizer,
                  TraceWriter& writer, bool write_state);

/// Runs the simulation on a fresh optimizer, sending each row to `writer`. `write_state` controls whether
/// `save_state` is honoured (the CLI runs once without output to validate, then for real).
/// Throws lrsched::Error subclasses; errors inside the loop name the step ("at step 12: ...").
void run_simulation(const SimulationConfig& config, TraceWriter& writer, bool write_state);

/// Validates the config (a full run without output), then runs it into `writer`; so a failing
/// schedule never produces partial output.
void simulate_checked(const SimulationConfig& config, TraceWriter& writer);

}  // namespace lrsched::cli
