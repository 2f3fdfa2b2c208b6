// The options that describe a simulation (`simulate` and `plot` share them, the web page's fields
// are the same), as typed.
#pragma once

#include <string>

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
  std::string steps_per_epoch;          // empty: a row is a scheduler step
  std::string epochs;                   // empty: --steps or the schedule's own length
  std::string torch_compat = "newest";  // --torch-compat: "newest" or "1.13"

  /// The validated configuration; UsageError for a malformed value or an option the optimizer
  /// does not have (`--momentum` with adam).
  [[nodiscard]] SimulationConfig to_config() const;
};

}  // namespace lrsched::cli
