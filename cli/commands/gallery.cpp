#include "commands/gallery.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "commands/plot.hpp"
#include "lrsched/detail/pyrepr.hpp"
#include "lrsched/error.hpp"
#include "lrsched/io/atomic_file.hpp"
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

ChartRequest chart(std::vector<Curve> curves, std::string title = {}) {
  ChartRequest r;
  r.curves = std::move(curves);
  r.title = std::move(title);
  return r;
}

Curve curve(std::string spec, std::string label = {}, bool reuse = false) {
  if (label.empty()) label = spec;
  return Curve{std::move(spec), std::move(label), reuse};
}

// PyTorch's documentation images (docs/source/scripts/build_lr_scheduler_images.py): lr 0.1,
// 100 steps; CyclicLR gets a 10-step half cycle so that its cycles show, the cycling classes a
// momentum panel, and ReduceLROnPlateau a deterministic metric that stops improving.
std::vector<Figure> class_figures() {
  std::vector<Figure> figures;
  const auto add = [&](const std::string& name, const std::string& spec) {
    figures.push_back({name, name, chart({curve(spec)}, name)});
    return &figures.back().request;
  };
  add("LambdaLR", "LambdaLR(lr_lambda=lambda epoch: 1 - epoch / 100)");
  add("MultiplicativeLR", "MultiplicativeLR(lr_lambda=lambda epoch: 0.95)");
  add("StepLR", "StepLR(step_size=30, gamma=0.1)");
  add("MultiStepLR", "MultiStepLR(milestones=[30, 80], gamma=0.1)");
  add("ConstantLR", "ConstantLR(factor=0.5, total_iters=4)");
  add("LinearLR", "LinearLR(start_factor=0.5, total_iters=4)");
  add("ExponentialLR", "ExponentialLR(gamma=0.95)");
  add("PolynomialLR", "PolynomialLR(total_iters=4, power=1.0)");
  add("CosineAnnealingLR", "CosineAnnealingLR(T_max=100)");
  add("CosineAnnealingWarmRestarts", "CosineAnnealingWarmRestarts(T_0=20)");
  for (auto* r : {add("CyclicLR", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=10)"),
                  add("OneCycleLR", "OneCycleLR(max_lr=0.1, epochs=10, steps_per_epoch=10)")}) {
    r->simulation.momentum = 0.9;
    r->momentum_panel = true;
  }
  add("ReduceLROnPlateau", "ReduceLROnPlateau(mode='min', patience=5)")->simulation.metric =
      "max(0.3, 1 - step / 40) + 0.02 * math.sin(step)";
  add("ChainedScheduler",
      "ChainedScheduler([ConstantLR(factor=0.1, total_iters=2), ExponentialLR(gamma=0.9)])");
  add("SequentialLR",
      "SequentialLR(schedulers=[ConstantLR(factor=0.1, total_iters=2), "
      "ExponentialLR(gamma=0.9)], milestones=[2])");
  add("SWALR", "SWALR(swa_lr=0.01, anneal_epochs=20)");
  return figures;
}

// The seed tutorial's figures, built as it builds them: Adam, and each optimizer carrying
// `initial_lr` (1.0: the tutorial does not show its value; it must exceed eta_min=0.5).
std::vector<Figure> seed_figures() {
  std::vector<Figure> figures;
  const auto seed = [](ChartRequest r, bool initial_lr) {
    r.simulation.optimizer = "adam";
    r.simulation.lrs = {1.0};
    if (initial_lr) r.simulation.initial_lrs = {1.0};
    return r;
  };
  figures.push_back(
      {"seed_CosineAnnealingLR",
       "The seed's CosineAnnealingLR figure: the third curve continues on the second curve's "
       "optimizer",
       seed(chart({curve("CosineAnnealingLR(T_max=40, eta_min=0.2)", "eta_min=0.2, last epoch=-1"),
                   curve("CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10)",
                         "eta_min=0.2, last epoch=10"),
                   curve("CosineAnnealingLR(T_max=40, eta_min=0.5, last_epoch=10)",
                         "eta_min=0.5, last epoch=10", true)},
                  "CosineAnnealingLR"),
            true)});
  figures.push_back({"seed_LambdaLR", "The seed's two LambdaLR lambdas",
                     seed(chart({curve("LambdaLR(lr_lambda=lambda step: step%40/100.)",
                                       "lambda step: step%40/100."),
                                 curve("LambdaLR(lr_lambda=lambda step: max(0, 1 - step / 100))",
                                       "lambda step: max(0, 1 - step / 100)")},
                                "LambdaLR"),
                          false)});
  figures.push_back(
      {"seed_MultiplicativeLR", "The seed's MultiplicativeLR",
       seed(chart({curve("MultiplicativeLR(lr_lambda=lambda step: 0.95)", "lambda step: 0.95")},
                  "MultiplicativeLR"),
            false)});
  ChartRequest plateau =
      seed(chart({curve("ReduceLROnPlateau()", "ReduceLROnPlateau, metric = its own lr")},
                 "ReduceLROnPlateau"),
           false);
  plateau.simulation.metric = "lr";  // the seed's get_lr_scheduler1: scheduler.step(lr_current)
  figures.push_back({"seed_ReduceLROnPlateau",
                     "The seed's ReduceLROnPlateau, fed its own lr as the metric",
                     std::move(plateau)});
  return figures;
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
  const auto join = [](const std::vector<double>& v) {
    std::string out;
    for (const double x : v) out += (out.empty() ? "" : ",") + detail::py_float_repr(x);
    return out;
  };
  if (s.optimizer != "sgd") cmd += " --optimizer " + s.optimizer;
  if (s.lrs != std::vector<double>{0.1}) cmd += " --lr " + join(s.lrs);
  if (!s.initial_lrs.empty()) cmd += " --initial-lr " + join(s.initial_lrs);
  if (s.momentum != 0) cmd += " --momentum " + detail::py_float_repr(s.momentum);
  if (!s.metric.empty()) cmd += " --metric " + shell_quote(s.metric);
  if (r.momentum_panel) cmd += " --momentum-panel";
  if (!r.title.empty()) cmd += " --title " + shell_quote(r.title);
  return cmd + " -o " + file;
}

struct GalleryOptions {
  std::string dir;
  std::string format = "png";
  FileChartOptions size;
};

void run_gallery(const GalleryOptions& o) {
  std::filesystem::create_directories(o.dir);
  std::vector<Figure> figures = class_figures();
  for (Figure& f : seed_figures()) figures.push_back(std::move(f));

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

}  // namespace

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
