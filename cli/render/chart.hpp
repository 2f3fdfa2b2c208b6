// What a chart shows, independent of where it is drawn (PLplot files or the terminal).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace lrsched::cli {

/// How consecutive points are joined. An lr holds from one step to the next, so `steps` draws
/// the truth (horizontal from x[i] to x[i+1], then vertical to y[i+1]); `line` joins the points
/// straight, which reads better for smooth schedules.
enum class DrawStyle { line, steps };

/// One curve: y over x (x = step numbers, or epochs).
struct Series {
  Series() = default;
  Series(std::string name, std::vector<double> xs, std::vector<double> ys,
         DrawStyle how = DrawStyle::line)
      : label(std::move(name)), x(std::move(xs)), y(std::move(ys)), style(how) {}

  std::string label;
  std::vector<double> x;
  std::vector<double> y;
  DrawStyle style = DrawStyle::line;
};

/// One plot area with its own y axis (the lr panel, the momentum panel), and optionally a second,
/// linear y axis at the right (the metric a plateau schedule was stepped on).
struct Panel {
  Panel() = default;
  Panel(std::string axis_label, std::vector<Series> curves, bool log_axis = false)
      : y_label(std::move(axis_label)), series(std::move(curves)), log_y(log_axis) {}

  std::string y_label = "learning rate";
  std::vector<Series> series;
  bool log_y = false;
  std::vector<Series> right_series;  // on the right-hand axis; none: no right-hand axis
  std::string right_label = "metric";
};

struct Chart {
  Chart() = default;
  Chart(std::string name, std::string axis_label, std::vector<Panel> parts)
      : title(std::move(name)), x_label(std::move(axis_label)), panels(std::move(parts)) {}

  std::string title;
  std::string x_label = "step";
  std::vector<Panel> panels;  // stacked top to bottom, sharing the x axis
  /// The smallest x tick interval: steps are whole numbers (never a tick at step 0.5); 0 for
  /// epochs, where 0.5 reads well.
  double x_min_tick = 1;
};

/// Reduces a series to at most two points per column for a drawing `columns` wide: each column
/// keeps its minimum and maximum (in x order), so spikes and restarts stay visible however long
/// the run. Series with at most 2*columns points are returned unchanged.
[[nodiscard]] Series reduce_min_max(const Series& series, std::size_t columns);

/// The x and y ranges over every series of a panel (y over finite values; positive ones for a
/// log axis), padded when flat so that an axis never has zero height.
struct Range {
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
};
[[nodiscard]] Range data_range(const std::vector<Series>& series, bool log_y);
/// The range of a panel's left-hand axis (its `series`).
[[nodiscard]] Range data_range(const Panel& panel);

/// Ticks of a log axis spanning [10^lo, 10^hi]. `major` are labelled, `minor` are not; both hold
/// log10 of the values (10^-330 is no double, but the padding of an axis may reach it), in
/// increasing order.
struct LogTicks {
  std::vector<double> major;
  std::vector<double> minor;
  bool decades = false;  // every major tick is a power of ten
};

/// Major ticks at powers of ten, every one when at most `max_major` fit, else every `stride`-th
/// with the stride a nice number (2, 3, 5, 10, 20, 25, 50, ...) and the exponents its multiples,
/// so that labels never crowd. Minor ticks at 2..9 x 10^k when every decade is labelled, else
/// at the unlabelled decades (every one, or every few), never more than `max_minor`. When fewer
/// than two powers of ten fall in range, the majors are 1, 2 and 5 x 10^k (the other multiples
/// minor); when fewer than two of those, `major` is empty and the caller falls back to linear
/// ticks.
[[nodiscard]] LogTicks log_ticks(double lo, double hi, int max_major, int max_minor);

}  // namespace lrsched::cli
