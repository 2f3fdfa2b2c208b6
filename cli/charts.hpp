// Charts of simulated schedules: what `lrsched plot` and `lrsched gallery` draw.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "render/chart.hpp"
#include "simulation_options.hpp"

namespace lrsched::cli {

/// One curve of a chart: a spec, its label, and whether it continues on the optimizer the
/// previous curve left (the seed tutorial's third curve).
struct Curve {
  std::string spec;
  std::string label;
  bool reuse_optimizer = false;
};

enum class XAxis { step, epoch };

struct ChartRequest {
  std::vector<Curve> curves;
  SimulationOptions simulation;  // shared by every curve (spec unused)
  std::string title;             // empty: the scheduler class names
  bool log_y = false;
  std::optional<std::size_t> group;  // only this param group; all groups when empty
  bool momentum_panel = false;
  /// How every curve is drawn; empty: each curve's own default (default_draw_style).
  std::optional<DrawStyle> draw_style;
  /// Overlay the metric a metric-stepped schedule was given, on a right-hand axis.
  bool show_metric = false;
  /// What the x axis counts: steps (rows), or epochs (step / --steps-per-epoch). Empty: epochs
  /// when --steps-per-epoch is given, else steps.
  std::optional<XAxis> x_axis;
};

/// `steps` where the row of the spec's outermost call says its lr is a staircase
/// (ScheduleShape::staircase: StepLR, plateaus, `staircase=True`, ...), `line` otherwise
/// (wrappers such as SequentialLR included).
[[nodiscard]] DrawStyle default_draw_style(const std::string& spec);

/// Simulates every curve (all of them before anything is drawn, so a failing spec draws
/// nothing) and assembles the chart. Throws UsageError for options that cannot apply
/// (--show-metric without a metric-stepped curve, --logy with no value > 0, epochs without
/// --steps-per-epoch, a curve with no finite lr). With --logy, values <= 0 are left out and one
/// line saying so is added to `warnings` (when given).
[[nodiscard]] Chart build_chart(const ChartRequest& request,
                                std::vector<std::string>* warnings = nullptr);

}  // namespace lrsched::cli
