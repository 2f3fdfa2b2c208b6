// `lrsched gallery -o DIR`: a figure per scheduler class plus the seed tutorial's figures, and
// an index.html listing each with the command that draws it.
#pragma once

#include <CLI/CLI.hpp>

namespace lrsched::cli {
void setup_gallery(CLI::App& app);
}  // namespace lrsched::cli
