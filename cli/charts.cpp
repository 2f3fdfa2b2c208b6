#include "charts.hpp"

#include <memory>
#include <set>
#include <string>

#include "lrsched/error.hpp"
#include "simulation.hpp"

namespace lrsched::cli {

namespace {

// Collects a schedule's rows as one lr series (and one momentum series) per param group.
class SeriesTraceWriter final : public TraceWriter {
 public:
  void begin(std::size_t groups, bool with_momentum) override {
    lrs.assign(groups, {});
    momenta.assign(with_momentum ? groups : 0, {});
  }
  void row(std::int64_t step, std::span<const double> lr,
           std::span<const double> momentum) override {
    for (std::size_t g = 0; g < lr.size(); ++g) {
      lrs[g].x.push_back(static_cast<double>(step));
      lrs[g].y.push_back(lr[g]);
    }
    for (std::size_t g = 0; g < momentum.size(); ++g) {
      momenta[g].x.push_back(static_cast<double>(step));
      momenta[g].y.push_back(momentum[g]);
    }
  }
  void end() override {}

  std::vector<Series> lrs;
  std::vector<Series> momenta;
};

std::string class_name(const std::string& spec) {
  const auto open = spec.find('(');
  std::string name = spec.substr(0, open);
  const auto dot = name.rfind('.');
  if (dot != std::string::npos) name = name.substr(dot + 1);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  while (!name.empty() && name.front() == ' ') name.erase(name.begin());
  return name;
}

}  // namespace

Chart build_chart(const ChartRequest& request) {
  if (request.curves.empty()) throw ValueError("plot needs at least one SPEC");
  if (request.curves.front().reuse_optimizer) {
    throw ValueError("--then continues the previous curve, but there is none");
  }
  const SimulationConfig base = request.simulation.to_config();
  if (request.group && *request.group >= base.lrs.size()) {
    throw ValueError("--group " + std::to_string(*request.group) + " but --lr gives " +
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
    if (!curve.reuse_optimizer) optimizer = std::make_unique<InMemoryOptimizer>(make_optimizer(config));
    SeriesTraceWriter trace;
    run_schedule(config, *optimizer, trace);

    const bool several = trace.lrs.size() > 1 && !request.group;
    for (std::size_t g = 0; g < trace.lrs.size(); ++g) {
      if (request.group && g != *request.group) continue;
      const std::string suffix = several ? " [group " + std::to_string(g) + "]" : "";
      trace.lrs[g].label = curve.label + suffix;
      lr_panel.series.push_back(std::move(trace.lrs[g]));
      if (request.momentum_panel && g < trace.momenta.size()) {
        trace.momenta[g].label = curve.label + suffix + " momentum";
        momentum_panel.series.push_back(std::move(trace.momenta[g]));
      }
    }
    const std::string name = class_name(curve.spec);
    if (classes.insert(name).second) title_classes += (title_classes.empty() ? "" : ", ") + name;
  }
  Chart chart;
  chart.title = request.title.empty() ? title_classes : request.title;
  chart.panels.push_back(std::move(lr_panel));
  if (request.momentum_panel) {
    if (momentum_panel.series.empty()) {
      throw ValueError("--momentum-panel: no curve cycles momentum (a schedule with "
                       "cycle_momentum=True)");
    }
    chart.panels.push_back(std::move(momentum_panel));
  }
  return chart;
}

}  // namespace lrsched::cli
