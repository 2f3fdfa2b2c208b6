#include "render/chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lrsched::cli {

Series reduce_min_max(const Series& series, std::size_t columns) {
  const std::size_t n = std::min(series.x.size(), series.y.size());
  if (columns == 0 || n <= 2 * columns) return series;
  Series out{series.label, {}, {}};
  out.x.reserve(2 * columns);
  out.y.reserve(2 * columns);
  const double x0 = series.x.front();
  const double span = series.x[n - 1] - x0;
  std::size_t i = 0;
  for (std::size_t c = 0; c < columns && i < n; ++c) {
    // Points whose x falls in column c (the last column takes the end point).
    const double limit = x0 + span * static_cast<double>(c + 1) / static_cast<double>(columns);
    std::size_t lo = i;
    std::size_t hi = i;
    std::size_t end = i;
    while (end < n && (series.x[end] <= limit || c + 1 == columns)) {
      if (series.y[end] < series.y[lo] || std::isnan(series.y[lo])) lo = end;
      if (series.y[end] > series.y[hi] || std::isnan(series.y[hi])) hi = end;
      ++end;
    }
    if (end == i) continue;  // an empty column (sparse x)
    for (const std::size_t k : {std::min(lo, hi), std::max(lo, hi)}) {
      out.x.push_back(series.x[k]);
      out.y.push_back(series.y[k]);
      if (lo == hi) break;
    }
    i = end;
  }
  return out;
}

Range data_range(const Panel& panel) {
  Range r{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
          std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const Series& s : panel.series) {
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      r.x_min = std::min(r.x_min, s.x[i]);
      r.x_max = std::max(r.x_max, s.x[i]);
      const double y = s.y[i];
      if (!std::isfinite(y) || (panel.log_y && y <= 0)) continue;
      r.y_min = std::min(r.y_min, y);
      r.y_max = std::max(r.y_max, y);
    }
  }
  if (!(r.x_min <= r.x_max)) r.x_min = 0, r.x_max = 1;
  if (r.x_min == r.x_max) r.x_max = r.x_min + 1;
  if (!(r.y_min <= r.y_max)) {
    r.y_min = panel.log_y ? 0.1 : 0;
    r.y_max = 1;
  }
  if (r.y_min == r.y_max) {
    const double pad = r.y_min == 0 ? 1 : std::fabs(r.y_min) * 0.1;
    r.y_min = panel.log_y ? r.y_min / 2 : r.y_min - pad;
    r.y_max = panel.log_y ? r.y_max * 2 : r.y_max + pad;
  }
  return r;
}

}  // namespace lrsched::cli
