#include "commands/plot.hpp"

#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "lrsched/error.hpp"
#include "render/plplot_file.hpp"
#include "render/terminal.hpp"
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

struct PlotOptions {
  ChartRequest request;
  std::vector<std::string> specs;
  std::vector<std::string> then_specs;
  std::vector<std::string> labels;
  std::size_t group = 0;
  bool group_given = false;
  FileChartOptions file;
  std::string output;
  bool term = false;
  int term_width = 0;
};

void run_plot(PlotOptions& o) {
  ChartRequest& request = o.request;
  request.curves.clear();
  for (const auto& spec : o.specs) request.curves.push_back({spec, spec, false});
  for (const auto& spec : o.then_specs) request.curves.push_back({spec, spec, true});
  if (o.labels.size() > request.curves.size()) {
    throw ValueError("got " + std::to_string(o.labels.size()) + " --label values for " +
                     std::to_string(request.curves.size()) + " curves");
  }
  for (std::size_t i = 0; i < o.labels.size(); ++i) request.curves[i].label = o.labels[i];
  if (o.group_given) request.group = o.group;

  const Chart chart = build_chart(request);
  if (!o.output.empty() && !o.term) {
    render_file(chart, o.output, o.file);
    return;
  }
  TerminalOptions term;
  term.width = o.term_width > 0 ? o.term_width : terminal_width();
  term.color = stdout_wants_color();
  const std::string text = render_terminal(chart, term);
  std::fwrite(text.data(), 1, text.size(), stdout);
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
    run_schedule(config, *optimizer, trace, false);

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
      throw ValueError("--momentum-panel: no curve cycles momentum (CyclicLR or OneCycleLR with "
                       "cycle_momentum=True)");
    }
    chart.panels.push_back(std::move(momentum_panel));
  }
  return chart;
}

void setup_plot(CLI::App& app) {
  auto o = std::make_shared<PlotOptions>();
  CLI::App* sub = app.add_subcommand(
      "plot", "Draw learning-rate curves: PNG/SVG/PDF with -o, else in the terminal");
  sub->add_option("specs", o->specs, "Schedulers as in Python, one curve each")->required();
  add_simulation_options(*sub, o->request.simulation);
  sub->add_option("--then", o->then_specs,
                  "Another curve on the optimizer the previous curve left (repeatable)");
  sub->add_option("--label", o->labels, "Legend label of each curve, in order (repeatable)");
  sub->add_option("--title", o->request.title, "Chart title (default: the scheduler names)");
  sub->add_flag("--logy", o->request.log_y, "Logarithmic lr axis");
  sub->add_option("--group", o->group, "Only this param group (default: all)")
      ->each([o](const std::string&) { o->group_given = true; });
  sub->add_flag("--momentum-panel", o->request.momentum_panel,
                "Second panel with momentum/beta1 (CyclicLR, OneCycleLR)");
  sub->add_option("--width", o->file.width, "Image width in pixels")->capture_default_str();
  sub->add_option("--height", o->file.height, "Image height in pixels")->capture_default_str();
  sub->add_option("-o,--output", o->output, "Image file: .png, .svg or .pdf");
  sub->add_flag("--term", o->term, "Draw in the terminal even with -o");
  sub->add_option("--columns", o->term_width, "Terminal chart width (default: $COLUMNS)");
  sub->callback([o] { run_plot(*o); });
}

}  // namespace lrsched::cli
