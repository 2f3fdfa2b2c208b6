#include "history_plot.hpp"

#include <plstream.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <limits>

#include "lrsched/error.hpp"
#include "lrsched/io/atomic_file.hpp"

namespace lrsched_example {

namespace {

constexpr int kWidth = 1000;
constexpr int kHeight = 1000;

std::string device_for(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext == ".png") return "pngcairo";
  if (ext == ".svg") return "svgcairo";
  if (ext == ".pdf") return "pdfcairo";
  throw lrsched::ValueError("cannot tell the image format of '" + path +
                            "': use a .png, .svg or .pdf file name");
}

struct Range {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();
  void add(double v) { min = std::min(min, v), max = std::max(max, v); }
};

// A panel's y range over its finite values, padded so that a flat curve still has an axis.
Range y_range(const Panel& panel) {
  Range r;
  for (const Curve& c : panel.curves) {
    for (double y : c.y) {
      if (std::isfinite(y)) r.add(y);
    }
  }
  if (!(r.min <= r.max)) r = {0, 1};
  const double pad =
      r.min == r.max ? std::max(1e-12, std::fabs(r.min) * 0.05) : 0.03 * (r.max - r.min);
  return {r.min - pad, r.max + pad};
}

// A "nice" tick interval (1, 2, 2.5 or 5 times a power of ten) giving at most `max_ticks`
// intervals over `span`. Consecutive choices differ by at most 2.5 times, so 8 gives at least
// three labelled ticks on any axis.
double nice_step(double span, double max_ticks) {
  const double raw = span / max_ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

// Tick labels in fixed point with just the decimals the step needs (0.025 stays 0.025), never
// PLplot's rounded labels with a detached "(x10^-3)" factor.
int decimals_for(double step) {
  for (int d = 0; d < 12; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-9 * scaled) return d;
  }
  return 12;
}

std::string tick_label(double value, int decimals) {
  if (std::fabs(value) < 1e-300) value = 0;  // "-0" never shows
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

struct TickDecimals {
  int x = 0;
  int y = 0;
};

void label_tick(PLINT axis, PLFLT value, char* label, PLINT length, PLPointer data) {
  const auto* decimals = static_cast<const TickDecimals*>(data);
  std::snprintf(label, static_cast<std::size_t>(length), "%s",
                tick_label(value, axis == PL_X_AXIS ? decimals->x : decimals->y).c_str());
}

struct Axis {
  Range range;
  double step = 1;
  int decimals = 0;
  std::size_t widest = 1;  // characters of the widest tick label
};

Axis plan_axis(Range range, double max_ticks) {
  Axis a{range, nice_step(range.max - range.min, max_ticks), 0, 1};
  a.decimals = decimals_for(a.step);
  for (double v = std::ceil(range.min / a.step) * a.step; v <= range.max; v += a.step) {
    a.widest = std::max(a.widest, tick_label(v, a.decimals).size());
  }
  return a;
}

}  // namespace

void plot_panels(const std::vector<Panel>& panels, const std::string& title,
                 const std::string& path) {
  const std::string device = device_for(path);
  // One x axis for every panel (the epoch curves end a step after the batch curves).
  Range x;
  for (const Panel& panel : panels) {
    for (const Curve& c : panel.curves) {
      for (double v : c.x) x.add(v);
    }
  }
  if (!(x.min <= x.max)) x = {0, 1};
  if (x.min == x.max) x.max = x.min + 1;
  const Axis x_axis = plan_axis(x, 10);
  std::vector<Axis> y_axes;
  std::size_t widest = 1;
  for (const Panel& panel : panels) {
    y_axes.push_back(plan_axis(y_range(panel), 8));
    widest = std::max(widest, y_axes.back().widest);
  }

  // PLplot writes the temporary file by name; the extension tells it nothing, but keeps it.
  lrsched::io::AtomicFile file(path, std::filesystem::path(path).extension().string());
  {
    plstream pls;
    pls.sdev(device.c_str());
    pls.sfnam(file.temp_path().c_str());
    const bool raster = device == "pngcairo";  // vector formats take points, not pixels
    const auto size = [&](int px) { return raster ? px : px * 72 / 100; };
    pls.spage(raster ? 100 : 72, raster ? 100 : 72, size(kWidth), size(kHeight), 0, 0);
    pls.scolbg(255, 255, 255);
    pls.scol0(15, 38, 38, 38);   // ink
    pls.scol0(9, 31, 119, 180);  // matplotlib's first two colours for the curves
    pls.scol0(3, 255, 127, 14);
    pls.init();
    pls.schr(0, 0.8);
    pls.adv(0);
    // The left margin holds the widest tick label and the y label beside it, the same for all
    // panels so that they share the x axis; the gaps hold each panel's legend line.
    const double digit = 0.9;  // a digit's width, in character heights (measured, with room)
    const double label_at = 2.2 + digit * static_cast<double>(widest);  // y label, char heights
    const double char_height = 16.0 / kWidth;  // at schr(0, 0.8), as a fraction of the page
    const double left = (label_at + 1.2) * char_height + 0.02;
    const double top = 0.92;
    const double bottom = 0.08;
    const double gap = 0.05;
    const double height = (top - bottom - gap * static_cast<double>(panels.size() - 1)) /
                          static_cast<double>(panels.size());
    for (std::size_t p = 0; p < panels.size(); ++p) {
      const bool last = p + 1 == panels.size();
      const double y1 = top - static_cast<double>(p) * (height + gap);
      const Axis& y_axis = y_axes[p];
      pls.col0(15);
      pls.width(1);
      pls.vpor(left, 0.96, y1 - height, y1);
      pls.wind(x_axis.range.min, x_axis.range.max, y_axis.range.min, y_axis.range.max);
      // Our own tick labels: steps chosen for at least three labels, fixed-point text. Only the
      // bottom panel numbers the shared x axis.
      TickDecimals decimals{x_axis.decimals, y_axis.decimals};
      pls.slabelfunc(&label_tick, &decimals);
      pls.box(last ? "bcnost" : "bcst", x_axis.step, 0, "bcnostv", y_axis.step, 0);
      pls.slabelfunc(nullptr, nullptr);
      if (last) pls.mtex("b", 3.2, 0.5, 0.5, "step");
      pls.mtex("l", label_at, 0.5, 0.5, panels[p].y_label.c_str());
      if (p == 0) pls.mtex("t", 2.6, 0.5, 0.5, title.c_str());
      for (std::size_t c = 0; c < panels[p].curves.size(); ++c) {
        const Curve& curve = panels[p].curves[c];
        const bool first = c % 2 == 0;
        pls.col0(first ? 9 : 3);
        pls.width(2);
        pls.line(static_cast<PLINT>(curve.x.size()), curve.x.data(), curve.y.data());
        // The legend, in the curve's colour, above the frame where no curve runs: the first
        // curve's at the left end, the second's at the right end.
        pls.mtex("t", 0.6, first ? 0.0 : 1.0, first ? 0.0 : 1.0, curve.label.c_str());
      }
    }
  }  // plstream's destructor finishes the file
  file.commit();
}

}  // namespace lrsched_example
