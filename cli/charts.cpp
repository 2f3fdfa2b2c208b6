#include "charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "exit_status.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"
#include "lrsched/spec/length.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/registry.hpp"
#include "lrsched/spec/signature.hpp"
#include "simulation.hpp"

namespace lrsched::cli {

namespace {

// A chart has far fewer pixels than this; past it a long default length (T_max=10**12) would
// only fill memory.
constexpr std::size_t kMaxRows = 10'000'000;

std::string class_name(const std::string& spec) {
  const auto open = spec.find('(');
  std::string name = spec.substr(0, open);
  const auto dot = name.rfind('.');
  if (dot != std::string::npos) name = name.substr(dot + 1);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(name.begin());
  return name;
}

// Values <= 0 have no place on a log axis: counted, with the first one, for one warning line.
struct NonPositive {
  std::size_t count = 0;
  std::size_t positive = 0;
  std::string first;  // "'label' step 10, lr 0"
};

void count_non_positive(const Series& s, NonPositive& out) {
  for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
    if (s.y[i] > 0) ++out.positive;
    if (!(s.y[i] <= 0)) continue;  // positive, or NaN (a gap either way)
    if (out.count++ == 0) {
      char value[32];
      std::snprintf(value, sizeof value, "%g", s.y[i]);
      out.first = "'" + s.label + "' step " + std::to_string(static_cast<std::int64_t>(s.x[i])) +
                  ", lr " + value;
    }
  }
}

}  // namespace

DrawStyle default_draw_style(const std::string& spec) {
  return spec::is_staircase(spec::parse_spec(spec)) ? DrawStyle::steps : DrawStyle::line;
}

Chart build_chart(const ChartRequest& request, std::vector<std::string>* warnings) {
  if (request.curves.empty()) throw UsageError("plot needs at least one SPEC");
  if (request.curves.front().reuse_optimizer) {
    throw UsageError("--then continues the previous curve, but there is none");
  }
  SimulationConfig base = request.simulation.to_config();
  // One x range for every curve: the longest length the curves' own arguments give (each
  // curve's own, in its own units, with --steps-per-epoch), else the default.
  if (!base.steps && !base.epochs && !base.steps_per_epoch) {
    std::optional<std::int64_t> longest;
    for (const Curve& curve : request.curves) {
      const auto length = spec::schedule_length(spec::parse_spec(curve.spec));
      if (length && (!longest || *length > *longest)) longest = length;
    }
    base.steps = longest.value_or(kDefaultSteps);
  }
  const bool x_in_epochs =
      request.x_axis.value_or(base.steps_per_epoch ? XAxis::epoch : XAxis::step) == XAxis::epoch;
  if (x_in_epochs && !base.steps_per_epoch) {
    throw UsageError("--x epoch needs --steps-per-epoch K");
  }
  if (request.group && *request.group >= base.lrs.size()) {
    throw UsageError("--group " + std::to_string(*request.group) + " but --lr gives " +
                     std::to_string(base.lrs.size()) + " param groups");
  }
  Panel lr_panel;
  lr_panel.log_y = request.log_y;
  Panel momentum_panel;
  momentum_panel.y_label = "momentum";
  std::set<std::string> classes;
  std::string title_classes;

  std::unique_ptr<InMemoryOptimizer> optimizer;
  for (const Curve& curve : request.curves) {
    SimulationConfig config = base;
    config.spec = curve.spec;
    if (!curve.reuse_optimizer)
      optimizer = std::make_unique<InMemoryOptimizer>(make_optimizer(config));
    ColumnTraceWriter trace(kMaxRows, "plot draws at most " + std::to_string(kMaxRows) +
                                          " steps per curve: give fewer --steps (simulate prints "
                                          "any number)");
    run_schedule(config, *optimizer, trace);
    for (const std::vector<double>& lrs : trace.lrs) {
      if (!lrs.empty() &&
          std::none_of(lrs.begin(), lrs.end(), [](double y) { return std::isfinite(y); })) {
        throw UsageError("'" + curve.label + "' has no finite lr to draw (every value is " +
                         detail::py_float_repr(lrs.front()) + ")");
      }
    }
    const DrawStyle style =
        request.draw_style ? *request.draw_style : default_draw_style(curve.spec);

    const bool several = trace.lrs.size() > 1 && !request.group;
    for (std::size_t g = 0; g < trace.lrs.size(); ++g) {
      if (request.group && g != *request.group) continue;
      const std::string suffix = several ? " [group " + std::to_string(g) + "]" : "";
      lr_panel.series.emplace_back(curve.label + suffix, trace.steps, std::move(trace.lrs[g]),
                                   style);
      if (request.momentum_panel && g < trace.momenta.size()) {
        momentum_panel.series.emplace_back(curve.label + suffix + " momentum", trace.steps,
                                           std::move(trace.momenta[g]), style);
      }
    }
    if (request.show_metric && !trace.metric_steps.empty()) {
      lr_panel.right_series.emplace_back(curve.label + " metric", std::move(trace.metric_steps),
                                         std::move(trace.metric_values));
    }
    const std::string name = class_name(curve.spec);
    if (classes.insert(name).second) title_classes += (title_classes.empty() ? "" : ", ") + name;
  }
  if (request.show_metric && lr_panel.right_series.empty()) {
    throw UsageError(
        "--show-metric: no curve is stepped on a metric (ReduceLROnPlateau and the "
        "like, with --metric EXPR or --metrics FILE)");
  }
  if (request.log_y) {
    NonPositive skipped;
    for (const Series& s : lr_panel.series) count_non_positive(s, skipped);
    if (skipped.count > 0 && skipped.positive == 0) {
      throw UsageError("--logy: no learning rate > 0 to draw (all " +
                       std::to_string(skipped.count) + " values are <= 0; first: " + skipped.first +
                       ")");
    }
    if (skipped.count > 0 && warnings != nullptr) {
      warnings->push_back("--logy: " + std::to_string(skipped.count) + " value" +
                          (skipped.count == 1 ? "" : "s") +
                          " <= 0 not drawn (first: " + skipped.first + ")");
    }
  }
  Chart chart;
  chart.title = request.title.empty() ? title_classes : request.title;
  chart.panels.push_back(std::move(lr_panel));
  if (request.momentum_panel) {
    if (momentum_panel.series.empty()) {
      throw UsageError(
          "--momentum-panel: no curve cycles momentum (a schedule with "
          "cycle_momentum=True)");
    }
    chart.panels.push_back(std::move(momentum_panel));
  }
  if (x_in_epochs) {
    const auto per_epoch = static_cast<double>(*base.steps_per_epoch);
    for (Panel& panel : chart.panels) {
      for (std::vector<Series>* series : {&panel.series, &panel.right_series}) {
        for (Series& s : *series) {
          for (double& x : s.x) x /= per_epoch;
        }
      }
    }
    chart.x_label = "epoch";
    chart.x_min_tick = 0;
  }
  return chart;
}

}  // namespace lrsched::cli
