// Numbers as Python reads them from text: float("1_000"), float(" inf "), int("-3"). Option
// values and metrics files accept what a Python user would write.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lrsched::cli {

/// Python's float(text): surrounding whitespace, a sign, digits with single underscores between
/// them (`1_000.5`), a fraction and an exponent, or inf/infinity/nan in any case. Out-of-range
/// magnitudes give ±inf or ±0 as in Python. nullopt where Python raises ValueError.
[[nodiscard]] std::optional<double> python_float(std::string_view text);

/// The outcome of reading a whole number: its value, or why there is none.
struct IntegerParse {
  enum class Status { ok, not_a_number, not_integral, too_large };
  Status status = Status::not_a_number;
  std::int64_t value = 0;
};

/// Python's int(text) within int64, also taking an integral float spelling ("1e6", "2000.0")
/// as a count is often written that way.
[[nodiscard]] IntegerParse python_integer(std::string_view text);

}  // namespace lrsched::cli
