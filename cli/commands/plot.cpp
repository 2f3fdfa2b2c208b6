#include "commands/plot.hpp"

#include <cstdio>
#include <memory>
#include <string>

#include "charts.hpp"
#include "common_options.hpp"
#include "exit_status.hpp"
#include "lrsched/error.hpp"
#include "render/plplot_file.hpp"
#include "render/terminal.hpp"

namespace lrsched::cli {

namespace {

struct PlotOptions {
  ChartRequest request;
  std::vector<std::string> specs;
  std::vector<std::string> then_specs;
  std::vector<std::string> labels;
  std::size_t group = 0;
  bool group_given = false;
  FileChartOptions file;
  std::string output;
  std::string draw_style;
  std::string x_axis;
  bool term = false;
  int term_width = 0;
};

void run_plot(PlotOptions& o) {
  ChartRequest& request = o.request;
  request.curves.clear();
  for (const auto& spec : o.specs) request.curves.push_back({spec, spec, false});
  for (const auto& spec : o.then_specs) request.curves.push_back({spec, spec, true});
  if (o.labels.size() > request.curves.size()) {
    throw UsageError("got " + std::to_string(o.labels.size()) + " --label values for " +
                     std::to_string(request.curves.size()) + " curves");
  }
  for (std::size_t i = 0; i < o.labels.size(); ++i) request.curves[i].label = o.labels[i];
  if (o.group_given) request.group = o.group;
  if (!o.draw_style.empty()) {
    request.draw_style = o.draw_style == "steps" ? DrawStyle::steps : DrawStyle::line;
  }
  if (!o.x_axis.empty()) request.x_axis = o.x_axis == "epoch" ? XAxis::epoch : XAxis::step;

  std::vector<std::string> warnings;
  const Chart chart = build_chart(request, &warnings);
  for (const std::string& w : warnings) std::fprintf(stderr, "lrsched: warning: %s\n", w.c_str());
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

void setup_plot(CLI::App& app) {
  auto o = std::make_shared<PlotOptions>();
  CLI::App* sub = app.add_subcommand(
      "plot", "Draw learning-rate curves: PNG/SVG/PDF with -o, else in the terminal");
  sub->add_option("specs", o->specs, "Schedulers as in Python, one curve each")->required();
  add_simulation_options(*sub, o->request.simulation);
  sub->add_option("--then", o->then_specs,
                  "Another curve on the optimizer the previous curve left (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--label", o->labels, "Legend label of each curve, in order (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--x", o->x_axis,
                  "What the x axis counts: step, or epoch (step / --steps-per-epoch; the default "
                  "when that is given)")
      ->check(CLI::IsMember({"step", "epoch"}));
  sub->add_option("--title", o->request.title, "Chart title (default: the scheduler names)");
  sub->add_flag("--logy", o->request.log_y,
                "Logarithmic lr axis (values <= 0 are left out, with a warning)");
  sub->add_option("--drawstyle", o->draw_style,
                  "steps: a staircase (the lr holds until the next step); line: straight "
                  "segments. Default: steps for step-shaped schedules (StepLR, MultiStepLR, "
                  "ReduceLROnPlateau, staircase=True, ...), line otherwise")
      ->check(CLI::IsMember({"steps", "line"}));
  sub->add_flag("--show-metric", o->request.show_metric,
                "Overlay the metric a plateau schedule is stepped on (--metric/--metrics), on a "
                "right-hand axis");
  sub->add_option("--group", o->group, "Only this param group (default: all)")
      ->each([o](const std::string&) { o->group_given = true; });
  sub->add_flag("--momentum-panel", o->request.momentum_panel,
                "Second panel with momentum/beta1 (schedules that cycle it)");
  sub->add_option("--width", o->file.width, "Image width in pixels")->capture_default_str();
  sub->add_option("--height", o->file.height, "Image height in pixels")->capture_default_str();
  sub->add_option("-o,--output", o->output, "Image file: .png, .svg or .pdf");
  sub->add_flag("--term", o->term, "Draw in the terminal even with -o");
  sub->add_option("--columns", o->term_width, "Terminal chart width (default: $COLUMNS)");
  sub->callback([o] { run_plot(*o); });
}

}  // namespace lrsched::cli
