#include "render/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace lrsched::cli {

namespace {

constexpr int kMinWidth = 20;
constexpr int kMaxWidth = 1000;
constexpr int kMaxTicks = 6;
constexpr int kDotsX = 2;  // a braille cell is 2 dots wide...
constexpr int kDotsY = 4;  // ...and 4 dots tall

// Series colours, roughly matplotlib's default cycle (blue, orange, green, red, purple, cyan).
constexpr std::array<std::string_view, 6> kColors = {"\x1b[34m", "\x1b[33m", "\x1b[32m",
                                                     "\x1b[31m", "\x1b[35m", "\x1b[36m"};
constexpr std::string_view kReset = "\x1b[0m";
// Marks of the curves when there is no colour to tell them apart.
constexpr std::array<char, 8> kMarks = {'*', '+', 'o', 'x', '#', '@', '%', '='};

std::string_view color_of(std::size_t series) { return kColors[series % kColors.size()]; }

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Display columns of UTF-8 text, counting code points (the labels are ASCII in practice).
int columns_of(std::string_view text) {
  int n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// The first `columns` code points of `text`.
std::string truncate_columns(std::string_view text, int columns) {
  int n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && n++ == columns) {
      return std::string(text.substr(0, i));
    }
  }
  return std::string(text);
}

std::string spaces(int n) { return std::string(static_cast<std::size_t>(std::max(n, 0)), ' '); }

// The shortest "%g" form (fewest significant digits) that reads back within `tolerance`: tick
// values are k * step, so this gives 0.025 rather than 0.025000000000000001, and 1e-05. Values
// from 1e-4 up to 1e6 stay in fixed point (a metric's 80, not %g's 8e+01).
std::string format_number(double v, double tolerance) {
  if (v == 0) return "0";
  std::array<char, 40> buf{};
  const bool fixed = std::fabs(v) >= 1e-4 && std::fabs(v) < 1e6;
  for (int digits = fixed ? 0 : 1; digits <= 17; ++digits) {
    std::snprintf(buf.data(), buf.size(), fixed ? "%.*f" : "%.*g", digits, v);
    if (std::fabs(std::strtod(buf.data(), nullptr) - v) <= tolerance) break;
  }
  return buf.data();
}

// Steps are integers: print them whole rather than as 1e+06.
std::string format_x(double v, double step) {
  if (v == std::round(v) && std::fabs(v) < 1e15) {
    std::array<char, 40> buf{};
    std::snprintf(buf.data(), buf.size(), "%.0f", v == 0 ? 0.0 : v);
    return buf.data();
  }
  return format_number(v, step * 1e-6);
}

// Tick values at multiples of the smallest "nice" step (1, 2, 2.5, 5 x 10^k, at least
// `min_step`) that puts at most `max_ticks` of them in [lo, hi]. Empty when none fits.
std::vector<double> nice_ticks(double lo, double hi, int max_ticks, double min_step,
                               double* step_out) {
  const double span = hi - lo;
  if (!(span > 0) || !std::isfinite(span)) return {};
  double magnitude = std::pow(10.0, std::floor(std::log10(span / max_ticks)));
  for (int attempt = 0; attempt < 8; ++attempt, magnitude *= 10) {
    for (const double mantissa : {1.0, 2.0, 2.5, 5.0}) {
      const double step = std::max(mantissa * magnitude, min_step);
      const double first = std::ceil(lo / step - 1e-9);
      const double last = std::floor(hi / step + 1e-9);
      if (!(last - first + 1 <= max_ticks)) continue;
      std::vector<double> ticks;
      for (double k = first; k <= last; ++k) ticks.push_back(k == 0 ? 0.0 : k * step);
      if (step_out != nullptr) *step_out = step;
      return ticks;
    }
  }
  return {};
}

// Maps data values onto dot indices 0..dots-1 (in log10 units for a log axis).
struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  int dots = 1;

  [[nodiscard]] std::optional<int> dot(double v) const {
    if (!std::isfinite(v) || (log && v <= 0)) return std::nullopt;
    const double t = ((log ? std::log10(v) : v) - lo) / (hi - lo);
    if (!std::isfinite(t)) return std::nullopt;
    return static_cast<int>(std::lround(std::clamp(t, 0.0, 1.0) * (dots - 1)));
  }

  // Ticks this close outside the range still land on the edge dot (0 under a minimum of 1e-4).
  [[nodiscard]] double half_dot() const { return (hi - lo) / std::max(dots - 1, 1) / 2; }
};

struct Tick {
  int cell;  // row from the top (y) or column from the left (x) of the plot area
  std::string label;
};

// The braille dots of one panel, plus which series lit each cell last (for its colour).
class DotGrid {
 public:
  DotGrid(int cols, int rows)
      : cols_(cols),
        rows_(rows),
        bits_(static_cast<std::size_t>(cols * rows), 0),
        owner_(static_cast<std::size_t>(cols * rows), 0) {}

  // (x, y) in dots, y from the top.
  void set(int x, int y, std::size_t series) {
    if (x < 0 || y < 0 || x >= cols_ * kDotsX || y >= rows_ * kDotsY) return;
    // Braille numbers dots 1-2-3 down the left column, 4-5-6 down the right, then 7 and 8 below.
    static constexpr std::array<std::array<std::uint8_t, kDotsY>, kDotsX> kBit = {
        {{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}}};
    const std::size_t cell = index(x / kDotsX, y / kDotsY);
    bits_[cell] = static_cast<std::uint8_t>(
        bits_[cell] |
        kBit[static_cast<std::size_t>(x % kDotsX)][static_cast<std::size_t>(y % kDotsY)]);
    owner_[cell] = series + 1;
  }

  // Bresenham, so steps become vertical strokes and curves stay connected.
  void line(int x0, int y0, int x1, int y1, std::size_t series) {
    const int dx = std::abs(x1 - x0);
    const int dy = -std::abs(y1 - y0);
    const int sx = x0 < x1 ? 1 : -1;
    const int sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    for (;;) {
      set(x0, y0, series);
      if (x0 == x1 && y0 == y1) break;
      const int e2 = 2 * err;
      if (e2 >= dy) err += dy, x0 += sx;
      if (e2 <= dx) err += dx, y0 += sy;
    }
  }

  [[nodiscard]] std::uint8_t bits(int col, int row) const { return bits_[index(col, row)]; }
  // 0 when empty, else 1 + the series index.
  [[nodiscard]] std::size_t owner(int col, int row) const { return owner_[index(col, row)]; }

 private:
  [[nodiscard]] std::size_t index(int col, int row) const {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(cols_) +
           static_cast<std::size_t>(col);
  }
  int cols_, rows_;
  std::vector<std::uint8_t> bits_;
  std::vector<std::size_t> owner_;
};

struct PanelLayout {
  Axis y;
  std::vector<Tick> ticks;
};

// The y axis of `series` over `rows` rows, with the rows of its labelled ticks.
PanelLayout layout_axis(const std::vector<Series>& series, bool log_y, int rows) {
  const Range range = data_range(series, log_y);
  PanelLayout layout;
  layout.y.log = log_y;
  layout.y.dots = rows * kDotsY;
  layout.y.lo = log_y ? std::log10(range.y_min) : range.y_min;
  layout.y.hi = log_y ? std::log10(range.y_max) : range.y_max;
  if (!std::isfinite(layout.y.hi - layout.y.lo) || !(layout.y.lo < layout.y.hi)) {
    layout.y.lo = log_y ? -1 : 0;  // e.g. values near the double limits
    layout.y.hi = log_y ? 0 : 1;
  }
  // Leave a row or so between tick labels.
  const int max_ticks = std::clamp((rows + 1) / 2, 2, kMaxTicks);
  double step = 0;
  const double pad = layout.y.half_dot();
  std::vector<double> values;
  if (log_y) {
    // Labels at powers of ten only (1-2-5 multiples within less than two decades).
    for (const double e : log_ticks(layout.y.lo - pad, layout.y.hi + pad, max_ticks, 0).major) {
      values.push_back(std::pow(10.0, e));
    }
    if (values.empty()) {
      values = nice_ticks(std::pow(10.0, layout.y.lo - pad), std::pow(10.0, layout.y.hi + pad),
                          max_ticks, 0, nullptr);
    }
  } else {
    values = nice_ticks(layout.y.lo - pad, layout.y.hi + pad, max_ticks, 0, &step);
  }
  int last_row = -1;
  // Top to bottom, so that the larger value wins when two ticks share a row.
  for (auto it = values.rbegin(); it != values.rend(); ++it) {
    const std::optional<int> d = layout.y.dot(*it);
    if (!d) continue;
    const int row = (layout.y.dots - 1 - *d) / kDotsY;
    if (row == last_row) continue;
    last_row = row;
    layout.ticks.push_back({row, format_number(*it, log_y ? *it * 1e-6 : step * 1e-6)});
  }
  return layout;
}

// The shared x range: every panel that has points.
Axis x_axis(const Chart& chart, int cols) {
  Axis x;
  x.dots = cols * kDotsX;
  bool any = false;
  for (const Panel& panel : chart.panels) {
    for (const std::vector<Series>* series : {&panel.series, &panel.right_series}) {
      const bool has_points = std::any_of(series->begin(), series->end(), [](const Series& s) {
        return !s.x.empty() && !s.y.empty();
      });
      if (!has_points) continue;
      const Range r = data_range(*series, false);
      x.lo = any ? std::min(x.lo, r.x_min) : r.x_min;
      x.hi = any ? std::max(x.hi, r.x_max) : r.x_max;
      any = true;
    }
  }
  if (!std::isfinite(x.hi - x.lo)) x.lo = 0, x.hi = 1;  // infinite x: nothing sensible to show
  if (x.lo == x.hi) x.hi = x.lo + 1;
  return x;
}

// X ticks whose labels fit side by side on one line of `width` columns, the plot area starting
// at column `left`, at least `min_step` apart. Returned with their label's start column.
std::vector<std::pair<Tick, int>> layout_x_ticks(const Axis& x, int cols, int left, int width,
                                                 double min_step) {
  // Room for a fraction (epochs: "2.5") when ticks may fall between whole numbers.
  const int widest = std::max(columns_of(format_x(std::floor(x.lo), 1)),
                              columns_of(format_x(std::ceil(x.hi), 1))) +
                     (min_step < 1 ? 2 : 0);
  const int max_ticks = std::clamp(cols / (widest + 4), 2, 10);
  double step = 1;
  const std::vector<double> values =
      nice_ticks(x.lo - x.half_dot(), x.hi + x.half_dot(), max_ticks, min_step, &step);
  std::vector<std::pair<Tick, int>> ticks;
  int free_from = 0;  // first column a label may use
  for (const double v : values) {
    const std::optional<int> d = x.dot(v);
    if (!d) continue;
    Tick tick{*d / kDotsX, format_x(v, step)};
    const int n = columns_of(tick.label);
    const int start = std::clamp(left + tick.cell - (n - 1) / 2, 0, std::max(width - n, 0));
    if (start < free_from || start + n > width) continue;
    free_from = start + n + 1;
    ticks.emplace_back(std::move(tick), start);
  }
  return ticks;
}

// Draws a series into `grid` on `y` (lines between points, or a staircase), gaps at NaN, inf and
// non-positive values on a log axis.
void plot_series(DotGrid& grid, const Series& original, const Axis& x, const Axis& y,
                 std::size_t index) {
  // At most two points per dot column: cheap for a million steps, and spikes stay.
  const Series s = reduce_min_max(original, static_cast<std::size_t>(x.dots));
  std::optional<std::pair<int, int>> previous;
  for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
    const std::optional<int> dx = x.dot(s.x[i]);
    const std::optional<int> dy = y.dot(s.y[i]);
    if (!dx || !dy) {
      previous.reset();
      continue;
    }
    const std::pair<int, int> dot{*dx, y.dots - 1 - *dy};
    if (!previous) {
      grid.set(dot.first, dot.second, index);
    } else if (s.style == DrawStyle::steps) {
      grid.line(previous->first, previous->second, dot.first, previous->second, index);
      grid.line(dot.first, previous->second, dot.first, dot.second, index);
    } else {
      grid.line(previous->first, previous->second, dot.first, dot.second, index);
    }
    previous = dot;
  }
}

void end_line(std::string& out, bool colored) {
  if (colored) out += kReset;
  out += '\n';
}

}  // namespace

std::string render_terminal(const Chart& chart, const TerminalOptions& options) {
  const int width = std::clamp(options.width, kMinWidth, kMaxWidth);
  const int rows =
      options.height > 0 ? std::clamp(options.height, 2, 500) : std::clamp(width / 4, 8, 40);
  std::string out;

  if (!chart.title.empty()) {
    const std::string title = truncate_columns(chart.title, width);
    out += spaces((width - columns_of(title)) / 2) + title + '\n';
  }
  if (chart.panels.empty()) {
    out += "(nothing to plot)\n";
    return out;
  }

  std::vector<PanelLayout> panels;
  std::vector<std::optional<PanelLayout>> right_axes;
  int label_cols = 1;
  int right_cols = 0;        // labels of the right-hand axes; 0: no panel has one
  bool shared_area = false;  // some panel draws more than one series
  for (const Panel& panel : chart.panels) {
    panels.push_back(layout_axis(panel.series, panel.log_y, rows));
    for (const Tick& t : panels.back().ticks)
      label_cols = std::max(label_cols, columns_of(t.label));
    right_axes.emplace_back();
    if (!panel.right_series.empty()) {
      right_axes.back() = layout_axis(panel.right_series, false, rows);
      right_cols = std::max(right_cols, 1);
      for (const Tick& t : right_axes.back()->ticks)
        right_cols = std::max(right_cols, columns_of(t.label));
    }
    shared_area = shared_area || panel.series.size() + panel.right_series.size() > 1;
  }
  // Absurd labels get cut, the plot stays usable.
  label_cols = std::min(label_cols, width / 2);
  right_cols = std::min(right_cols, width / 4);
  const int left = label_cols + 2;                        // labels, a space, the axis
  const int right = right_cols > 0 ? right_cols + 2 : 0;  // the axis, a space, labels
  const int cols = std::max(width - left - right, 1);
  const Axis x = x_axis(chart, cols);
  const std::vector<std::pair<Tick, int>> x_ticks =
      layout_x_ticks(x, cols, left, width - right, chart.x_min_tick);
  // Without colour, curves that share a plot area are told apart by the mark each draws with.
  const bool marks = !options.color && shared_area;

  std::size_t series_index = 0;  // across panels, so that legend colours stay distinct
  for (std::size_t p = 0; p < chart.panels.size(); ++p) {
    const Panel& panel = chart.panels[p];
    const PanelLayout& layout = panels[p];
    const std::optional<PanelLayout>& right_axis = right_axes[p];
    {
      const std::string y_label = truncate_columns(panel.y_label, width);
      std::string line = y_label;
      if (right_axis && !panel.right_label.empty()) {
        const std::string r_label = truncate_columns(panel.right_label, width / 2);
        line = truncate_columns(y_label, width - columns_of(r_label) - 1);
        line += spaces(width - columns_of(line) - columns_of(r_label)) + r_label;
      }
      if (!line.empty()) out += line + '\n';
    }

    DotGrid grid(cols, rows);
    for (const Series& s : panel.series) plot_series(grid, s, x, layout.y, series_index++);
    if (right_axis) {
      for (const Series& s : panel.right_series) {
        plot_series(grid, s, x, right_axis->y, series_index++);
      }
    }

    std::size_t next_tick = 0;
    std::size_t next_right = 0;
    for (int row = 0; row < rows; ++row) {
      const bool is_tick = next_tick < layout.ticks.size() && layout.ticks[next_tick].cell == row;
      const std::string label =
          is_tick ? truncate_columns(layout.ticks[next_tick++].label, label_cols) : std::string();
      out += spaces(label_cols - columns_of(label)) + label + ' ';
      append_utf8(out, is_tick ? U'┤' : U'│');
      int end = cols;  // no trailing blanks
      if (!right_axis) {
        while (end > 0 && grid.bits(end - 1, row) == 0) --end;
      }
      std::size_t current = 0;  // colour in effect (owner index), 0 = default
      for (int col = 0; col < end; ++col) {
        const std::uint8_t bits = grid.bits(col, row);
        if (bits == 0) {
          out += ' ';
          continue;
        }
        const std::size_t owner = grid.owner(col, row);
        if (marks) {
          out += kMarks[(owner - 1) % kMarks.size()];
          continue;
        }
        if (options.color && owner != current) {
          current = owner;
          out += color_of(current - 1);
        }
        append_utf8(out, 0x2800 + bits);
      }
      if (right_axis) {
        if (current != 0) out += kReset;
        current = 0;
        const bool is_right_tick =
            next_right < right_axis->ticks.size() && right_axis->ticks[next_right].cell == row;
        append_utf8(out, is_right_tick ? U'├' : U'│');
        if (is_right_tick) {
          out += ' ' + truncate_columns(right_axis->ticks[next_right++].label, right_cols);
        }
      }
      end_line(out, current != 0);
    }

    // The bottom frame, with the x ticks marked under every panel.
    out += spaces(label_cols + 1);
    append_utf8(out, U'└');
    std::size_t next_x = 0;
    for (int col = 0; col < cols; ++col) {
      const bool is_tick = next_x < x_ticks.size() && x_ticks[next_x].first.cell == col;
      if (is_tick) ++next_x;
      append_utf8(out, is_tick ? U'┬' : U'─');
    }
    if (right_axis) append_utf8(out, U'┘');
    out += '\n';
  }

  std::string labels;
  for (const auto& [tick, start] : x_ticks) {
    labels += spaces(start - columns_of(labels)) + tick.label;
  }
  out += labels + '\n';
  if (!chart.x_label.empty()) {
    const std::string x_label = truncate_columns(chart.x_label, width);
    const int n = columns_of(x_label);
    out += spaces(std::clamp(left + (cols - n) / 2, 0, width - n)) + x_label + '\n';
  }

  // The legend: a series' colour, or its mark, or (a lone curve without colour) its number.
  std::size_t number = 0;
  for (const Panel& panel : chart.panels) {
    for (const std::vector<Series>* series : {&panel.series, &panel.right_series}) {
      for (const Series& s : *series) {
        const std::string name = s.label.empty() ? "series " + std::to_string(number + 1) : s.label;
        if (options.color) {
          out += "  ";
          out += color_of(number);
          out += truncate_columns("── " + name, width - 2);
          end_line(out, true);
        } else if (marks) {
          out += truncate_columns(std::string("  ") + kMarks[number % kMarks.size()] + ' ' + name,
                                  width) +
                 '\n';
        } else {
          out += truncate_columns("  [" + std::to_string(number + 1) + "] " + name, width) + '\n';
        }
        ++number;
      }
    }
  }
  return out;
}

int terminal_width() {
  if (const char* env = std::getenv("COLUMNS"); env != nullptr && *env != '\0') {
    char* end = nullptr;
    const long value = std::strtol(env, &end, 10);
    if (*end == '\0' && value > 0 && value <= 100000) return static_cast<int>(value);
  }
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

bool stdout_wants_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0');
}

}  // namespace lrsched::cli
