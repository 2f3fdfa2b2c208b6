#include "render/chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

namespace lrsched::cli {

Series reduce_min_max(const Series& series, std::size_t columns) {
  const std::size_t n = std::min(series.x.size(), series.y.size());
  if (columns == 0 || n <= 2 * columns) return series;
  Series out{series.label, {}, {}, series.style};
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

Range data_range(const std::vector<Series>& series, bool log_y) {
  Range r{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
          std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const Series& s : series) {
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      r.x_min = std::min(r.x_min, s.x[i]);
      r.x_max = std::max(r.x_max, s.x[i]);
      const double y = s.y[i];
      if (!std::isfinite(y) || (log_y && y <= 0)) continue;
      r.y_min = std::min(r.y_min, y);
      r.y_max = std::max(r.y_max, y);
    }
  }
  if (!(r.x_min <= r.x_max)) r.x_min = 0, r.x_max = 1;
  if (r.x_min == r.x_max) r.x_max = r.x_min + 1;
  if (!(r.y_min <= r.y_max)) {
    r.y_min = log_y ? 0.1 : 0;
    r.y_max = 1;
  }
  if (r.y_min == r.y_max) {
    const double pad = r.y_min == 0 ? 1 : std::fabs(r.y_min) * 0.1;
    r.y_min = log_y ? r.y_min / 2 : r.y_min - pad;
    r.y_max = log_y ? r.y_max * 2 : r.y_max + pad;
  }
  return r;
}

Range data_range(const Panel& panel) { return data_range(panel.series, panel.log_y); }

LogTicks log_ticks(double lo, double hi, int max_major, int max_minor) {
  constexpr double kEps = 1e-9;
  LogTicks ticks;
  if (!(lo < hi) || !std::isfinite(hi - lo) || hi - lo > 2000) return ticks;
  const auto first = static_cast<std::int64_t>(std::ceil(lo - kEps));
  const auto last = static_cast<std::int64_t>(std::floor(hi + kEps));
  const auto floor_div = [](std::int64_t a, std::int64_t b) {
    return a / b - (a % b != 0 && a < 0 ? 1 : 0);
  };
  // How many multiples of `stride` lie in [first, last].
  const auto multiples = [&](std::int64_t stride) {
    return floor_div(last, stride) - floor_div(first - 1, stride);
  };
  if (last - first + 1 >= 2) {
    // Nice strides: 1, 2, 3, 5, then 1, 2, 2.5, 5 x 10^m.
    std::vector<std::int64_t> strides = {1, 2, 3, 5};
    for (std::int64_t m = 10; m <= 1000; m *= 10) {
      for (const std::int64_t s : {m, 2 * m, 5 * m / 2, 5 * m}) strides.push_back(s);
    }
    // The smallest stride that labels at most max_major decades, two or more if it can.
    std::int64_t stride = 0;
    for (const int at_least : {2, 1}) {
      for (const std::int64_t s : strides) {
        if (stride == 0 && multiples(s) >= at_least && multiples(s) <= std::max(max_major, 1)) {
          stride = s;
        }
      }
    }
    if (stride == 0) stride = strides.back();
    // Minor ticks: 2..9 x 10^k with every decade labelled; else the unlabelled decades, every
    // `sub`-th (a divisor of the stride) so that there are not too many.
    std::int64_t sub = 0;
    if (stride == 1) {
      if ((last - first + 2) * 8 <= max_minor) {
        for (std::int64_t k = first - 1; k <= last; ++k) {
          for (int m = 2; m <= 9; ++m) {
            const double v = std::log10(m) + static_cast<double>(k);
            if (v >= lo - kEps && v <= hi + kEps) ticks.minor.push_back(v);
          }
        }
      }
    } else {
      for (const std::int64_t s : strides) {
        if (s < stride && stride % s == 0 && multiples(s) <= max_minor) {
          sub = s;
          break;
        }
      }
    }
    for (std::int64_t k = first; k <= last; ++k) {
      if (k % stride == 0) {
        ticks.major.push_back(static_cast<double>(k));
      } else if (sub != 0 && k % sub == 0) {
        ticks.minor.push_back(static_cast<double>(k));
      }
    }
    ticks.decades = true;
    return ticks;
  }
  // Less than two decades: label 1, 2 and 5 x 10^k, the other multiples minor.
  for (auto k = static_cast<std::int64_t>(std::floor(lo)); k <= last; ++k) {
    for (int m = 1; m <= 9; ++m) {
      const double v = std::log10(m) + static_cast<double>(k);
      if (v < lo - kEps || v > hi + kEps) continue;
      (m == 1 || m == 2 || m == 5 ? ticks.major : ticks.minor).push_back(v);
    }
  }
  if (ticks.major.size() < 2 || std::cmp_greater(ticks.major.size(), max_major)) ticks = {};
  return ticks;
}

}  // namespace lrsched::cli
