// Option values as typed (`--steps 1_000`, `--lr 0.1,0.01`): read with Python's spellings, and
// refused with a message that names the option.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lrsched::cli {

/// `word` in single quotes, as messages show what was typed.
[[nodiscard]] std::string in_quotes(std::string_view word);

/// `--steps`-like counts: Python's int() spellings (and integral floats such as 1e6), at least
/// `minimum`, at most 2^63-1. UsageError naming `option` otherwise.
[[nodiscard]] std::int64_t parse_count(std::string_view option, std::string_view text,
                                       std::int64_t minimum = 0);

/// A number as Python's float() reads it. UsageError naming `option` otherwise.
[[nodiscard]] double parse_number(std::string_view option, std::string_view text);

/// Comma-separated numbers (`--lr 0.1,0.01`); an empty list or an empty item is an error.
[[nodiscard]] std::vector<double> parse_numbers(std::string_view option, std::string_view text);

}  // namespace lrsched::cli
