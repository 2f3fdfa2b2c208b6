// `lrsched list`: every scheduler with its signature.
#pragma once

#include <CLI/CLI.hpp>

namespace lrsched::cli {
void setup_list(CLI::App& app);
}  // namespace lrsched::cli
