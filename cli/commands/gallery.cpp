#include "commands/gallery.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "charts.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"
#include "lrsched/io/atomic_file.hpp"
#include "lrsched/spec/length.hpp"
#include "lrsched/spec/parser.hpp"
#include "lrsched/spec/registry.hpp"
#include "render/markup.hpp"
#include "render/plplot_file.hpp"

namespace lrsched::cli {

namespace {

// One figure: its file stem, a caption, and the plot it draws.
struct Figure {
  std::string stem;
  std::string caption;
  ChartRequest request;
};

std::string join_numbers(const std::vector<double>& values) {
  std::string out;
  for (const double x : values) out += (out.empty() ? "" : ",") + detail::py_float_repr(x);
  return out;
}

// A registry example as the chart it describes: the options `lrsched plot` would be given.
ChartRequest chart_of(const spec::Example& example) {
  ChartRequest r;
  for (const spec::ExampleCurve& c : example.curves) {
    r.curves.push_back({c.spec, c.label.empty() ? c.spec : c.label, c.continues_previous});
  }
  r.title = example.title;
  r.simulation.steps = "100";
  r.simulation.optimizer = example.optimizer;
  r.simulation.lrs = join_numbers(example.lrs);
  r.simulation.initial_lrs = join_numbers(example.initial_lrs);
  if (example.momentum != 0) r.simulation.momentum = detail::py_float_repr(example.momentum);
  r.simulation.metric = example.metric;
  r.momentum_panel = example.momentum_panel;
  return r;
}

// Every schedule's own figure (its first example: lr 0.1 and 100 steps, as PyTorch's
// documentation images), then the further examples (the tutorial's figures), in registry order.
std::vector<Figure> registry_figures() {
  std::vector<Figure> own;
  std::vector<Figure> further;
  for (const spec::ScheduleEntry& entry : spec::registry()) {
    for (std::size_t i = 0; i < entry.examples.size(); ++i) {
      const spec::Example& e = entry.examples[i];
      (i == 0 ? own : further).push_back({e.stem, e.caption, chart_of(e)});
    }
  }
  for (Figure& f : further) own.push_back(std::move(f));
  return own;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The `lrsched plot` command that draws the same figure.
std::string command_for(const Figure& f, const std::string& file) {
  const ChartRequest& r = f.request;
  const SimulationOptions& s = r.simulation;
  std::string cmd = "lrsched plot";
  for (const Curve& c : r.curves) {
    if (!c.reuse_optimizer) cmd += " " + shell_quote(c.spec);
  }
  for (const Curve& c : r.curves) {
    if (c.reuse_optimizer) cmd += " --then " + shell_quote(c.spec);
  }
  // Labels go in curve order, so either every curve gets one or none does.
  const bool labelled = std::any_of(r.curves.begin(), r.curves.end(),
                                    [](const Curve& c) { return c.label != c.spec; });
  for (const Curve& c : r.curves) {
    if (labelled) cmd += " --label " + shell_quote(c.label);
  }
  // Gallery figures are 100 steps; the command says so where a curve's own length differs.
  const bool own_length_differs = std::any_of(r.curves.begin(), r.curves.end(), [](const Curve& c) {
    return spec::schedule_length(spec::parse_spec(c.spec)).value_or(kDefaultSteps) != 100;
  });
  if (own_length_differs) cmd += " --steps " + s.steps;
  if (s.optimizer != "sgd") cmd += " --optimizer " + s.optimizer;
  if (s.lrs != "0.1") cmd += " --lr " + s.lrs;
  if (!s.initial_lrs.empty()) cmd += " --initial-lr " + s.initial_lrs;
  if (!s.momentum.empty()) cmd += " --momentum " + s.momentum;
  if (!s.metric.empty()) cmd += " --metric " + shell_quote(s.metric);
  if (r.momentum_panel) cmd += " --momentum-panel";
  if (!r.title.empty()) cmd += " --title " + shell_quote(r.title);
  return cmd + " -o " + file;
}

}  // namespace

void run_gallery(const GalleryOptions& o) {
  std::filesystem::create_directories(o.dir);
  const std::vector<Figure> figures = registry_figures();

  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>lrsched gallery</title>\n<style>\nbody { font-family: sans-serif; max-width: "
      "70em; margin: auto; }\nfigure { margin: 2em 0; }\nimg { max-width: 100%; border: 1px "
      "solid #ddd; }\nfigcaption code { display: block; background: #f6f6f6; padding: 0.5em; "
      "white-space: pre-wrap; word-break: break-all; }\n</style>\n</head>\n<body>\n"
      "<h1>lrsched gallery</h1>\n<p>Every scheduler class (100 steps, lr 0.1, as PyTorch's "
      "documentation images), then the figures of the tutorial lrsched grew out of. Each "
      "caption is the command that draws the figure.</p>\n";
  for (const Figure& f : figures) {
    const std::string file = f.stem + "." + o.format;
    const Chart c = build_chart(f.request);
    render_file(c, (std::filesystem::path(o.dir) / file).string(), o.size);
    html += "<figure id=\"" + escape_markup(f.stem) + "\">\n<h2>" + escape_markup(f.caption) +
            "</h2>\n<img src=\"" + escape_markup(file) + "\" alt=\"" + escape_markup(c.title) +
            "\">\n<figcaption><code>" + escape_markup(command_for(f, file)) +
            "</code></figcaption>\n</figure>\n";
    std::printf("%s\n", (std::filesystem::path(o.dir) / file).string().c_str());
  }
  html += "</body>\n</html>\n";
  const std::string index = (std::filesystem::path(o.dir) / "index.html").string();
  io::write_file_atomically(index, html);
  std::printf("%s\n", index.c_str());
}

void setup_gallery(CLI::App& app) {
  auto o = std::make_shared<GalleryOptions>();
  CLI::App* sub = app.add_subcommand(
      "gallery", "Draw a figure per scheduler class and the seed tutorial's figures");
  sub->add_option("-o,--output", o->dir, "Folder for the images and index.html")->required();
  sub->add_option("--format", o->format, "Image format")
      ->check(CLI::IsMember({"png", "svg", "pdf"}))
      ->capture_default_str();
  sub->add_option("--width", o->size.width, "Image width in pixels")->capture_default_str();
  sub->add_option("--height", o->size.height, "Image height in pixels")->capture_default_str();
  sub->callback([o] { run_gallery(*o); });
}

}  // namespace lrsched::cli
