// Command-line mistakes, named the way a user can act on them: the unknown word with the closest
// known one, an option value that is not a number, a count that does not fit.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lrsched::cli {

/// Checks the words of a command line (argv without the program name) against `app`'s commands
/// and options before CLI11 parses it, so that `lrsched simulat` and `simulate --stesp 5` are
/// named with a suggestion instead of CLI11's "A subcommand is required". Throws UsageError.
void check_command_line(const CLI::App& app, std::span<const char* const> words);

/// CLI11's own refusal (a missing spec, options that exclude each other, a value not among the
/// choices) as the one-line message after "lrsched: error: ".
[[nodiscard]] std::string usage_message(const CLI::ParseError& error);

/// `--steps`-like counts: Python's int() spellings (and integral floats such as 1e6), at least
/// `minimum`, at most 2^63-1. UsageError naming `option` otherwise.
[[nodiscard]] std::int64_t parse_count(std::string_view option, std::string_view text,
                                       std::int64_t minimum = 0);

/// A number as Python's float() reads it. UsageError naming `option` otherwise.
[[nodiscard]] double parse_number(std::string_view option, std::string_view text);

/// Comma-separated numbers (`--lr 0.1,0.01`); an empty list or an empty item is an error.
[[nodiscard]] std::vector<double> parse_numbers(std::string_view option, std::string_view text);

}  // namespace lrsched::cli
