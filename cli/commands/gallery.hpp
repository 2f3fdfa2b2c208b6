// `lrsched gallery -o DIR`: every registry example as a figure (each schedule's own figure, then
// the tutorial's), and an index.html listing each with the command that draws it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "render/plplot_file.hpp"

namespace lrsched::cli {

struct GalleryOptions {
  std::string dir;
  std::string format = "png";
  FileChartOptions size;
};

/// Draws the gallery into `options.dir`, printing each file written.
void run_gallery(const GalleryOptions& options);

void setup_gallery(CLI::App& app);

}  // namespace lrsched::cli
