// Command-line mistakes, named the way a user can act on them: the unknown word with the closest
// known one, and CLI11's own refusals on one line (option values: option_values.hpp).
#pragma once

#include <CLI/CLI.hpp>
#include <span>
#include <string>

namespace lrsched::cli {

/// Checks the words of a command line (argv without the program name) against `app`'s commands
/// and options before CLI11 parses it, so that `lrsched simulat` and `simulate --stesp 5` are
/// named with a suggestion instead of CLI11's "A subcommand is required". Throws UsageError.
void check_command_line(const CLI::App& app, std::span<const char* const> words);

/// CLI11's own refusal (a missing spec, options that exclude each other, a value not among the
/// choices) as the one-line message after "lrsched: error: ".
[[nodiscard]] std::string usage_message(const CLI::ParseError& error);

}  // namespace lrsched::cli
