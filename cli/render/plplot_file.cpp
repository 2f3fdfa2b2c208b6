#include "render/plplot_file.hpp"

#include <plstream.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exit_status.hpp"
#include "lrsched/error.hpp"
#include "lrsched/io/atomic_file.hpp"
#include "render/markup.hpp"

namespace lrsched::cli {

namespace {

// Colour map 0: background, axes and text, grid, then matplotlib's "tab10" for the curves.
constexpr int kBackground = 0;
constexpr int kInk = 1;
constexpr int kGrid = 2;
constexpr int kFirstCurve = 3;
constexpr std::array<std::array<int, 3>, 13> kColours = {{{255, 255, 255},
                                                          {38, 38, 38},
                                                          {222, 222, 222},
                                                          {31, 119, 180},
                                                          {255, 127, 14},
                                                          {44, 160, 44},
                                                          {214, 39, 40},
                                                          {148, 103, 189},
                                                          {140, 86, 75},
                                                          {227, 119, 194},
                                                          {127, 127, 127},
                                                          {188, 189, 34},
                                                          {23, 190, 207}}};
constexpr int kCurveColours = static_cast<int>(kColours.size()) - kFirstCurve;

// PLplot treats '#' as the start of an escape sequence in text.
std::string escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    out += c;
    if (c == '#') out += '#';
  }
  return out;
}

// The AtomicFile that PLplot is writing removes its temporary file unless committed; PLplot exits
// the process on fatal errors, without unwinding, so an atexit hook removes it then.
std::string g_pending_tmp;
void remove_pending_tmp() {
  if (!g_pending_tmp.empty()) std::remove(g_pending_tmp.c_str());
}
struct PendingTmpGuard {
  PendingTmpGuard() = default;
  PendingTmpGuard(const PendingTmpGuard&) = delete;
  PendingTmpGuard& operator=(const PendingTmpGuard&) = delete;
  PendingTmpGuard(PendingTmpGuard&&) = delete;
  PendingTmpGuard& operator=(PendingTmpGuard&&) = delete;
  ~PendingTmpGuard() { g_pending_tmp.clear(); }
};

int plplot_fatal(const char* message) {
  std::fprintf(stderr, "lrsched: RuntimeError: PLplot: %s\n", message);
  return 1;  // PLplot then exits with this status
}

// A "nice" tick interval (1, 2, 2.5 or 5 times a power of ten) giving at most `max_ticks`.
double nice_step(double span, double max_ticks) {
  const double raw = span / std::max(1.0, max_ticks);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10 * magnitude;
}

// Decimal places that print every multiple of `step` exactly (2.5e-2 needs 3).
PLINT decimals_for(double step) {
  for (PLINT d = 0; d < 12; ++d) {
    const double scaled = step * std::pow(10.0, d);
    if (std::fabs(scaled - std::round(scaled)) < 1e-9 * scaled) return d;
  }
  return 12;
}

// Tick labels: fixed point with just the decimals the tick step needs, scientific for steps
// below 1e-4 (as 2.5e-05), never PLplot's detached "(x10^-3)" factor.
struct TickFormat {
  int decimals = 0;
  bool scientific = false;
  int mantissa_decimals = 0;
};

TickFormat tick_format(double step) {
  TickFormat f;
  if (step > 0 && step < 1e-4) {
    f.scientific = true;
    f.mantissa_decimals = decimals_for(step / std::pow(10.0, std::floor(std::log10(step))));
  } else {
    f.decimals = decimals_for(step);
  }
  return f;
}

std::string format_tick(double value, const TickFormat& f) {
  char buf[64];
  if (std::fabs(value) < 1e-300) value = 0;  // "-0" never shows
  if (f.scientific && value != 0) {
    std::snprintf(buf, sizeof buf, "%.*e", f.mantissa_decimals, value);
  } else {
    std::snprintf(buf, sizeof buf, "%.*f", f.scientific ? 0 : f.decimals, value);
  }
  return buf;
}

struct AxisFormats {
  TickFormat x;
  TickFormat y;
};

void label_ticks(PLINT axis, PLFLT value, char* label, PLINT length, PLPointer data) {
  const auto* formats = static_cast<const AxisFormats*>(data);
  const std::string text = format_tick(value, axis == PL_X_AXIS ? formats->x : formats->y);
  std::snprintf(label, static_cast<std::size_t>(length), "%s", text.c_str());
}

// Cairo writes text as glyph outlines and sizes the page in points. Make the SVG searchable and
// accessible (<title>, <desc> with the legend) and as large as asked for, in pixels.
void finish_svg(const std::string& file, const Chart& chart, const FileChartOptions& options) {
  std::string svg;
  {
    std::ifstream in(file, std::ios::binary);
    svg.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  const auto open = svg.find("<svg ");
  const auto close = open == std::string::npos ? open : svg.find('>', open);
  if (close == std::string::npos) throw RuntimeError("cairo wrote no SVG element");
  std::string tag = svg.substr(open, close - open);
  const auto set_attribute = [&tag](const std::string& name, const std::string& value) {
    const auto at = tag.find(" " + name + "=\"");
    if (at == std::string::npos) return;
    const auto end = tag.find('"', at + name.size() + 3);
    tag.replace(at, end + 1 - at, " " + name + "=\"" + value + "\"");
  };
  set_attribute("width", std::to_string(options.width) + "px");
  set_attribute("height", std::to_string(options.height) + "px");
  std::string desc = "Legend:";
  for (const Panel& panel : chart.panels) {
    for (const Series& s : panel.series) desc += " " + s.label + ";";
    for (const Series& s : panel.right_series) desc += " " + s.label + ";";
  }
  svg = svg.substr(0, open) + tag + ">\n<title>" + escape_markup(chart.title) + "</title>\n<desc>" +
        escape_markup(desc) + "</desc>" + svg.substr(close + 1);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << svg;
  if (!out.flush()) throw RuntimeError("cannot write '" + file + "'");
}

struct Layout {
  double left = 0.10, right = 0.97;
  double top = 0.90;     // below the title
  double bottom = 0.12;  // above the x label and the legend
};

// The axes of one panel: window limits, tick steps and label formats.
struct PanelAxes {
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;  // y in log10 units on a log axis
  double x_step = 0, y_step = 0;
  PLINT y_sub = 0;                     // minor intervals per major one (0: PLplot's choice)
  std::string_view y_ticks = "nostv";  // PLplot's box options for the left axis, less b, c, g
  const char* y_grid = "g";            // the same for the grid
  std::vector<std::pair<double, std::string>> y_labels;  // drawn by us (log axes): y, text
  AxisFormats formats;
  std::size_t widest_y_label = 4;  // characters
  // The right-hand axis (linear), when the panel has right-hand series.
  bool right = false;
  double r_min = 0, r_max = 1, r_step = 0;
  AxisFormats r_formats;
  std::size_t widest_r_label = 0;
};

// Labels of a power of ten as PLplot text: 10 with the exponent raised.
std::string decade_label(double exponent) {
  return "10#u" + std::to_string(std::lround(exponent)) + "#d";
}

// The y axis of a log panel: PLplot draws the frame and ticks, we write the labels, so that
// a run over hundreds of decades labels a few of them instead of every one.
void plan_log_axis(PanelAxes& a, double plot_height_px) {
  const LogTicks ticks =
      log_ticks(a.y_min, a.y_max, std::max(2, static_cast<int>(plot_height_px / 45.0)),
                static_cast<int>(plot_height_px / 4.0));
  // `y` in log10 units.
  const auto place = [&a](double y, const std::string& text) {
    a.y_labels.emplace_back(y, text);
    // "10" and a raised exponent (about 0.75 of a digit wide per character), or the digits.
    const std::size_t chars =
        text.starts_with("10#u") ? 2 + (3 * (text.size() - 6) + 3) / 4 : text.size();
    a.widest_y_label = std::max(a.widest_y_label, chars);
  };
  a.widest_y_label = 1;
  if (ticks.decades && ticks.major.size() >= 2 && ticks.major[1] - ticks.major[0] > 1.5) {
    // Every stride-th decade: a linear axis over log10 units, ticks at multiples of the stride
    // and (when there are any) minor ticks at the unlabelled decades between.
    a.y_step = std::round(ticks.major[1] - ticks.major[0]);
    const double minor_step =
        ticks.minor.size() >= 2 ? std::round(ticks.minor[1] - ticks.minor[0]) : 0;
    a.y_sub = minor_step > 0 ? static_cast<PLINT>(std::lround(a.y_step / minor_step)) : 1;
    a.y_ticks = a.y_sub > 1 ? "stv" : "tv";
    a.y_grid = "g";
  } else {
    // Every decade (or 1-2-5 multiples within less than two): PLplot's log axis, a major tick
    // per decade and minor ones at 2..9 x 10^k.
    a.y_step = 0;
    a.y_ticks = "stlv";
    a.y_grid = "gl";
  }
  if (!ticks.major.empty()) {
    for (const double y : ticks.major) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", std::pow(10.0, y));  // 0.02, 5e-05
      place(y, ticks.decades ? decade_label(y) : std::string(buf));
    }
    return;
  }
  // Less than a factor of about 2.5 between the ends: plain numbers at a linear step.
  const double lo = std::pow(10.0, a.y_min);
  const double hi = std::pow(10.0, a.y_max);
  const double step = nice_step(hi - lo, 4);
  const TickFormat format = tick_format(step);
  for (double k = std::ceil(lo / step); k * step <= hi; ++k) {
    place(std::log10(k * step), format_tick(k * step, format));
  }
}

PanelAxes plan_axes(const Panel& panel, double x_min_tick, double plot_width_px,
                    double plot_height_px) {
  const Range range = data_range(panel);
  PanelAxes a;
  a.x_min = range.x_min;
  a.x_max = range.x_max;
  const double lo = panel.log_y ? std::log10(range.y_min) : range.y_min;
  const double hi = panel.log_y ? std::log10(range.y_max) : range.y_max;
  const double pad = (hi - lo) * 0.04;
  a.y_min = lo - pad;
  a.y_max = hi + pad;
  // About one labelled tick per 110 px across and 45 px up, like matplotlib's defaults.
  a.x_step = std::max(nice_step(a.x_max - a.x_min, plot_width_px / 110.0), x_min_tick);
  a.formats.x = tick_format(a.x_step);
  const auto linear_ticks = [plot_height_px](double min, double max, double& step,
                                             TickFormat& format) {
    step = nice_step(max - min, plot_height_px / 45.0);
    format = tick_format(step);
    std::size_t widest = 1;
    for (double v = std::ceil(min / step) * step; v <= max; v += step) {
      widest = std::max(widest, format_tick(v, format).size());
    }
    return widest;
  };
  if (panel.log_y) {
    plan_log_axis(a, plot_height_px);
  } else {
    a.widest_y_label = linear_ticks(a.y_min, a.y_max, a.y_step, a.formats.y);
  }
  if (!panel.right_series.empty()) {
    const Range r = data_range(panel.right_series, false);
    const double r_pad = (r.y_max - r.y_min) * 0.04;
    a.right = true;
    a.r_min = r.y_min - r_pad;
    a.r_max = r.y_max + r_pad;
    a.r_formats.x = a.formats.x;
    a.widest_r_label = linear_ticks(a.r_min, a.r_max, a.r_step, a.r_formats.y);
  }
  return a;
}

// Draws the series on the current window, each in its own colour from `first_colour` on.
void draw_series(plstream& pls, const std::vector<Series>& series, bool log_y, int first_colour,
                 std::size_t columns) {
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Series reduced = reduce_min_max(series[k], columns);
    const bool steps = reduced.style == DrawStyle::steps;
    pls.col0(kFirstCurve + (first_colour + static_cast<int>(k)) % kCurveColours);
    // Draw each finite run separately: NaN/inf (or non-positive on a log axis) leave a gap.
    std::vector<PLFLT> xs;
    std::vector<PLFLT> ys;
    const auto flush = [&] {
      if (xs.size() >= 2) pls.line(static_cast<PLINT>(xs.size()), xs.data(), ys.data());
      if (xs.size() == 1) pls.poin(1, xs.data(), ys.data(), 1);  // a lone point stays visible
      xs.clear();
      ys.clear();
    };
    for (std::size_t i = 0; i < reduced.x.size(); ++i) {
      double y = reduced.y[i];
      if (log_y) y = y > 0 ? std::log10(y) : NAN;
      if (!std::isfinite(y)) {
        flush();
        continue;
      }
      // A staircase: the previous value holds until this step, then the lr jumps.
      if (steps && !ys.empty()) {
        xs.push_back(reduced.x[i]);
        ys.push_back(ys.back());
      }
      xs.push_back(reduced.x[i]);
      ys.push_back(y);
    }
    flush();
  }
}

void draw_panel(plstream& pls, const Panel& panel, PanelAxes axes, int first_colour, bool x_labels,
                double y0, double y1, const Layout& layout, int width_px) {
  pls.vpor(layout.left, layout.right, y0, y1);
  pls.wind(axes.x_min, axes.x_max, axes.y_min, axes.y_max);
  // With a right-hand axis, the right edge carries its ticks rather than the left axis's.
  const std::string c = axes.right ? "" : "c";

  // Grid first, in light grey and thin, then the frame and ticks on top.
  pls.col0(kGrid);
  pls.width(0.8);
  pls.box("g", axes.x_step, 0, axes.y_grid, axes.y_step, axes.y_sub);
  pls.col0(kInk);
  pls.width(1.0);
  // Our own tick labels: PLplot's automatic ones round 0.025 to 0.03 and detach a scale factor.
  pls.slabelfunc(&label_ticks, &axes.formats);
  pls.box(x_labels ? "bcnost" : "bcst", axes.x_step, 0,
          ("b" + c + std::string(axes.y_ticks)).c_str(), axes.y_step, axes.y_sub);
  pls.slabelfunc(nullptr, nullptr);
  for (const auto& [y, text] : axes.y_labels) {
    if (y < axes.y_min || y > axes.y_max) continue;
    pls.mtex("lv", 0.5, (y - axes.y_min) / (axes.y_max - axes.y_min), 1.0, text.c_str());
  }
  // Displacement in character heights; a digit is about 0.8 of one.
  pls.mtex("l", 1.6 + 0.8 * static_cast<double>(axes.widest_y_label), 0.5, 0.5,
           escape(panel.y_label).c_str());

  const auto columns = static_cast<std::size_t>(
      std::max(1.0, (layout.right - layout.left) * static_cast<double>(width_px)));
  pls.width(2.0);
  draw_series(pls, panel.series, panel.log_y, first_colour, columns);
  if (axes.right) {
    pls.wind(axes.x_min, axes.x_max, axes.r_min, axes.r_max);
    pls.lsty(2);  // dashed: not an lr
    draw_series(pls, panel.right_series, false,
                first_colour + static_cast<int>(panel.series.size()), columns);
    pls.lsty(1);
    pls.col0(kInk);
    pls.width(1.0);
    pls.slabelfunc(&label_ticks, &axes.r_formats);
    pls.box("", 0, 0, "cmostv", axes.r_step, 0);
    pls.slabelfunc(nullptr, nullptr);
    pls.mtex("r", 1.6 + 0.8 * static_cast<double>(axes.widest_r_label), 0.5, 0.5,
             escape(panel.right_label).c_str());
  }
  pls.width(1.0);
}

}  // namespace

std::string device_for(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".png") return "pngcairo";
  if (ext == ".svg") return "svgcairo";
  if (ext == ".pdf") return "pdfcairo";
  throw UsageError("cannot tell the image format of '" + path +
                   "': use a .png, .svg or .pdf file name");
}

namespace {
void render_file_unchecked(const Chart& chart, const std::string& path,
                           const FileChartOptions& options);
}  // namespace

// Errors writing the file (a missing folder, a full disk) are file errors, exit status 3.
void render_file(const Chart& chart, const std::string& path, const FileChartOptions& options) {
  try {
    render_file_unchecked(chart, path, options);
  } catch (const RuntimeError& e) {
    throw FileError(e.what());
  }
}

namespace {
void render_file_unchecked(const Chart& chart, const std::string& path,
                           const FileChartOptions& options) {
  const std::string device = device_for(path);
  if (options.width < 100 || options.height < 100 || options.width > 20000 ||
      options.height > 20000) {
    throw UsageError("--width and --height must be between 100 and 20000");
  }
  if (chart.panels.empty()) throw ValueError("nothing to plot");
  // Created here, so that an unwritable path fails now and not inside PLplot, which then writes
  // the temporary file by name.
  io::AtomicFile file(path, std::filesystem::path(path).extension().string());
  const std::string& tmp = file.temp_path();
  g_pending_tmp = tmp;
  static const bool registered = std::atexit(remove_pending_tmp) == 0;
  (void)registered;
  const PendingTmpGuard pending_guard;

  std::size_t legend_entries = 0;
  for (const Panel& p : chart.panels) legend_entries += p.series.size() + p.right_series.size();

  {
    plsexit(&plplot_fatal);
    plstream pls;
    pls.sdev(device.c_str());
    pls.sfnam(tmp.c_str());
    // Cairo devices take the page size in pixels for PNG and in points (1/72 in) for vector
    // formats; 100 px per inch keeps text the same relative size in every format.
    const bool raster = device == "pngcairo";
    const auto scale = [&](int px) {
      return static_cast<PLINT>(raster ? px : std::lround(px * 72.0 / 100.0));
    };
    pls.spage(raster ? 100 : 72, raster ? 100 : 72, scale(options.width), scale(options.height), 0,
              0);
    pls.scmap0n(static_cast<PLINT>(kColours.size()));
    for (std::size_t i = 0; i < kColours.size(); ++i) {
      pls.scol0(static_cast<PLINT>(i), kColours[i][0], kColours[i][1], kColours[i][2]);
    }
    pls.init();
    pls.adv(0);
    pls.schr(0, 1.1);
    pls.sfont(PL_FCI_SANS, PL_FCI_UPRIGHT, PL_FCI_MEDIUM);

    // Room at the bottom for the x label and one legend row per curve (two columns when many).
    const int legend_columns = legend_entries > 6 ? 2 : 1;
    const auto legend_rows =
        static_cast<int>((legend_entries + static_cast<std::size_t>(legend_columns) - 1) /
                         static_cast<std::size_t>(legend_columns));
    const double row_height = 32.0 / options.height;
    Layout layout;
    layout.bottom = (80.0 + 12.0) / options.height + row_height * legend_rows;
    layout.top = 1.0 - 60.0 / options.height;

    // Panels share the height: the first (lr) gets twice the weight of the others.
    const std::size_t n = chart.panels.size();
    const double weights = 2.0 + static_cast<double>(n - 1);
    const double gap = n > 1 ? 30.0 / options.height : 0;
    const double usable = layout.top - layout.bottom - gap * static_cast<double>(n - 1);
    // Plan every panel's axes first: the widest y tick label sets the common left margin.
    std::vector<PanelAxes> axes;
    std::vector<double> heights;
    std::size_t widest = 1;
    std::size_t widest_right = 0;  // 0: no right-hand axis
    for (std::size_t p = 0; p < n; ++p) {
      heights.push_back(usable * (p == 0 ? 2.0 : 1.0) / weights);
      axes.push_back(plan_axes(chart.panels[p], chart.x_min_tick, 0.85 * options.width,
                               heights.back() * options.height));
      widest = std::max(widest, axes.back().widest_y_label);
      widest_right = std::max(widest_right, axes.back().widest_r_label);
    }
    layout.left = std::min(0.4, (14.0 * static_cast<double>(widest) + 60.0) / options.width);
    // Room for half of the last x tick label.
    const std::size_t last_x_label = format_tick(axes.back().x_max, axes.back().formats.x).size();
    layout.right = 1.0 - (7.0 * static_cast<double>(last_x_label) + 12.0) / options.width;
    if (widest_right > 0) {
      layout.right =
          1.0 - std::min(0.3, (14.0 * static_cast<double>(widest_right) + 60.0) / options.width);
    }
    double y_top = layout.top;
    double last_panel_height = 1;
    int colour = 0;
    for (std::size_t p = 0; p < n; ++p) {
      const double h = heights[p];
      const bool last = p + 1 == n;
      draw_panel(pls, chart.panels[p], axes[p], colour, last, y_top - h, y_top, layout,
                 options.width);
      pls.col0(kInk);
      if (p == 0) pls.mtex("t", 1.8, 0.5, 0.5, escape(chart.title).c_str());
      if (last) pls.mtex("b", 3.2, 0.5, 0.5, escape(chart.x_label).c_str());
      last_panel_height = h;
      colour +=
          static_cast<int>(chart.panels[p].series.size() + chart.panels[p].right_series.size());
      y_top -= h + gap;
    }

    // The legend sits below the x label, outside every plot area.
    std::vector<std::string> texts;
    std::vector<const char*> text_ptrs;
    std::vector<PLINT> opts, colours, styles, text_colours;
    std::vector<PLFLT> widths;
    colour = 0;
    for (const Panel& panel : chart.panels) {
      for (const std::vector<Series>* series : {&panel.series, &panel.right_series}) {
        for (const Series& s : *series) {
          texts.push_back(escape(s.label));
          opts.push_back(PL_LEGEND_LINE);
          colours.push_back(kFirstCurve + colour++ % kCurveColours);
          styles.push_back(series == &panel.series ? 1 : 2);  // the right axis's are dashed
          widths.push_back(2.0);
          text_colours.push_back(kInk);
        }
      }
    }
    // Long labels (a nested spec) shrink to fit the page width, down to 60%, then are cut.
    std::size_t longest = 1;
    for (const auto& t : texts) longest = std::max(longest, t.size());
    const double column_px = (options.width - 120.0) / legend_columns - 90.0;
    const double char_px = 12.5;  // average glyph width at text scale 0.9 (measured)
    double text_scale = 0.9;
    const double fits = column_px / char_px;
    if (static_cast<double>(longest) > fits) {
      text_scale = std::max(0.55, 0.9 * fits / static_cast<double>(longest));
      const auto max_chars = static_cast<std::size_t>(fits * 0.9 / text_scale);
      for (auto& t : texts) {
        if (t.size() > max_chars && max_chars > 3) t = t.substr(0, max_chars - 3) + "...";
      }
    }
    text_ptrs.reserve(texts.size());
    for (const auto& t : texts) text_ptrs.push_back(t.c_str());
    if (!texts.empty()) {
      PLFLT legend_width = 0;
      PLFLT legend_height = 0;
      // Offsets are in units of the (last) viewport's size: 80 px below its bottom edge.
      pls.legend(&legend_width, &legend_height, 0, PL_POSITION_BOTTOM | PL_POSITION_OUTSIDE, 0.0,
                 80.0 / (options.height * last_panel_height), 0.1, kBackground, kInk, 1,
                 legend_rows, legend_columns, static_cast<PLINT>(texts.size()), opts.data(), 1.0,
                 text_scale, 2.0, 0.0, text_colours.data(), text_ptrs.data(), nullptr, nullptr,
                 nullptr, nullptr, colours.data(), styles.data(), widths.data(), nullptr, nullptr,
                 nullptr, nullptr);
    }
  }  // plstream's destructor finishes the file

  if (device == "svgcairo") finish_svg(tmp, chart, options);
  file.commit();
}
}  // namespace

}  // namespace lrsched::cli
