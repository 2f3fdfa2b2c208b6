#include "history_plot.hpp"

#include <plplot/plstream.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
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

// The ranges of a panel's finite values, padded so that a flat curve still has an axis.
void ranges(const Panel& panel, double& x_min, double& x_max, double& y_min, double& y_max) {
  x_min = y_min = std::numeric_limits<double>::infinity();
  x_max = y_max = -std::numeric_limits<double>::infinity();
  for (const Curve& c : panel.curves) {
    for (std::size_t i = 0; i < c.x.size(); ++i) {
      if (!std::isfinite(c.y[i])) continue;
      x_min = std::min(x_min, c.x[i]), x_max = std::max(x_max, c.x[i]);
      y_min = std::min(y_min, c.y[i]), y_max = std::max(y_max, c.y[i]);
    }
  }
  if (!(x_min <= x_max)) x_min = 0, x_max = 1;
  if (!(y_min <= y_max)) y_min = 0, y_max = 1;
  if (x_min == x_max) x_max = x_min + 1;
  const double pad =
      y_min == y_max ? std::max(1e-12, std::fabs(y_min) * 0.05) : 0.03 * (y_max - y_min);
  y_min -= pad, y_max += pad;
}

}  // namespace

void plot_panels(const std::vector<Panel>& panels, const std::string& title,
                 const std::string& path) {
  const std::string device = device_for(path);
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
    const double top = 0.93;
    const double bottom = 0.08;
    const double gap = 0.06;
    const double height = (top - bottom - gap * static_cast<double>(panels.size() - 1)) /
                          static_cast<double>(panels.size());
    for (std::size_t p = 0; p < panels.size(); ++p) {
      const double y1 = top - static_cast<double>(p) * (height + gap);
      double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
      ranges(panels[p], x_min, x_max, y_min, y_max);
      pls.col0(15);
      pls.width(1);
      pls.vpor(0.12, 0.95, y1 - height, y1);
      pls.wind(x_min, x_max, y_min, y_max);
      pls.box("bcnst", 0.0, 0, "bcnstv", 0.0, 0);
      pls.lab(p + 1 == panels.size() ? "step" : "", panels[p].y_label.c_str(),
              p == 0 ? title.c_str() : "");
      for (std::size_t c = 0; c < panels[p].curves.size(); ++c) {
        const Curve& curve = panels[p].curves[c];
        pls.col0(static_cast<PLINT>(c % 2 == 0 ? 9 : 3));
        pls.width(2);
        pls.line(static_cast<PLINT>(curve.x.size()), curve.x.data(), curve.y.data());
        // The legend, in the curve's colour, inside the top right corner.
        pls.mtex("t", -1.5 - 1.3 * static_cast<double>(c), 0.98, 1.0, curve.label.c_str());
      }
    }
  }  // plstream's destructor finishes the file
  file.commit();
}

}  // namespace lrsched_example
