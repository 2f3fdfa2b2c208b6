// `lrsched simulate SPEC ...`: the schedule as CSV or JSON.
#pragma once

#include <CLI/CLI.hpp>

namespace lrsched::cli {

/// Registers the subcommand; parsing fills options owned by the subcommand's callback.
void setup_simulate(CLI::App& app);

}  // namespace lrsched::cli
