// `lrsched describe NAME`: a scheduler's arguments, defaults and formula.
#pragma once

#include <CLI/CLI.hpp>

namespace lrsched::cli {
void setup_describe(CLI::App& app);
}  // namespace lrsched::cli
