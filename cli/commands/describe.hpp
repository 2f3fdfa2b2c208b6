// `lrsched describe NAME`: a schedule's arguments, defaults, formula and stepping.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace lrsched::cli {
/// Prints one registry row to stdout as text ("text") or JSON ("json"); an unknown name is a
/// ValueError with the closest name.
void describe_schedule(const std::string& name, const std::string& format);
void setup_describe(CLI::App& app);
}  // namespace lrsched::cli
