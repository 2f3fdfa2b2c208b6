// The options `simulate` and `plot` share: the spec, the simulated optimizer and the metric.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "simulation.hpp"

namespace lrsched::cli {

struct SimulationOptions {
  std::string spec;
  std::vector<double> lrs{0.1};
  std::int64_t steps = 100;
  std::string optimizer = "sgd";
  double momentum = 0.0;
  std::vector<double> betas{0.9, 0.999};
  std::vector<double> initial_lrs;
  std::string metric;
  std::string metrics_file;
  std::string load_state;
  std::string save_state;
  bool closed_form = false;
  std::string torch_compat = "newest";  // --torch-compat: "newest" or "1.13"

  [[nodiscard]] SimulationConfig to_config() const;
};

/// The optimizer and metric options shared by `simulate` and `plot` (not the spec itself, nor the
/// state files, which only `simulate` takes).
void add_simulation_options(CLI::App& sub, SimulationOptions& options);

}  // namespace lrsched::cli
