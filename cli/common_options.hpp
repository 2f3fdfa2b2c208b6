// The options `simulate` and `plot` share: the spec, the simulated optimizer and the metric.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "simulation.hpp"

namespace lrsched::cli {

/// The options as typed: numbers are read by `to_config` with Python's spellings and messages
/// that name the option (CLI11's own conversions would take `--lr ""` as 0 and print 1.79e308 in
/// full for a negative `--steps`).
struct SimulationOptions {
  std::string spec;
  std::string lrs = "0.1";
  std::string steps;  // empty: the schedule's own length, else kDefaultSteps
  std::string optimizer = "sgd";
  std::string momentum;  // empty: not given
  std::string betas;     // empty: not given
  std::string initial_lrs;
  std::string metric;
  std::string metrics_file;
  std::string load_state;
  std::string save_state;
  bool closed_form = false;
  std::string steps_per_epoch;  // empty: a row is a scheduler step
  std::string epochs;           // empty: --steps or the schedule's own length
  std::string torch_compat = "newest";  // --torch-compat: "newest" or "1.13"

  /// The validated configuration; UsageError for a malformed value or an option the optimizer
  /// does not have (`--momentum` with adam).
  [[nodiscard]] SimulationConfig to_config() const;
};

/// The optimizer and metric options shared by `simulate` and `plot` (not the spec itself, nor the
/// state files, which only `simulate` takes).
void add_simulation_options(CLI::App& sub, SimulationOptions& options);

}  // namespace lrsched::cli
