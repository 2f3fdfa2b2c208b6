// Charts of simulated schedules: what `lrsched plot` and `lrsched gallery` draw.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common_options.hpp"
#include "render/chart.hpp"

namespace lrsched::cli {

/// One curve of a chart: a spec, its label, and whether it continues on the optimizer the
/// previous curve left (the seed tutorial's third curve).
struct Curve {
  std::string spec;
  std::string label;
  bool reuse_optimizer = false;
};

struct ChartRequest {
  std::vector<Curve> curves;
  SimulationOptions simulation;  // shared by every curve (spec unused)
  std::string title;             // empty: the scheduler class names
  bool log_y = false;
  std::optional<std::size_t> group;  // only this param group; all groups when empty
  bool momentum_panel = false;
};

/// Simulates every curve (all of them before anything is drawn, so a failing spec draws
/// nothing) and assembles the chart.
[[nodiscard]] Chart build_chart(const ChartRequest& request);

}  // namespace lrsched::cli
