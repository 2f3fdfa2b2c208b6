// `lrsched plot SPEC [SPEC...]`: learning-rate curves as PNG/SVG/PDF or in the terminal.
#pragma once

#include <CLI/CLI.hpp>

namespace lrsched::cli {

void setup_plot(CLI::App& app);

}  // namespace lrsched::cli
