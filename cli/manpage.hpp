// `lrsched man`: the manual page lrsched.1 (roff), written from the CLI definitions (subcommands,
// options, descriptions, defaults and choices of the CLI11 App) and the schedule registry. Hidden
// from --help; the build runs it and `cmake --install` installs the page.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace lrsched::cli {

[[nodiscard]] std::string manual_page(const CLI::App& app);
void setup_manpage(CLI::App& app);

}  // namespace lrsched::cli
