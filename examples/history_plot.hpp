// The training example's figure: loss, accuracy and lr per step in three panels, drawn with
// PLplot's cairo devices (PNG, SVG or PDF by the file's extension). Built when PLplot is found.
#pragma once

#include <string>
#include <vector>

namespace lrsched_example {

/// One curve: y over x (x = step numbers).
struct Curve {
  std::string label;
  std::vector<double> x;
  std::vector<double> y;
};

/// One plot area with its own y axis and at most two curves (their legends sit above the frame,
/// at its left and right ends).
struct Panel {
  std::string y_label;
  std::vector<Curve> curves;
};

/// Writes `panels`, stacked top to bottom and sharing one x axis, to `path` (written atomically:
/// the file appears only when complete). Throws lrsched::ValueError for another extension,
/// lrsched::RuntimeError when the file cannot be written.
void plot_panels(const std::vector<Panel>& panels, const std::string& title,
                 const std::string& path);

}  // namespace lrsched_example
