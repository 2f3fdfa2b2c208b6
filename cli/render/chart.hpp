// What a chart shows, independent of where it is drawn (PLplot files or the terminal).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lrsched::cli {

/// One curve: y over x (x = step numbers).
struct Series {
  std::string label;
  std::vector<double> x;
  std::vector<double> y;
};

/// One plot area with its own y axis (the lr panel, the momentum panel).
struct Panel {
  std::string y_label = "learning rate";
  std::vector<Series> series;
  bool log_y = false;
};

struct Chart {
  std::string title;
  std::string x_label = "step";
  std::vector<Panel> panels;  // stacked top to bottom, sharing the x axis
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
[[nodiscard]] Range data_range(const Panel& panel);

}  // namespace lrsched::cli
