// Charts as PNG, SVG or PDF files, drawn with PLplot's cairo devices.
#pragma once

#include <string>

#include "render/chart.hpp"

namespace lrsched::cli {

struct FileChartOptions {
  int width = 1000;  // pixels (PNG) or points at 100 per inch (SVG, PDF)
  int height = 600;
};

/// The device a file name asks for: ".png" -> pngcairo, ".svg" -> svgcairo, ".pdf" -> pdfcairo.
/// Throws ValueError for any other extension.
[[nodiscard]] std::string device_for(const std::string& path);

/// Draws `chart` into `path` (written to a temporary file first, so a failure never leaves a
/// half-written image). Series are reduced per pixel column before drawing.
void render_file(const Chart& chart, const std::string& path, const FileChartOptions& options);

}  // namespace lrsched::cli
