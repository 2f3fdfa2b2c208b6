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
#include "lrsched/spec/registry.hpp"
#include "output_file.hpp"
#include "trace_writer.hpp"

namespace lrsched::cli {

/// Rows simulated when neither `--steps` nor the schedule's arguments give a length.
inline constexpr std::int64_t kDefaultSteps = 100;

struct SimulationConfig {
  std::string spec;
  std::vector<double> lrs{0.1};  // one param group per value
  /// Rows to simulate; unset: the schedule's own length (spec::schedule_length), else
  /// kDefaultSteps.
  std::optional<std::int64_t> steps;
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
  /// Batches per epoch: rows are batches; a schedule stepped per epoch steps after every
  /// `steps_per_epoch`-th row, one stepped per batch (steps_every_batch) after every row; the
  /// metric and `step` of `--metric` count scheduler steps. Unset: a row is a scheduler step.
  std::optional<std::int64_t> steps_per_epoch;
  /// Rows as epochs (`steps_per_epoch` rows each) instead of `steps`.
  std::optional<std::int64_t> epochs;
  /// The PyTorch release PyTorch's schedulers follow where releases differ.
  TorchBehavior torch = TorchBehavior::newest;
};

/// Whether `scheduler`, built from `entry`, is stepped after every batch in the training loops
/// of its origin rather than after every epoch: its row says so (ScheduleShape::per_batch), or it
/// counts updates (timm's with `t_in_epochs=False`).
[[nodiscard]] bool steps_every_batch(const Scheduler& scheduler, const spec::ScheduleEntry& entry);

/// The simulated optimizer a config describes: one group per lr, momentum or betas per the
/// optimizer name, and `initial_lr` when given. Warns (stderr) about an lr that is not finite:
/// PyTorch's optimizers accept nan and inf, so lrsched does too, but not silently.
[[nodiscard]] InMemoryOptimizer make_optimizer(const SimulationConfig& config);

/// Runs `config.spec` on `optimizer`, which may carry the state an earlier schedule left (the
/// seed tutorial reuses one optimizer for its third curve), sending each row to `writer`; then,
/// when `state_file` is given, writes the state after the last step into it (the caller
/// commits). Throws lrsched::Error subclasses; errors inside the loop name the step ("at step
/// 12: ..."). Warns once when a row's lr is not finite.
void run_schedule(const SimulationConfig& config, InMemoryOptimizer& optimizer, TraceWriter& writer,
                  OutputFile* state_file = nullptr);

/// run_schedule on a fresh optimizer.
void run_simulation(const SimulationConfig& config, TraceWriter& writer,
                    OutputFile* state_file = nullptr);

}  // namespace lrsched::cli
