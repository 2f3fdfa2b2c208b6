// The options `simulate` and `plot` share: the spec, the simulated optimizer and the metric.
#pragma once

#include <CLI/CLI.hpp>

#include "simulation_options.hpp"

namespace lrsched::cli {

/// The optimizer and metric options shared by `simulate` and `plot` (not the spec itself, nor the
/// state files, which only `simulate` takes).
void add_simulation_options(CLI::App& sub, SimulationOptions& options);

}  // namespace lrsched::cli
