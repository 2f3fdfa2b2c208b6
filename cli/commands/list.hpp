// `lrsched list`: every schedule with its signature, or the whole registry as JSON.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace lrsched::cli {
/// Prints the registry to stdout as text ("text") or JSON ("json").
void list_schedules(const std::string& format);
void setup_list(CLI::App& app);
}  // namespace lrsched::cli
